"""Reviewer expertise on the public gold standard: how well fomo's text affinity orders the
papers each researcher rated (lower is better; see the data set's README).

Reviewers' papers are read as import_expertise reads them, and every score comes from
assignment.matching.compute_affinity, the function the assignment runs, with the topic and
bid parts weighted 0 and no saturation, so only the text part counts.
Usage: python bench/expertise.py --data ../shared/goldstandard
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assignment.matching import (  # noqa: E402
    AffinityWeights,
    Paper,
    Reviewer,
    TfidfTextModel,
    TopicTree,
    compute_affinity,
)
from pool.imports import archive_papers_parse  # noqa: E402  (what import_expertise reads)

PUBLISHED = [
    ("ELMo (OpenReview's former default)", 0.345),
    ("TPMS", 0.281),
    ("SPECTER", 0.269),
    ("SPECTER + MFR (OpenReview's default for years)", 0.238),
    ("SPECTER2 + SciNCL (OpenReview now, reported)", 0.21),
]
TEXT_ONLY = AffinityWeights(topic=0.0, text=1.0, bid=0.0)


def ratings(data: Path) -> dict[str, list[tuple[str, float]]]:
    """Participant id -> [(paper id, self-rated expertise)]."""
    out: dict[str, list[tuple[str, float]]] = {}
    with (data / "data" / "evaluations.csv").open() as file:
        for row in csv.DictReader(file, delimiter="\t"):
            pairs = [(row[f"Paper{i}"], row[f"Expertise{i}"]) for i in range(1, 11)]
            out[row["ParticipantID"]] = [(p, float(e)) for p, e in pairs if p and e]
    return out


def text_of(record: dict) -> tuple[str, str]:
    content = record["content"]
    return content.get("title") or "", content.get("abstract") or ""


def load_draw(folder: Path, participants) -> tuple[list[Paper], list[tuple[str, list[str]]]]:
    submissions = json.loads((folder / "submissions.json").read_text())
    papers = []
    for paper_id, record in submissions.items():
        title, abstract = text_of(record)
        papers.append(Paper(id=paper_id, primary_topic=0, title=title, abstract=abstract))
    profiles = []
    for participant in participants:
        archive = folder / "archives" / f"~{participant}.jsonl"
        own, _ = archive_papers_parse(archive.read_text() if archive.exists() else "")
        profiles.append((participant, [paper.as_text for paper in own]))
    return papers, profiles


def loss(scores: np.ndarray, papers, profiles, rated) -> float:
    """Pooled weighted pairwise ordering loss over every participant."""
    row = {paper.id: index for index, paper in enumerate(papers)}
    cost = total = 0.0
    for column, (participant, _) in enumerate(profiles):
        items = [(scores[row[p], column], e) for p, e in rated[participant] if p in row]
        for i, (score_i, rating_i) in enumerate(items):
            for score_j, rating_j in items[i + 1 :]:
                if rating_i == rating_j:
                    continue
                weight = abs(rating_i - rating_j)
                total += weight
                if score_i == score_j:
                    cost += weight / 2
                elif (score_i > score_j) != (rating_i > rating_j):
                    cost += weight
    return cost / total


def run(papers, profiles, *, per_paper: bool, top_k: int | None, ngrams) -> np.ndarray:
    """Text scores (papers x participants); ``None`` keeps fomo's default for that setting."""
    if per_paper:
        reviewers = [Reviewer(id=p, papers=tuple(texts)) for p, texts in profiles]
    else:
        reviewers = [Reviewer(id=p, statement="\n".join(texts)) for p, texts in profiles]
    affinity = compute_affinity(
        papers,
        reviewers,
        TopicTree(parent=np.array([-1])),
        weights=replace(TEXT_ONLY, text_top_k=top_k) if top_k else TEXT_ONLY,
        text_model=TfidfTextModel(ngram_range=ngrams) if ngrams else TfidfTextModel(),
    )
    return affinity.scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "goldstandard")
    parser.add_argument("--draws", type=int, default=10, help="how many of d_20_1 … d_20_10")
    args = parser.parse_args()
    rated = ratings(args.data)
    draws = [args.data / "evaluation_datasets" / f"d_20_{i}" for i in range(1, args.draws + 1)]
    defaults = AffinityWeights()
    variants = [
        ("TF-IDF words, profile as one text (fomo before)", False, 1, (1, 1)),
        ("TF-IDF words, closest paper", True, 1, (1, 1)),
        ("TF-IDF words, mean of 3 closest papers", True, 3, (1, 1)),
        ("TF-IDF words + pairs, profile as one text", False, 1, (1, 2)),
        ("TF-IDF words + pairs, closest paper", True, 1, (1, 2)),
        ("TF-IDF words + pairs, mean of 3 closest papers", True, 3, (1, 2)),
        ("TF-IDF words + pairs, mean of 5 closest papers", True, 5, (1, 2)),
        ("TF-IDF words + pairs, mean of 10 closest papers", True, 10, (1, 2)),
        (f"fomo's default: mean of its {defaults.text_top_k} closest papers", True, None, None),
    ]
    results: dict[str, list[float]] = {name: [] for name, *_ in variants}
    texts = seconds = 0.0
    for folder in draws:
        papers, profiles = load_draw(folder, rated)
        for name, per_paper, top_k, ngrams in variants:
            started = time.perf_counter()
            scores = run(papers, profiles, per_paper=per_paper, top_k=top_k, ngrams=ngrams)
            seconds += time.perf_counter() - started
            texts += len(papers) + sum(len(t) for _, t in profiles)
            results[name].append(loss(scores, papers, profiles, rated))
    print(f"gold standard: {len(rated)} researchers, {len(draws)} draws; loss, lower is better")
    print(f"{'model':<58} {'loss':>6} {'± draws':>8}")
    for name, values in results.items():
        print(f"{name:<58} {np.mean(values):6.3f} {np.std(values):8.3f}")
    print("published, same data:")
    for name, value in PUBLISHED:
        print(f"  {name:<56} {value:6.3f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"TF-IDF: {texts / seconds:,.0f} texts/s (fit and score), peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
