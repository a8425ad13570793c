"""The organizer pages share one navigation in which every page is named once."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_decision_pages_show_their_tabs_under_the_sections(client, workshop, organizer):
    client.force_login(organizer)
    response = client.get(reverse("decisions:stats", kwargs={"workshop": workshop.slug}))
    assert tab_labels(response.content.decode())[10:] == [
        "Progress", "Decisions", "Decision emails", "Statistics", "Exports", "Review form"
    ]  # fmt: skip


ORGANIZER_PAGES = [
    "submissions:manage_list",
    "pool_manage:pool",
    "assignment:overview",
    "reviews_manage:progress",
    "decisions:table",
    "decisions:stats",
    "decisions:exports",
    "notifications:mail_log",
    "tracks:list",
]


def tab_labels(html: str) -> list[str]:
    """The labels of the links in the page's tab bars (nav-pills and nav-tabs)."""
    bars = re.findall(
        r'<(?:nav|ul) class="nav nav-(?:pills|tabs)[^"]*".*?</(?:nav|ul)>', html, re.S
    )
    return [
        label.strip()
        for bar in bars
        for label in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', bar)
    ]


@pytest.mark.parametrize("name", ORGANIZER_PAGES)
def test_organizer_tabs_name_each_page_once(client, workshop, organizer, name):
    client.force_login(organizer)
    response = client.get(reverse(name, kwargs={"workshop": workshop.slug}))
    assert response.status_code == 200
    labels = tab_labels(response.content.decode())
    assert labels[:10] == [
        "Submissions", "Reviewers", "Assignment", "Reviews and decisions", "Messages",
        "Mail log", "Topics", "Tracks", "Settings", "Organizers",
    ]  # fmt: skip
    assert sorted(label for label in set(labels) if labels.count(label) > 1) == []
