"""The organizers' mail log: search by recipient or subject, filters by kind and status,
kept across pages, with hidden kinds left out."""

import pytest
from django.urls import reverse

from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def email(workshop, *, to="ada@lab.example.org", subject="Hello", kind="note", status="sent"):
    return OutgoingEmail.objects.create(
        workshop=workshop,
        to=[to],
        subject=subject,
        body_text="Body",
        kind=kind,
        status=status,
        idempotency_key=f"k{OutgoingEmail.objects.count()}",
    )


@pytest.fixture
def log(client):
    workshop = WorkshopFactory()
    organizer = UserFactory()
    workshop.organizers.add(organizer)
    client.force_login(organizer)
    url = reverse("notifications:mail_log", kwargs={"workshop": workshop.slug})

    def get(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [row.subject for row in response.context["page"].object_list], response

    return workshop, organizer, get


def test_mail_log_search_matches_recipient_or_subject(log):
    workshop, _, get = log
    email(workshop, to="ada@lab.example.org", subject="Submission received")
    email(workshop, to="bob@uni.example.org", subject="Invitation for Ada's workshop")
    email(workshop, to="cy@uni.example.org", subject="Review reminder")
    subjects, _ = get(q="ADA")
    assert sorted(subjects) == ["Invitation for Ada's workshop", "Submission received"]
    subjects, _ = get(q=" uni.example ")
    assert sorted(subjects) == ["Invitation for Ada's workshop", "Review reminder"]


def test_mail_log_filters_by_kind_and_status(log):
    workshop, _, get = log
    email(workshop, subject="A", kind="reviewer_invitation", status=EmailStatus.FAILED)
    email(workshop, subject="B", kind="reviewer_invitation", status=EmailStatus.SENT)
    email(workshop, subject="C", kind="submission_received", status=EmailStatus.FAILED)
    assert get(kind="reviewer_invitation")[0] == ["B", "A"]
    assert get(status="failed")[0] == ["C", "A"]
    subjects, response = get(kind="reviewer_invitation", status="failed")
    assert subjects == ["A"]
    assert "1 email matches." in response.content.decode()


def test_mail_log_unknown_filter_values_filter_nothing(log):
    workshop, _, get = log
    email(workshop, subject="A")
    assert get(kind="no_such_kind", status="bounced")[0] == ["A"]


def test_mail_log_pages_keep_the_filters(log):
    workshop, _, get = log
    for n in range(53):
        email(workshop, subject=f"Reminder {n}", kind="review_reminder_x")
    email(workshop, subject="Other", kind="note")
    subjects, response = get(kind="review_reminder_x", q="reminder")
    assert len(subjects) == 50
    html = response.content.decode()
    assert 'href="?kind=review_reminder_x&amp;q=reminder&amp;page=2"' in html
    subjects, _ = get(kind="review_reminder_x", q="reminder", page=2)
    assert subjects == ["Reminder 2", "Reminder 1", "Reminder 0"]


def test_mail_log_hidden_kinds_stay_hidden_and_are_not_offered(log):
    workshop, organizer, get = log
    AuthorshipFactory(submission=SubmissionFactory(workshop=workshop), user=organizer)
    email(workshop, subject="Your review assignment", kind="assignment_released")
    email(workshop, subject="Paper received", kind="submission_received")
    subjects, response = get(kind="assignment_released", q="review")
    assert subjects == []
    assert get(q="review assignment")[0] == []
    assert [value for value, _ in response.context["form"].fields["kind"].choices] == [
        "",
        "submission_received",
    ]


@pytest.mark.parametrize("rows", [1, 60])
def test_mail_log_filtered_query_count_is_fixed(log, django_assert_num_queries, rows):
    workshop, _, get = log
    for n in range(rows):
        email(workshop, subject=f"Mail {n}", kind=f"kind_{n % 7}", status="failed")
    with django_assert_num_queries(8):
        get(q="mail", kind="kind_0", status="failed")
