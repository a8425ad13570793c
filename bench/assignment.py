"""Benchmark: affinity + assignment end to end on realistic synthetic workshops.

    python bench/assignment.py --sizes workshop
    python bench/assignment.py --sizes workshop,large --fair
    python bench/assignment.py --sizes large --exact-large   # needs ~11 GB
    python bench/assignment.py --sizes large-embeddings        # stored 768-d vectors

Papers and reviewers get topics from an ME-FoMo-like tree (3 areas, 12
subtopics, some leaves) and texts drawn from per-topic vocabularies, so TF-IDF
has real signal. About 1% of pairs are conflicts; reviewers bid on some papers,
mostly on-topic ones. Generating the instance is not part of the timed run.

With ``embeddings`` a size's text part comes from the sentence-embedding text model over
vectors already stored (as the assignment run finds them once a workshop's texts are
embedded): each text's vector leans towards its topics' directions, and the encoder refuses
to be called, so the run proves it re-embeds nothing.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import resource
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignment.matching import (
    AffinityResult,
    AssignmentResult,
    Bid,
    Bids,
    EmbeddingTextModel,
    Expertise,
    MemoryStore,
    Paper,
    Reviewer,
    SolverOptions,
    TopicTree,
    compute_affinity,
    solve_assignment,
    solve_fair_assignment,
)
from assignment.matching.embedding import parts_for_size, text_hash, text_parts  # noqa: E402

TOPICS = {
    "Empirical understanding": [
        "In-context learning",
        "Emergent abilities",
        "Scaling laws",
        "Interpretability",
    ],
    "Theory": [
        "Transformer expressivity",
        "Optimisation dynamics",
        "Generalisation",
        "Statistical learning of pretraining",
    ],
    "Methods": [
        "Fine-tuning and adaptation",
        "Alignment and RLHF",
        "Data curation",
        "Efficiency and compression",
    ],
}
LEAVES_PER_SUBTOPIC = {0: 2, 4: 2, 8: 2, 1: 1, 9: 1}  # subtopic index -> leaves
EXPERTISE_LEVELS = [Expertise.EXPERT, Expertise.KNOWLEDGEABLE, Expertise.INTERESTED]


@dataclass(frozen=True)
class Size:
    name: str
    n_papers: int
    n_reviewers: int
    k: int
    max_load: int
    bids_per_reviewer: int
    papers_per_reviewer: int = 3
    embeddings: bool = False


SIZES = {
    "workshop": Size("workshop", 300, 150, 3, 8, 20),
    "large": Size("large", 10_000, 8_000, 3, 6, 20),
    "large-embeddings": Size("large-embeddings", 10_000, 8_000, 3, 6, 20, 5, True),
}
EMBEDDING_DIMENSIONS = 768  # all-mpnet-base-v2


@dataclass
class Instance:
    tree: TopicTree
    papers: list[Paper]
    reviewers: list[Reviewer]
    bids: Bids
    conflicts: tuple[np.ndarray, np.ndarray]


# --- instance generation ----------------------------------------------------


def build_tree() -> TopicTree:
    names, parents = [], []
    for area in TOPICS:
        names.append(area)
        parents.append(-1)
    subtopic_ids = []
    for area_index, subtopics in enumerate(TOPICS.values()):
        for subtopic in subtopics:
            subtopic_ids.append(len(names))
            names.append(subtopic)
            parents.append(area_index)
    for subtopic_index, n_leaves in LEAVES_PER_SUBTOPIC.items():
        parent = subtopic_ids[subtopic_index]
        for leaf in range(n_leaves):
            names.append(f"{names[parent]} / focus {leaf + 1}")
            parents.append(parent)
    return TopicTree(parent=np.array(parents), names=tuple(names))


class Vocabulary:
    """Pseudo-words per topic node plus general words, with Zipf frequencies."""

    SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["ion", "ent", "ar"]

    def __init__(self, rng: np.random.Generator, n_nodes: int) -> None:
        sizes = [1500] + [250] * n_nodes  # index 0: general words
        words = self._unique_words(rng, sum(sizes))
        self.words = np.array(words)
        bounds = np.cumsum([0, *sizes])
        self.ranges = list(itertools.pairwise(bounds))
        self.cdfs = []
        for size in sizes:
            weights = 1.0 / (np.arange(size) + 3.0)
            self.cdfs.append(np.cumsum(weights) / weights.sum())

    def _unique_words(self, rng: np.random.Generator, count: int) -> list[str]:
        words: dict[str, None] = {}
        syllables = np.array(self.SYLLABLES)
        while len(words) < count:
            n_syllables = rng.integers(2, 5, size=count)
            picks = rng.integers(0, len(syllables), size=(count, 4))
            for row, length in zip(picks, n_syllables, strict=True):
                words.setdefault("".join(syllables[row[:length]]), None)
        return list(words)[:count]

    def sample(self, rng: np.random.Generator, source: int, count: int) -> np.ndarray:
        """``count`` words from source 0 (general) or topic node ``source - 1``."""
        start, _ = self.ranges[source]
        positions = np.searchsorted(self.cdfs[source], rng.random(count))
        return self.words[start + positions]

    def text(self, rng: np.random.Generator, mix: dict[int, float], n_words: int) -> str:
        sources = list(mix)
        counts = rng.multinomial(n_words, np.array(list(mix.values())) / sum(mix.values()))
        chunks = [self.sample(rng, s, c) for s, c in zip(sources, counts, strict=True) if c]
        words = np.concatenate(chunks)
        rng.shuffle(words)
        return " ".join(words)


def topic_mix(tree: TopicTree, weighted_topics: dict[int, float]) -> dict[int, float]:
    """Word-source weights: each topic and (less) its ancestors, plus general."""
    mix = {0: 0.3}
    for topic, weight in weighted_topics.items():
        for depth_from_topic, node in enumerate(tree.path(topic)):
            share = weight * (0.7 if depth_from_topic == 0 else 0.3 / depth_from_topic)
            mix[node + 1] = mix.get(node + 1, 0.0) + share
    return mix


class StoredOnly:
    """An encoder for vectors that are all stored already: being called is a failure."""

    name = "bench-stored"
    dimensions = EMBEDDING_DIMENSIONS

    def encode(self, texts):
        raise AssertionError(f"{len(texts)} texts were embedded again")


def stored_vectors(instance: Instance, seed: int) -> MemoryStore:
    """A vector for every text of the instance, leaning towards its topics' directions."""
    rng = np.random.default_rng(seed + 1)
    directions = rng.standard_normal((instance.tree.n_topics, EMBEDDING_DIMENSIONS))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    store = MemoryStore()
    owners = [(paper.text, {paper.primary_topic: 1.0}) for paper in instance.papers]
    for reviewer in instance.reviewers:
        home = {t: 1.0 for t in reviewer.topics}
        owners.extend((document, home) for document in reviewer.documents)
    vectors = {}
    for text, topics in owners:
        picked = rng.choice(list(topics))
        vector = directions[picked] + 1.2 * rng.standard_normal(EMBEDDING_DIMENSIONS) / 28
        vectors[text_hash(text)] = (vector / np.linalg.norm(vector)).astype(np.float32)
    store.put_many(StoredOnly.name, vectors)
    return store


