"""Progress, reminders, reassigning, declining and the discussion."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assignment.models import Assignment, AssignmentDecline
from decisions.services import review_reassign
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from pool.models import Conflict
from reviews.models import DiscussionComment, ReminderLog
from reviews.selectors import review_progress
from reviews.services import review_remind_late, review_reminders_send, review_settings_save
from reviews.tasks import send_review_reminders
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)
from topics.aoe import AOE

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    workshop = reviewing_workshop(slug="wf", name="Workshop Flow", reviewers_per_paper=2)
    olga = add_organizer(workshop)
    one = paper(workshop, number=1, title="Paper one")
    two = paper(workshop, number=2, title="Paper two")
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    lars = reviewer(workshop, "lars@uni.example.org", "Lars Late")
    for submission in (one, two):
        assign(submission, rita)
        assign(submission, lars)
    submit(one, rita, score=8)
    submit(two, rita, score=4)
    submit(one, lars, score=6)
    return workshop, olga, one, two, rita, lars


def test_progress_per_paper_and_reviewer(team):
    workshop, olga, one, two, rita, lars = team
    move_to_deciding(workshop)
    progress = review_progress(workshop=workshop, user=olga)
    rows = {row.submission.number: row for row in progress.papers}
    assert (rows[1].received, rows[1].expected, rows[1].mean, rows[1].std) == (2, 2, 7.0, 1.0)
    assert (rows[2].received, rows[2].expected, rows[2].mean, rows[2].std) == (1, 2, 4.0, 0.0)
    people = {row.reviewer.email: row for row in progress.reviewers}
    assert (people["rita@uni.example.org"].done, people["rita@uni.example.org"].late) == (2, 0)
    lars_row = people["lars@uni.example.org"]
    assert (lars_row.done, lars_row.assigned, lars_row.late) == (1, 2, 1)
    assert [paper.number for paper in lars_row.missing] == [2]


def test_progress_page_filters_late_reviewers(client, team):
    workshop, olga, *_ = team
    move_to_deciding(workshop)
    client.force_login(olga)
    html = client.get(
        reverse("reviews_manage:progress", kwargs={"workshop": "wf"}) + "?show=late"
    ).content.decode()
    reviewers = html[html.index('id="reviewer-progress"') :]
    assert "Lars Late" in reviewers and "Rita Reviewer" not in reviewers


def test_reminder_before_deadline_once_per_reviewer_paper_kind(
    team, django_capture_on_commit_callbacks
):
    workshop, *_ = team
    review_settings_save(workshop=workshop, values={"reminder_days_before": 10})
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send() == 1
        assert review_reminders_send() == 0
        assert send_review_reminders() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lars@uni.example.org"]
    assert message.subject.startswith("[Workshop Flow] Reminder: your review of paper #2 is due")
    assert "http://127.0.0.1:8000/wf/review/papers/2/" in message.body
    assert list(ReminderLog.objects.values_list("kind", flat=True)) == ["before_deadline"]


def test_reminder_not_sent_too_early(team):
    assert review_reminders_send() == 0
    assert OutgoingEmail.objects.filter(kind="review_reminder").count() == 0


def test_reminder_overdue_after_deadline_then_never_again(team, django_capture_on_commit_callbacks):
    workshop, *_ = team
    move_to_deciding(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send() == 1
        # A worker restart: the log rows and idempotency keys stop any flood.
        assert review_reminders_send(now=timezone.now() + timedelta(hours=1)) == 0
    assert [m.subject for m in mail.outbox] == ["[Workshop Flow] Overdue: your review of paper #2"]


def test_reminder_uses_organizer_text(team, django_capture_on_commit_callbacks):
    workshop, *_ = team
    move_to_deciding(workshop)
    review_settings_save(
        workshop=workshop,
        values={
            "reminder_overdue_subject": "Late: {{ paper_id }}",
            "reminder_overdue_body": "Hi {{ reviewer_name }}",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send()
    assert (mail.outbox[0].subject, mail.outbox[0].body) == ("Late: #2", "Hi Lars Late")


def test_reminder_with_only_a_subject_keeps_the_default_body(
    team, django_capture_on_commit_callbacks
):
    workshop, *_ = team
    move_to_deciding(workshop)
    review_settings_save(
        workshop=workshop, values={"reminder_overdue_subject": "Late: {{ paper_id }}"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send()
    assert mail.outbox[0].subject == "Late: #2"
    assert "Lars Late" in mail.outbox[0].body and "{{" not in mail.outbox[0].body
    review_settings_save(workshop=workshop, values={"reminder_overdue_subject": ""})
    assert not workshop.mail_templates.exists()  # both parts empty: the default again


def test_remind_all_late_button(client, team, django_capture_on_commit_callbacks):
    workshop, olga, *_ = team
    move_to_deciding(workshop)
    client.force_login(olga)
    url = reverse("reviews_manage:remind_late", kwargs={"workshop": "wf"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        client.post(url)
    assert [m.to for m in mail.outbox] == [["lars@uni.example.org"]]
    assert review_remind_late(workshop=workshop, by=olga) == 0


def test_reassign_late_reviewer_is_conflict_checked(team):
    workshop, olga, one, two, rita, lars = team
    nina = reviewer(workshop, "nina@uni.example.org", "Nina New")
    Conflict.objects.create(workshop=workshop, submission=two, reviewer=nina, source="organizer")
    with pytest.raises(Refusal, match="conflict"):
        review_reassign(submission=two, old_reviewer=lars, new_reviewer=nina, by=olga)
    Conflict.objects.filter(reviewer=nina).update(removed_at=timezone.now(), removal_reason="ok")
    review_reassign(submission=two, old_reviewer=lars, new_reviewer=nina, by=olga)
    assert sorted(
        Assignment.objects.filter(submission=two).values_list("reviewer__email", flat=True)
    ) == [
        "nina@uni.example.org",
        "rita@uni.example.org",
    ]
    with pytest.raises(Refusal, match="already reviewed"):
        review_reassign(submission=one, old_reviewer=rita, new_reviewer=lars, by=olga)


def test_reassign_from_paper_page(client, team):
    workshop, olga, one, two, rita, lars = team
    nina = reviewer(workshop, "nina@uni.example.org", "Nina New")
    client.force_login(olga)
    page = client.get(
        reverse("decisions:paper", kwargs={"workshop": "wf", "number": 2})
    ).content.decode()
    assert "Missing reviews" in page and "Lars Late" in page
    response = client.post(
        reverse("decisions:reassign", kwargs={"workshop": "wf", "number": 2}),
        {"old": lars.pk, "new": nina.pk},
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(submission=two, reviewer=nina).exists()
    assert not Assignment.objects.filter(submission=two, reviewer=lars).exists()


def test_decline_notifies_organizers_and_frees_reviewer(
    client, team, django_capture_on_commit_callbacks
):
    workshop, olga, one, two, rita, lars = team
    client.force_login(lars)
    url = reverse("review:decline", kwargs={"workshop": "wf", "number": 2})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Too far from my area."})
    assert response.status_code == 302
    assert (
        AssignmentDecline.objects.get(submission=two, reviewer=lars).reason
        == "Too far from my area."
    )
    (message,) = mail.outbox
    assert message.to == ["olga@org.example.net"]
    assert "Too far from my area." in message.body
    progress = review_progress(workshop=workshop, user=olga)
    lars_row = next(row for row in progress.reviewers if row.reviewer == lars)
    assert (lars_row.assigned, lars_row.declined) == (1, 1)
    assert review_reminders_send(now=workshop.review_deadline + timedelta(days=1)) == 0


def test_decline_after_review_is_refused(client, team):
    workshop, olga, one, two, rita, lars = team
    client.force_login(rita)
    response = client.post(
        reverse("review:decline", kwargs={"workshop": "wf", "number": 1}), {"reason": "x"}
    )
    assert response.status_code == 200
    assert not AssignmentDecline.objects.exists()


def test_discussion_visible_to_reviewers_and_organizers_only(client, team):
    workshop, olga, one, two, rita, lars = team
    client.force_login(rita)
    url = reverse("review:discussion", kwargs={"workshop": "wf", "number": 1})
    assert client.post(url, {"body": "I think **section 3** is wrong."}).status_code == 302
    client.force_login(lars)
    page = client.get(
        reverse("review:paper", kwargs={"workshop": "wf", "number": 1})
    ).content.decode()
    assert "<strong>section 3</strong>" in page
    assert "Reviewer 1" in page and "Rita Reviewer" not in page
    client.force_login(olga)
    page = client.get(
        reverse("decisions:paper", kwargs={"workshop": "wf", "number": 1})
    ).content.decode()
    assert "Reviewer 1 · Rita Reviewer" in page


def test_discussion_closed_to_reviewer_without_own_review(client, team):
    workshop, olga, one, two, rita, lars = team
    client.force_login(lars)
    url = reverse("review:discussion", kwargs={"workshop": "wf", "number": 2})
    assert client.post(url, {"body": "hello"}).status_code == 403
    assert DiscussionComment.objects.count() == 0


def test_remind_button_before_deadline_says_when_reviews_are_due(
    client, team, django_capture_on_commit_callbacks
):
    workshop, olga, *_ = team
    client.force_login(olga)
    html = client.get(reverse("reviews_manage:progress", kwargs={"workshop": "wf"})).content
    assert b"Remind reviewers with reviews due" in html
    assert b"Remind all late reviewers" not in html and b"Remind late reviewers" not in html
    with django_capture_on_commit_callbacks(execute=True):
        assert review_remind_late(workshop=workshop, by=olga) == 1
    (message,) = mail.outbox
    assert "has passed" not in message.body and "Overdue" not in message.subject
    due = workshop.review_deadline.astimezone(AOE).strftime("%a %d %b %Y, %H:%M AoE")
    assert f"is due on {due}" in message.body


def test_remind_button_after_deadline_says_it_has_passed(
    client, team, django_capture_on_commit_callbacks
):
    workshop, olga, *_ = team
    move_to_deciding(workshop)
    client.force_login(olga)
    html = client.get(reverse("reviews_manage:progress", kwargs={"workshop": "wf"})).content
    assert b"Remind late reviewers" in html
    with django_capture_on_commit_callbacks(execute=True):
        assert review_remind_late(workshop=workshop, by=olga) == 1
    assert "has passed" in mail.outbox[0].body


def test_progress_page_shows_the_standard_deviation_the_disagreement_setting_uses(client, team):
    workshop, olga, one, two, rita, lars = team
    client.force_login(olga)
    html = client.get(reverse("reviews_manage:progress", kwargs={"workshop": "wf"})).content
    html = html.decode()
    assert "Spread" not in html
    assert '<th scope="col">Std. dev.</th>' in html
    papers = html[html.index('id="paper-progress"') : html.index('id="reviewer-progress"')]
    assert "<td>1.00</td>" in papers  # scores 8 and 6: population standard deviation 1
    settings_page = client.get(reverse("reviews_manage:settings", kwargs={"workshop": "wf"}))
    assert "standard deviation of its scores" in settings_page.content.decode()
