"""Reviewer-paper affinity from topics, text similarity and bids.

Every score is computed for all (paper, reviewer) pairs at once with matrix
operations; the result is one dense float32 paper x reviewer matrix in [0, 1].

score = clip(topic_weight * topic + text_weight * text + bid_weight * bid
            + external_weight * external, 0, 1)

* topic: each topic is a unit vector over itself and its ancestors in the
  topic tree (ancestors weigh less), so two topics are as similar as the
  cosine of their root paths: 1 for the same topic, less for the same
  subtopic, even less for the same area only. A paper spreads its weight
  over its primary topic (``primary_share``) and its secondary topics; a
  reviewer's topics are scaled by their expertise level.
* text: for each text model (a sentence-embedding model and TF-IDF over words
  and word pairs, say), the mean cosine similarity of the paper's text (title,
  abstract, keywords) to the reviewer's ``top_k`` closest documents (each of
  their own papers, and their statement with their keywords), as a z-score over
  the run's pairs (``TextScale``, so models with different cosine ranges mix);
  the parts' z-scores are averaged with their weights, and the mix becomes the
  share of the run's pairs that are less similar (``TextCalibration``: a rank
  over all pairs, evenly spread in [0, 1] like the topic part's range). A
  reviewer who wrote nothing gets 0.5, the median, for every paper.
* bid: a value per bid kind; conflicts (declared or bid) make a pair
  forbidden and its score 0.
* external: scores in [0, 1] computed elsewhere (e.g. OpenReview's expertise
  models), a dense matrix given by the caller; NaN where none was given
  (counts as 0).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

import numpy as np
from scipy import sparse

from assignment.matching.codes import last_occurrences, sorted_unique
from assignment.matching.text import (
    TextModel,
    TfidfTextModel,
    Vectors,
    document_slots,
    iter_document_similarity,
)

Pairs = tuple[np.ndarray, np.ndarray]
"""(paper_idx, reviewer_idx) integer arrays of equal length."""


class Expertise(StrEnum):
    EXPERT = "expert"
    KNOWLEDGEABLE = "knowledgeable"
    INTERESTED = "interested"


class Bid(IntEnum):
    EAGER = 1
    WILLING = 2
    IN_A_PINCH = 3
    NOT_WILLING = 4
    CONFLICT = 5


LEVEL_NAMES = ("area", "subtopic", "topic")


@dataclass(frozen=True)
class TopicTree:
    """Topics as a forest: ``parent[t]`` is t's parent index, -1 for an area."""

    parent: np.ndarray
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        parent = np.asarray(self.parent, dtype=np.int64)
        object.__setattr__(self, "parent", parent)
        if np.any(parent >= len(parent)) or np.any(parent < -1):
            raise ValueError("TopicTree.parent holds an index out of range")
        object.__setattr__(self, "depth", self._depths(parent))

    @staticmethod
    def _depths(parent: np.ndarray) -> np.ndarray:
        depth = np.zeros(len(parent), dtype=np.int64)
        ancestor = parent.copy()
        for _ in range(len(parent) + 1):
            has_ancestor = ancestor >= 0
            if not has_ancestor.any():
                return depth
            depth += has_ancestor
            ancestor[has_ancestor] = parent[ancestor[has_ancestor]]
        raise ValueError("TopicTree.parent contains a cycle")

    @property
    def n_topics(self) -> int:
        return len(self.parent)

    def path(self, topic: int) -> list[int]:
        """The topic followed by its ancestors up to its area."""
        path = [topic]
        while self.parent[path[-1]] >= 0:
            path.append(int(self.parent[path[-1]]))
        return path

    def name(self, topic: int) -> str:
        return self.names[topic] if topic < len(self.names) else f"topic {topic}"


@dataclass(frozen=True)
class Paper:
    id: object
    primary_topic: int
    secondary_topics: tuple[int, ...] = ()
    title: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join([self.title, self.abstract, ", ".join(self.keywords)])


@dataclass(frozen=True)
class Reviewer:
    id: object
    topics: Mapping[int, Expertise] = field(default_factory=dict)
    statement: str = ""
    papers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def documents(self) -> list[str]:
        """What the reviewer wrote, one text each: their papers, then their statement with
        their keywords (when given); one empty text for a reviewer with nothing."""
        profile = "\n".join([self.statement, ", ".join(self.keywords)]).strip()
        return [*self.papers, *([profile] if profile else [])] or [""]