def generate(size: Size, seed: int) -> Instance:
    rng = np.random.default_rng(seed)
    tree = build_tree()
    vocabulary = Vocabulary(rng, tree.n_topics)
    specific = np.flatnonzero(tree.depth >= 1)  # subtopics and leaves
    area_of = np.array([tree.path(t)[-1] for t in range(tree.n_topics)])

    papers = [_paper(rng, tree, vocabulary, specific, area_of, i) for i in range(size.n_papers)]
    reviewers = [
        _reviewer(rng, tree, vocabulary, specific, area_of, i, size.papers_per_reviewer)
        for i in range(size.n_reviewers)
    ]
    bids = _bids(rng, papers, reviewers, size.bids_per_reviewer)
    conflicts = _conflicts(rng, size.n_papers, size.n_reviewers, rate=0.01)
    return Instance(tree, papers, reviewers, bids, conflicts)


def _related_topics(
    rng: np.random.Generator, specific: np.ndarray, area_of: np.ndarray, topic: int, count: int
) -> list[int]:
    """``count`` other topics, mostly from the same area."""
    same_area = specific[(area_of[specific] == area_of[topic]) & (specific != topic)]
    others = specific[specific != topic]
    chosen = {int(rng.choice(same_area if rng.random() < 0.6 else others)) for _ in range(count)}
    chosen.discard(topic)
    return sorted(chosen)


