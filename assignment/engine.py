"""The bridge between the database and assignment.matching: build the instance, solve, report.

Reads go through the selectors; everything else here works on plain Python and numpy
values, so the service, the task and `manage.py assign` run exactly the same code.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assignment.embeddings import stored_text_parts, text_model_for_run
from assignment.matching import (
    AffinityResult,
    AffinityWeights,
    AssignmentResult,
    Bid,
    Bids,
    Expertise,
    Paper,
    Reviewer,
    TextPart,
    TopicTree,
    compute_affinity,
    explain_pair,
    solve_assignment,
    solve_fair_assignment,
)
from assignment.matching.embedding import parts_for_size
from assignment.selectors import (
    external_affinity_rows,
    external_weight_default,
    fixed_pairs_for_matching,
    kept_review_counts,
    latest_done_run,
    loads_outside_track,
    papers_for_matching,
    profile_max_loads,
    started_pairs,
    topics_for_matching,
)
from pool import selectors as pool_selectors
from topics.models import Workshop

ALTERNATES_STORED = 10  # best non-conflicted reviewers kept per paper for quick edits


@dataclass(frozen=True)
class RunParameters:
    k: int
    max_load: int
    min_load: int = 0
    fair: bool = False
    topic_weight: float = 0.5
    text_weight: float = 0.35
    bid_weight: float = 0.15
    external_weight: float = 0.0
    track_id: int | None = None  # one track's papers only; None: all papers, jointly

    @classmethod
    def defaults(cls, workshop: Workshop) -> RunParameters:
        return cls(
            k=workshop.reviewers_per_paper,
            max_load=workshop.max_papers_per_reviewer,
            topic_weight=workshop.affinity_topic_weight,
            text_weight=workshop.affinity_text_weight,
            bid_weight=workshop.affinity_bid_weight,
            external_weight=external_weight_default(workshop=workshop),
        )

    @classmethod
    def from_json(cls, data: dict) -> RunParameters:
        names = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        if data["track_id"] is None:  # a joint run reads as before tracks existed
            del data["track_id"]
        return data

    @property
    def weights(self) -> AffinityWeights:
        return AffinityWeights(
            topic=self.topic_weight,
            text=self.text_weight,
            bid=self.bid_weight,
            external=self.external_weight,
        )


@dataclass
class Instance:
    """One workshop as the matching engine sees it; index i of a list is row/column i."""

    paper_ids: list[int]  # submission ids
    paper_numbers: list[int]
    reviewer_ids: list[int]  # user ids
    reviewer_names: list[str]
    papers: list[Paper]
    reviewers: list[Reviewer]
    tree: TopicTree
    topic_area: np.ndarray  # index of each topic's area (root)
    bids: Bids
    conflicts: tuple[np.ndarray, np.ndarray]
    fixed: tuple[np.ndarray, np.ndarray]  # the organizers' must-assign pairs
    started: tuple[np.ndarray, np.ndarray]  # reviewer started their review: kept the same way
    max_load: np.ndarray
    min_load: np.ndarray
    k: np.ndarray  # per paper: the run's k, or the paper's track's reviewers per paper
    kept: np.ndarray  # per paper: submitted reviews of reviewers removed from the pool
    external: np.ndarray | None = None  # imported scores, NaN where none; None: none at all

    @property
    def must_keep(self) -> tuple[np.ndarray, np.ndarray]:
        """What the solver assigns up front: must-assign pairs and started reviews."""
        return (
            np.concatenate([self.fixed[0], self.started[0]]),
            np.concatenate([self.fixed[1], self.started[1]]),
        )

    @property
    def reviewers_per_paper(self) -> np.ndarray:
        """What a run finds for each paper: its k less its kept reviews."""
        return np.maximum(self.k - self.kept, 0)

    @property
    def paper_labels(self) -> list[str]:
        labels = [f"#{number}" for number in self.paper_numbers]
        for paper, kept in enumerate(self.kept.tolist()):
            if kept:
                labels[paper] += f" (besides {kept} kept review{'s' if kept > 1 else ''})"
        return labels


def capacity_advice(instance: Instance, parameters: RunParameters, workshop_limit: int) -> str:
    """Which setting to change when the reviewers cannot take the reviews the papers need;
    "" when capacity is not the problem."""
    needed = int(instance.reviewers_per_paper.sum())
    capacity = int(instance.max_load.sum())
    if capacity >= needed:
        return ""
    advice = (
        f"{len(instance.reviewers)} reviewers can take {capacity} reviews in all; the papers "
        f"need {needed}. Raise the run's max load, invite more reviewers or ask for fewer "
        "reviewers per paper."
    )
    held_back = int((instance.max_load < parameters.max_load).sum())
    if held_back:
        advice += (
            f" {held_back} reviewers have a lower max load of their own (from their profile or "
            f"the reviewer list, never above the workshop's max papers per reviewer, now "
            f"{workshop_limit}): a higher run max load does not change theirs; raise the "
            "workshop's limit and their loads."
        )
    return advice


def _pairs(rows: Sequence[tuple[int, int]], papers: dict, reviewers: dict) -> tuple:
    kept = [(papers[s], reviewers[u]) for s, u in rows if s in papers and u in reviewers]
    return (
        np.array([p for p, _ in kept], dtype=np.int64),
        np.array([r for _, r in kept], dtype=np.int64),
    )


def matching_topic_tree(workshop: Workshop) -> tuple[dict[int, int], TopicTree]:
    topic_rows = topics_for_matching(workshop=workshop)
    topic_index = {topic_id: i for i, (topic_id, _, _) in enumerate(topic_rows)}
    tree = TopicTree(
        parent=np.array(
            [topic_index.get(parent, -1) for _, parent, _ in topic_rows], dtype=np.int64
        ),
        names=tuple(name for _, _, name in topic_rows),
    )
    return topic_index, tree


def matching_papers(submissions, topic_index: dict[int, int]) -> list[Paper]:
    return [
        Paper(
            id=row.pk,
            primary_topic=topic_index[row.primary_topic_id],
            secondary_topics=tuple(topic_index[t] for t in row.secondary_topic_ids),
            title=row.title,
            abstract=row.abstract,
            keywords=tuple(row.keyword_list),
        )
        for row in submissions
    ]


def matching_reviewers(pool, topic_index: dict[int, int]) -> list[Reviewer]:
    return [
        Reviewer(
            id=r.user_id,
            topics={
                topic_index[t]: Expertise(level)
                for t, level in r.topics.items()
                if t in topic_index
            },
            statement=r.statement,
            papers=r.papers,
            keywords=r.keywords,
        )
        for r in pool
    ]


def workshop_texts(*, workshop: Workshop) -> list[str]:
    """Every text a run of the workshop gives the text model: the papers', then the
    reviewers' documents."""
    topic_index, _ = matching_topic_tree(workshop)
    papers = matching_papers(papers_for_matching(workshop=workshop), topic_index)
    pool = pool_selectors.reviewer_pool_for_matching(workshop=workshop)
    reviewers = matching_reviewers(pool, topic_index)
    return [paper.text for paper in papers] + [d for r in reviewers for d in r.documents]


