import logging
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import MailTemplate, OutgoingEmail
from pool.enums import InvitationStatus
from pool.models import ReviewerInvitation, ReviewerProfile
from pool.services import (
    invitation_accept,
    invitation_create,
    invitation_decline,
    invitation_reminders_send,
    invitations_mark_bounced,
    token_hash,
)
from pool.tasks import send_invitation_reminders
from tests.factories import UserFactory
from tests.pool.helpers import link_token, make_reviewer
from tests.submissions.upload_probe import HANDLERS_WITH_PROBE, passed_bytes
from topics.templatetags.fomo import aoe

pytestmark = pytest.mark.django_db


def invite(workshop, email="rita@uni-a.example.edu", name="Rita Reviewer", **kwargs):
    outcome = invitation_create(workshop=workshop, email=email, name=name, **kwargs)
    email_row = OutgoingEmail.objects.filter(to=[email.lower()]).order_by("-pk").first()
    return outcome.invitation, link_token(email_row.body_text)


def invitation_url(workshop, token):
    return reverse("pool:invitation", kwargs={"workshop": workshop.slug, "token": token})


def test_invitation_create_emails_a_link_and_stores_only_its_hash(workshop, organizer):
    invitation, token = invite(workshop, invited_by=organizer)
    email = OutgoingEmail.objects.get(kind="reviewer_invitation")
    assert email.to == ["rita@uni-a.example.edu"]
    assert email.subject == "Invitation to review for FM-WS"
    assert "Dear Rita Reviewer," in email.body_text
    assert "Olivia Organizer" in email.body_text
    assert f'href="http://127.0.0.1:8000/fm-ws/review/invitation/{token}/"' in email.body_html
    assert len(token) == 43
    assert invitation.token_hash == token_hash(token)
    assert token not in str(ReviewerInvitation.objects.values().get())
    assert invitation.status == InvitationStatus.SENT
    assert invitation.send_count == 1


def test_invitation_email_gives_the_deadlines_with_their_time_in_aoe(workshop, organizer):
    invite(workshop, invited_by=organizer)
    body = OutgoingEmail.objects.get(kind="reviewer_invitation").body_text
    assert f"Bidding on papers ends on {aoe(workshop.bidding_deadline)}" in body
    assert f"reviews are due on {aoe(workshop.review_deadline)}." in body
    assert aoe(workshop.review_deadline).endswith(" AoE")


def test_invitation_create_same_address_twice_invites_once(workshop):
    invite(workshop)
    again = invitation_create(workshop=workshop, email="RITA@uni-a.example.edu", name="Rita R.")
    assert again.created is False
    assert again.message == "already invited (Sent)"
    assert ReviewerInvitation.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1


def test_invitation_bulk_paste_twice_invites_nobody_twice(client, workshop, organizer):
    client.force_login(organizer)
    url = reverse("pool_manage:invite", kwargs={"workshop": workshop.slug})
    text = (
        "Ann Lee, ann@uni-a.example.edu, Uni A\n"
        "broken line without an address\n"
        "Bob Kim, bob@uni-b.example.edu\n"
    )
    first = client.post(url, {"bulk": "1", "text": text})
    second = client.post(url, {"bulk": "1", "text": text})
    assert first.status_code == 200
    assert [row[2] for row in first.context["results"]] == [
        "invited",
        "refused: expected at least a name and an email address",
        "invited",
    ]
    assert [row[2] for row in second.context["results"]] == [
        "already invited (Sent)",
        "refused: expected at least a name and an email address",
        "already invited (Sent)",
    ]
    assert ReviewerInvitation.objects.count() == 2
    assert OutgoingEmail.objects.filter(kind="reviewer_invitation").count() == 2


def test_invitation_bulk_upload_csv_file(client, workshop, organizer):
    client.force_login(organizer)
    upload = SimpleUploadedFile(
        "list.csv", b"name,email,affiliation\nAnn Lee,ann@uni-a.example.edu,Uni A\n", "text/csv"
    )
    response = client.post(
        reverse("pool_manage:invite", kwargs={"workshop": workshop.slug}),
        {"bulk": "1", "file": upload},
    )
    assert [row[1:] for row in response.context["results"]] == [
        ("ann@uni-a.example.edu", "invited")
    ]
    assert ReviewerInvitation.objects.get().affiliation == "Uni A"


