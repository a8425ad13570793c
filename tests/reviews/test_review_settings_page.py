"""The organizers' review-form settings: score and confidence labels, and the
camera-ready reminder's number of days."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from decisions.services import camera_ready_reminders_send, decision_set, decisions_release
from decisions.tasks import send_camera_ready_reminders
from notifications.models import OutgoingEmail
from reviews.forms import labels_as_text, labels_parse
from reviews.models import DEFAULT_SCORE_LABELS, Review, ReviewSettings
from reviews.services import review_settings_save
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

SCORE_TEXT = "1: Bad\n7: Fine by me\n10: Top 5% of accepted papers"
CONFIDENCE_TEXT = "3: Read it twice\n5: I wrote the textbook"


def settings_url(workshop):
    return reverse("reviews_manage:settings", kwargs={"workshop": workshop.slug})


def settings_post(**overrides):
    data = {
        "form": "settings",
        "score_min": "1",
        "score_max": "10",
        "score_labels": SCORE_TEXT,
        "confidence_labels": CONFIDENCE_TEXT,
        "disagreement_spread": "2",
        "outcomes": ["oral", "poster", "reject"],
        "reminder_days_before": "3",
        "camera_ready_reminder_days": "3",
    }
    data.update(overrides)
    return data


@pytest.fixture
def team():
    workshop = reviewing_workshop(slug="lab")
    olga = add_organizer(workshop, name="")
    ada = UserFactory(email="ada@lab.example.org", full_name="Ada Author")
    submission = paper(workshop, number=3, authors=[ada])
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    assign(submission, rita)
    return workshop, olga, ada, submission, rita


def test_settings_page_prefills_the_stored_labels(client, team):
    workshop, olga, *_ = team
    client.force_login(olga)
    html = client.get(settings_url(workshop)).content.decode()
    assert "1: Strong reject\n2: Reject\n" in html
    assert "10: Top paper</textarea>" in html
    assert "5: Absolutely certain, very familiar with the related work</textarea>" in html
    assert "Empty: numbers only, no labels." in html
    assert "reviews already given keep their numbers" in html
    assert 'name="camera_ready_reminder_days" value="3"' in html


def test_organizer_labels_reach_reviewer_form_and_review_views(client, team):
    workshop, olga, ada, submission, rita = team
    submit(submission, rita, score=7, confidence=3)
    client.force_login(olga)
    response = client.post(settings_url(workshop), settings_post())
    assert response.status_code == 302
    saved = ReviewSettings.objects.get(workshop=workshop)
    assert saved.score_labels == {"1": "Bad", "7": "Fine by me", "10": "Top 5% of accepted papers"}
    assert saved.confidence_labels == {"3": "Read it twice", "5": "I wrote the textbook"}
    # Only the wording changed: the stored review keeps its numbers.
    assert Review.objects.values_list("score", "confidence").get() == (7, 3)

    html = client.get(settings_url(workshop)).content.decode()
    assert "1: Bad\n7: Fine by me\n10: Top 5% of accepted papers</textarea>" in html

    client.force_login(rita)
    html = client.get(
        reverse("review:paper", kwargs={"workshop": "lab", "number": 3})
    ).content.decode()
    assert '<option value="10">10 (Top 5% of accepted papers)</option>' in html
    assert '<option value="9">9</option>' in html
    assert "5 (I wrote the textbook)" in html
    assert "Top paper" not in html and "Educated guess" not in html

    client.force_login(olga)
    html = client.get(
        reverse("decisions:paper", kwargs={"workshop": "lab", "number": 3})
    ).content.decode()
    assert "Recommendation <strong>7 (Fine by me)</strong> · Confidence 3 (Read it twice)" in html

    move_to_deciding(workshop)
    submission.refresh_from_db()
    decision_set(submission=submission, outcome="poster", meta_review="", by=olga)
    decisions_release(workshop=workshop, by=olga)
    client.force_login(ada)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "Recommendation: <strong>7 (Fine by me)</strong> · Confidence: 3 (Read it twice)" in html
    assert "Good paper, accept" not in html


def test_empty_label_boxes_mean_numbers_only(client, team):
    workshop, olga, *_ = team
    client.force_login(olga)
    response = client.post(
        settings_url(workshop), settings_post(score_labels="", confidence_labels="  \n")
    )
    assert response.status_code == 302
    saved = ReviewSettings.objects.get(workshop=workshop)
    assert (saved.score_labels, saved.confidence_labels) == ({}, {})


@pytest.mark.parametrize(
    ("field", "text", "error"),
    [
        ("score_labels", "10 Top paper", "Line 1: write it as &lt;number&gt;: &lt;label&gt;"),
        ("score_labels", "1: Bad\n11: Too high", "Line 2: 11 is outside the scale 1–10."),
        ("score_labels", "x: Top", "Line 1: write it as"),
        ("score_labels", "-1: Below", "Line 1: write it as"),
        ("score_labels", "2: Reject\n2: Again", "Line 2: 2 already has a label above."),
        ("score_labels", "4:   ", "Line 1: write a label after “4:”, or remove the line."),
        ("score_labels", "4: " + "x" * 201, "keep the label to 200 characters (it has 201)"),
        ("score_labels", "4: Bell\x07", "Line 1: remove the control characters."),
        ("score_labels", "4: evil\u202etxt", "Line 1: remove the control characters."),
        ("confidence_labels", "6: Beyond", "Line 1: 6 is outside the scale 1–5."),
        ("confidence_labels", "0: None", "Line 1: 0 is outside the scale 1–5."),
    ],
)
def test_invalid_label_lines_are_refused_and_kept(client, team, field, text, error):
    workshop, olga, *_ = team
    client.force_login(olga)
    response = client.post(settings_url(workshop), settings_post(**{field: text}))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["form"].errors[field]
    assert list(response.context["form"].errors) == [field]
    assert response.context["form"][field].value() == text
    assert not ReviewSettings.objects.filter(workshop=workshop).exists()


def test_labels_follow_the_scale_typed_on_the_same_form(client, team):
    workshop, olga, *_ = team
    client.force_login(olga)
    response = client.post(
        settings_url(workshop), settings_post(score_min="1", score_max="5", score_labels="7: Hi")
    )
    assert "Line 1: 7 is outside the scale 1–5." in response.content.decode()
    assert not ReviewSettings.objects.filter(workshop=workshop).exists()
    response = client.post(
        settings_url(workshop), settings_post(score_min="0", score_max="20", score_labels="20: Hi")
    )
    assert response.status_code == 302
    assert ReviewSettings.objects.get(workshop=workshop).score_labels == {"20": "Hi"}


def test_labels_parse_reports_every_bad_line_and_skips_blank_ones():
    assert labels_parse("\r\n 3 :  Fine \r\n\n10:Top: really\n", low=1, high=10) == {
        "3": "Fine",
        "10": "Top: really",
    }
    with pytest.raises(ValidationError) as refused:
        labels_parse("a\n2: b\n99: c", low=1, high=10)
    assert refused.value.messages == [
        "Line 1: write it as <number>: <label>, like “10: Top 5% of accepted papers”.",
        "Line 3: 99 is outside the scale 1–10.",
    ]


def test_labels_as_text_orders_by_number():
    assert labels_as_text({"10": "Top", "2": "Low", "1": "Bad"}) == "1: Bad\n2: Low\n10: Top"
    assert labels_as_text(DEFAULT_SCORE_LABELS).splitlines()[-1] == "10: Top paper"


# ---------------------------------------------------------------------------------------
# Camera-ready reminder days


@pytest.fixture
def accepted(team):
    """An accepted paper of a released workshop whose camera-ready deadline is 4 days away."""
    workshop, olga, ada, submission, rita = team
    move_to_deciding(workshop)
    submission.refresh_from_db()
    decision_set(submission=submission, outcome="poster", meta_review="", by=olga)
    decisions_release(workshop=workshop, by=olga)
    now = timezone.now()
    workshop.decision_notification_at = now - timedelta(hours=1)
    workshop.camera_ready_deadline = now + timedelta(days=4)
    workshop.save()
    return workshop


def camera_ready_mails():
    return list(
        OutgoingEmail.objects.filter(kind="camera_ready_reminder").values_list(
            "idempotency_key", flat=True
        )
    )


def test_camera_ready_reminder_days_5_sends_once_over_two_runs(accepted):
    review_settings_save(workshop=accepted, values={"camera_ready_reminder_days": 5})
    paper_id = accepted.submissions.get().pk
    assert camera_ready_reminders_send() == 1
    assert send_camera_ready_reminders() == 0
    assert camera_ready_mails() == [f"camera_ready_reminder:{paper_id}"]


def test_camera_ready_reminder_default_3_waits_for_day_3(accepted):
    assert camera_ready_reminders_send() == 0
    assert camera_ready_reminders_send(now=timezone.now() + timedelta(days=1, hours=1)) == 1
    assert len(camera_ready_mails()) == 1


def test_camera_ready_reminder_days_0_sends_none(accepted):
    review_settings_save(workshop=accepted, values={"camera_ready_reminder_days": 0})
    assert camera_ready_reminders_send() == 0
    assert camera_ready_reminders_send(now=timezone.now() + timedelta(days=3, hours=23)) == 0
    assert camera_ready_mails() == []


def test_settings_form_saves_and_shows_camera_ready_days(client, team):
    workshop, olga, *_ = team
    client.force_login(olga)
    response = client.post(settings_url(workshop), settings_post(camera_ready_reminder_days="5"))
    assert response.status_code == 302
    assert ReviewSettings.objects.get(workshop=workshop).camera_ready_reminder_days == 5
    html = client.get(settings_url(workshop)).content.decode()
    assert 'name="camera_ready_reminder_days" value="5"' in html


@pytest.mark.parametrize("days", ["31", "-1", ""])
def test_settings_form_refuses_camera_ready_days_out_of_range(client, team, days):
    workshop, olga, *_ = team
    client.force_login(olga)
    response = client.post(settings_url(workshop), settings_post(camera_ready_reminder_days=days))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["camera_ready_reminder_days"]
    assert not ReviewSettings.objects.filter(workshop=workshop).exists()
