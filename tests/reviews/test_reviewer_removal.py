"""An organizer removes a reviewer from the pool: submitted reviews stay, the rest goes, the
reviewer is refused the reviewer pages and told by email, and can be invited again."""

import re

import pytest
import rules
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignment.models import Assignment, AssignmentEdit
from assignment.selectors import run_detail
from assignment.services import assignment_release_create, assignment_run_commit
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from pool.enums import BidValue, ConflictSource, InvitationStatus
from pool.models import Bid, Conflict, ReviewerInvitation, ReviewerProfile, TopicExpertise
from pool.services import invitation_accept, invitation_create
from reviews.models import Review
from reviews.services import review_save_draft, reviewer_remove
from tests.assignment.helpers import run_now, two_area_workshop
from tests.factories import UserFactory
from tests.pool.helpers import link_token, make_reviewer
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
    topic,
)

pytestmark = pytest.mark.django_db

TITLES = {
    1: "Grokking at the edge of stability",
    2: "Sparse data scaling",
    3: "Emergence is a mirage",
    4: "Lab-mate paper she is conflicted with",
}
RITA_SUMMARY = "Rita's careful summary of grokking."


def pool_url(workshop) -> str:
    return reverse("pool_manage:pool", kwargs={"workshop": workshop.slug})


def remove_url(workshop, profile) -> str:
    return reverse(
        "reviews_manage:reviewer_remove", kwargs={"workshop": workshop.slug, "pk": profile.pk}
    )


def paper_url(workshop, number: int, page: str = "") -> str:
    return reverse(
        f"review:{page or 'paper'}", kwargs={"workshop": workshop.slug, "number": number}
    )


def join_by_invitation(workshop, email: str, name: str, organizer):
    outcome = invitation_create(workshop=workshop, email=email, name=name, invited_by=organizer)
    user = UserFactory(email=email, full_name=name)
    return invitation_accept(invitation=outcome.invitation, user=user)


@pytest.fixture
def pool():
    """Rita (joined by invitation) reviewed #1, has a draft on #2, nothing yet on #3, and
    declared a conflict with #4; Sam is on #1-#4 and reviewed #1. Two reviewers a paper."""
    workshop = reviewing_workshop(slug="rm", name="Removal Workshop", short_name="RMW")
    workshop.reviewers_per_paper = 2
    workshop.save()
    olga = add_organizer(workshop)
    papers = {
        number: paper(workshop, number=number, title=title) for number, title in TITLES.items()
    }
    rita = join_by_invitation(workshop, "rita@uni.example.org", "Rita Reviewer", olga)
    TopicExpertise.objects.create(profile=rita, topic=topic(workshop, "scaling"), level="expert")
    Bid.objects.create(submission=papers[1], reviewer=rita.user, value=BidValue.EAGER)
    Bid.objects.create(submission=papers[4], reviewer=rita.user, value=BidValue.CONFLICT)
    Conflict.objects.create(
        workshop=workshop,
        submission=papers[4],
        reviewer=rita.user,
        source=ConflictSource.DECLARED_BY_REVIEWER,
        reason="Declared by the reviewer while bidding.",
    )
    sam = reviewer(workshop, "sam@uni.example.org", "Sam Second")
    for number in (1, 2, 3):
        assign(papers[number], rita.user)
    for number in (1, 2, 3, 4):
        assign(papers[number], sam)
    submit(papers[1], rita.user, score=8, summary=RITA_SUMMARY)
    submit(papers[1], sam, score=6)
    review_save_draft(submission=papers[2], reviewer=rita.user, data={"summary": "Half done"})
    return workshop, olga, papers, rita, sam