def _paper(
    rng: np.random.Generator,
    tree: TopicTree,
    vocabulary: Vocabulary,
    specific: np.ndarray,
    area_of: np.ndarray,
    index: int,
) -> Paper:
    primary = int(rng.choice(specific))
    secondary = _related_topics(rng, specific, area_of, primary, int(rng.integers(0, 3)))
    weighted = {primary: 0.75, **{t: 0.25 / len(secondary) for t in secondary}}
    mix = topic_mix(tree, weighted)
    return Paper(
        id=f"P{index}",
        primary_topic=primary,
        secondary_topics=tuple(secondary),
        title=vocabulary.text(rng, mix, 10),
        abstract=vocabulary.text(rng, mix, 150),
        keywords=tuple(vocabulary.text(rng, mix, 5).split()),
    )


def _reviewer(
    rng: np.random.Generator,
    tree: TopicTree,
    vocabulary: Vocabulary,
    specific: np.ndarray,
    area_of: np.ndarray,
    index: int,
    n_papers: int,
) -> Reviewer:
    home = int(rng.choice(specific))
    topics = [home, *_related_topics(rng, specific, area_of, home, int(rng.integers(1, 4)))]
    levels = {t: EXPERTISE_LEVELS[int(rng.choice(3, p=[0.35, 0.4, 0.25]))] for t in topics}
    levels[home] = Expertise.EXPERT if rng.random() < 0.7 else Expertise.KNOWLEDGEABLE
    if rng.random() < 0.1:  # some reviewers declare a whole area
        levels[int(area_of[home])] = Expertise.INTERESTED
    level_weight = {Expertise.EXPERT: 1.0, Expertise.KNOWLEDGEABLE: 0.6, Expertise.INTERESTED: 0.3}
    mix = topic_mix(tree, {t: level_weight[level] for t, level in levels.items()})
    return Reviewer(
        id=f"R{index}",
        topics=levels,
        statement=vocabulary.text(rng, mix, 60),
        papers=tuple(vocabulary.text(rng, mix, 100) for _ in range(n_papers)),
        keywords=tuple(vocabulary.text(rng, mix, 6).split()),
    )


def _bids(
    rng: np.random.Generator, papers: list[Paper], reviewers: list[Reviewer], per_reviewer: int
) -> Bids:
    """Most bids go to papers in one of the reviewer's topics; few are conflicts."""
    primary = np.array([paper.primary_topic for paper in papers])
    order = np.argsort(primary, kind="stable")
    starts = np.searchsorted(primary[order], np.arange(primary.max() + 2))
    paper_rows, reviewer_rows, values = [], [], []
    for reviewer_index, reviewer in enumerate(reviewers):
        topics = [t for t in reviewer.topics if starts[t] < starts[t + 1]]
        on_topic = rng.random(per_reviewer) < 0.7 if topics else np.zeros(per_reviewer, bool)
        chosen_topics = rng.choice(topics, size=per_reviewer) if topics else np.zeros(0, int)
        for is_on_topic, topic in zip(on_topic, chosen_topics, strict=False):
            if is_on_topic:
                paper = order[rng.integers(starts[topic], starts[topic + 1])]
                value = rng.choice(
                    [Bid.EAGER, Bid.WILLING, Bid.IN_A_PINCH, Bid.NOT_WILLING, Bid.CONFLICT],
                    p=[0.4, 0.35, 0.15, 0.08, 0.02],
                )
            else:
                paper = rng.integers(0, len(papers))
                value = rng.choice(
                    [Bid.WILLING, Bid.IN_A_PINCH, Bid.NOT_WILLING], p=[0.2, 0.3, 0.5]
                )
            paper_rows.append(paper)
            reviewer_rows.append(reviewer_index)
            values.append(int(value))
    return Bids(np.array(paper_rows), np.array(reviewer_rows), np.array(values))