def load_instance(*, workshop: Workshop, parameters: RunParameters) -> Instance:
    """Submitted papers, accepted reviewers, bids, conflicts, must-assign pairs, the pairs
    whose reviewer started their review (kept like must-assign ones), and the reviews kept
    from reviewers removed from the pool (a paper needs that many fewer)."""
    topic_index, tree = matching_topic_tree(workshop)
    submissions = papers_for_matching(workshop=workshop, track_id=parameters.track_id)
    pool = pool_selectors.reviewer_pool_for_matching(workshop=workshop)
    own_limits = profile_max_loads(workshop=workshop)
    # a run for one track leaves room for what each reviewer holds in the other tracks
    held = loads_outside_track(workshop=workshop, track_id=parameters.track_id)
    paper_index = {row.pk: i for i, row in enumerate(submissions)}
    reviewer_index = {reviewer.user_id: i for i, reviewer in enumerate(pool)}

    bid_rows = [
        (paper_index[s], reviewer_index[u], Bid[value.upper()])
        for s, u, value in pool_selectors.bids_for_matching(workshop=workshop)
        if s in paper_index and u in reviewer_index
    ]
    max_load = np.array(
        [
            max(
                min(parameters.max_load, own_limits.get(r.user_id) or parameters.max_load)
                - held.get(r.user_id, 0),
                0,
            )
            for r in pool
        ],
        dtype=np.int64,
    )
    kept_counts = kept_review_counts(workshop=workshop)
    conflicts = pool_selectors.conflict_pairs(workshop=workshop)
    kept = np.array([kept_counts.get(row.pk, 0) for row in submissions], dtype=np.int64)
    return Instance(
        paper_ids=[row.pk for row in submissions],
        paper_numbers=[row.number for row in submissions],
        reviewer_ids=[r.user_id for r in pool],
        reviewer_names=[r.name or r.email for r in pool],
        papers=matching_papers(submissions, topic_index),
        reviewers=matching_reviewers(pool, topic_index),
        tree=tree,
        topic_area=np.array([tree.path(t)[-1] for t in range(tree.n_topics)], dtype=np.int64),
        bids=Bids(
            paper_idx=np.array([row[0] for row in bid_rows], dtype=np.int64),
            reviewer_idx=np.array([row[1] for row in bid_rows], dtype=np.int64),
            value=np.array([int(row[2]) for row in bid_rows], dtype=np.int64),
        ),
        conflicts=_pairs(sorted(conflicts), paper_index, reviewer_index),
        fixed=_pairs(fixed_pairs_for_matching(workshop=workshop), paper_index, reviewer_index),
        # a conflict declared since wins: the run neither counts nor proposes that pair (a
        # commit still keeps it, flagged as conflicted, for the organizers to settle)
        started=_pairs(
            [pair for pair in started_pairs(workshop=workshop) if pair not in conflicts],
            paper_index,
            reviewer_index,
        ),
        max_load=max_load,
        min_load=np.minimum(parameters.min_load, max_load),
        # one joint run: a track that sets its own reviewers per paper overrides the run's k
        k=np.array([row.track_k or parameters.k for row in submissions], dtype=np.int64),
        kept=kept,
        external=_external_matrix(workshop, paper_index, reviewer_index),
    )


