import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
    ann.own_papers = "An old paper"
    ann.save()
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


def test_import_expertise_without_archives_says_so(tmp_path, workshop):
    with pytest.raises(CommandError, match="No archives/~<id>.jsonl files"):
        run(tmp_path)
