"""The proceedings bundle: every accepted paper's camera-ready PDF (the submitted PDF when
no camera-ready version came, flagged in `pdf_source`), `papers.csv`, `papers.json` and
`proceedings.bib`, as one streamed zip. Papers come from decisions.selectors."""

from __future__ import annotations

import csv
import io
import json
import re

from accounts.models import User
from decisions.selectors import proceedings_papers
from fomo_site.exports import csv_safe
from fomo_site.zipstream import Member, paper_file_name
from submissions.models import Submission
from topics.models import Workshop

CAMERA_READY = "camera-ready"
SUBMITTED = "submitted"

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIALS))


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX specials escaped, on one line."""
    one_line = " ".join(text.split())
    return _BIBTEX_SPECIAL.sub(lambda match: BIBTEX_SPECIALS[match.group()], one_line)


def _bibtex_author(name: str) -> str:
    escaped = bibtex_escape(name)
    # A name with the word "and" in it would be split in two by BibTeX.
    return f"{{{escaped}}}" if re.search(r"\band\b", escaped, re.IGNORECASE) else escaped


def _pdf(paper: Submission):
    if paper.camera_ready_pdf:
        return paper.camera_ready_pdf, CAMERA_READY
    if paper.pdf:
        return paper.pdf, SUBMITTED
    return None, ""


def paper_rows(papers: list[Submission]) -> list[dict]:
    rows = []
    for paper in papers:
        authors = list(paper.authorships.all())
        stored, source = _pdf(paper)
        rows.append(
            {
                "number": paper.number,
                "title": paper.title,
                "authors": [author.name for author in authors],
                "affiliations": [author.affiliation for author in authors],
                "abstract": paper.abstract,
                "keywords": paper.keyword_list,
                "outcome": paper.decision.outcome,
                "topic": paper.primary_topic.name,
                "file": paper_file_name(paper.number, paper.title) if stored else "",
                "pdf_source": source,
            }
        )
    return rows


def papers_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["number"])
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: csv_safe("; ".join(value) if isinstance(value, list) else value)
                for key, value in row.items()
            }
        )
    return out.getvalue()


def papers_json(rows: list[dict]) -> str:
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"


def proceedings_bibtex(*, workshop: Workshop, rows: list[dict]) -> str:
    year = workshop.camera_ready_deadline.year
    entries = []
    for row in rows:
        fields = [
            ("title", f"{{{bibtex_escape(row['title'])}}}"),
            ("author", " and ".join(_bibtex_author(name) for name in row["authors"])),
            ("booktitle", bibtex_escape(workshop.name)),
            ("year", str(year)),
        ]
        if row["keywords"]:
            fields.append(("keywords", bibtex_escape(", ".join(row["keywords"]))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@inproceedings{{{workshop.slug}-{row['number']},\n{body}\n}}\n")
    return "\n".join(entries)


def proceedings_members(*, workshop: Workshop, user: User) -> list[Member]:
    """The files of the bundle; the PDFs are opened one at a time while streaming."""
    papers = proceedings_papers(workshop=workshop, user=user)
    rows = paper_rows(papers)
    members = [
        Member(name="papers.csv", data=papers_csv(rows).encode(), compress=True),
        Member(name="papers.json", data=papers_json(rows).encode(), compress=True),
        Member(
            name="proceedings.bib",
            data=proceedings_bibtex(workshop=workshop, rows=rows).encode(),
            compress=True,
        ),
    ]
    for paper, row in zip(papers, rows, strict=True):
        stored, _ = _pdf(paper)
        if stored:
            members.append(Member(name=row["file"], open=stored.open))
    return members
