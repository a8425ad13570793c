"""Who sees what: each privacy promise is its own test."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from decisions.services import decision_notify_start, decision_set, decisions_release
from pool.models import Conflict
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db

SECRET = "CONFIDENTIAL-NOTE-7731"


@pytest.fixture
def world():
    workshop = reviewing_workshop(slug="pv")
    ada = UserFactory(email="ada@lab.example.org", full_name="Ada Author")
    submission = paper(workshop, authors=[ada], number=3, title="Grokking revisited")
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    omar = reviewer(workshop, "omar@inst.example.org", "Omar Other")
    olga = add_organizer(workshop)
    for user in (rita, omar):
        assign(submission, user)
    return {
        "workshop": workshop,
        "paper": submission,
        "ada": ada,
        "rita": rita,
        "omar": omar,
        "olga": olga,
    }


def released(world, django_capture_on_commit_callbacks=None):
    workshop, submission = world["workshop"], world["paper"]
    submit(submission, world["rita"], score=8, confidential_comments=SECRET)
    submit(submission, world["omar"], score=3)
    move_to_deciding(workshop)
    submission.refresh_from_db()
    decision_set(submission=submission, outcome="poster", meta_review="Nice.", by=world["olga"])
    decisions_release(workshop=workshop, by=world["olga"])
    submission.refresh_from_db()
    return submission


def test_author_page_never_shows_reviewer_identity_or_confidential(client, world):
    submission = released(world)
    client.force_login(world["ada"])
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "Reviewer 1" in html and "Reviewer 2" in html
    assert "Accept (poster)" in html
    for secret in ("Rita Reviewer", "rita@uni.example.org", "Omar Other", "omar@inst", SECRET):
        assert secret not in html


def test_author_decision_email_never_shows_reviewer_identity_or_confidential(
    world, django_capture_on_commit_callbacks
):
    released(world)
    with django_capture_on_commit_callbacks(execute=True):
        job = decision_notify_start(workshop=world["workshop"], only_pending=True, by=world["olga"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@lab.example.org"]
    assert "Reviewer 1" in message.body and "Recommendation: 8" in message.body
    for secret in ("Rita Reviewer", "rita@uni.example.org", "Omar Other", SECRET):
        assert secret not in message.body and secret not in message.subject
    job.refresh_from_db()
    assert (job.status, job.queued) == ("done", 1)


def test_author_cannot_reach_organizer_exports(client, world):
    released(world)
    client.force_login(world["ada"])
    for name in ("reviews", "assignments", "decisions"):
        url = reverse(
            "decisions:export_file",
            kwargs={"workshop": "pv", "name": name, "extension": "csv"},
        )
        assert client.get(url).status_code == 403


def test_reviewer_does_not_see_other_reviews_before_submitting(client, world):
    submission = world["paper"]
    submit(submission, world["omar"], score=3, summary="OMAR-SUMMARY")
    client.force_login(world["rita"])
    url = reverse("review:paper", kwargs={"workshop": "pv", "number": 3})
    assert "OMAR-SUMMARY" not in client.get(url).content.decode()
    submit(submission, world["rita"], score=8)
    html = client.get(url).content.decode()
    assert "OMAR-SUMMARY" in html
    assert "Omar Other" not in html and "omar@inst.example.org" not in html


def test_reviewer_never_sees_other_reviews_when_switch_off(client, world):
    world["workshop"].show_other_reviews_after_submit = False
    world["workshop"].save()
    submit(world["paper"], world["omar"], score=3, summary="OMAR-SUMMARY")
    submit(world["paper"], world["rita"], score=8)
    client.force_login(world["rita"])
    html = client.get(reverse("review:paper", kwargs={"workshop": "pv", "number": 3})).content
    assert b"OMAR-SUMMARY" not in html


def test_reviewer_never_sees_author_identities(client, world):
    client.force_login(world["rita"])
    html = client.get(reverse("review:paper", kwargs={"workshop": "pv", "number": 3})).content
    assert b"Ada Author" not in html and b"ada@lab.example.org" not in html
    assert b"Grokking revisited" in html


def test_reviewer_never_sees_decision_before_release(client, world):
    submission = world["paper"]
    submit(submission, world["rita"], score=8)
    decision_set(submission=submission, outcome="oral", meta_review="MR-TEXT", by=world["olga"])
    client.force_login(world["rita"])
    html = client.get(reverse("review:paper", kwargs={"workshop": "pv", "number": 3})).content
    assert b"Accept (oral)" not in html and b"MR-TEXT" not in html
    mine = client.get(reverse("review:my_reviews", kwargs={"workshop": "pv"})).content
    assert b"Accept (oral)" not in mine
    assert client.get(reverse("decisions:table", kwargs={"workshop": "pv"})).status_code == 403


def test_author_never_sees_decision_before_release(client, world):
    submission = world["paper"]
    decision_set(submission=submission, outcome="oral", meta_review="MR-TEXT", by=world["olga"])
    client.force_login(world["ada"])
    html = client.get(submission.get_absolute_url()).content
    assert b"Accept (oral)" not in html and b"MR-TEXT" not in html


def test_conflicted_reviewer_gets_404_everywhere(client, world):
    Conflict.objects.create(
        workshop=world["workshop"],
        submission=world["paper"],
        reviewer=world["rita"],
        source="declared_by_reviewer",
    )
    client.force_login(world["rita"])
    for name in ("paper", "decline"):
        url = reverse(f"review:{name}", kwargs={"workshop": "pv", "number": 3})
        assert client.get(url).status_code == 404
    draft = reverse("review:draft", kwargs={"workshop": "pv", "number": 3})
    assert client.post(draft, {"summary": "x"}).status_code == 404
    pdf = reverse("submissions:reviewer_pdf", kwargs={"workshop": "pv", "number": 3})
    assert client.get(pdf).status_code == 404
    mine = client.get(reverse("review:my_reviews", kwargs={"workshop": "pv"})).content
    assert b"Grokking revisited" not in mine


def test_unassigned_reviewer_gets_404(client, world):
    stranger = reviewer(world["workshop"], "sam@else.example.org")
    client.force_login(stranger)
    assert (
        client.get(reverse("review:paper", kwargs={"workshop": "pv", "number": 3})).status_code
        == 404
    )


def test_assignment_not_released_is_404(client):
    workshop = reviewing_workshop(slug="nr")
    submission = paper(workshop, number=1)
    rita = reviewer(workshop, "rita@uni.example.org")
    assign(submission, rita, release=False)
    client.force_login(rita)
    assert (
        client.get(reverse("review:paper", kwargs={"workshop": "nr", "number": 1})).status_code
        == 404
    )


def test_organizer_author_sees_nothing_of_own_paper_reviews(client, world):
    workshop = world["workshop"]
    workshop.organizers.add(world["ada"])
    submit(world["paper"], world["rita"], score=8, confidential_comments=SECRET)
    other = paper(workshop, number=4, title="Someone else's paper")
    assign(other, world["omar"])
    submit(other, world["omar"], score=5, summary="VISIBLE-REVIEW")
    client.force_login(world["ada"])
    table = client.get(reverse("decisions:table", kwargs={"workshop": "pv"})).content.decode()
    assert "Grokking revisited" not in table and "Someone else" in table
    assert "1 paper you are an author of is not shown" in table
    assert (
        client.get(reverse("decisions:paper", kwargs={"workshop": "pv", "number": 3})).status_code
        == 404
    )
    progress = client.get(
        reverse("reviews_manage:progress", kwargs={"workshop": "pv"})
    ).content.decode()
    assert "Grokking revisited" not in progress and "Rita Reviewer" not in progress
    for name in ("reviews", "assignments", "decisions"):
        for extension in ("csv", "json"):
            url = reverse(
                "decisions:export_file",
                kwargs={"workshop": "pv", "name": name, "extension": extension},
            )
            body = client.get(url).content.decode()
            assert SECRET not in body and "rita@uni.example.org" not in body
            assert "Grokking revisited" not in body
    reviews = json.loads(
        client.get(
            reverse(
                "decisions:export_file",
                kwargs={"workshop": "pv", "name": "reviews", "extension": "json"},
            )
        ).content
    )
    assert [row["summary"] for row in reviews] == ["VISIBLE-REVIEW"]
    preview = reverse("decisions:email_preview", kwargs={"workshop": "pv", "number": 3})
    assert client.get(preview).status_code == 404


def test_public_program_shows_nothing_before_release(client, world):
    decision_set(submission=world["paper"], outcome="oral", by=world["olga"])
    html = client.get(reverse("program:accepted", kwargs={"workshop": "pv"})).content
    assert b"Grokking revisited" not in html
    assert world["workshop"].decisions_released_at is None
    assert timezone.now()