def _conflicts(
    rng: np.random.Generator, n_papers: int, n_reviewers: int, rate: float
) -> tuple[np.ndarray, np.ndarray]:
    count = int(rate * n_papers * n_reviewers)
    codes = np.sort(rng.integers(0, n_papers * n_reviewers, size=count))
    return codes // n_reviewers, codes % n_reviewers


# --- running ----------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def gap_percent(result: AssignmentResult, reference: AssignmentResult) -> float:
    return 100.0 * (reference.total_affinity - result.total_affinity) / reference.total_affinity


def run_size(size: Size, args: argparse.Namespace) -> list[dict[str, str]]:
    started = time.perf_counter()
    instance = generate(size, args.seed)
    generated = time.perf_counter() - started
    print(
        f"\n== {size.name}: {size.n_papers} papers x {size.n_reviewers} reviewers, "
        f"k={size.k}, max load {size.max_load}; {len(instance.bids.value)} bids, "
        f"{len(instance.conflicts[0])} conflicts (generated in {generated:.1f} s)"
    )

    text_model = None
    if size.embeddings:
        started = time.perf_counter()
        stored = EmbeddingTextModel(StoredOnly(), stored_vectors(instance, args.seed))
        n_texts = len(instance.papers) + sum(len(r.documents) for r in instance.reviewers)
        text_model = parts_for_size(text_parts(stored), n_texts)  # as a run would
        print(f"   text parts: {', '.join(type(part.model).__name__ for part in text_model)}")
        print(
            f"   {len(stored.store.vectors):,} vectors stored in "
            f"{time.perf_counter() - started:.1f} s (not timed)"
        )
    run_started = time.perf_counter()
    affinity = compute_affinity(
        instance.papers,
        instance.reviewers,
        instance.tree,
        instance.bids,
        instance.conflicts,
        text_model=text_model,
    )
    result = solve_for(affinity, size, SolverOptions())
    whole = time.perf_counter() - run_started
    rss_run = peak_rss_mb()
    print_stages(affinity, result)

    fair_row = None
    if args.fair:
        fair_started = time.perf_counter()
        fair = solve_fair_assignment(
            affinity.scores, size.k, size.max_load, forbidden=affinity.forbidden
        )
        fair_time = time.perf_counter() - fair_started
        print_fairness(fair, fair_time)
        fair_row = row(size.name, "fair", fair_time, peak_rss_mb(), None, fair, result, "plain")

    # Last, because an exact all-pairs reference raises the peak memory.
    reference, reference_label = reference_solution(affinity, size, args)
    plain_row = row(
        size.name, "plain", whole, rss_run, affinity, result, reference, reference_label
    )
    return [plain_row] if fair_row is None else [plain_row, fair_row]


def solve_for(affinity: AffinityResult, size: Size, options: SolverOptions) -> AssignmentResult:
    return solve_assignment(
        affinity.scores, size.k, size.max_load, forbidden=affinity.forbidden, options=options
    )


