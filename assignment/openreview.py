"""OpenReview's file formats, read and written as plain values (no database here).

* openreview-matcher input: scores ``paper_id,reviewer,score`` and constraints
  ``paper_id,reviewer,constraint`` (-1 never assign, 1 must assign), CSV without header.
* openreview-matcher output: ``assignments.json`` =
  ``{paper_id: [{"user": reviewer, "aggregate_score": x}, ...]}``.
* openreview-expertise dataset: ``submissions.json`` =
  ``{paper_id: {"id": paper_id, "content": {"title": …, "abstract": …}}}`` and
  ``archives/~<reviewer>.jsonl``, one of the reviewer's papers a line.

fomo's ids: a paper is its submission number (as on every page, "#12" is ``12``); a
reviewer is their email address.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from fomo_site.exports import csv_safe
from pool.imports import ArchivePaper

CONFLICT, MUST_ASSIGN = -1, 1


@dataclass(frozen=True)
class Problem:
    """A line or entry left out, said in the words an organizer reads."""

    where: str  # "line 4", "paper #12"
    message: str
    paper: int | None = None  # the paper it is about, to hide it from that paper's authors

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ScoreLine:
    line: int
    paper: int
    reviewer: str
    score: float


@dataclass(frozen=True)
class ImportedPair:
    paper: int
    reviewer: str
    score: float | None


def csv_text(rows: Iterable[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        # numbers are written as they are: "-1" is the matcher's conflict, not a formula
        writer.writerow([csv_safe(cell) if isinstance(cell, str) else cell for cell in row])
    return out.getvalue()


def paper_id(value: object) -> int | None:
    """A paper number from "12", "#12" or 12; None for anything else."""
    text = str(value).strip().removeprefix("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def scores_parse(text: str) -> tuple[list[ScoreLine], list[Problem]]:
    """``paper_id,reviewer,score`` lines; a header line and blank lines are skipped."""
    lines: list[ScoreLine] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    for number, record in enumerate(reader, start=1):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        where = f"line {number}"
        if len(cells) != 3:
            problems.append(
                Problem(where, f"{len(cells)} columns, expected paper_id,reviewer,score")
            )
            continue
        paper, reviewer, raw_score = cells
        if number == 1 and paper_id(paper) is None and not _is_number(raw_score):
            continue  # a header
        try:
            score = float(raw_score)
        except ValueError:
            problems.append(Problem(where, f"the score “{raw_score}” is not a number"))
            continue
        if paper_id(paper) is None:
            problems.append(Problem(where, f"“{paper}” is not a paper number"))
        elif not math.isfinite(score) or not 0 <= score <= 1:
            problems.append(Problem(where, f"the score {raw_score} is not between 0 and 1"))
        else:
            lines.append(ScoreLine(number, paper_id(paper), reviewer.lower(), score))
    return lines, problems


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class UnreadableFile(ValueError):
    pass


def assignments_parse(text: str) -> tuple[list[ImportedPair], list[Problem]]:
    """openreview-matcher's ``assignments.json``; raises UnreadableFile when it is not one."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as error:
        raise UnreadableFile(f"This is not JSON ({error}).") from error
    if not isinstance(data, dict):
        raise UnreadableFile(
            'Expected an object {"paper id": [{"user": reviewer, "aggregate_score": x}, …]}.'
        )
    pairs: list[ImportedPair] = []
    problems: list[Problem] = []
    for key, entries in data.items():
        paper = paper_id(key)
        if paper is None:
            problems.append(Problem(f"paper “{key}”", "not a paper number; left out"))
            continue
        if not isinstance(entries, list):
            problems.append(
                Problem(f"paper #{paper}", "expected a list of reviewers; left out", paper)
            )
            continue
        for entry in entries:
            user = entry.get("user") if isinstance(entry, dict) else None
            if not isinstance(user, str) or not user.strip():
                problems.append(
                    Problem(f"paper #{paper}", f"entry {entry!r} names no user; left out", paper)
                )
                continue
            score = entry.get("aggregate_score")
            number = float(score) if isinstance(score, int | float) else None
            pairs.append(ImportedPair(paper, user.strip().lower(), number))
    return pairs, problems


def assignments_json(pairs: Iterable[tuple[int, str, float]]) -> str:
    """The matcher's output shape, for tests and scripts: (paper, reviewer, score) rows."""
    data: dict[str, list] = {}
    for paper, reviewer, score in pairs:
        data.setdefault(str(paper), []).append({"user": reviewer, "aggregate_score": score})
    return json.dumps(data, indent=1)


def archive_paper(text: str) -> ArchivePaper:
    """One of a reviewer's own papers as stored in fomo: the title on the first line."""
    title, _, abstract = text.strip().partition("\n")
    return ArchivePaper(title=title.strip(), abstract=" ".join(abstract.split()))


def archive_jsonl(papers: Iterable[str], reviewer: str) -> str:
    return "".join(
        json.dumps(
            {
                "id": f"{reviewer}-{n}",
                "content": {"title": paper.title, "abstract": paper.abstract},
            }
        )
        + "\n"
        for n, paper in enumerate(map(archive_paper, papers), start=1)
    )


def submissions_json(papers: Iterable[tuple[int, str, str]]) -> str:
    """(number, title, abstract) rows; no authors, no keywords."""
    return json.dumps(
        {
            str(number): {"id": str(number), "content": {"title": title, "abstract": abstract}}
            for number, title, abstract in papers
        },
        indent=1,
    )