def test_removal_keeps_submitted_reviews_and_frees_the_rest(client, pool):
    workshop, olga, papers, rita, sam = pool
    client.force_login(olga)
    overview_url = reverse("assignment:overview", kwargs={"workshop": workshop.slug})
    assert [
        row.submission.number for row in client.get(overview_url).context["overview"].under_k
    ] == [4]

    response = client.post(remove_url(workshop, rita), follow=True)

    html = response.content.decode()
    assert (
        "Rita Reviewer is removed from the reviewer pool and told by email. Their submitted "
        "reviews are kept; the papers they had not reviewed are short of a reviewer on the "
        "assignment page." in html
    )
    assert [row.profile.user for row in response.context["pool"]] == [sam]
    assert f"removed on {timezone.now():%Y-%m-%d} by Olga Organizer" in html
    invitation = ReviewerInvitation.objects.get(email="rita@uni.example.org")
    assert (invitation.status, invitation.removed_by) == (InvitationStatus.REMOVED, olga)
    assert not ReviewerProfile.objects.filter(user=rita.user).exists()
    assert not TopicExpertise.objects.filter(profile_id=rita.pk).exists()
    assert not Bid.objects.filter(reviewer=rita.user).exists()
    assert Conflict.objects.filter(reviewer=rita.user, removed_at__isnull=True).count() == 1
    assert list(
        Review.objects.filter(reviewer=rita.user).values_list("submission__number", "status")
    ) == [(1, "submitted")]
    assert list(
        Assignment.objects.filter(reviewer=rita.user).values_list("submission__number", flat=True)
    ) == [1]
    edits = AssignmentEdit.objects.filter(reviewer=rita.user, action="remove", by=olga)
    assert sorted(edits.values_list("submission__number", flat=True)) == [2, 3]

    # The papers she leaves are short of reviewers; her review still counts on #1.
    overview = client.get(overview_url)
    assert [row.submission.number for row in overview.context["overview"].under_k] == [2, 3, 4]
    assert "3 paper(s) have fewer than 2 reviewers" in overview.content.decode()
    progress = client.get(reverse("reviews_manage:progress", kwargs={"workshop": workshop.slug}))
    first = next(row for row in progress.context["papers"] if row.submission.number == 1)
    assert (first.received, first.expected, first.mean) == (2, 2, 7.0)
    assert [row.reviewer for row in progress.context["reviewers"]] == [rita.user, sam]
    decisions = client.get(reverse("decisions:table", kwargs={"workshop": workshop.slug}))
    assert {row.submission.number: row.reviews for row in decisions.context["rows"]}[1] == 2


def test_removal_counts_what_went_and_what_stayed(pool):
    workshop, olga, papers, rita, sam = pool
    removal = reviewer_remove(profile=rita, by=olga)
    assert (removal.assignments_removed, removal.drafts_removed, removal.reviews_kept) == (2, 1, 1)


def test_removal_message_hides_papers_of_an_organizer_author(client, pool):
    workshop, olga, papers, rita, sam = pool
    from tests.factories import AuthorshipFactory

    AuthorshipFactory(submission=papers[3], user=olga, email=olga.email, order=1)
    client.force_login(olga)
    html = client.post(remove_url(workshop, rita), follow=True).content.decode()
    assert "Rita Reviewer is removed from the reviewer pool" in html
    assert not re.search(r"\d+ (unreviewed|assignment|draft|submitted review)", html)
    log = client.get(reverse("assignment:log", kwargs={"workshop": workshop.slug}))
    assert sorted(
        edit.submission.number for edit in log.context["edits"] if edit.reviewer == rita.user
    ) == [2]


def test_removal_email_is_neutral_and_names_no_paper(client, pool):
    workshop, olga, papers, rita, sam = pool
    client.force_login(olga)
    client.post(remove_url(workshop, rita))
    email = OutgoingEmail.objects.get(kind="reviewer_removed")
    assert email.to == ["rita@uni.example.org"]
    assert email.subject == "You are no longer in the RMW reviewer pool"
    assert email.body_text.startswith("Dear Rita Reviewer,")
    assert "have removed you from its reviewer pool" in email.body_text
    assert "The reviews you submitted (1) are kept and count for the decisions." in email.body_text
    assert [title for title in TITLES.values() if title in email.body_text] == []
    assert "#" not in email.body_text