def test_invitation_single_invalid_email_refused(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("pool_manage:invite", kwargs={"workshop": workshop.slug}),
        {"single": "1", "name": "X", "email": "not-an-address"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert ReviewerInvitation.objects.count() == 0


def test_invitation_link_marks_opened(client, workshop):
    invitation, token = invite(workshop)
    response = client.get(invitation_url(workshop, token))
    assert response.status_code == 200
    assert b"Dear Rita Reviewer" in response.content
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    assert invitation.opened_at is not None


def test_invitation_accept_with_invited_email_binds_account_and_asks_for_profile(client, workshop):
    invitation, token = invite(workshop)
    user = UserFactory(email="rita@uni-a.example.edu", full_name="Rita Reviewer")
    client.force_login(user)
    response = client.post(invitation_url(workshop, token), {"action": "accept"})
    assert response.status_code == 302
    assert response.url == reverse("pool:profile", kwargs={"workshop": workshop.slug})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.user == user
    assert invitation.accepted_as_email == ""
    profile = ReviewerProfile.objects.get(workshop=workshop, user=user)
    assert profile.invitation == invitation
    assert profile.email_domains == ["uni-a.example.edu"]
    confirmation = OutgoingEmail.objects.get(kind="reviewer_accepted")
    assert confirmation.to == ["rita@uni-a.example.edu"]
    assert "/fm-ws/review/profile/" in confirmation.body_text


def test_invitation_token_reused_after_accept_is_404(client, workshop):
    _, token = invite(workshop)
    client.force_login(UserFactory(email="rita@uni-a.example.edu"))
    client.post(invitation_url(workshop, token), {"action": "accept"})
    again = client.get(invitation_url(workshop, token))
    assert again.status_code == 404
    assert b"This invitation link is not valid" in again.content
    assert client.post(invitation_url(workshop, token), {"action": "decline"}).status_code == 404
    assert ReviewerInvitation.objects.get().status == InvitationStatus.ACCEPTED


def test_invitation_forged_token_is_404(client, workshop):
    invite(workshop)
    assert client.get(invitation_url(workshop, "A" * 43)).status_code == 404
    assert client.get(invitation_url(workshop, "x" * 200)).status_code == 404
    assert ReviewerInvitation.objects.get().status == InvitationStatus.SENT


def test_invitation_token_of_another_workshop_is_404(client, workshop):
    from tests.factories import WorkshopFactory

    other = WorkshopFactory(phase="bidding")
    _, token = invite(workshop)
    assert client.get(invitation_url(other, token)).status_code == 404


def test_invitation_accept_anonymous_goes_to_login(client, workshop):
    _, token = invite(workshop)
    response = client.post(invitation_url(workshop, token), {"action": "accept"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")
    assert ReviewerInvitation.objects.get().status == InvitationStatus.SENT


def test_invitation_accept_with_other_email_needs_confirmation(client, workshop):
    _, token = invite(workshop)
    client.force_login(UserFactory(email="someone.else@uni-z.example.edu"))
    page = client.get(invitation_url(workshop, token))
    assert b"you are logged in as" in page.content
    response = client.post(invitation_url(workshop, token), {"action": "accept"})
    assert response.status_code == 200
    assert "Confirm that you accept it with this account." in response.content.decode()
    assert ReviewerInvitation.objects.get().status == InvitationStatus.OPENED
    assert ReviewerProfile.objects.count() == 0


def test_invitation_accept_with_other_email_after_confirmation_is_logged(client, workshop, caplog):
    _, token = invite(workshop)
    other = UserFactory(email="someone.else@uni-z.example.edu")
    client.force_login(other)
    with caplog.at_level(logging.WARNING, logger="pool.services"):
        response = client.post(
            invitation_url(workshop, token), {"action": "accept", "confirm_other_email": "on"}
        )
    assert response.status_code == 302
    invitation = ReviewerInvitation.objects.get()
    assert invitation.user == other
    assert invitation.accepted_as_email == "someone.else@uni-z.example.edu"
    assert invitation.email_mismatch_confirmed_at is not None
    assert "accepted by account" in caplog.text
    assert ReviewerProfile.objects.filter(user=other, workshop=workshop).count() == 1


def test_invitation_decline_with_reason_ends_the_link_and_reminders(client, workshop):
    invitation, token = invite(workshop)
    response = client.post(
        invitation_url(workshop, token), {"action": "decline", "reason": "Too busy this spring"}
    )
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decline_reason == "Too busy this spring"
    assert client.get(invitation_url(workshop, token)).status_code == 404
    later = timezone.now() + timedelta(days=3)
    assert invitation_reminders_send(now=later, reminder_days=[1]) == 0


def test_invitation_declined_address_is_not_invited_again_and_cannot_accept(workshop):
    invitation, _ = invite(workshop)
    invitation_decline(invitation=invitation, reason="")
    again = invitation_create(workshop=workshop, email="rita@uni-a.example.edu", name="Rita")
    assert again.message == "already invited (Declined)"
    user = UserFactory(email="rita@uni-a.example.edu")
    from pool.services import Refusal

    with pytest.raises(Refusal, match="already declined"):
        invitation_accept(invitation=invitation, user=user)
    assert OutgoingEmail.objects.filter(kind="reviewer_invitation").count() == 1


def test_invitation_declined_address_cannot_accept_from_dashboard(client, workshop):
    invitation, _ = invite(workshop)
    invitation_decline(invitation=invitation, reason="")
    client.force_login(UserFactory(email="rita@uni-a.example.edu"))
    response = client.post(
        reverse("pool:invitation_respond", kwargs={"workshop": workshop.slug, "pk": invitation.pk}),
        {"action": "accept"},
    )
    assert response.status_code == 404
    assert ReviewerProfile.objects.count() == 0


def test_invitation_accept_from_dashboard_with_own_address(client, workshop):
    invitation, _ = invite(workshop)
    user = UserFactory(email="rita@uni-a.example.edu")
    client.force_login(user)
    dashboard = client.get(reverse("accounts:dashboard"))
    assert b"Invitation to review for" in dashboard.content
    response = client.post(
        reverse("pool:invitation_respond", kwargs={"workshop": workshop.slug, "pk": invitation.pk}),
        {"action": "accept"},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.status, invitation.user) == (InvitationStatus.ACCEPTED, user)


def test_invitation_someone_elses_cannot_be_answered_from_dashboard(client, workshop):
    invitation, _ = invite(workshop)
    client.force_login(UserFactory(email="mallory@uni-m.example.edu"))
    response = client.post(
        reverse("pool:invitation_respond", kwargs={"workshop": workshop.slug, "pk": invitation.pk}),
        {"action": "decline"},
    )
    assert response.status_code == 404
    assert ReviewerInvitation.objects.get().status == InvitationStatus.SENT


def test_invitation_resend_sends_a_new_link_and_kills_the_old(client, workshop, organizer):
    invitation, old_token = invite(workshop)
    client.force_login(organizer)
    response = client.post(
        reverse("pool_manage:resend", kwargs={"workshop": workshop.slug, "pk": invitation.pk})
    )
    assert response.status_code == 302
    emails = OutgoingEmail.objects.filter(kind="reviewer_invitation").order_by("pk")
    assert emails.count() == 2
    new_token = link_token(emails.last().body_text)
    assert new_token != old_token
    client.logout()
    assert client.get(invitation_url(workshop, old_token)).status_code == 404
    assert client.get(invitation_url(workshop, new_token)).status_code == 200
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_invitation_revoke_kills_the_link(client, workshop, organizer):
    invitation, token = invite(workshop)
    client.force_login(organizer)
    client.post(
        reverse("pool_manage:revoke", kwargs={"workshop": workshop.slug, "pk": invitation.pk})
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert client.get(invitation_url(workshop, token)).status_code == 404


def test_invitation_resend_refused_after_answer(client, workshop, organizer):
    invitation, _ = invite(workshop)
    invitation_decline(invitation=invitation, reason="")
    client.force_login(organizer)
    client.post(
        reverse("pool_manage:resend", kwargs={"workshop": workshop.slug, "pk": invitation.pk})
    )
    assert OutgoingEmail.objects.filter(kind="reviewer_invitation").count() == 1


def test_invitation_reminder_sent_once_after_n_days(workshop, settings):
    settings.REVIEWER_INVITATION_REMINDER_DAYS = (7,)
    invitation, first_token = invite(workshop)
    ReviewerInvitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(days=8)
    )
    assert send_invitation_reminders() == 1
    assert send_invitation_reminders() == 0
    reminder = OutgoingEmail.objects.get(kind="reviewer_invitation_reminder")
    assert reminder.subject == "Reminder: invitation to review for FM-WS"
    new_token = link_token(reminder.body_text)
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 1
    assert invitation.token_hash == token_hash(new_token) != token_hash(first_token)


def test_invitation_reminder_not_sent_after_the_bidding_deadline(workshop):
    invite(workshop)
    after = workshop.bidding_deadline + timedelta(minutes=1)
    assert invitation_reminders_send(now=after, reminder_days=[1]) == 0


def test_invitation_reminder_not_sent_before_n_days(workshop):
    invite(workshop)
    assert invitation_reminders_send(reminder_days=[7]) == 0
    assert invitation_reminders_send(now=timezone.now() + timedelta(days=6), reminder_days=[7]) == 0


def test_invitation_reminders_with_two_steps_one_per_run(workshop):
    invite(workshop)
    later = timezone.now() + timedelta(days=4)
    assert invitation_reminders_send(now=later, reminder_days=[1, 3]) == 1
    assert invitation_reminders_send(now=later, reminder_days=[1, 3]) == 1
    assert invitation_reminders_send(now=later, reminder_days=[1, 3]) == 0
    assert OutgoingEmail.objects.filter(kind="reviewer_invitation_reminder").count() == 2


def test_invitation_reminder_task_is_in_the_beat_schedule(settings):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "fomo.reviews.send_invitation_reminders" in tasks


def test_invitation_bounce_is_shown_and_recorded(client, workshop, organizer):
    invitation, _ = invite(workshop)
    OutgoingEmail.objects.filter(kind="reviewer_invitation").update(status=EmailStatus.FAILED)
    client.force_login(organizer)
    page = client.get(reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}))
    assert b'<span class="badge text-bg-danger">Bounced</span>' in page.content
    assert invitations_mark_bounced() == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.BOUNCED


def test_invitation_template_custom_text_is_used(client, workshop, organizer):
    client.force_login(organizer)
    url = reverse("pool_manage:template", kwargs={"workshop": workshop.slug})
    page = client.get(url)
    assert "{{ invitation_url }}" in page.context["form"].initial["body"]
    response = client.post(
        url,
        {
            "subject": "Join {{ workshop_short_name }}!",
            "body": "Hello {{ reviewer_name }} <b>, click {{ invitation_url }} {{ unknown_ok }}",
        },
    )
    assert response.status_code == 200
    assert "Unknown placeholders: {{ unknown_ok }}" in response.content.decode()
    client.post(
        url,
        {
            "subject": "Join {{ workshop_short_name }}!",
            "body": "Hi {{ reviewer_name }} <b>: {{ invitation_url }}",
        },
    )
    invite(workshop, name="Ann O'Neil")
    email = OutgoingEmail.objects.get(kind="reviewer_invitation")
    assert email.subject == "Join FM-WS!"
    assert email.body_text.startswith("Hi Ann O'Neil <b>: http://127.0.0.1:8000/fm-ws/review/")
    assert "Ann O&#x27;Neil &lt;b&gt;" in email.body_html


def test_invitation_template_without_link_refused(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("pool_manage:template", kwargs={"workshop": workshop.slug}),
        {"subject": "Hi", "body": "No link here"},
    )
    assert "must contain {{ invitation_url }}" in response.content.decode()
    assert MailTemplate.objects.count() == 0


def test_organizer_can_also_be_a_reviewer(client, workshop, organizer):
    outcome = invitation_create(workshop=workshop, email=organizer.email, name="Olivia")
    invitation_accept(invitation=outcome.invitation, user=organizer)
    client.force_login(organizer)
    assert client.get(reverse("pool:bids", kwargs={"workshop": workshop.slug})).status_code == 200
    pool = client.get(reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}))
    assert [row.profile.user for row in pool.context["pool"]] == [organizer]