def reference_solution(
    affinity: AffinityResult, size: Size, args: argparse.Namespace
) -> tuple[AssignmentResult | None, str]:
    """The exact unrestricted optimum where it fits, else a wider restriction."""
    n_pairs = size.n_papers * size.n_reviewers
    if n_pairs <= SolverOptions().restrict_above_pairs:
        return None, "all pairs used"
    gc.collect()
    started = time.perf_counter()
    if args.exact_large:
        options = SolverOptions(restrict_above_pairs=n_pairs)
        label = "exact, all pairs"
    else:
        options = SolverOptions(
            reviewers_per_paper_candidates=300, papers_per_reviewer_candidates=300
        )
        label = "top 300 + top 300"
    reference = solve_for(affinity, size, options)
    print(
        f"   reference ({label}): {time.perf_counter() - started:.1f} s, "
        f"{reference.candidates.n_pairs:,} arcs, peak RSS now {peak_rss_mb():,.0f} MB"
    )
    return reference, label


def print_stages(affinity: AffinityResult, result: AssignmentResult) -> None:
    stages = {f"affinity.{k}": v for k, v in affinity.timings.items()}
    stages.update({f"solve.{k}": v for k, v in result.timings.items()})
    print("   stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items()))
    print(
        f"   candidates: {result.candidates.strategy}, {result.candidates.n_pairs:,} arcs; "
        f"load histogram {result.load_histogram}"
    )


def print_fairness(fair: AssignmentResult, seconds: float) -> None:
    report = fair.fairness
    if report is None:
        return
    print(
        f"   fair: {seconds:.1f} s, {report.n_solves} flow solves, "
        f"{report.n_floored_papers} papers floored; min paper affinity "
        f"{report.plain_min_paper_affinity:.4f} -> {fair.min_paper_affinity:.4f}; "
        f"level (lowest mean among papers not at their best) "
        f"{report.plain_level:.4f} -> {report.level:.4f}; "
        f"1st percentile paper {np.percentile(fair.paper_affinity, 1):.4f}; total "
        f"{report.plain_total_affinity:.2f} -> {fair.total_affinity:.2f} "
        f"(cost {report.total_affinity_cost_percent:.3f}%)"
    )


def row(
    size: str,
    mode: str,
    seconds: float,
    rss: float,
    affinity: AffinityResult | None,
    result: AssignmentResult,
    reference: AssignmentResult | None,
    reference_label: str,
) -> dict[str, str]:
    if reference is None:
        gap = f"0 ({reference_label})"
    else:
        difference = reference.total_affinity - result.total_affinity
        gap = f"{gap_percent(result, reference):.5f}% ({difference:.3f}) vs {reference_label}"
    return {
        "size": size,
        "mode": mode,
        "affinity s": f"{sum(affinity.timings.values()):.2f}" if affinity else "-",
        "solve s": f"{result.timings['total']:.2f}",
        "whole s": f"{seconds:.2f}",
        "peak RSS MB": f"{rss:,.0f}",
        "total affinity": f"{result.total_affinity:,.2f}",
        "gap": gap,
        "min paper": f"{result.min_paper_affinity:.4f}",
        "median paper": f"{result.median_paper_affinity:.4f}",
        "coverage": f"{result.coverage:.0%}",
        "candidates": "restricted" if result.candidates.restricted else "all pairs",
    }


def print_table(rows: list[dict[str, str]]) -> None:
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    print("\n" + " | ".join(c.ljust(widths[c]) for c in columns))
    print("-+-".join("-" * widths[c] for c in columns))
    for r in rows:
        print(" | ".join(r[c].ljust(widths[c]) for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="workshop,large", help=f"comma-separated: {','.join(SIZES)}"
    )
    parser.add_argument("--fair", action="store_true", help="also run the fairness mode")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-load", type=int, help="override every size's max load")
    parser.add_argument(
        "--exact-large",
        action="store_true",
        help="compare large instances with the exact all-pairs optimum (~11 GB, ~1 min)",
    )
    args = parser.parse_args()
    rows = []
    for name in args.sizes.split(","):
        size = SIZES[name.strip()]
        if args.max_load:
            size = replace(size, max_load=args.max_load)
        rows.extend(run_size(size, args))
    print_table(rows)


if __name__ == "__main__":
    main()
