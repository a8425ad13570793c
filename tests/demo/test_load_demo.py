import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from assignment.models import AreaChairAssignment, Assignment
from decisions.models import MetaReview
from notifications.models import OutgoingEmail
from pool.models import AreaChair, Conflict, ReviewerProfile
from reviews.models import AuthorResponse, Delegation, Review
from submissions.models import Submission
from topics.enums import Phase
from topics.models import Track, Workshop


def counts() -> tuple[int, int, int, int]:
    return (
        Workshop.objects.count(),
        User.objects.count(),
        Submission.objects.count(),
        ReviewerProfile.objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_creates_both_phases_and_a_second_run_keeps_the_data():
    call_command("load_demo")
    assert counts() == (4, 32, 8 + 20 + 65 + 65, 6 + 12 + 24 + 24)  # 2 area chairs
    assert Workshop.objects.get(slug="me-fomo").phase == Phase.SUBMISSION
    assert Workshop.objects.get(slug="me-fomo-reviewing").phase == Phase.REVIEWING
    decided = Workshop.objects.get(slug="me-fomo-decided")
    assert decided.phase == Phase.CAMERA_READY
    assert decided.decisions_released
    assert Review.objects.filter(workshop=decided, status="submitted").count() == 65 * 3
    assert Assignment.objects.filter(workshop=decided, release__isnull=False).count() == 65 * 3
    for slug in ("me-fomo", "me-fomo-decided"):
        papers = Submission.objects.filter(workshop__slug=slug)
        per_track = dict(papers.values_list("track__name").annotate(n=Count("pk")))
        assert set(per_track) == {"Tiny papers (2 pages)", "Full papers (4 pages)"}
        assert min(per_track.values()) > 0
    in_review = Workshop.objects.get(slug="me-fomo-reviewing")
    chairs = AreaChairAssignment.objects.filter(workshop=in_review)
    assert chairs.count() == 65
    assert sorted(set(chairs.values_list("area_chair__email", flat=True))) == [
        "areachair1@ucl.example.ac.uk",
        "areachair2@nyu.example.edu",
    ]
    assert MetaReview.objects.filter(submission__workshop=in_review).count() == 1
    # the area chairs declared their topics, the second a conflict with paper 1; both were
    # emailed their papers once and asked for their missing meta-reviews
    first, second = AreaChair.objects.filter(workshop=in_review).order_by("user__email")
    assert first.topics.exists() and first.keywords
    assert chairs.get(submission__number=1).area_chair_id == first.user_id
    assert Conflict.objects.filter(reviewer=second.user, source="organizer").count() == 1
    assert not chairs.filter(announced_at__isnull=True).exists()
    assert OutgoingEmail.objects.filter(workshop=in_review, kind="area_chair_assigned").count() == 2
    assert OutgoingEmail.objects.filter(workshop=in_review, kind="meta_review_request").count() == 2
    tiny = Track.objects.get(workshop__slug="me-fomo", name="Tiny papers (2 pages)")
    assert tiny.outcomes == ["poster", "reject"]
    organizer = User.objects.get(email="organizer@fomo.example.org")
    assert organizer.check_password("fomo-demo-2026")
    assert set(organizer.organized_workshops.values_list("slug", flat=True)) == {
        "me-fomo",
        "me-fomo-reviewing",
        "me-fomo-decided",
        "me-fomo-bidding",
    }

    in_review = Workshop.objects.get(slug="me-fomo-reviewing")
    assert in_review.review_settings.response_enabled
    assert in_review.review_settings.reviews_shown_to_authors_at is not None
    assert AuthorResponse.objects.filter(submission__workshop=in_review).count() == 1
    delegation = Delegation.objects.get(workshop__slug="me-fomo-reviewing")
    assert (delegation.subreviewer.email, delegation.status) == (
        "student@fomo.example.org",
        "submitted",
    )

    reviews_before = Review.objects.count()
    call_command("load_demo")
    assert counts() == (4, 32, 8 + 20 + 65 + 65, 6 + 12 + 24 + 24)  # 2 area chairs
    assert Review.objects.count() == reviews_before
    assert AuthorResponse.objects.count() == 1
    assert Delegation.objects.count() == 1
    assert OutgoingEmail.objects.filter(kind="area_chair_assigned").count() == 2
    assert OutgoingEmail.objects.filter(kind="meta_review_request").count() == 2


@pytest.mark.django_db
def test_load_demo_has_a_workshop_in_bidding_where_a_demo_reviewer_can_bid(client):
    from django.urls import reverse

    from pool.models import Bid

    call_command("load_demo")
    bidding = Workshop.objects.get(slug="me-fomo-bidding")
    assert bidding.phase == Phase.BIDDING
    assert bidding.submissions.filter(status="submitted").count() == 20
    assert ReviewerProfile.objects.filter(workshop=bidding).count() == 12
    assert Bid.objects.filter(submission__workshop=bidding).exists()
    reviewer = User.objects.get(email="reviewer1@berkeley.example.edu")
    assert not Bid.objects.filter(submission__workshop=bidding, reviewer=reviewer).exists()

    client.force_login(reviewer)
    page = client.get(reverse("pool:bids", kwargs={"workshop": bidding.slug}))
    assert page.context["bidding_open"] is True
    assert page.context["page"].total > 0
