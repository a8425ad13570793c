import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from topics.models import Topic, Workshop
from topics.services import cfp_data, cfp_text_tidy

SEED_SUBTOPICS = [
    "Understanding the data",
    "Loss Functions",
    "Model Architecture",
    "Generalization, transfer, and representation learning",
    "Fine-tuning, prompting, in-context learning",
    "Instruction Tuning",
    "Model Un-Learning and Watermarking",
    "Safety and Alignment",
    "Robustness, Calibration, and Biases",
    "Efficient methods",
    "Scale-driven capabilities",
    "Scaling laws",
]


@pytest.mark.django_db
def test_load_cfp_creates_every_topic_of_the_call():
    call_command("load_cfp")
    workshop = Workshop.objects.get(slug="me-fomo")
    areas = list(workshop.topics.filter(parent=None).values_list("name", flat=True))
    subtopics = list(workshop.topics.exclude(parent=None).values_list("name", flat=True))
    assert areas == ["Pre-Training", "Adaptation", "Emergent phenomena"]
    assert sorted(subtopics) == sorted(SEED_SUBTOPICS)
    grokking = workshop.topics.get(slug="scaling-laws").description
    assert "Grokking: how do new capabilities suddenly emerge during FM training?" in grokking


@pytest.mark.django_db
def test_load_cfp_twice_changes_nothing():
    call_command("load_cfp")
    workshop = Workshop.objects.get(slug="me-fomo")
    before = (workshop.submission_deadline, Topic.objects.count(), workshop.updated_at)
    call_command("load_cfp")
    workshop.refresh_from_db()
    assert (workshop.submission_deadline, Topic.objects.count(), workshop.updated_at) == before
    assert Workshop.objects.count() == 1


@pytest.mark.django_db
def test_cfp_page_shows_tree_dates_and_countdown(client):
    call_command("load_cfp")
    response = client.get(reverse("topics:cfp", kwargs={"workshop": "me-fomo"}))
    html = response.content.decode()
    assert response.status_code == 200
    for name in SEED_SUBTOPICS:
        assert name.replace(",", ",") in html
    assert "Call for papers open" in html
    assert 'class="fomo-countdown" data-deadline=' in html
    assert "AoE" in html


@pytest.mark.django_db
def test_cfp_page_unknown_slug_is_404_in_site_style(client):
    response = client.get("/no-such-workshop/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"See all workshops" in response.content


@pytest.mark.django_db
def test_workshop_description_markdown_escapes_html(client):
    call_command("load_cfp")
    Workshop.objects.filter(slug="me-fomo").update(description="**Bold** <script>alert(1)</script>")
    html = client.get("/me-fomo/").content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)</script>" not in html


def test_cfp_data_has_three_areas_and_twelve_subtopics():
    data = cfp_data()
    assert [area["name"] for area in data["topics"]] == [
        "Pre-Training",
        "Adaptation",
        "Emergent phenomena",
    ]
    assert sum(len(area["children"]) for area in data["topics"]) == 12


@pytest.mark.django_db
def test_load_cfp_text_has_no_space_before_punctuation():
    call_command("load_cfp", slug="me-fomo")
    workshop = Workshop.objects.get(slug="me-fomo")
    assert "(e.g., GPT-3, BERT, PaLM, LLaMa)" in workshop.description
    assert "such as in-context learning, but" in workshop.description
    texts = [workshop.description, *Topic.objects.values_list("description", flat=True)]
    assert not [text for text in texts if re.search(r"\s[,;:.)]|\(\s", text)]


def test_cfp_text_tidy_joins_stray_spaces_as_in_the_seed_call():
    seed = "language (e.g., GPT-3 , BERT, PaLM, LLaMa ), vision ( e.g., SimCLR) ; done ."
    assert (
        cfp_text_tidy(seed)
        == "language (e.g., GPT-3, BERT, PaLM, LLaMa), vision (e.g., SimCLR); done."
    )