@dataclass(frozen=True)
class Bids:
    """One bid per row; a later row for the same pair overrides an earlier one."""

    paper_idx: np.ndarray
    reviewer_idx: np.ndarray
    value: np.ndarray  # Bid codes

    @classmethod
    def empty(cls) -> Bids:
        no_rows = np.zeros(0, dtype=np.int64)
        return cls(no_rows, no_rows, no_rows)


@dataclass(frozen=True)
class AffinityWeights:
    topic: float = 0.5
    text: float = 0.5
    bid: float = 0.2
    external: float = 0.0
    primary_share: float = 0.6
    expertise: Mapping[Expertise, float] = field(
        default_factory=lambda: {
            Expertise.EXPERT: 1.0,
            Expertise.KNOWLEDGEABLE: 0.7,
            Expertise.INTERESTED: 0.4,
        }
    )
    # Weight of a node on a topic's root path, by depth: area, subtopic, leaf.
    depth_weights: tuple[float, ...] = (0.5, 1.0, 1.0)
    # A reviewer's text similarity: the mean cosine to their closest documents.
    text_top_k: int = 5
    bid_values: Mapping[Bid, float] = field(
        default_factory=lambda: {
            Bid.EAGER: 1.0,
            Bid.WILLING: 0.6,
            Bid.IN_A_PINCH: 0.2,
            Bid.NOT_WILLING: -2.0,
            Bid.CONFLICT: 0.0,
        }
    )


@dataclass(frozen=True)
class TextPart:
    """One text model of the text component, its weight and how many of a reviewer's
    closest documents count (``None``: the weights' ``text_top_k``)."""

    model: TextModel
    weight: float = 1.0
    top_k: int | None = None


def _sampled_pairs(similarity: np.ndarray, has_text: np.ndarray, sample: int) -> np.ndarray:
    """The similarities of the pairs of reviewers who wrote something (a sample of them in a
    large run)."""
    columns = np.flatnonzero(has_text)
    n_pairs = similarity.shape[0] * len(columns)
    if n_pairs <= sample:
        return similarity[:, columns].ravel()
    rng = np.random.default_rng(0)
    rows = rng.integers(0, similarity.shape[0], sample)
    return similarity[rows, columns[rng.integers(0, len(columns), sample)]]


@dataclass(frozen=True)
class TextScale:
    """One text model's similarities over a run: their mean and standard deviation."""

    mean: float
    std: float

    @classmethod
    def of(cls, similarity: np.ndarray, has_text: np.ndarray) -> TextScale:
        values = _sampled_pairs(similarity, has_text, TextCalibration.SAMPLE)
        if values.size == 0:
            return cls(0.0, 0.0)
        return cls(float(values.mean()), float(values.std()))

    def z(self, similarity: np.ndarray) -> np.ndarray:
        """z-scores, computed in place; 0 when every pair is alike."""
        if self.std <= 0:
            similarity[...] = 0.0
            return similarity
        similarity -= np.float32(self.mean)
        similarity /= np.float32(self.std)
        return similarity

    def z_of(self, similarity: float) -> float:
        return (similarity - self.mean) / self.std if self.std > 0 else 0.0


@dataclass(frozen=True)
class TextCalibration:
    """A text similarity as the share of the run's pairs that are less similar: a piecewise
    linear map through quantiles of (a sample of) the pairs of reviewers who wrote something."""

    knots: np.ndarray  # increasing similarities
    shares: np.ndarray  # the share of pairs below each knot, increasing in [0, 1]

    QUANTILES = 1001
    SAMPLE = 1_000_000  # pairs drawn when a run has more
    ROW_BLOCK = 512

    @classmethod
    def of(cls, similarity: np.ndarray, has_text: np.ndarray) -> TextCalibration:
        values = _sampled_pairs(similarity, has_text, cls.SAMPLE)
        if values.size == 0:
            return cls(np.zeros(1), np.full(1, 0.5))
        quantiles = np.quantile(values, np.linspace(0.0, 1.0, cls.QUANTILES))
        knots, first = np.unique(quantiles, return_index=True)
        shares = first / (cls.QUANTILES - 1)
        if len(knots) == 1:  # every pair alike: nothing to tell them apart
            shares = np.full(1, 0.5)
        return cls(knots, shares)

    def component(self, similarity: np.ndarray) -> np.ndarray:
        """The text component in [0, 1] of each similarity, written in place."""
        for start in range(0, similarity.shape[0], self.ROW_BLOCK):
            block = similarity[start : start + self.ROW_BLOCK]
            block[...] = np.interp(block, self.knots, self.shares)
        return similarity

    def component_of(self, similarity: float) -> float:
        return float(np.interp(similarity, self.knots, self.shares))


