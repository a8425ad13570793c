"""OpenReview exchange: the matcher's files out, its assignment back in as a proposal, the
expertise dataset, and external scores as a part of the affinity."""

import csv
import io
import json
import zipfile
from collections import defaultdict

import pytest
from django.urls import reverse

from assignment.engine import RunParameters, explain_now
from assignment.enums import RunKind, RunStatus
from assignment.models import Assignment, AssignmentRun, ExternalAffinity, ProposedPair
from assignment.openreview import assignments_json
from assignment.services import assignment_add, assignment_run_commit
from pool.imports import archive_papers_parse
from pool.paper_texts import PaperEntry
from pool.services import reviewer_papers_replace
from submissions.enums import SubmissionStatus
from tests.assignment.helpers import add_conflict, two_area_workshop
from tests.factories import AuthorshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(workshop, topics):
    papers, reviewers = two_area_workshop(workshop, topics)
    add_conflict(workshop, papers[1], reviewers["A"])
    return papers, reviewers


def url(workshop, name: str) -> str:
    return reverse(f"assignment:{name}", kwargs={"workshop": workshop.slug})


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def greedy(scores: list[list[str]], constraints: list[list[str]], k: int, max_load: int):
    """A tiny matcher: best pairs first, within k and the loads, honouring the constraints."""
    forbidden = {(p, r) for p, r, value in constraints if value == "-1"}
    must = [(p, r) for p, r, value in constraints if value == "1"]
    chosen = list(must)
    per_paper, load = defaultdict(int), defaultdict(int)
    for p, r in must:
        per_paper[p] += 1
        load[r] += 1
    for p, r, _score in sorted(scores, key=lambda row: -float(row[2])):
        if (p, r) in forbidden or (p, r) in chosen:
            continue
        if per_paper[p] < k and load[r] < max_load:
            chosen.append((p, r))
            per_paper[p] += 1
            load[r] += 1
    score_of = {(p, r): float(s) for p, r, s in scores}
    return [(p, r, score_of.get((p, r), 0.0)) for p, r in chosen]


def test_round_trip_through_the_matcher_formats(client, workshop, organizer, world):
    papers, reviewers = world
    assignment_add(
        workshop=workshop, submission=papers[3], reviewer=reviewers["D"], by=organizer
    )  # must-assign
    client.force_login(organizer)
    scores = rows(client.get(url(workshop, "openreview_scores")))
    constraints = rows(client.get(url(workshop, "openreview_constraints")))

    assert ["1", "ada@alpha.example.org", "-1"] in constraints
    assert ["3", "di@delta.example.org", "1"] in constraints
    assert not [row for row in scores if row[:2] == ["1", "ada@alpha.example.org"]]
    assert len(scores) == 4 * 4 - 1
    assert all(0 <= float(score) <= 1 for _, _, score in scores)

    written = greedy(scores, constraints, k=2, max_load=2)
    file = io.StringIO(assignments_json(written))
    file.name = "assignments.json"
    response = client.post(url(workshop, "openreview_import_assignment"), {"upload": file})

    run = AssignmentRun.objects.get(kind=RunKind.IMPORTED)
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.DONE and run.is_pending_proposal
    proposed = set(
        ProposedPair.objects.filter(run=run).values_list("submission__number", "reviewer__email")
    )
    assert proposed == {(int(p), r) for p, r, _ in written}
    assert (1, "ada@alpha.example.org") not in proposed
    assert ProposedPair.objects.get(run=run, submission=papers[3], reviewer=reviewers["D"]).is_fixed
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert "Imported from openreview-matcher" in page.content.decode()

    summary = assignment_run_commit(run=run, by=organizer)
    assert summary.added == len(written) - 1
    assert set(Assignment.objects.values_list("submission__number", "reviewer__email")) == proposed


def post_assignment(client, workshop, data) -> tuple:
    response = client.post(
        url(workshop, "openreview_import_assignment"), {"text": json.dumps(data)}
    )
    return response, AssignmentRun.objects.filter(kind=RunKind.IMPORTED).first()


def notes(run) -> list[str]:
    return [note["text"] for note in run.import_report]


def test_import_leaves_out_a_conflict_and_says_so(client, workshop, organizer, world):
    client.force_login(organizer)
    _, run = post_assignment(
        client,
        workshop,
        {"1": [{"user": "ada@alpha.example.org", "aggregate_score": 0.9},
               {"user": "bo@beta.example.org", "aggregate_score": 0.8}]},
    )  # fmt: skip
    assert "paper #1: reviewer ada@alpha.example.org has a conflict; left out" in notes(run)
    assert set(run.pairs.values_list("reviewer__email", flat=True)) == {"bo@beta.example.org"}
    page = client.get(run.get_absolute_url()).content.decode()
    assert "reviewer ada@alpha.example.org has a conflict; left out" in page


