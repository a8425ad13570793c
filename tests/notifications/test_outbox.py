import logging

import pytest
from django.core import mail
from django.urls import reverse

from notifications.enums import EmailStatus, SendOutcome
from notifications.models import OutgoingEmail
from notifications.services import email_queue_rendered, email_requeue_stale, email_send
from tests.celery_helpers import celery_broker
from tests.factories import UserFactory, WorkshopFactory
from topics.templatetags.fomo import aoe


def queue(**overrides) -> OutgoingEmail:
    fields = {
        "to": ["Author@Example.org"],
        "subject": "Submission received",
        "body_text": "Thank you.",
        "kind": "submission_received",
    }
    return email_queue_rendered(**{**fields, **overrides})


@pytest.mark.django_db(transaction=True)
def test_email_queue_sends_after_commit_and_marks_sent():
    email = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.to == ["author@example.org"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Submission received"
    assert mail.outbox[0].to == ["author@example.org"]


@pytest.mark.django_db(transaction=True)
def test_email_queue_in_process_logs_no_broker_warning(caplog, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the default: no broker configured
    with caplog.at_level(logging.DEBUG):
        email = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.django_db(transaction=True)
def test_email_queue_same_idempotency_key_sends_once():
    first = queue(idempotency_key="decision:17:accept")
    second = queue(idempotency_key="decision:17:accept", subject="Another subject")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_email_send_twice_delivers_once():
    email = queue()
    assert email_send(email_id=email.pk) == SendOutcome.ALREADY_DONE
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_email_subject_with_newline_and_bcc_stays_one_line():
    queue(subject="Great paper\nBcc: victim@example.org")
    message = mail.outbox[0].message()
    assert message["Subject"] == "Great paper Bcc: victim@example.org"
    assert message["Bcc"] is None
    assert mail.outbox[0].recipients() == ["author@example.org"]


@pytest.mark.django_db(transaction=True)
def test_email_temporary_smtp_failure_keeps_row_queued_with_error(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.TemporaryFailureBackend"
    email = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 1
    assert email.last_error == "SMTPResponseException: (451, b'4.3.0 Try again later')"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_requeue_stale(older_than_seconds=0) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_email_permanent_smtp_failure_marks_failed_and_is_not_retried(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.PermanentFailureBackend"
    email = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert "550" in email.last_error
    assert email_requeue_stale(older_than_seconds=0) == 0


@pytest.mark.django_db(transaction=True)
def test_email_gives_up_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.ConnectionRefusedBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = queue()
    email_requeue_stale(older_than_seconds=0)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_email_broker_down_request_succeeds_and_mail_waits(settings):
    with celery_broker("redis://127.0.0.1:1/0"):
        email = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 0
    assert len(mail.outbox) == 0
    assert email_requeue_stale(older_than_seconds=0) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_mail_log_only_for_organizers(client):
    workshop = WorkshopFactory()
    organizer = UserFactory()
    workshop.organizers.add(organizer)
    url = reverse("notifications:mail_log", kwargs={"workshop": workshop.slug})
    queue(workshop=workshop, subject="Your paper #3")

    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(organizer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Your paper #3" in response.content


@pytest.mark.django_db
def test_mail_log_shows_only_this_workshops_mail(client):
    workshop, other = WorkshopFactory(), WorkshopFactory()
    organizer = UserFactory()
    workshop.organizers.add(organizer)
    queue(workshop=other, subject="Other workshop mail")
    email = queue(workshop=other, subject="Other detail")
    client.force_login(organizer)
    log = client.get(reverse("notifications:mail_log", kwargs={"workshop": workshop.slug}))
    assert b"Other workshop mail" not in log.content
    detail = reverse(
        "notifications:mail_detail", kwargs={"workshop": workshop.slug, "email_id": email.pk}
    )
    assert client.get(detail).status_code == 404


@pytest.mark.django_db
def test_mail_log_gives_times_in_aoe_like_every_deadline(client):
    workshop = WorkshopFactory()
    organizer = UserFactory()
    workshop.organizers.add(organizer)
    email = queue(workshop=workshop, subject="Timed mail")
    client.force_login(organizer)
    log = client.get(reverse("notifications:mail_log", kwargs={"workshop": workshop.slug}))
    html = log.content.decode()
    assert aoe(email.created_at) in html
    assert "UTC<" not in html and " UTC" not in html.split("<footer", 1)[0]


@pytest.mark.django_db
def test_mail_log_query_count_is_fixed(client, django_assert_num_queries):
    workshop = WorkshopFactory()
    organizer = UserFactory()
    workshop.organizers.add(organizer)
    client.force_login(organizer)
    url = reverse("notifications:mail_log", kwargs={"workshop": workshop.slug})
    queue(workshop=workshop)
    client.get(url)
    with django_assert_num_queries(8) as one:
        client.get(url)
    for _ in range(40):
        queue(workshop=workshop)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