@dataclass
class AffinityResult:
    scores: np.ndarray  # float32 (n_papers, n_reviewers) in [0, 1]
    forbidden: Pairs  # sorted, unique; declared conflicts and conflict bids
    timings: dict[str, float]
    papers: Sequence[Paper]
    reviewers: Sequence[Reviewer]
    tree: TopicTree
    weights: AffinityWeights
    text_model: TextModel
    paper_vectors: Vectors
    document_vectors: Vectors  # the reviewers' documents, one row each
    document_slots: np.ndarray  # (reviewers, most documents): rows of each, -1 padded
    bids: Bids  # deduplicated, sorted by (paper, reviewer)
    external: np.ndarray | None = None  # (n_papers, n_reviewers) in [0, 1], or none given
    text_parts: Sequence[TextPart] = ()
    text_scales: Sequence[TextScale] = ()  # one per part
    text_calibration: TextCalibration | None = None  # of the parts' weighted z-scores
    part_vectors: Sequence[tuple[Vectors, Vectors]] = ()  # (papers, documents) per part
    has_text: np.ndarray | None = None  # per reviewer: wrote anything the text model can read


@dataclass(frozen=True)
class TopicMatch:
    paper_topic: str
    reviewer_topic: str
    shared: str  # the deepest topic both lie under
    kind: str  # "same topic", "same subtopic" or "same area"
    paper_role: str  # "primary" or "secondary"
    expertise: Expertise
    similarity: float  # of the two topics' root paths, in (0, 1]
    component: float  # paper share * expertise * similarity, part of the topic component


@dataclass(frozen=True)
class PairExplanation:
    paper_idx: int
    reviewer_idx: int
    score: float
    forbidden: bool
    topic_matches: list[TopicMatch]
    shared_terms: list[tuple[str, float]]
    text_cosine: float  # the mean of the cosines to the reviewer's closest documents
    closest_document: str  # the first line (a paper's title) of the closest one
    closest_is_paper: bool
    closest_cosine: float
    bid: Bid | None
    topic_component: float  # each component in [0, 1] (bid in [-inf, 1])
    text_component: float
    bid_component: float
    topic_contribution: float  # weight * component
    text_contribution: float
    bid_contribution: float
    external_component: float | None = None  # None: no external score for this pair
    external_contribution: float = 0.0


