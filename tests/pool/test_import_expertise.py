import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pool.services import reviewer_paper_add
from tests.pool.helpers import make_reviewer

pytestmark = pytest.mark.django_db


def archive(folder, name: str, *records) -> None:
    (folder / "archives").mkdir(exist_ok=True)
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    (folder / "archives" / f"~{name}.jsonl").write_text("\n".join(lines), encoding="utf-8")


def paper(title: str, abstract: str = "", wrapped: bool = False) -> dict:
    if wrapped:  # OpenReview's API v2 shape
        return {
            "id": title,
            "content": {"title": {"value": title}, "abstract": {"value": abstract}},
        }
    return {"id": title, "content": {"title": title, "abstract": abstract}}


def run(folder, *args) -> list[str]:
    out = StringIO()
    call_command("import_expertise", str(folder), "--workshop", "fm-ws", *args, stdout=out)
    return out.getvalue().splitlines()


def test_import_expertise_replaces_papers_by_email_or_id_and_reports(tmp_path, workshop):
    ann = make_reviewer(workshop, "ann@mit.edu", "Ann")
    reviewer_paper_add(profile=ann, title="An old paper")
    bo = make_reviewer(workshop, "bo@eth.ch", "Bo")
    archive(
        tmp_path,
        "ann@mit.edu",
        paper("Scaling laws", "We fit\n\nloss curves."),
        "{broken",
        paper("Grokking", "Late generalization.", wrapped=True),
    )
    archive(tmp_path, "Bo_Example1", paper("Adapters"))
    archive(tmp_path, "Nobody1", paper("Unrelated"))
    (tmp_path / "ids.csv").write_text("id,email\n~Bo_Example1,bo@eth.ch\n", encoding="utf-8")

    lines = run(tmp_path, "--ids", str(tmp_path / "ids.csv"))

    assert lines == [
        "~Bo_Example1: 1 paper for bo@eth.ch",
        "~Nobody1: no reviewer of this workshop is nobody1",
        "~ann@mit.edu: 2 papers for ann@mit.edu",
        "~ann@mit.edu line 2: not a JSON object",
        "2 reviewers' papers imported, 1 skipped.",
    ]
    ann.refresh_from_db()
    bo.refresh_from_db()
    assert ann.own_paper_list == [
        "Scaling laws\nWe fit loss curves.",
        "Grokking\nLate generalization.",
    ]
    assert bo.own_paper_list == ["Adapters"]
    assert list(ann.papers.values_list("position", "year", "url")) == [(0, None, ""), (1, None, "")]


def test_import_expertise_keeps_year_and_link_when_given(tmp_path, workshop):
    ann = make_reviewer(workshop, "ann@mit.edu", "Ann")
    content = {"title": "Scaling laws", "abstract": "Curves.", "year": 2021,
               "link": "https://arxiv.org/pdf/2001.08361.pdf"}  # fmt: skip
    archive(
        tmp_path,
        "ann@mit.edu",
        {"id": "1", "content": content},
        {"id": "2", "content": {"title": {"value": "Wrapped"}, "year": {"value": "2019"}}},
        {"id": "3", "content": {"title": "Odd", "year": 12, "link": "not a link"}},
    )
    assert run(tmp_path)[0] == "~ann@mit.edu: 3 papers for ann@mit.edu"
    assert list(ann.papers.values_list("title", "abstract", "year", "url")) == [
        ("Scaling laws", "Curves.", 2021, "https://arxiv.org/pdf/2001.08361.pdf"),
        ("Wrapped", "", 2019, ""),
        ("Odd", "", None, ""),
    ]


def test_import_expertise_without_archives_says_so(tmp_path, workshop):
    with pytest.raises(CommandError, match="No archives/~<id>.jsonl files"):
        run(tmp_path)
