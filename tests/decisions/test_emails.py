import pytest
from django.core import mail
from django.urls import reverse

from decisions.models import DecisionNotificationJob
from decisions.services import (
    decision_notification_counts,
    decision_notify_run,
    decision_notify_start,
    decision_set,
    decision_template_save,
    decisions_release,
)
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
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


@pytest.fixture
def decided():
    workshop = reviewing_workshop(slug="em", name="Workshop on Emergence", short_name="WoE")
    olga = add_organizer(workshop)
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    papers = []
    for number, outcome in ((1, "oral"), (2, "poster"), (3, "reject")):
        submission = paper(
            workshop,
            number=number,
            title=f"Paper {number}",
            authors=[
                (f"First {number}", f"first{number}@lab.org"),
                (f"Second {number}", f"second{number}@lab.org"),
            ],
        )
        assign(submission, rita)
        submit(submission, rita, score=9 - 3 * number, comments_to_authors=f"COMMENT-{number}")
        papers.append((submission, outcome))
    move_to_deciding(workshop)
    for submission, outcome in papers:
        submission.refresh_from_db()
        decision_set(submission=submission, outcome=outcome, meta_review=f"META-{outcome}", by=olga)
    decisions_release(workshop=workshop, by=olga)
    workshop.refresh_from_db()
    return workshop, olga


def test_decision_emails_one_per_paper_with_placeholders(
    decided, django_capture_on_commit_callbacks
):
    workshop, olga = decided
    with django_capture_on_commit_callbacks(execute=True):
        decision_notify_start(workshop=workshop, only_pending=False, by=olga)
    assert len(mail.outbox) == 3
    by_subject = {message.subject: message for message in mail.outbox}
    oral = by_subject["[WoE] Paper #1 accepted as an oral presentation"]
    assert oral.to == ["first1@lab.org", "second1@lab.org"]
    assert "Dear First 1, Second 1," in oral.body
    assert "#1 Paper 1" in oral.body
    assert "an oral presentation" in oral.body
    assert "META-oral" in oral.body and "COMMENT-1" in oral.body
    reject = by_subject["[WoE] Decision on paper #3"]
    assert "could not be accepted" in reject.body and "COMMENT-3" in reject.body
    assert set(OutgoingEmail.objects.values_list("idempotency_key", flat=True)) >= {
        f"decision:{pk}:{outcome}"
        for pk, outcome in workshop.submissions.values_list("pk", "decision__outcome")
    }


def test_decision_emails_job_started_twice_sends_once(decided, django_capture_on_commit_callbacks):
    workshop, olga = decided
    with django_capture_on_commit_callbacks(execute=True):
        first = decision_notify_start(workshop=workshop, only_pending=False, by=olga)
    with django_capture_on_commit_callbacks(execute=True):
        second = decision_notify_start(workshop=workshop, only_pending=False, by=olga)
    assert first.pk != second.pk
    second.refresh_from_db()
    assert (second.status, second.queued, second.skipped) == ("done", 0, 3)
    assert len(mail.outbox) == 3
    assert OutgoingEmail.objects.filter(kind__startswith="decision_").count() == 3


def test_decision_emails_rerun_after_worker_death_completes_without_duplicates(
    decided, django_capture_on_commit_callbacks
):
    workshop, olga = decided
    job = DecisionNotificationJob.objects.create(
        workshop=workshop, started_by=olga, status="running"
    )
    # The worker died after the first paper's row was written: simulate with one row.
    first = workshop.submissions.get(number=1)
    OutgoingEmail.objects.create(
        kind="decision_oral",
        to=["first1@lab.org"],
        subject="s",
        body_text="b",
        idempotency_key=f"decision:{first.pk}:oral",
        workshop=workshop,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_notify_run(job_id=job.pk)
        decision_notify_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.total, job.queued, job.skipped) == ("done", 3, 2, 1)
    assert OutgoingEmail.objects.filter(kind__startswith="decision_").count() == 3
    assert len(mail.outbox) == 2


def test_decision_email_counts_sent_failed_and_pending(decided, django_capture_on_commit_callbacks):
    workshop, olga = decided
    assert decision_notification_counts(workshop=workshop).not_notified == 3
    with django_capture_on_commit_callbacks(execute=True):
        decision_notify_start(workshop=workshop, only_pending=True, by=olga)
    counts = decision_notification_counts(workshop=workshop)
    assert (counts.papers, counts.sent, counts.failed, counts.not_notified) == (3, 3, 0, 0)


def test_decision_emails_refused_before_release():
    workshop = reviewing_workshop(slug="nr")
    olga = UserFactory()
    workshop.organizers.add(olga)
    with pytest.raises(Refusal, match="Release the decisions"):
        decision_notify_start(workshop=workshop, only_pending=True, by=olga)


def test_decision_custom_template_used_and_checked(decided, django_capture_on_commit_callbacks):
    workshop, olga = decided
    decision_template_save(
        workshop=workshop,
        outcome="reject",
        subject="Sorry about {{ paper_id }}",
        body="Hi {{ author_names }}: {{ outcome }}.\n{{ reviews }}",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        decision_template_save(
            workshop=workshop, outcome="reject", subject="x", body="{{ secret }}"
        )
    with django_capture_on_commit_callbacks(execute=True):
        decision_notify_start(workshop=workshop, only_pending=True, by=olga)
    reject = next(m for m in mail.outbox if m.subject == "Sorry about #3")
    assert reject.body.startswith("Hi First 3, Second 3: Reject.\nReviewer 1")


def test_decision_email_preview_page(client, decided):
    workshop, olga = decided
    client.force_login(olga)
    url = reverse("decisions:email_preview", kwargs={"workshop": "em", "number": 2})
    html = client.get(url).content.decode()
    assert "[WoE] Paper #2 accepted as a poster" in html
    assert "first2@lab.org, second2@lab.org" in html
    assert "COMMENT-2" in html and "Rita Reviewer" not in html


def test_decision_emails_page_send_button_and_json_progress(
    client, decided, django_capture_on_commit_callbacks
):
    workshop, olga = decided
    client.force_login(olga)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("decisions:emails_send", kwargs={"workshop": "em"}), {"which": "pending"}
        )
    assert response.status_code == 302
    data = client.get(
        reverse("decisions:emails", kwargs={"workshop": "em"}), HTTP_ACCEPT="application/json"
    ).json()
    assert data["job"] == {"status": "done", "total": 3, "queued": 3, "skipped": 0}
    assert (data["sent"], data["failed"], data["not_notified"]) == (3, 0, 0)