def compute_affinity(
    papers: Sequence[Paper],
    reviewers: Sequence[Reviewer],
    tree: TopicTree,
    bids: Bids | None = None,
    conflicts: Pairs | None = None,
    weights: AffinityWeights | None = None,
    text_model: TextModel | Sequence[TextPart] | None = None,
    external: np.ndarray | None = None,
) -> AffinityResult:
    """The affinity of every pair. ``text_model`` is one model or several weighted parts;
    the first part's model names the reviewer's closest paper in explanations."""
    weights = weights or AffinityWeights()
    parts = _text_parts(text_model)
    bids = _deduplicated_bids(bids or Bids.empty(), len(reviewers))
    timings: dict[str, float] = {}

    started = time.perf_counter()
    scores = topic_scores(papers, reviewers, tree, weights)
    scores *= weights.topic
    timings["topics"] = time.perf_counter() - started

    has_text = np.array([any(d.strip() for d in r.documents) for r in reviewers], dtype=bool)
    total_weight = sum(part.weight for part in parts) or 1.0
    scales, part_vectors, slots = [], [], np.zeros((len(reviewers), 1), dtype=np.int64)
    mixed = np.zeros_like(scores)
    for number, part in enumerate(parts):
        started = time.perf_counter()
        paper_vectors, document_vectors, slots = fit_text_vectors(part.model, papers, reviewers)
        timings[f"text_fit.{number}"] = time.perf_counter() - started
        started = time.perf_counter()
        text = np.zeros_like(scores)
        top_k = part.top_k or weights.text_top_k
        for start, stop, similarity in iter_document_similarity(
            paper_vectors, document_vectors, slots, top_k
        ):
            text[start:stop] = similarity
        scale = TextScale.of(text, has_text)
        text = scale.z(text)
        text *= np.float32(part.weight / total_weight)
        mixed += text
        del text
        scales.append(scale)
        part_vectors.append((paper_vectors, document_vectors))
        timings[f"text_similarity.{number}"] = time.perf_counter() - started
    started = time.perf_counter()
    calibration = TextCalibration.of(mixed, has_text)
    mixed = calibration.component(mixed)
    mixed[:, ~has_text] = 0.5
    mixed *= np.float32(weights.text)
    scores += mixed
    del mixed
    timings["text_calibration"] = time.perf_counter() - started

    started = time.perf_counter()
    scores[bids.paper_idx, bids.reviewer_idx] += weights.bid * _bid_components(bids.value, weights)
    if external is not None:
        if external.shape != scores.shape:
            raise ValueError("the external scores must be an (n_papers, n_reviewers) matrix")
        scores += np.float32(weights.external) * np.nan_to_num(external).astype(np.float32)
    forbidden = _forbidden_pairs(bids, conflicts, len(reviewers))
    np.clip(scores, 0.0, 1.0, out=scores)
    scores[forbidden] = 0.0
    timings["bids_conflicts"] = time.perf_counter() - started

    return AffinityResult(
        scores=scores,
        forbidden=forbidden,
        timings=timings,
        papers=papers,
        reviewers=reviewers,
        tree=tree,
        weights=weights,
        text_model=parts[0].model,
        paper_vectors=part_vectors[0][0],
        document_vectors=part_vectors[0][1],
        document_slots=slots,
        bids=bids,
        external=external,
        text_parts=parts,
        text_scales=scales,
        text_calibration=calibration,
        part_vectors=part_vectors,
        has_text=has_text,
    )


def _text_parts(text_model: TextModel | Sequence[TextPart] | None) -> list[TextPart]:
    if text_model is None:
        return [TextPart(TfidfTextModel())]
    if isinstance(text_model, Sequence):
        return list(text_model)
    return [TextPart(text_model)]


def topic_path_vectors(tree: TopicTree, depth_weights: Sequence[float]) -> np.ndarray:
    """Row t: unit vector over topic t and its ancestors, weighted by depth."""
    vectors = np.zeros((tree.n_topics, tree.n_topics), dtype=np.float32)
    for topic in range(tree.n_topics):
        for node in tree.path(topic):
            depth = min(int(tree.depth[node]), len(depth_weights) - 1)
            vectors[topic, node] = depth_weights[depth]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def paper_topic_matrix(
    papers: Sequence[Paper], n_topics: int, primary_share: float
) -> sparse.csr_matrix:
    """Row p: how paper p's topic weight (summing to 1) spreads over topics."""
    rows, cols, values = [], [], []
    for index, paper in enumerate(papers):
        secondary = sorted(set(paper.secondary_topics) - {paper.primary_topic})
        primary_weight = primary_share if secondary else 1.0
        rows.append(index)
        cols.append(paper.primary_topic)
        values.append(primary_weight)
        for topic in secondary:
            rows.append(index)
            cols.append(topic)
            values.append((1.0 - primary_share) / len(secondary))
    return sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cols)),
        shape=(len(papers), n_topics),
    )


def reviewer_topic_matrix(
    reviewers: Sequence[Reviewer], n_topics: int, expertise: Mapping[Expertise, float]
) -> sparse.csr_matrix:
    """Row r: reviewer r's expertise weight on each topic they declared."""
    rows, cols, values = [], [], []
    for index, reviewer in enumerate(reviewers):
        for topic, level in reviewer.topics.items():
            rows.append(index)
            cols.append(topic)
            values.append(expertise[Expertise(level)])
    return sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cols)),
        shape=(len(reviewers), n_topics),
    )