def _external_matrix(workshop: Workshop, papers: dict, reviewers: dict) -> np.ndarray | None:
    rows = [
        (papers[s], reviewers[u], score)
        for s, u, score in external_affinity_rows(workshop=workshop)
        if s in papers and u in reviewers
    ]
    if not rows:
        return None
    matrix = np.full((len(papers), len(reviewers)), np.nan, dtype=np.float32)
    for p, r, score in rows:
        matrix[p, r] = score
    return matrix


def load_area_chair_instance(*, workshop: Workshop, fixed: Sequence[tuple[int, int]]) -> Instance:
    """The same problem with the area chairs as reviewers: one per paper (k=1), no bids;
    ``fixed`` (paper, area chair) pairs are kept. An area chair without a limit of their
    own takes an even share of what the others leave."""
    topic_index, tree = matching_topic_tree(workshop)
    submissions = papers_for_matching(workshop=workshop)
    pool = pool_selectors.area_chairs_for_matching(workshop=workshop)
    paper_index = {row.pk: i for i, row in enumerate(submissions)}
    chair_index = {chair.user_id: i for i, chair in enumerate(pool)}
    own = [chair.max_load for chair in pool]
    unset = own.count(0)
    left = max(len(submissions) - sum(own), 0)
    share = max(-(-left // unset), 1) if unset else 0
    max_load = np.array([limit or share for limit in own], dtype=np.int64)
    no_pairs = (np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    conflicts = pool_selectors.conflict_pairs(workshop=workshop)
    return Instance(
        paper_ids=[row.pk for row in submissions],
        paper_numbers=[row.number for row in submissions],
        reviewer_ids=[chair.user_id for chair in pool],
        reviewer_names=[chair.name or chair.email for chair in pool],
        papers=matching_papers(submissions, topic_index),
        reviewers=matching_reviewers(pool, topic_index),
        tree=tree,
        topic_area=np.array([tree.path(t)[-1] for t in range(tree.n_topics)], dtype=np.int64),
        bids=Bids.empty(),
        conflicts=_pairs(sorted(conflicts), paper_index, chair_index),
        fixed=_pairs([pair for pair in fixed if pair not in conflicts], paper_index, chair_index),
        started=no_pairs,
        max_load=max_load,
        min_load=np.zeros(len(pool), dtype=np.int64),
        k=np.ones(len(submissions), dtype=np.int64),
        kept=np.zeros(len(submissions), dtype=np.int64),
    )


def affinity_for(
    instance: Instance, parameters: RunParameters, text_model: Sequence[TextPart] | None = None
) -> AffinityResult:
    """The instance's affinity; without text parts, the ones a run would use now."""
    if text_model is None:
        text_model, _ = text_model_for_run()
    n_texts = len(instance.papers) + sum(len(r.documents) for r in instance.reviewers)
    text_model = parts_for_size(list(text_model), n_texts)
    return compute_affinity(
        instance.papers,
        instance.reviewers,
        instance.tree,
        bids=instance.bids,
        conflicts=instance.conflicts,
        weights=parameters.weights,
        text_model=text_model,
        external=instance.external if parameters.external_weight else None,
    )


def affinity_on_stored_vectors(instance: Instance, parameters: RunParameters) -> AffinityResult:
    """The affinity as a run would compute it, for a page: the embedding model is never run
    here; while a text has no stored vector, TF-IDF alone stands in."""
    texts = [paper.text for paper in instance.papers]
    texts += [document for reviewer in instance.reviewers for document in reviewer.documents]
    return affinity_for(instance, parameters, stored_text_parts(texts))


def solve(
    instance: Instance, affinity: AffinityResult, parameters: RunParameters
) -> AssignmentResult:
    """The best assignment; raises InfeasibleAssignmentError with the reasons."""
    solver = solve_fair_assignment if parameters.fair else solve_assignment
    return solver(
        affinity.scores,
        instance.reviewers_per_paper,
        instance.max_load,
        min_load=instance.min_load,
        forbidden=affinity.forbidden,
        fixed=instance.must_keep,
        paper_labels=instance.paper_labels,
        reviewer_labels=instance.reviewer_names,
    )


def explanation_json(affinity: AffinityResult, paper: int, reviewer: int) -> dict:
    """explain_pair as plain JSON: which topics matched, the top shared terms, the bid."""
    why = explain_pair(affinity, paper, reviewer)
    explanation = {
        "score": round(why.score, 4),
        "forbidden": why.forbidden,
        "topic": {
            "component": round(why.topic_component, 4),
            "contribution": round(why.topic_contribution, 4),
            "matches": [
                {
                    "paper_topic": match.paper_topic,
                    "reviewer_topic": match.reviewer_topic,
                    "shared": match.shared,
                    "kind": match.kind,
                    "paper_role": match.paper_role,
                    "expertise": str(match.expertise),
                    "component": round(match.component, 4),
                }
                for match in why.topic_matches
            ],
        },
        "text": {
            "cosine": round(why.text_cosine, 4),
            "component": round(why.text_component, 4),
            "contribution": round(why.text_contribution, 4),
            "terms": [[term, round(weight, 4)] for term, weight in why.shared_terms],
            "closest_paper": why.closest_document if why.closest_is_paper else "",
            "closest_cosine": round(why.closest_cosine, 4),
        },
        "bid": {
            "value": why.bid.name.lower() if why.bid else None,
            "component": round(why.bid_component, 4),
            "contribution": round(why.bid_contribution, 4),
        },
    }
    if affinity.external is not None:  # scores imported and weighed: name their part
        explanation["external"] = {
            "component": None
            if why.external_component is None
            else round(why.external_component, 4),
            "contribution": round(why.external_contribution, 4),
        }
    return explanation


def explain_now(*, workshop: Workshop, submission, user) -> dict | None:
    """Explain a pair from the current data (weights of the latest run); None if unmatched."""
    run = latest_done_run(workshop=workshop)
    parameters = (
        RunParameters.from_json(run.parameters) if run else RunParameters.defaults(workshop)
    )
    instance = load_instance(workshop=workshop, parameters=parameters)
    if submission.pk not in instance.paper_ids or user.pk not in instance.reviewer_ids:
        return None
    affinity = affinity_on_stored_vectors(instance, parameters)
    return explanation_json(
        affinity, instance.paper_ids.index(submission.pk), instance.reviewer_ids.index(user.pk)
    )


def top_alternates(instance: Instance, affinity: AffinityResult) -> dict[str, list]:
    """{submission_id: [[user_id, affinity], ...]}: each paper's best allowed reviewers."""
    scores = affinity.scores.copy()
    scores[affinity.forbidden] = -1.0
    count = min(ALTERNATES_STORED, scores.shape[1])
    alternates: dict[str, list] = {}
    for p, paper_id in enumerate(instance.paper_ids):
        best = np.argsort(-scores[p], kind="stable")[:count]
        alternates[str(paper_id)] = [
            [instance.reviewer_ids[r], round(float(scores[p, r]), 4)]
            for r in best
            if scores[p, r] >= 0
        ]
    return alternates


def quality(instance: Instance, affinity: AffinityResult, result: AssignmentResult) -> dict:
    """The figures organizers judge a proposal by (all plain JSON)."""
    paper_area = instance.topic_area[[paper.primary_topic for paper in instance.papers]]
    reviewer_areas = [
        {int(instance.topic_area[t]) for t in reviewer.topics} for reviewer in instance.reviewers
    ]
    outside = sorted(
        {
            instance.paper_numbers[p]
            for p, r in zip(result.paper_idx, result.reviewer_idx, strict=True)
            if int(paper_area[p]) not in reviewer_areas[r]
        }
    )
    return {
        "n_papers": len(instance.papers),
        "n_reviewers": len(instance.reviewers),
        "n_pairs": len(result.paper_idx),
        "n_fixed": len(instance.fixed[0]),
        "n_started": len(instance.started[0]),
        "n_kept": int(instance.kept.sum()),
        "coverage": round(result.coverage, 4),
        "load_histogram": {str(load): count for load, count in result.load_histogram.items()},
        "total_affinity": round(result.total_affinity, 4),
        "mean_pair_affinity": round(float(np.mean(result.pair_affinity)), 4)
        if len(result.pair_affinity)
        else 0.0,
        "mean_paper_affinity": round(result.mean_paper_affinity, 4),
        "min_paper_affinity": round(result.min_paper_affinity, 4),
        "median_paper_affinity": round(result.median_paper_affinity, 4),
        "papers_outside_area": len(outside),
        "papers_outside_area_numbers": outside[:50],
        "conflicts_avoided": len(affinity.forbidden[0]),
        "candidates": dataclasses.asdict(result.candidates),
        "fairness": (
            {key: _finite(value) for key, value in dataclasses.asdict(result.fairness).items()}
            if result.fairness
            else None
        ),
    }


def _finite(value: float) -> float | None:
    """JSON has no infinity (PostgreSQL's jsonb refuses it): None stands for it."""
    return round(float(value), 4) if np.isfinite(value) else None


def timed(timings: dict[str, float], stage: str, function, *args):
    started = time.perf_counter()
    try:
        return function(*args)
    finally:
        timings[stage] = round(time.perf_counter() - started, 4)
