import pytest
from django.urls import reverse

from decisions.selectors import workshop_stats
from decisions.services import decision_set
from fomo_site.charts import bar_chart, histogram
from reviews.models import ReviewFormField, ReviewSettings
from tests.factories import UserFactory
from tests.reviews.review_builders import assign, paper, reviewer, reviewing_workshop, submit, topic

pytestmark = pytest.mark.django_db


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = str(bar_chart([("<script>x</script>", 4), ("B & C", 2)], title="T <i>"))
    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "B &amp; C" in svg
    assert "T &lt;i&gt;" in svg
    assert 'width="360.0"' in svg and 'width="180.0"' in svg
    assert "style=" not in svg


def test_histogram_counts_each_score():
    svg = str(histogram([1, 3, 3, 10], low=1, high=10, title="Scores"))
    assert "<title>score 3: 2 review(s)</title>" in svg
    assert "<title>score 2: 0 review(s)</title>" in svg
    assert svg.count("<rect") == 10


def test_chart_without_data_says_so():
    assert "No data yet." in str(bar_chart([], title="Empty"))


def test_workshop_stats_counts(db):
    workshop = reviewing_workshop(slug="st")
    olga = UserFactory()
    workshop.organizers.add(olga)
    one = paper(workshop, number=1, slug="scaling")
    one.secondary_topics.set([topic(workshop, "data")])
    two = paper(workshop, number=2, slug="data")
    rita = reviewer(workshop, "rita@uni.example.org")
    for submission, score in ((one, 8), (two, 3)):
        assign(submission, rita)
        submit(submission, rita, score=score)
    decision_set(submission=one, outcome="oral", by=olga)
    decision_set(submission=two, outcome="reject", by=olga)
    stats = workshop_stats(workshop=workshop, user=olga)
    assert stats.primary_per_topic == [("Scaling laws", 1), ("Data", 1)]
    assert stats.any_per_topic == [("Scaling laws", 1), ("Data", 2)]
    assert sorted(stats.scores) == [3, 8]
    assert [count for _, count in stats.reviews_per_day] == [2]
    assert sorted(stats.acceptance_by_topic) == [("Data", 0.0), ("Scaling laws", 100.0)]


def test_stats_page_renders_svg(client, db):
    workshop = reviewing_workshop(slug="st2")
    olga = UserFactory()
    workshop.organizers.add(olga)
    paper(workshop, number=1)
    client.force_login(olga)
    html = client.get(reverse("decisions:stats", kwargs={"workshop": "st2"})).content.decode()
    assert html.count("<svg") == 2
    assert "Submissions per primary topic" in html and "Review scores" in html


def test_review_settings_page_adds_custom_field_and_scale(client, db):
    workshop = reviewing_workshop(slug="cf")
    olga = UserFactory()
    workshop.organizers.add(olga)
    client.force_login(olga)
    url = reverse("reviews_manage:settings", kwargs={"workshop": "cf"})
    response = client.post(
        url,
        {
            "form": "field",
            "kind": "text",
            "label": "Reproducibility",
            "help_text": "",
            "visible_to_authors": "on",
            "score_min": "1",
            "score_max": "5",
        },
    )
    assert response.status_code == 302
    field = ReviewFormField.objects.get(workshop=workshop)
    assert (field.label, field.kind, field.visible_to_authors, field.required) == (
        "Reproducibility",
        "text",
        True,
        False,
    )
    response = client.post(
        url,
        {
            "form": "settings",
            "score_min": "1",
            "score_max": "5",
            "disagreement_spread": "1.5",
            "outcomes": ["poster", "reject"],
            "reminder_days_before": "2",
            "camera_ready_reminder_days": "4",
        },
    )
    assert response.status_code == 302
    saved = ReviewSettings.objects.get(workshop=workshop)
    assert (
        saved.score_max,
        saved.outcomes,
        saved.reminder_days_before,
        saved.camera_ready_reminder_days,
        saved.score_labels,
    ) == (5, ["poster", "reject"], 2, 4, {})