def topic_scores(
    papers: Sequence[Paper],
    reviewers: Sequence[Reviewer],
    tree: TopicTree,
    weights: AffinityWeights,
) -> np.ndarray:
    """Dense float32 paper x reviewer topic component in [0, 1]."""
    paths = topic_path_vectors(tree, weights.depth_weights)
    paper_side = paper_topic_matrix(papers, tree.n_topics, weights.primary_share) @ paths
    reviewer_side = reviewer_topic_matrix(reviewers, tree.n_topics, weights.expertise) @ paths
    scores = (
        np.asarray(paper_side, dtype=np.float32) @ np.asarray(reviewer_side, dtype=np.float32).T
    )
    return np.minimum(scores, 1.0, out=scores)


def fit_text_vectors(
    text_model: TextModel, papers: Sequence[Paper], reviewers: Sequence[Reviewer]
) -> tuple[Vectors, Vectors, np.ndarray]:
    """The papers' vectors, the reviewers' documents' vectors and each reviewer's slots."""
    per_reviewer = [reviewer.documents for reviewer in reviewers]
    owners = np.repeat(np.arange(len(reviewers)), [len(docs) for docs in per_reviewer])
    documents = [paper.text for paper in papers] + [doc for docs in per_reviewer for doc in docs]
    vectors = text_model.fit_transform(documents)
    slots = document_slots(owners, len(reviewers))
    return vectors[: len(papers)], vectors[len(papers) :], slots


def _bid_components(values: np.ndarray, weights: AffinityWeights) -> np.ndarray:
    table = np.zeros(max(Bid) + 1, dtype=np.float32)
    for bid, bid_value in weights.bid_values.items():
        table[bid] = bid_value
    return table[values]


def _deduplicated_bids(bids: Bids, n_reviewers: int) -> Bids:
    """Keep each pair's last bid, sorted by (paper, reviewer)."""
    codes = np.asarray(bids.paper_idx, np.int64) * n_reviewers + bids.reviewer_idx
    last = last_occurrences(codes)
    return Bids(
        paper_idx=codes[last] // max(n_reviewers, 1),
        reviewer_idx=codes[last] % max(n_reviewers, 1),
        value=np.asarray(bids.value, dtype=np.int64)[last],
    )


def _forbidden_pairs(bids: Bids, conflicts: Pairs | None, n_reviewers: int) -> Pairs:
    conflict_bid = bids.value == Bid.CONFLICT
    papers = [bids.paper_idx[conflict_bid]]
    reviewers = [bids.reviewer_idx[conflict_bid]]
    if conflicts is not None:
        papers.append(np.asarray(conflicts[0], dtype=np.int64))
        reviewers.append(np.asarray(conflicts[1], dtype=np.int64))
    codes = sorted_unique(np.concatenate(papers) * n_reviewers + np.concatenate(reviewers))
    return codes // max(n_reviewers, 1), codes % max(n_reviewers, 1)


