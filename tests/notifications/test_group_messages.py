"""Messages to a group: the compose page, its refusals, the preview, the sending job and the
list of sent messages (the group resolution on the full world: test_group_resolution.py)."""

import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.groups import Recipient
from notifications.models import GroupMessage, OutgoingEmail
from notifications.services import group_message_create
from notifications.tasks import send_group_message
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def paper(workshop, number: int, authors: list[tuple[str, str]], status: str = "submitted"):
    submission = SubmissionFactory(
        workshop=workshop, number=number, title=f"Paper number {number}", status=status
    )
    for order, (name, email) in enumerate(authors):
        AuthorshipFactory(submission=submission, name=name, email=email, order=order)
    return submission


@pytest.fixture
def papers(workshop):
    return [
        paper(workshop, 1, [("Ann One", "ann@a.org"), ("Bob Two", "bob@b.org")]),
        paper(workshop, 2, [("Ann One", "ann@a.org")]),
        paper(workshop, 3, [("Cy Three", "cy@c.org")], status="withdrawn"),
    ]


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def compose_url(workshop) -> str:
    return reverse("notifications:message_compose", kwargs={"workshop": workshop.slug})


def post_compose(client, workshop, **data):
    fields = {"token": str(uuid.uuid4()), "group": "authors_status:submitted"}
    return client.post(compose_url(workshop), {**fields, **data})


