"""Reviewer expertise on the public gold standard: how well fomo's text affinity orders the
papers each researcher rated (lower is better; see the data set's README).

Reviewers' papers are read as import_expertise reads them, and every score comes from
assignment.matching.compute_affinity, the function the assignment runs, with the topic and
bid parts weighted 0, so only the text part counts; the embedding model is the one runs load
(assignment.embeddings.load_encoder), with the text parts runs use (text_parts).
Usage: python bench/expertise.py --data ../shared/goldstandard [--vectors FILE.npz]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
os.environ.setdefault("FOMO_TEXT_MODEL", "embeddings")

import django  # noqa: E402

django.setup()

from assignment.embeddings import load_encoder  # noqa: E402
from assignment.matching import (  # noqa: E402
    AffinityWeights,
    EmbeddingTextModel,
    MemoryStore,
    Paper,
    Reviewer,
    TextPart,
    TfidfTextModel,
    TopicTree,
    compute_affinity,
)
from assignment.matching.embedding import EMBEDDING_TOP_K, TFIDF_TOP_K, text_parts  # noqa: E402
from pool.imports import archive_papers_parse  # noqa: E402  (what import_expertise reads)

PUBLISHED = [
    ("ELMo (OpenReview's former default)", 0.345),
    ("TPMS", 0.281),
    ("SPECTER", 0.269),
    ("SPECTER + MFR (OpenReview's default for years)", 0.238),
    ("SPECTER2 + SciNCL (OpenReview now, reported)", 0.21),
]
TEXT_ONLY = AffinityWeights(topic=0.0, text=1.0, bid=0.0)


class RecordingEncoder:
    """The run's encoder, timed."""

    def __init__(self, encoder) -> None:
        self.encoder, self.name, self.dimensions = encoder, encoder.name, encoder.dimensions
        self.texts, self.seconds = 0, 0.0

    def encode(self, texts):
        started = time.perf_counter()
        vectors = self.encoder.encode(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return vectors


def load_store(path: Path | None, model: str) -> MemoryStore:
    store = MemoryStore()
    if path and path.exists():
        saved = np.load(path)
        store.put_many(model, dict(zip(saved["hashes"].tolist(), saved["vectors"], strict=True)))
    return store


def save_store(path: Path | None, store: MemoryStore) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        hashes = [digest for _, digest in store.vectors]
        np.savez(path, hashes=np.array(hashes), vectors=np.array(list(store.vectors.values())))


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


def scores_of(papers, profiles, text_model, *, per_paper: bool = True) -> np.ndarray:
    """Text scores (papers x participants) from compute_affinity."""
    if per_paper:
        reviewers = [Reviewer(id=p, papers=tuple(texts)) for p, texts in profiles]
    else:
        reviewers = [Reviewer(id=p, statement="\n".join(texts)) for p, texts in profiles]
    tree = TopicTree(parent=np.array([-1]))
    return compute_affinity(
        papers, reviewers, tree, weights=TEXT_ONLY, text_model=text_model
    ).scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "goldstandard")
    parser.add_argument("--draws", type=int, default=10, help="how many of d_20_1 … d_20_10")
    parser.add_argument("--vectors", type=Path, help="an .npz keeping the embeddings between runs")
    args = parser.parse_args()
    rated = ratings(args.data)
    draws = [args.data / "evaluation_datasets" / f"d_20_{i}" for i in range(1, args.draws + 1)]

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    encoder = RecordingEncoder(load_encoder())
    load_seconds = time.perf_counter() - started
    model_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
    store = load_store(args.vectors, encoder.name)

    def embeddings(top_k: int) -> list[TextPart]:
        return [TextPart(EmbeddingTextModel(encoder, store), top_k=top_k)]

    def tfidf(top_k: int) -> list[TextPart]:
        return [TextPart(TfidfTextModel(), top_k=top_k)]

    def mix(weight: float) -> list[TextPart]:
        parts = text_parts(EmbeddingTextModel(encoder, store))
        return [replace(parts[0], weight=weight), replace(parts[1], weight=1 - weight)]

    variants = {
        "TF-IDF, profile as one text (fomo at first)": (lambda: TfidfTextModel(), False),
        f"TF-IDF, mean of {TFIDF_TOP_K} closest papers (fomo before)": (
            lambda: tfidf(TFIDF_TOP_K),
            True,
        ),
        "embeddings, profile as one text": (lambda: embeddings(1), False),
        "embeddings, closest paper": (lambda: embeddings(1), True),
        "embeddings, mean of 3 closest papers": (lambda: embeddings(3), True),
        "embeddings, mean of 5 closest papers": (lambda: embeddings(5), True),
        "embeddings 0.5 + TF-IDF 0.5": (lambda: mix(0.5), True),
        "embeddings 0.9 + TF-IDF 0.1": (lambda: mix(0.9), True),
        "fomo now: text_parts() (embeddings 0.7 + TF-IDF 0.3)": (
            lambda: text_parts(EmbeddingTextModel(encoder, store)),
            True,
        ),
    }
    results: dict[str, list[float]] = {name: [] for name in variants}
    for folder in draws:
        papers, profiles = load_draw(folder, rated)
        for name, (model, per_paper) in variants.items():
            scores = scores_of(papers, profiles, model(), per_paper=per_paper)
            results[name].append(loss(scores, papers, profiles, rated))
    save_store(args.vectors, store)

    print(f"gold standard: {len(rated)} researchers, {len(draws)} draws; loss, lower is better")
    print(f"embedding model: {encoder.name}, {EMBEDDING_TOP_K} closest papers in the mix")
    print(f"{'model':<58} {'loss':>6} {'± draws':>8}")
    for name, values in results.items():
        print(f"{name:<58} {np.mean(values):6.3f} {np.std(values):8.3f}")
    print("published, same data:")
    for name, value in PUBLISHED:
        print(f"  {name:<56} {value:6.3f}")
    if encoder.texts:
        print(
            f"embedding: {encoder.texts} texts in {encoder.seconds:.0f} s = "
            f"{encoder.texts / encoder.seconds:.2f} texts/s on this machine"
        )
    else:
        print(f"embedding: every vector read from {args.vectors}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"model: loaded in {load_seconds:.1f} s, {model_mb:.0f} MB more peak RSS; "
        f"peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
