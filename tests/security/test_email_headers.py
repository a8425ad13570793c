"""Email header injection: titles, names and organizer-written subjects with CR/LF go
through every path that builds a subject or a recipient list; every email stays one
subject line, to the intended addresses only."""

import pytest
from django.core import mail
from django.core.mail.message import forbid_multi_line_headers
from django.urls import reverse

from decisions.services import decision_notify_start, decision_set, decisions_release
from notifications.models import OutgoingEmail
from tests.security.routes import clients
from tests.security.world import build_world, committed

pytestmark = pytest.mark.django_db

INJECTION = "Grokking\r\nBcc: victim@evil.example\r\n\r\nbody"


def test_email_headers_crlf_in_user_text_never_reaches_a_header(settings):
    world = build_world("reviewing")
    organizer = clients(world)["organizer"]
    slug = world.workshop.slug
    # Organizer-written subjects and an invitee's name, through the forms.
    with committed():
        response = organizer.post(
            reverse("pool_manage:template", kwargs={"workshop": slug}),
            {
                "subject": "Review for us\r\nBcc: victim@evil.example",
                "body": "{{ invitation_url }}",
            },
        )
        assert response.status_code == 302
        response = organizer.post(
            reverse("pool_manage:invite", kwargs={"workshop": slug}),
            {"single": "1", "email": "newbie@uni-new.org", "name": INJECTION},
        )
        assert response.status_code == 302
        response = organizer.post(
            reverse("pool_manage:invite", kwargs={"workshop": slug}),
            {"single": "1", "email": "x@uni-new.org\r\nBcc: victim@evil.example", "name": "X"},
        )
        assert response.status_code == 200  # refused: not an address
        for outcome in ("poster", "reject"):
            response = organizer.post(
                reverse("decisions:email_template", kwargs={"workshop": slug, "outcome": outcome}),
                {
                    "subject": "Decision {{ title }}\r\nBcc: victim@evil.example",
                    "body": "{{ title }}",
                },
            )
            assert response.status_code == 302
    # A title with CR/LF (as a form or an import could store), into every decision email.
    world.paper_a.title = INJECTION
    world.paper_a.save()
    from tests.security.world import _move_to_deciding

    _move_to_deciding(world.workshop)
    for paper, outcome in ((world.paper_a, "poster"), (world.paper_b, "reject")):
        paper.refresh_from_db()
        decision_set(submission=paper, outcome=outcome, by=world.organizer)
    decisions_release(workshop=world.workshop, by=world.organizer)
    with committed():
        decision_notify_start(workshop=world.workshop, only_pending=True, by=world.organizer)

    rows = list(OutgoingEmail.objects.all())
    assert [row.subject for row in rows if "\r" in row.subject or "\n" in row.subject] == []
    assert [row.to for row in rows if any("evil" in a or "\n" in a for a in row.to)] == []
    decision_subjects = sorted(row.subject for row in rows if row.kind.startswith("decision"))
    assert decision_subjects == [
        "Decision Data pruning beats scaling Bcc: victim@evil.example",
        "Decision Grokking Bcc: victim@evil.example body Bcc: victim@evil.example",
    ]
    invitation = OutgoingEmail.objects.get(to=["newbie@uni-new.org"])
    assert invitation.subject == "Review for us Bcc: victim@evil.example"
    for message in mail.outbox:
        built = message.message()
        assert all("evil.example" not in address for address in message.recipients())
        assert "\n" not in built["Subject"] and "\r" not in built["Subject"]
        forbid_multi_line_headers("Subject", message.subject, "utf-8")  # raises if multi-line
