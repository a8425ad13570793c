import pytest
from django.core.management import call_command

from accounts.models import User
from reviews.models import ReviewerProfile
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
    assert counts() == (2, 29, 8 + 65, 6 + 24)
    assert Workshop.objects.get(slug="me-fomo").phase == Phase.SUBMISSION
    assert Workshop.objects.get(slug="me-fomo-reviewing").phase == Phase.REVIEWING
    organizer = User.objects.get(email="organizer@fomo.example.org")
    assert organizer.check_password("fomo-demo-2026")
    assert set(organizer.organized_workshops.values_list("slug", flat=True)) == {
        "me-fomo",
        "me-fomo-reviewing",
    }

    call_command("load_demo")
    assert counts() == (2, 29, 8 + 65, 6 + 24)