def test_manage_pages_forbidden_to_reviewers_and_authors(client, workshop):
    reviewer = make_reviewer(workshop, "rev@uni-r.example.edu").user
    author = UserFactory(email="author@uni-x.example.edu")
    names = ["pool", "invite", "template", "coverage", "bids", "conflicts"]
    for user in (reviewer, author):
        client.force_login(user)
        for name in names:
            url = reverse(f"pool_manage:{name}", kwargs={"workshop": workshop.slug})
            assert client.get(url).status_code == 403, (user, name)


def test_bidding_open_notice_goes_once_per_reviewer(client, workshop, organizer):
    make_reviewer(workshop, "a@uni-a.example.edu")
    make_reviewer(workshop, "b@uni-b.example.edu")
    client.force_login(organizer)
    url = reverse("pool_manage:bidding_open", kwargs={"workshop": workshop.slug})
    client.post(url)
    make_reviewer(workshop, "c@uni-c.example.edu")
    client.post(url)
    notices = OutgoingEmail.objects.filter(kind="reviewer_bidding_open")
    assert sorted(address for email in notices for address in email.to) == [
        "a@uni-a.example.edu",
        "b@uni-b.example.edu",
        "c@uni-c.example.edu",
    ]
    assert "/fm-ws/review/bids/" in notices.first().body_text