def test_removed_reviewer_is_refused_every_reviewer_page(client, pool):
    workshop, olga, papers, rita, sam = pool
    slug = workshop.slug
    pages = {
        "profile": reverse("pool:profile", kwargs={"workshop": slug}),
        "bids": reverse("pool:bids", kwargs={"workshop": slug}),
        "assignments": reverse("my_assignments:list", kwargs={"workshop": slug}),
        "paper 1": paper_url(workshop, 1),
        "paper 3": paper_url(workshop, 3),
    }
    client.force_login(rita.user)
    assert {name: client.get(url).status_code for name, url in pages.items()} == dict.fromkeys(
        pages, 200
    )
    assert rules.has_perm("submissions.download_reviewer_pdf", rita.user, papers[1])

    client.force_login(olga)
    client.post(remove_url(workshop, rita))

    client.force_login(rita.user)
    assert {name: client.get(url).status_code for name, url in pages.items()} == {
        "profile": 403,
        "bids": 403,
        "assignments": 403,
        "paper 1": 404,
        "paper 3": 404,
    }
    comment = client.post(paper_url(workshop, 1, "discussion"), {"body": "Still here?"})
    assert comment.status_code == 404
    my_reviews = client.get(reverse("review:my_reviews", kwargs={"workshop": slug}))
    assert re.findall(rf"/{slug}/review/papers/(\d+)/", my_reviews.content.decode()) == []
    assert not rules.has_perm("submissions.download_reviewer_pdf", rita.user, papers[1])
    assert "Removal Workshop" not in client.get(reverse("accounts:dashboard")).content.decode()

    # Her review stays on the paper, for its other reviewers too.
    client.force_login(sam)
    assert RITA_SUMMARY in client.get(paper_url(workshop, 1)).content.decode()


def test_removal_refused_once_decisions_are_released(client, pool):
    workshop, olga, papers, rita, sam = pool
    workshop.decisions_released_at = timezone.now()
    workshop.save()
    client.force_login(olga)
    page = client.get(pool_url(workshop)).content.decode()
    assert remove_url(workshop, rita) not in page
    response = client.post(remove_url(workshop, rita), follow=True)
    assert (
        "Decisions are released: Rita Reviewer stays in the reviewer pool with their reviews."
        in response.content.decode()
    )
    assert ReviewerProfile.objects.filter(pk=rita.pk).exists()
    assert Assignment.objects.filter(reviewer=rita.user).count() == 3
    assert not OutgoingEmail.objects.filter(kind="reviewer_removed").exists()


def test_pool_page_asks_before_removing(client, pool):
    workshop, olga, papers, rita, sam = pool
    client.force_login(olga)
    html = client.get(pool_url(workshop)).content.decode()
    assert (
        f'<form method="post" action="{remove_url(workshop, rita)}" data-confirm="Remove '
        "Rita Reviewer from the reviewer pool? Their assignments without a submitted review, "
        "their drafts, bids and expertise are deleted; their submitted reviews are kept. They "
        'lose access to the reviewer pages and are told by email.">'
    ) in html
    assert client.get(remove_url(workshop, rita)).status_code == 405


def test_removed_reviewer_invited_again_and_accepting_is_back_in_the_pool(client, pool):
    workshop, olga, papers, rita, sam = pool
    client.force_login(olga)
    client.post(remove_url(workshop, rita))
    response = client.post(
        reverse("pool_manage:invite", kwargs={"workshop": workshop.slug}),
        {"single": "1", "name": "Rita Reviewer", "email": "rita@uni.example.org"},
        follow=True,
    )
    assert "rita@uni.example.org: invited again." in response.content.decode()
    invitation = ReviewerInvitation.objects.get(email="rita@uni.example.org")
    assert invitation.status == InvitationStatus.SENT
    email = OutgoingEmail.objects.filter(kind="reviewer_invitation").latest("pk")
    token = link_token(email.body_text)

    client.force_login(rita.user)
    accepted = client.post(
        reverse("pool:invitation", kwargs={"workshop": workshop.slug, "token": token}),
        {"action": "accept"},
    )
    assert accepted.status_code == 302
    profile = ReviewerProfile.objects.get(workshop=workshop, user=rita.user)
    assert profile.invitation == invitation
    assert (
        client.get(reverse("pool:profile", kwargs={"workshop": workshop.slug})).status_code == 200
    )
    client.force_login(olga)
    html = client.get(pool_url(workshop)).content.decode()
    assert f"earlier removed on {timezone.now():%Y-%m-%d} by Olga Organizer" in html


