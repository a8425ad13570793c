import pytest
from django.core.management import call_command

from accounts.models import User
from assignment.models import Assignment
from pool.models import ReviewerProfile
from reviews.models import Review
from submissions.models import Submission
from topics.enums import Phase
from topics.models import Workshop


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
    assert counts() == (3, 29, 8 + 65 + 65, 6 + 24 + 24)
    assert Workshop.objects.get(slug="me-fomo").phase == Phase.SUBMISSION
    assert Workshop.objects.get(slug="me-fomo-reviewing").phase == Phase.REVIEWING
    decided = Workshop.objects.get(slug="me-fomo-decided")
    assert decided.phase == Phase.CAMERA_READY
    assert decided.decisions_released
    assert Review.objects.filter(workshop=decided, status="submitted").count() == 65 * 3
    assert Assignment.objects.filter(workshop=decided, release__isnull=False).count() == 65 * 3
    organizer = User.objects.get(email="organizer@fomo.example.org")
    assert organizer.check_password("fomo-demo-2026")
    assert set(organizer.organized_workshops.values_list("slug", flat=True)) == {
        "me-fomo",
        "me-fomo-reviewing",
        "me-fomo-decided",
    }

    reviews_before = Review.objects.count()
    call_command("load_demo")
    assert counts() == (3, 29, 8 + 65 + 65, 6 + 24 + 24)
    assert Review.objects.count() == reviews_before
