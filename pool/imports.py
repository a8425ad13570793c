"""Reading reviewer lists (CSV pasted or uploaded, or a file given to import_reviewers) and
reviewers' own papers in OpenReview's expertise format (import_expertise)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

COLUMNS = ("name", "email", "affiliation", "expertise", "profile", "max_load")


REQUIRED_COLUMNS = ("name", "email")


@dataclass(frozen=True)
class ReviewerLine:
    line: int
    name: str
    email: str
    affiliation: str = ""
    expertise: str = ""
    profile: str = ""
    max_load: str = ""


@dataclass(frozen=True)
class BrokenLine:
    line: int
    reason: str


def reviewer_lines_parse(text: str) -> tuple[list[ReviewerLine], list[BrokenLine]]:
    """Rows of name, email[, affiliation, expertise, profile, max_load].

    A header row (one naming an ``email`` column) sets the column order; without one the
    columns come in the order above. A broken line is reported and the others go on.
    """
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    lines: list[ReviewerLine] = []
    broken: list[BrokenLine] = []
    columns: tuple[str, ...] = COLUMNS[:3]
    header_seen = False
    while True:
        line = reader.line_num + 1  # where the record starts (a quoted cell may span lines)
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            broken.append(BrokenLine(line, f"unreadable CSV ({error})"))
            continue
        cells = [cell.strip() for cell in record]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen and "email" in [cell.lower() for cell in cells]:
            header_seen = True
            names = tuple(cell.lower().replace(" ", "_") for cell in cells)
            unknown = [name for name in names if name not in COLUMNS]
            missing = [name for name in REQUIRED_COLUMNS if name not in names]
            if unknown or missing:
                problem = []
                if unknown:
                    problem.append("unknown columns " + ", ".join(unknown))
                if missing:
                    problem.append("missing columns " + ", ".join(missing))
                broken.append(BrokenLine(line, "bad header: " + "; ".join(problem)))
                return lines, broken
            columns = names
            continue
        header_seen = True
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            broken.append(
                BrokenLine(line, f"{len(cells)} columns, expected at most {len(columns)}")
            )
            continue
        if len(cells) < min(2, len(columns)):
            broken.append(BrokenLine(line, "expected at least a name and an email address"))
            continue
        values = dict(zip(columns, cells, strict=False))
        lines.append(
            ReviewerLine(
                line=line,
                name=values.get("name", ""),
                email=values.get("email", ""),
                affiliation=values.get("affiliation", ""),
                expertise=values.get("expertise", ""),
                profile=values.get("profile", ""),
                max_load=values.get("max_load", ""),
            )
        )
    return lines, broken


@dataclass(frozen=True)
class ArchivePaper:
    title: str
    abstract: str = ""
    year: int | None = None
    url: str = ""

    @property
    def as_text(self) -> str:
        """One paper of a reviewer's own-papers text: title on the first line, then the
        abstract, with no blank line inside (a blank line separates papers)."""
        abstract = " ".join(self.abstract.split())
        return f"{' '.join(self.title.split())}\n{abstract}".strip()


def archive_papers_parse(text: str) -> tuple[list[ArchivePaper], list[BrokenLine]]:
    """One OpenReview expertise archive (``archives/~<id>.jsonl``): a JSON object a line,
    its ``content.title`` and ``content.abstract`` (plain strings or ``{"value": …}``), and
    ``content.year`` and ``content.link`` when given."""
    papers: list[ArchivePaper] = []
    broken: list[BrokenLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            content = json.loads(line).get("content") or {}
        except (ValueError, AttributeError):
            broken.append(BrokenLine(number, "not a JSON object"))
            continue
        title, abstract = (_field(content, name) for name in ("title", "abstract"))
        if not title:
            broken.append(BrokenLine(number, "no content.title"))
            continue
        year = _value(content, "year")
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        papers.append(
            ArchivePaper(
                title=title,
                abstract=abstract,
                year=year if isinstance(year, int) and not isinstance(year, bool) else None,
                url=_field(content, "link").strip(),
            )
        )
    return papers, broken


def _value(content: dict, name: str):
    value = content.get(name)
    if isinstance(value, dict):  # OpenReview API v2 wraps every field as {"value": …}
        value = value.get("value")
    return value


def _field(content: dict, name: str) -> str:
    value = _value(content, name)
    return value if isinstance(value, str) else ""