def test_compose_send_queues_one_email_per_author_with_only_their_papers(
    organizer_client, workshop, papers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_compose(
            organizer_client,
            workshop,
            action="send",
            subject="Hello {{ name }}",
            body="Your papers:\n{{ papers }}\n{{ workshop_short_name }}",
        )
    assert response.status_code == 302
    message = GroupMessage.objects.get()
    assert message.group == "Authors of submitted papers"
    emails = {email.to[0]: email for email in OutgoingEmail.objects.filter(workshop=workshop)}
    assert sorted(emails) == ["ann@a.org", "bob@b.org"]
    assert all(len(email.to) == 1 for email in emails.values())
    assert emails["ann@a.org"].subject == "Hello Ann One"
    assert (
        emails["ann@a.org"].body_text == "Your papers:\n#1 Paper number 1\n#2 Paper number 2\nFM-WS"
    )
    assert emails["bob@b.org"].body_text == "Your papers:\n#1 Paper number 1\nFM-WS"
    assert {email.kind for email in emails.values()} == {"group_message_authors"}
    assert sorted(address for sent in mail.outbox for address in sent.to) == [
        "ann@a.org",
        "bob@b.org",
    ]


def test_compose_unknown_placeholder_is_refused_and_keeps_the_text(
    organizer_client, workshop, papers
):
    response = post_compose(
        organizer_client,
        workshop,
        action="send",
        subject="Hello {{ nme }}",
        body="A body I took long to write.",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Unknown placeholders: {{ nme }}" in content
    assert 'value="Hello {{ nme }}"' in content
    assert "A body I took long to write." in content
    assert not GroupMessage.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_compose_empty_group_is_refused(organizer_client, workshop, papers):
    response = post_compose(
        organizer_client,
        workshop,
        group="authors_status:accepted",
        action="send",
        subject="Hello",
        body="Body",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nobody is in this group: there is no one to send the message to." in content
    assert "Send to 0" in content
    assert not GroupMessage.objects.exists()


def test_compose_preview_renders_the_chosen_recipients_mail(organizer_client, workshop, papers):
    response = post_compose(
        organizer_client,
        workshop,
        action="preview",
        preview_for="bob@b.org",
        subject="Dear {{ name }}",
        body="{{ papers }}",
    )
    content = response.content.decode()
    assert '<span id="preview-to">bob@b.org</span>' in content
    assert '<strong id="preview-subject">Dear Bob Two</strong>' in content
    assert ">#1 Paper number 1</pre>" in content
    assert "2 recipients" in content
    assert not GroupMessage.objects.exists()


def test_compose_from_ticked_papers_lists_their_authors(organizer_client, workshop, papers):
    response = organizer_client.post(
        compose_url(workshop), {"selection": "papers", "ids": [papers[2].pk]}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Authors of the selected papers" in content
    assert "Reviewers of the selected papers" in content
    assert "Authors of papers: Submitted" not in content  # only the groups taking ticked rows
    assert "1 recipient," in content
    assert "Cy Three &lt;cy@c.org&gt;" in content


def test_compose_same_form_sent_twice_is_one_message(
    organizer_client, workshop, papers, django_capture_on_commit_callbacks
):
    token = str(uuid.uuid4())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            post_compose(
                organizer_client, workshop, token=token, action="send", subject="S", body="B"
            )
    assert GroupMessage.objects.count() == 1
    assert OutgoingEmail.objects.count() == 2


def test_send_group_message_task_run_twice_queues_each_email_once(
    workshop, organizer, django_capture_on_commit_callbacks
):
    recipients = [Recipient(email="x@x.org", name="X"), Recipient(email="y@y.org", name="Y")]
    message = group_message_create(
        workshop=workshop,
        sender=organizer,
        token=uuid.uuid4(),
        audience="reviewers",
        group="Two reviewers",
        subject="Hi {{ name }}",
        body="Body",
        recipients=recipients,
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = send_group_message.apply(kwargs={"message_id": message.pk}).get()
    with django_capture_on_commit_callbacks(execute=True):
        second = send_group_message.apply(kwargs={"message_id": message.pk}).get()
    assert (first, second) == (2, 0)
    emails = OutgoingEmail.objects.filter(about_id=message.pk).order_by("to")
    assert [(email.to, email.subject, email.kind) for email in emails] == [
        (["x@x.org"], "Hi X", "group_message_reviewers"),
        (["y@y.org"], "Hi Y", "group_message_reviewers"),
    ]
    assert len(mail.outbox) == 2
    message.refresh_from_db()
    assert message.queued_at is not None


def _send(workshop, organizer, n: int) -> None:
    group_message_create(
        workshop=workshop,
        sender=organizer,
        token=uuid.uuid4(),
        audience="authors",
        group=f"Group {n}",
        subject=f"Subject {n}",
        body="Body",
        recipients=[Recipient(email=f"r{n}@r.org", name="R")],
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_message_list_shows_counts_in_constant_queries(
    organizer_client, workshop, organizer, django_capture_on_commit_callbacks
):
    url = reverse("notifications:messages", kwargs={"workshop": workshop.slug})
    with django_capture_on_commit_callbacks(execute=True):
        _send(workshop, organizer, 1)
    one = _queries(organizer_client, url)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2, 6):
            _send(workshop, organizer, n)
    assert _queries(organizer_client, url) == one
    content = organizer_client.get(url).content.decode()
    assert content.count("1 sent</span>") == 5
    assert "Subject 5" in content


def test_message_list_query_count(organizer_client, workshop, organizer, django_assert_num_queries):
    _send(workshop, organizer, 1)
    url = reverse("notifications:messages", kwargs={"workshop": workshop.slug})
    organizer_client.get(url)  # content types cached, as on a running site
    with django_assert_num_queries(7):
        organizer_client.get(url)


def test_compose_page_queries_do_not_grow_with_papers(organizer_client, workshop, papers):
    one = _queries(organizer_client, compose_url(workshop))
    for number in range(4, 30):
        paper(workshop, number, [(f"Author {number}", f"a{number}@x.org")])
    assert _queries(organizer_client, compose_url(workshop)) == one


def test_compose_is_refused_to_an_author(client, workshop, papers):
    client.force_login(UserFactory(email="ann@a.org"))
    assert client.get(compose_url(workshop)).status_code == 403


def test_compose_opens_on_the_authors_of_submitted_papers(organizer_client, workshop, papers):
    content = organizer_client.get(compose_url(workshop)).content.decode()
    assert '<option value="authors_status:submitted" selected>' in content
    assert "2 recipients, one email each" in content
    assert "Ann One &lt;ann@a.org&gt;" in content
    assert "Cy Three" not in content  # withdrawn
