"""The self-identification check on generated PDFs: precision and recall.

Each paper is a real workshop abstract (demo/data/demo_papers.json) laid out as a PDF by
submissions.pdf.pdf_generate, read back through pdf_check (the upload path: a child
process, pypdf's text extraction) and checked by submissions.identity against its authors.
Half the papers leak identity in one of the places real papers do; the other half are
anonymous, including the hard cases (the authors cited in the third person, their company
named as a model's maker, others' repositories, a namesake).
Usage: python bench/identity.py [--teams 12]
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from submissions.identity import Author, identity_findings  # noqa: E402
from submissions.pdf import pdf_check, pdf_generate  # noqa: E402

TEAMS = [
    [("Ada Lovelace", "ada@analytical.example.org", "Analytical Engines Institute"),
     ("Charles Babbage", "cb@cam.example.ac.uk", "University of Cambridge")],
    [("Grace Hopper", "hopper@navy.example.mil", "Google"),
     ("Jean Sammet", "sammet@ibm.example.com", "IBM Research")],
    [("Alan Turing", "amt@manchester.example.ac.uk", "University of Manchester")],
    [("Katherine Johnson", "kjohnson@langley.example.gov", "NASA Langley Research Center"),
     ("Dorothy Vaughan", "dvaughan@langley.example.gov", "NASA Langley Research Center")],
    [("John von Neumann", "jvn@ias.example.org", "Institute for Advanced Study"),
     ("Oskar Morgenstern", "om@princeton.example.edu", "Princeton University")],
    [("Emmy Noether", "noether@goettingen.example.de", "University of Göttingen")],
    [("Claude Shannon", "shannon@bell.example.com", "Bell Labs"),
     ("Warren Weaver", "weaver@rockefeller.example.org", "Rockefeller Foundation")],
    [("Margaret Hamilton", "mhh@mit.example.edu", "Massachusetts Institute of Technology"),
     ("Barbara Liskov", "liskov@mit.example.edu", "Massachusetts Institute of Technology")],
    [("Yi Chen", "yichen@tsinghua.example.cn", "Tsinghua University"),
     ("Wei Zhang", "wzhang@tsinghua.example.cn", "Tsinghua University")],
    [("Sofia Kovalevskaya", "sofia@stockholm.example.se", "Meta"),
     ("Gösta Mittag-Leffler", "gml@stockholm.example.se", "Stockholm University")],
    [("Edsger Dijkstra", "ewd@utexas.example.edu", "University of Texas at Austin")],
    [("Frances Allen", "fran@ibm.example.com", "IBM Research"),
     ("Radia Perlman", "radia@dell.example.com", "Dell Technologies")],
]  # fmt: skip


@dataclass
class Case:
    placement: str  # where the identity is, or "clean: ..." for an anonymous paper
    leaks: bool
    lines: list[str]


def _surname(name: str) -> str:
    return name.split()[-1]


def _reference(team, year: int, title: str) -> str:
    names = " and ".join(f"{name.split()[0][0]}. {_surname(name)}" for name, _, _ in team)
    return f"{names}. {title}. In Proceedings, {year}."


def _cases(team, abstract: str, other_team) -> list[Case]:
    first, email, affiliation = team[0]
    body = textwrap.wrap(abstract, 90)
    head = ["Anonymous Authors", "Abstract", *body[:6]]
    refs = [
        "References",
        "[1] " + _reference(other_team, 2021, "Emergent abilities revisited"),
        "[2] " + _reference(team, 2022, "Scaling laws for small models"),
    ]
    initial_form = f"{first.split()[0][0]}. {_surname(first)}"
    grouped = "{" + ", ".join(e.split("@")[0] for _, e, _ in team) + "}@" + email.split("@")[1]
    owner = _surname(first).lower()
    return [
        Case("title block: full names", True,
             [", ".join(n for n, _, _ in team), "Abstract", *body[:6], *refs]),
        Case("title block: initial and surname", True,
             [initial_form, "Abstract", *body[:6], *refs]),
        Case("title block: grouped email", True, [grouped, "Abstract", *body[:6], *refs]),
        Case("title block: affiliation byline", True,
             [affiliation, "Abstract", *body[:6], *refs]),
        Case("footnote: work done at", True,
             [*head, f"* Work done while the first author was at {affiliation}.", *refs]),
        Case("acknowledgements", True,
             [*head, "Acknowledgements", "We thank our colleagues for discussions.", *refs]),
        Case("personal repository", True,
             [*head, f"Code: https://github.com/{owner}-lab/scaling-code", *refs]),
        Case("first person, numbered citation", True,
             [*head, "In our previous work [2], we showed that the loss falls.", *refs]),
        Case("first person, author-year citation", True,
             [*head, f"As we previously showed ({_surname(first)} et al., 2022), loss falls.",
              *refs]),
        Case("footnote: reversed name", True,
             [*head, f"* Correspondence: {_surname(first)}, {first.split()[0]}.", *refs]),
        Case("project page on github.io", True,
             [*head, f"Demo: https://{owner}.github.io/scaling-demo", *refs]),
        Case("funding thanks without a heading", True,
             [*head, "We thank the Simons Foundation for funding this work (grant 5541).",
              *refs]),
        Case("clean: anonymous", False, [*head, *refs]),
        Case("clean: acknowledgements heading left empty", False,
             [*head, "Acknowledgements", "Omitted for anonymity.", *refs]),
        Case("clean: affiliation named as a dataset's source", False,
             [*head, f"We use the benchmark released by {affiliation} in 2019.", *refs]),
        Case("clean: third-person self-citation", False,
             [*head, f"{_surname(first)} et al. [2] showed that the loss falls.", *refs]),
        Case("clean: others' repositories, anonymized code", False,
             [*head, "We build on https://github.com/huggingface/transformers; our code is at",
              "https://anonymous.4open.science/r/scaling-2231.", *refs]),
        Case("clean: company named as a model's maker", False,
             [*head, f"We compare with models released by {affiliation.split()[0]} in 2023.",
              *refs]),
        Case("clean: a namesake in the references", False,
             [*head, f"Z. {_surname(first)} [1] studied a different question.",
              "References", f"[1] Z. {_surname(first)}. Another paper. 2020."]),
        Case("clean: first-person method, cited others", False,
             [*head, "Our method [1] differs from theirs in the data mixture.", *refs]),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=len(TEAMS))
    args = parser.parse_args()
    papers = json.loads((ROOT / "demo/data/demo_papers.json").read_text(encoding="utf-8"))
    outcome: Counter = Counter()
    by_placement: dict[str, Counter] = {}
    started, documents = time.perf_counter(), 0
    for index, team in enumerate(TEAMS[: args.teams]):
        paper = papers[index % len(papers)]
        other = TEAMS[(index + 1) % len(TEAMS)]
        authors = [Author(name, email, affiliation) for name, email, affiliation in team]
        for case in _cases(team, paper["abstract"], other):
            data = pdf_generate(title=paper["title"], pages=1, lines=tuple(case.lines))
            text = pdf_check(data, max_pages=4, max_bytes=10 * 1024 * 1024).text
            flagged = bool(identity_findings(text, authors))
            documents += 1
            outcome[
                {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                    (case.leaks, flagged), "tn"
                )
            ] += 1
            by_placement.setdefault(case.placement, Counter())[flagged] += 1
    elapsed = time.perf_counter() - started
    precision = outcome["tp"] / max(1, outcome["tp"] + outcome["fp"])
    recall = outcome["tp"] / max(1, outcome["tp"] + outcome["fn"])
    print(f"{documents} PDFs ({outcome['tp'] + outcome['fn']} leaking, "
          f"{outcome['fp'] + outcome['tn']} anonymous), {elapsed / documents * 1000:.0f} ms "
          "each (upload check and text extraction included)")  # fmt: skip
    print(
        f"precision {precision:.3f}  recall {recall:.3f}  "
        f"(tp {outcome['tp']}, fp {outcome['fp']}, fn {outcome['fn']}, tn {outcome['tn']})"
    )
    for placement, counts in by_placement.items():
        total = counts[True] + counts[False]
        print(f"  {placement:<45} flagged {counts[True]:>3}/{total}")


if __name__ == "__main__":
    main()