def explain_pair(
    affinity: AffinityResult, paper_idx: int, reviewer_idx: int, n_terms: int = 5
) -> PairExplanation:
    """Why ``affinity.scores[paper_idx, reviewer_idx]`` has the value it has."""
    weights = affinity.weights
    matches = _topic_matches(affinity, paper_idx, reviewer_idx)
    topic_component = min(1.0, sum(match.component for match in matches))

    rows = affinity.document_slots[reviewer_idx]
    rows = rows[rows >= 0]
    mixed_z = 0.0
    first_cosines = None
    for part, scale, (paper_vectors, document_vectors) in zip(
        affinity.text_parts, affinity.text_scales, affinity.part_vectors, strict=True
    ):
        cosines = np.array([_row_dot(paper_vectors, document_vectors, paper_idx, r) for r in rows])
        first_cosines = cosines if first_cosines is None else first_cosines
        top = np.sort(cosines)[::-1][: part.top_k or weights.text_top_k]
        mixed_z += part.weight * scale.z_of(float(top.mean()))
    mixed_z /= sum(part.weight for part in affinity.text_parts) or 1.0
    text_component = affinity.text_calibration.component_of(mixed_z)
    if affinity.has_text is not None and not affinity.has_text[reviewer_idx]:
        text_component = 0.5
    cosines = first_cosines
    closest = int(np.argmax(cosines))
    first_top_k = affinity.text_parts[0].top_k or weights.text_top_k
    cosine = float(np.sort(cosines)[::-1][:first_top_k].mean())
    reviewer = affinity.reviewers[reviewer_idx]
    closest_text = reviewer.documents[closest]
    shared_terms: list[tuple[str, float]] = []
    for part, (paper_vectors, document_vectors) in zip(
        affinity.text_parts, affinity.part_vectors, strict=True
    ):
        if hasattr(part.model, "top_shared_terms"):
            shared_terms = part.model.top_shared_terms(
                paper_vectors[paper_idx], document_vectors[rows[closest]], n_terms
            )
            break

    bid = _bid_of(affinity, paper_idx, reviewer_idx)
    bid_component = float(weights.bid_values.get(bid, 0.0)) if bid else 0.0
    external = None
    if affinity.external is not None and not np.isnan(affinity.external[paper_idx, reviewer_idx]):
        external = float(affinity.external[paper_idx, reviewer_idx])
    forbidden_papers, forbidden_reviewers = affinity.forbidden
    forbidden = bool(
        np.any((forbidden_papers == paper_idx) & (forbidden_reviewers == reviewer_idx))
    )
    return PairExplanation(
        paper_idx=paper_idx,
        reviewer_idx=reviewer_idx,
        score=float(affinity.scores[paper_idx, reviewer_idx]),
        forbidden=forbidden,
        topic_matches=matches,
        shared_terms=shared_terms,
        text_cosine=cosine,
        closest_document=closest_text.strip().split("\n", 1)[0],
        closest_is_paper=closest < len(reviewer.papers),
        closest_cosine=float(cosines[closest]),
        bid=bid,
        topic_component=topic_component,
        text_component=text_component,
        bid_component=bid_component,
        topic_contribution=weights.topic * topic_component,
        text_contribution=weights.text * text_component,
        bid_contribution=weights.bid * bid_component,
        external_component=external,
        external_contribution=weights.external * (external or 0.0),
    )


def _topic_matches(affinity: AffinityResult, paper_idx: int, reviewer_idx: int) -> list[TopicMatch]:
    tree, weights = affinity.tree, affinity.weights
    paths = topic_path_vectors(tree, weights.depth_weights)
    paper = affinity.papers[paper_idx]
    paper_weights = paper_topic_matrix([paper], tree.n_topics, weights.primary_share)
    matches = []
    for topic, topic_weight in zip(paper_weights.indices, paper_weights.data, strict=True):
        role = "primary" if topic == paper.primary_topic else "secondary"
        for reviewer_topic, level in affinity.reviewers[reviewer_idx].topics.items():
            similarity = float(paths[topic] @ paths[reviewer_topic])
            if similarity <= 0:
                continue
            shared = _deepest_common_topic(tree, int(topic), reviewer_topic)
            depth = min(int(tree.depth[shared]), len(LEVEL_NAMES) - 1)
            kind = "same topic" if topic == reviewer_topic else f"same {LEVEL_NAMES[depth]}"
            level = Expertise(level)
            component = float(topic_weight) * weights.expertise[level] * similarity
            matches.append(
                TopicMatch(
                    paper_topic=tree.name(int(topic)),
                    reviewer_topic=tree.name(reviewer_topic),
                    shared=tree.name(shared),
                    kind=kind,
                    paper_role=role,
                    expertise=level,
                    similarity=similarity,
                    component=component,
                )
            )
    return sorted(matches, key=lambda match: -match.component)


def _deepest_common_topic(tree: TopicTree, first: int, second: int) -> int:
    second_path = set(tree.path(second))
    return next(node for node in tree.path(first) if node in second_path)


def _row_dot(paper_vectors: Vectors, reviewer_vectors: Vectors, p: int, r: int) -> float:
    product = paper_vectors[p] @ reviewer_vectors[r].T
    if sparse.issparse(product):
        product = product.toarray()
    return float(np.asarray(product).ravel()[0])


def _bid_of(affinity: AffinityResult, paper_idx: int, reviewer_idx: int) -> Bid | None:
    bids = affinity.bids
    n_reviewers = len(affinity.reviewers)
    codes = bids.paper_idx * n_reviewers + bids.reviewer_idx
    position = int(np.searchsorted(codes, paper_idx * n_reviewers + reviewer_idx))
    if position < len(codes) and codes[position] == paper_idx * n_reviewers + reviewer_idx:
        return Bid(int(bids.value[position]))
    return None