def too_large(limit_mb: int) -> str:
    return (
        f"The file is larger than the {limit_mb} MB limit; none of it was kept. "
        "Choose a smaller file."
    )


def big_csv(megabytes: int) -> SimpleUploadedFile:
    line = b"Ann Lee,ann@uni-a.example.edu,Uni A\n"
    return SimpleUploadedFile("list.csv", line * (megabytes * 1024 * 1024 // len(line) + 1))


@pytest.mark.parametrize("text", ["Bob Kim, bob@uni-b.example.edu", ""])
def test_invitation_bulk_file_over_the_upload_cap_is_refused_on_its_field(
    client, workshop, organizer, settings, text
):
    settings.FILE_UPLOAD_MAX_MB = 1
    settings.FILE_UPLOAD_HANDLERS = HANDLERS_WITH_PROBE
    client.force_login(organizer)
    response = client.post(
        reverse("pool_manage:invite", kwargs={"workshop": workshop.slug}),
        {"bulk": "1", "text": text, "file": big_csv(2)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert passed_bytes(response.wsgi_request) <= 1024 * 1024
    assert response.context["bulk_form"].errors == {"file": [too_large(1)]}
    assert too_large(1) in html
    assert "Paste a list or choose a file." not in html
    assert f'id="id_text">\n{text}</textarea>' in html
    assert "UTF-8 text, at most 1 MB." in html
    assert response.context["results"] is None
    assert ReviewerInvitation.objects.count() == 0


def test_invitation_bulk_file_over_the_list_limit_is_refused_on_its_field(
    client, workshop, organizer
):
    client.force_login(organizer)
    response = client.post(
        reverse("pool_manage:invite", kwargs={"workshop": workshop.slug}),
        {"bulk": "1", "text": "Bob Kim, bob@uni-b.example.edu", "file": big_csv(3)},
    )
    assert response.context["bulk_form"].errors == {"file": [too_large(2)]}
    assert ReviewerInvitation.objects.count() == 0
