import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from decisions.services import decision_set, decisions_release
from submissions.models import Submission
from tests.factories import UserFactory
from tests.reviews.review_builders import move_to_deciding, paper, reviewing_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    workshop = reviewing_workshop(slug="pg")
    olga = UserFactory()
    workshop.organizers.add(olga)
    specs = [
        (1, "oral", "scaling", "Oral on scaling"),
        (2, "poster", "data", "Poster on data"),
        (3, "poster", "scaling", "Poster on scaling"),
        (4, "reject", "scaling", "REJECTED-TITLE"),
    ]
    for number, outcome, slug, title in specs:
        submission = paper(
            workshop,
            number=number,
            slug=slug,
            title=title,
            abstract=f"ABSTRACT-{number}",
            authors=[(f"Author {number}", f"a{number}@x.org")],
        )
        decision_set(submission=submission, outcome=outcome, by=olga)
    paper(workshop, number=5, title="WITHDRAWN-TITLE", status="withdrawn")
    move_to_deciding(workshop)
    return workshop, olga


def test_program_lists_accepted_by_outcome_and_topic_after_release(client, program):
    workshop, olga = program
    decisions_release(workshop=workshop, by=olga)
    html = client.get(reverse("program:accepted", kwargs={"workshop": "pg"})).content.decode()
    assert html.index("Orals") < html.index("Oral on scaling") < html.index("Posters")
    posters = html[html.index('id="outcome-poster"') :]
    assert posters.index("Scaling laws") < posters.index("Poster on scaling")
    assert posters.index("Data") < posters.index("Poster on data")
    assert "Author 2" in html and "ABSTRACT-2" in html


def test_program_never_shows_rejected_or_withdrawn(client, program):
    workshop, olga = program
    decisions_release(workshop=workshop, by=olga)
    html = client.get(reverse("program:accepted", kwargs={"workshop": "pg"})).content.decode()
    for hidden in ("REJECTED-TITLE", "ABSTRACT-4", "Author 4", "WITHDRAWN-TITLE"):
        assert hidden not in html


def test_program_empty_before_release(client, program):
    html = client.get(reverse("program:accepted", kwargs={"workshop": "pg"})).content.decode()
    assert "Oral on scaling" not in html
    assert "published once the decisions are out" in html


def test_program_camera_ready_pdf_public_only_for_accepted(client, program):
    workshop, olga = program
    decisions_release(workshop=workshop, by=olga)
    accepted = Submission.objects.get(workshop=workshop, number=1)
    accepted.camera_ready_pdf.save("final.pdf", ContentFile(b"%PDF-1.4 final"), save=True)
    rejected = Submission.objects.get(workshop=workshop, number=4)
    rejected.camera_ready_pdf.save("final.pdf", ContentFile(b"%PDF-1.4 nope"), save=True)
    html = client.get(reverse("program:accepted", kwargs={"workshop": "pg"})).content.decode()
    assert 'href="/pg/accepted/1.pdf"' in html
    response = client.get("/pg/accepted/1.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 final"
    assert client.get("/pg/accepted/4.pdf").status_code == 404
    assert client.get("/pg/accepted/2.pdf").status_code == 404