def test_removed_reviewer_invited_again_from_the_pool_page(client, pool):
    workshop, olga, papers, rita, sam = pool
    client.force_login(olga)
    client.post(remove_url(workshop, rita))
    invitation = ReviewerInvitation.objects.get(email="rita@uni.example.org")
    resend = reverse("pool_manage:resend", kwargs={"workshop": workshop.slug, "pk": invitation.pk})
    assert (
        f'action="{resend}" class="d-inline" data-confirm="Invite rita@uni.example.org to the '
        'reviewer pool again?"><input type="hidden"'
    ) in client.get(pool_url(workshop)).content.decode().replace("\n", "")
    client.post(resend)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.send_count) == (InvitationStatus.SENT, 2)
    assert OutgoingEmail.objects.filter(kind="reviewer_invitation").count() == 2


def test_removed_reviewer_can_join_again_by_an_invitation_to_another_address(pool):
    workshop, olga, papers, rita, sam = pool
    reviewer_remove(profile=rita, by=olga)
    outcome = invitation_create(
        workshop=workshop, email="rita@home.example.org", name="Rita R.", invited_by=olga
    )
    profile = invitation_accept(
        invitation=outcome.invitation, user=rita.user, confirm_other_email=True
    )
    assert profile.user == rita.user
    assert ReviewerInvitation.objects.get(user=rita.user).email == "rita@home.example.org"


def test_removal_takes_the_reviewer_out_of_assignment_runs(workshop, topics, organizer):
    papers, reviewers = two_area_workshop(workshop, topics)
    ada = reviewers["A"]
    Bid.objects.create(submission=papers[1], reviewer=ada, value=BidValue.EAGER)
    first = run_now(workshop, max_load=3)
    assignment_run_commit(run=first, by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    reviewed = Assignment.objects.filter(reviewer=ada).order_by("submission__number").first()
    submit(reviewed.submission, ada)
    started_before = run_now(workshop, max_load=3)
    reviewer_remove(profile=ada.reviewer_profiles.get(), by=organizer)

    with pytest.raises(Refusal, match="1 proposed reviewer"):
        assignment_run_commit(run=started_before, by=organizer)
    after = run_now(workshop, max_load=3)
    assert not after.pairs.filter(reviewer=ada).exists()
    assert ada not in [a.reviewer for a in run_detail(run=after).diff.removed]
    assignment_run_commit(run=after, by=organizer)
    assert list(Assignment.objects.filter(reviewer=ada)) == [reviewed]


def test_pool_page_query_count_is_fixed(client, workshop, organizer, django_assert_num_queries):
    def kept_and_removed(i: int) -> None:
        make_reviewer(workshop, f"kept{i}@uni.example.org")
        gone = make_reviewer(workshop, f"gone{i}@uni.example.org")  # no invitation row
        by = UserFactory(email=f"org{i}@org.example.net", full_name=f"Organizer {i}")
        workshop.organizers.add(by)
        reviewer_remove(profile=gone, by=by)

    client.force_login(organizer)
    kept_and_removed(0)
    client.get(pool_url(workshop))
    with CaptureQueriesContext(connection) as one:
        assert client.get(pool_url(workshop)).status_code == 200
    for i in range(1, 6):
        kept_and_removed(i)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(pool_url(workshop)).content.decode()
    assert html.count("removed on ") == 6
    assert html.count("Remove</button>") == 6
    assert "by Organizer 5" in html
