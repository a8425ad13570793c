import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from decisions.services import decision_set
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    workshop = reviewing_workshop(slug="ex")
    olga = add_organizer(workshop, name="")
    submission = paper(
        workshop,
        number=1,
        title='=HYPERLINK("http://evil")',
        authors=[("+Mallory", "mallory@x.org")],
    )
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    assign(submission, rita)
    submit(submission, rita, score=7, confidence=2, confidential_comments="-secret note")
    decision_set(submission=submission, outcome="poster", meta_review="@meta", by=olga)
    return workshop, olga


def get_csv(client, name):
    url = reverse(
        "decisions:export_file", kwargs={"workshop": "ex", "name": name, "extension": "csv"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ex-' + name)
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_export_csv_cells_neutralize_formulas(client, exported):
    _, olga = exported
    client.force_login(olga)
    (row,) = get_csv(client, "submissions")
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["authors"] == "'+Mallory"
    (author,) = get_csv(client, "authors")
    assert (author["name"], author["email"]) == ("'+Mallory", "mallory@x.org")
    (review,) = get_csv(client, "reviews")
    assert (review["reviewer_email"], review["score"], review["confidential_comments"]) == (
        "rita@uni.example.org",
        "7",
        "'-secret note",
    )
    (decision,) = get_csv(client, "decisions")
    assert (decision["outcome"], decision["meta_review"], decision["mean"]) == (
        "poster",
        "'@meta",
        "7.0",
    )
    assert decision["score_std_dev"] == "0.0"  # the measure the disagreement setting uses
    (assignment,) = get_csv(client, "assignments")
    assert (assignment["reviewer_name"], assignment["review_status"]) == (
        "Rita Reviewer",
        "submitted",
    )


def test_export_json_has_raw_values(client, exported):
    _, olga = exported
    client.force_login(olga)
    url = reverse(
        "decisions:export_file", kwargs={"workshop": "ex", "name": "decisions", "extension": "json"}
    )
    (row,) = json.loads(client.get(url).content)
    assert (row["number"], row["reviews"], row["weighted_mean"], row["meta_review"]) == (
        1,
        1,
        7.0,
        "@meta",
    )


def test_export_unknown_name_is_404(client, exported):
    _, olga = exported
    client.force_login(olga)
    url = reverse(
        "decisions:export_file", kwargs={"workshop": "ex", "name": "passwords", "extension": "csv"}
    )
    assert client.get(url).status_code == 404


def test_export_workshop_command_writes_all_files(exported, tmp_path):
    out = io.StringIO()
    call_command("export_workshop", "ex", "--out", str(tmp_path / "dump"), stdout=out)
    names = sorted(path.name for path in (tmp_path / "dump").iterdir())
    assert names == sorted(
        f"ex-{name}.{ext}"
        for name in ("submissions", "authors", "reviews", "assignments", "decisions")
        for ext in ("csv", "json")
    )
    reviews = json.loads((tmp_path / "dump" / "ex-reviews.json").read_text())
    assert [row["reviewer_email"] for row in reviews] == ["rita@uni.example.org"]
    assert "10 files written" in out.getvalue()
