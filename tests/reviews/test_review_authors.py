"""What authors get at the release: custom fields visible to them, nothing else."""

import pytest

from decisions.services import decision_set, decisions_release
from reviews.models import ReviewFormField
from reviews.selectors import reviews_for_author
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
)

pytestmark = pytest.mark.django_db


def test_author_reviews_only_author_visible_custom_fields(client):
    workshop = reviewing_workshop(slug="au")
    olga = UserFactory()
    workshop.organizers.add(olga)
    ada = UserFactory(email="ada@lab.example.org")
    submission = paper(workshop, number=1, authors=[ada])
    shown = ReviewFormField.objects.create(
        workshop=workshop, kind="text", label="Reproducibility", visible_to_authors=True
    )
    hidden = ReviewFormField.objects.create(
        workshop=workshop, kind="score", label="Fit for oral", visible_to_authors=False
    )
    rita = reviewer(workshop, "rita@uni.example.org")
    assign(submission, rita)
    from reviews.services import ReviewContent, review_submit

    review_submit(
        submission=submission,
        reviewer=rita,
        content=ReviewContent(
            score=7,
            confidence=3,
            summary="S",
            no_conflict_confirmed=True,
            custom_answers={str(shown.pk): "CODE-RELEASED", str(hidden.pk): 2},
        ),
    )
    assert reviews_for_author(submission=submission) == []
    move_to_deciding(workshop)
    submission.refresh_from_db()
    decision_set(submission=submission, outcome="poster", meta_review="**Meta**", by=olga)
    decisions_release(workshop=workshop, by=olga)
    submission.refresh_from_db()
    (view,) = reviews_for_author(submission=submission)
    assert view.label == "Reviewer 1"
    assert [(a.label, a.value) for a in view.custom] == [("Reproducibility", "CODE-RELEASED")]
    client.force_login(ada)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "CODE-RELEASED" in html and "Fit for oral" not in html
    assert "<strong>Meta</strong>" in html
    assert "<strong>Decision: Accept (poster).</strong>" in html