def test_import_leaves_out_strangers_and_unsubmitted_papers(client, workshop, organizer, world):
    papers, _ = world
    papers[4].status = SubmissionStatus.WITHDRAWN
    papers[4].save()
    client.force_login(organizer)
    _, run = post_assignment(
        client,
        workshop,
        {
            "2": [{"user": "who@else.org", "aggregate_score": 1}, {"user": "BO@beta.example.org"}],
            "4": [{"user": "cy@gamma.example.org"}],
            "9": [{"user": "cy@gamma.example.org"}],
            "x": [{"user": "cy@gamma.example.org"}],
            "3": [{"user": "cy@gamma.example.org"}, {"user": "cy@gamma.example.org"}, {"a": 1}],
        },
    )
    assert notes(run) == [
        "paper “x”: not a paper number; left out",
        "paper #3: entry {'a': 1} names no user; left out",
        "paper #2: who@else.org is not a reviewer of this workshop; left out",
        "paper #4: withdrawn, not a submitted paper; cy@gamma.example.org left out",
        "paper #9: no such paper in this workshop; cy@gamma.example.org left out",
        "paper #3: cy@gamma.example.org is listed twice; counted once",
        "paper #1: 0 of 3 reviewers",
        "paper #2: 1 of 3 reviewers",
        "paper #3: 1 of 3 reviewers",
    ]
    assert set(run.pairs.values_list("submission__number", "reviewer__email")) == {
        (2, "bo@beta.example.org"),
        (3, "cy@gamma.example.org"),
    }


def test_import_over_max_load_is_kept_and_reported(client, workshop, organizer, world):
    workshop.max_papers_per_reviewer = 2
    workshop.save()
    client.force_login(organizer)
    entry = [{"user": "bo@beta.example.org"}]
    _, run = post_assignment(client, workshop, {"1": entry, "2": entry, "3": entry, "4": entry})
    assert run.pairs.count() == 4
    assert "bo@beta.example.org: 4 papers, over their max load 2; kept" in notes(run)


def test_import_keeps_must_assign_pairs_missing_from_the_file(client, workshop, organizer, world):
    papers, reviewers = world
    assignment_add(workshop=workshop, submission=papers[2], reviewer=reviewers["B"], by=organizer)
    client.force_login(organizer)
    _, run = post_assignment(client, workshop, {"1": [{"user": "bo@beta.example.org"}]})
    assert "paper #2: must-assign reviewer bo@beta.example.org is not in the file; kept" in notes(
        run
    )
    assert run.pairs.filter(submission=papers[2], is_fixed=True).exists()
    assignment_run_commit(run=run, by=organizer)  # the must-assign check passes


def test_unreadable_assignment_keeps_the_pasted_text(client, workshop, organizer, world):
    client.force_login(organizer)
    response = client.post(url(workshop, "openreview_import_assignment"), {"text": '{"1": [oops'})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not JSON" in page
    assert "{&quot;1&quot;: [oops" in page
    assert not AssignmentRun.objects.exists()


def test_assignment_with_nothing_usable_is_refused(client, workshop, organizer, world):
    client.force_login(organizer)
    response, run = post_assignment(client, workshop, {"1": [{"user": "ada@alpha.example.org"}]})
    assert response.status_code == 400
    assert run is None
    page = response.content.decode()
    assert "No pair in the file can be assigned" in page
    assert "reviewer ada@alpha.example.org has a conflict; left out" in page


def test_empty_form_asks_for_a_file(client, workshop, organizer, world):
    client.force_login(organizer)
    response = client.post(url(workshop, "openreview_import_assignment"), {"text": "  "})
    assert response.status_code == 400
    assert "Choose a file or paste its content." in response.content.decode()


def test_organizer_author_gets_nothing_of_their_paper(client, workshop, organizer, world):
    papers, reviewers = world
    AuthorshipFactory(submission=papers[2], user=organizer, email=organizer.email)
    client.force_login(organizer)
    scores = rows(client.get(url(workshop, "openreview_scores")))
    assert {row[0] for row in scores} == {"1", "3", "4"}
    response = client.get(url(workshop, "openreview_expertise"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(json.loads(archive.read("submissions.json"))) == {"1", "3", "4"}


def test_exports_are_private_and_spreadsheet_safe(client, workshop, organizer, world):
    papers, reviewers = world
    reviewers["B"].email = "=cmd@beta.example.org"
    reviewers["B"].save()
    client.force_login(organizer)
    response = client.get(url(workshop, "openreview_scores"))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert {row[1] for row in rows(response)} == {
        "'=cmd@beta.example.org",
        "ada@alpha.example.org",
        "cy@gamma.example.org",
        "di@delta.example.org",
    }
    constraints = client.get(url(workshop, "openreview_constraints"))
    assert constraints["Cache-Control"] == "private, no-store"
    assert rows(constraints) == [["1", "ada@alpha.example.org", "-1"]]


def test_expertise_dataset_layout(client, workshop, organizer, world):
    papers, reviewers = world
    profile = reviewers["C"].reviewer_profiles.get(workshop=workshop)
    reviewer_papers_replace(
        profile=profile,
        papers=[
            PaperEntry("LoRA revisited", "Low-rank adapters\nfor tasks.", year=2023),
            PaperEntry("Prompt tuning at scale"),
        ],
    )
    client.force_login(organizer)
    response = client.get(url(workshop, "openreview_expertise"))
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "archives/~cy@gamma.example.org.jsonl",
        "submissions.json",
    ]
    submissions = json.loads(archive.read("submissions.json"))
    assert submissions["1"] == {
        "id": "1",
        "content": {"title": papers[1].title, "abstract": papers[1].abstract},
    }
    lines = archive.read("archives/~cy@gamma.example.org.jsonl").decode()
    parsed, broken = archive_papers_parse(lines)
    assert broken == []
    assert [(p.title, p.abstract) for p in parsed] == [
        ("LoRA revisited", "Low-rank adapters for tasks."),
        ("Prompt tuning at scale", ""),
    ]


def post_scores(client, workshop, text: str, weight: float = 0.5):
    return client.post(url(workshop, "openreview_import_scores"), {"text": text, "weight": weight})


def test_external_scores_join_the_affinity_and_its_explanation(client, workshop, organizer, world):
    papers, reviewers = world
    client.force_login(organizer)
    before = explain_now(workshop=workshop, submission=papers[1], user=reviewers["C"])
    assert "external" not in before
    response = post_scores(client, workshop, "paper_id,reviewer,score\n1,cy@gamma.example.org,1\n")
    assert response.status_code == 302
    assert ExternalAffinity.objects.get().score == 1.0
    assert RunParameters.defaults(workshop).external_weight == 0.5
    after = explain_now(workshop=workshop, submission=papers[1], user=reviewers["C"])
    assert after["external"] == {"component": 1.0, "contribution": 0.5}
    assert after["score"] == pytest.approx(min(1.0, before["score"] + 0.5), abs=1e-3)
    other = explain_now(workshop=workshop, submission=papers[2], user=reviewers["C"])
    assert other["external"] == {"component": None, "contribution": 0.0}
    page = client.get(
        reverse(
            "assignment:explain",
            kwargs={"workshop": workshop.slug, "number": 1, "reviewer": reviewers["C"].pk},
        )
    ).content.decode()
    assert "External score (imported)" in page


def test_bad_score_lines_are_reported_and_the_rest_imported(client, workshop, organizer, world):
    client.force_login(organizer)
    response = post_scores(
        client,
        workshop,
        "1,cy@gamma.example.org,0.4\n2,who@else.org,0.5\n9,cy@gamma.example.org,0.5\n"
        "3,cy@gamma.example.org,1.5\n4,cy@gamma.example.org,high\n4,cy@gamma.example.org\n",
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "line 2: who@else.org is not a reviewer of this workshop; left out",
        "line 3: no paper #9 in this workshop; left out",
        "line 4: the score 1.5 is not between 0 and 1",
        "line 5: the score “high” is not a number",
        "line 6: 2 columns, expected paper_id,reviewer,score",
    ):
        assert message in page
    assert ExternalAffinity.objects.count() == 1


def test_scores_with_nothing_usable_change_nothing(client, workshop, organizer, world):
    client.force_login(organizer)
    post_scores(client, workshop, "1,cy@gamma.example.org,0.4\n")
    response = post_scores(client, workshop, "1,who@else.org,0.4\n")
    assert response.status_code == 400
    assert "No score in the file could be used; nothing changed." in response.content.decode()
    assert "1,who@else.org,0.4" in response.content.decode()
    assert ExternalAffinity.objects.count() == 1
    client.post(url(workshop, "openreview_clear_scores"))
    assert not ExternalAffinity.objects.exists()
    assert RunParameters.defaults(workshop).external_weight == 0.0
