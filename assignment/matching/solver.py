"""Reviewer assignment that maximises total affinity, as an exact min-cost flow.

Network (OR-Tools ``SimpleMinCostFlow``): every paper supplies as many units
as it still needs reviewers; a unit flows paper -> reviewer (capacity 1,
cost -affinity) -> sink (capacity max load - min load). A reviewer's minimum
load is a demand on the reviewer node itself, so it is a hard lower bound.
Fixed pairs (the caller's pairs that must stay: in fomo, must-assign pairs and
reviews already started) are assigned up front and taken out of the network.

Exactness: OR-Tools needs integer costs, so affinities are multiplied by
``SolverOptions.scale`` (10^6) and rounded. The answer is optimal for the
rounded affinities, hence within ``n_assigned_pairs / scale`` of the true
optimum (each rounding is off by at most 0.5 / scale). With every pair as a
candidate (instances up to ``restrict_above_pairs`` pairs) that is the only
inexactness.

Large instances: the network only gets each paper's top-N reviewers and each
reviewer's top-M papers. That union can in principle miss the optimum (the
benchmark measures 0-0.001% on 10k x 8k); it can never make a feasible
instance infeasible, because an infeasible restriction is widened (N and M
doubled) and finally replaced by all pairs. ``AssignmentResult.candidates``
says which happened. Raise ``restrict_above_pairs`` to force all pairs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from assignment.matching.codes import contains, sorted_unique

Pairs = tuple[np.ndarray, np.ndarray]
"""(paper_idx, reviewer_idx) integer arrays of equal length."""
T = TypeVar("T")

BLOCK_ROWS = 512  # papers (or reviewers) per block when scanning the matrix
MAX_LISTED = 10  # papers or reviewers named in one explanation
# Why a fixed pair is there, in the explanations: fomo passes must-assign pairs and the
# pairs whose review has started together as ``fixed`` (plain words, no Django here).
MUST_STAY_WHY = "must-assign, or their review has started"
TOLERANCE = 1e-9
FAIR_TOLERANCE = 1e-6  # float32 affinities summed in different orders


@dataclass(frozen=True)
class SolverOptions:
    reviewers_per_paper_candidates: int = 100  # N: each paper's best reviewers
    papers_per_reviewer_candidates: int = 100  # M: each reviewer's best papers
    restrict_above_pairs: int = 2_000_000  # smaller instances use every pair
    max_widenings: int = 2  # doublings of N and M before using every pair
    scale: int = 1_000_000  # affinity -> integer cost factor
    fair_search_steps: int = 8  # bisection steps on the fairness floor
    fair_repairs: int = 3  # re-solves per step when other papers fall below it


@dataclass(frozen=True)
class CandidateInfo:
    strategy: str  # human-readable: which candidate set gave the answer
    restricted: bool
    per_paper: int | None  # N, None when every pair was a candidate
    per_reviewer: int | None  # M
    n_pairs: int  # arcs paper -> reviewer in the network
    widenings: int  # how often N and M were doubled


@dataclass(frozen=True)
class FairnessReport:
    plain_total_affinity: float
    plain_min_paper_affinity: float
    total_affinity_cost: float  # plain optimum minus the fair total
    total_affinity_cost_percent: float
    min_paper_affinity_gain: float
    # Every paper's mean reviewer affinity is at least min(level, the best
    # mean its candidates allow); the level is the lowest mean among papers
    # not already at their best (inf when all are).
    plain_level: float
    level: float
    n_floored_papers: int
    n_solves: int


@dataclass(frozen=True)
class AssignmentResult:
    paper_idx: np.ndarray  # int64, sorted by (paper, reviewer)
    reviewer_idx: np.ndarray  # int64
    pair_affinity: np.ndarray  # float64 affinity of each assigned pair
    total_affinity: float
    paper_affinity: np.ndarray  # float64 (n_papers,) sum over each paper's pairs
    min_paper_affinity: float  # over papers that need at least one reviewer
    mean_paper_affinity: float
    median_paper_affinity: float
    reviewer_load: np.ndarray  # int64 (n_reviewers,)
    load_histogram: dict[int, int]  # load -> number of reviewers with it
    coverage: float  # assigned / required reviews: always 1.0 when returned
    candidates: CandidateInfo
    timings: dict[str, float]  # seconds per stage
    fairness: FairnessReport | None = None


class InfeasibleAssignmentError(ValueError):
    """No assignment gives every paper its reviewers within all constraints."""

    def __init__(self, reasons: list[str], uncovered_papers: np.ndarray) -> None:
        self.reasons = reasons
        self.uncovered_papers = uncovered_papers
        super().__init__("No complete assignment exists:\n- " + "\n- ".join(reasons))


@dataclass
class _Problem:
    affinity: np.ndarray  # C-contiguous (n_papers, n_reviewers)
    reviewers_per_paper: np.ndarray  # k per paper, including fixed pairs
    demand: np.ndarray  # reviewers each paper still needs after fixed pairs
    capacity: np.ndarray  # free slots per reviewer after fixed pairs
    min_load: np.ndarray  # load each reviewer must still get after fixed pairs
    excluded: np.ndarray  # sorted codes paper * n_reviewers + reviewer: no arc
    fixed: np.ndarray  # sorted codes of the pairs that must stay
    paper_labels: Sequence[object]
    reviewer_labels: Sequence[object]
    scale: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def n_papers(self) -> int:
        return self.affinity.shape[0]

    @property
    def n_reviewers(self) -> int:
        return self.affinity.shape[1]


def solve_assignment(
    affinity: np.ndarray,
    reviewers_per_paper: int | np.ndarray,
    max_load: int | np.ndarray,
    *,
    min_load: int | np.ndarray = 0,
    forbidden: Pairs | None = None,
    fixed: Pairs | None = None,
    options: SolverOptions | None = None,
    paper_labels: Sequence[object] | None = None,
    reviewer_labels: Sequence[object] | None = None,
) -> AssignmentResult:
    """The assignment with the largest total affinity.

    Raises InfeasibleAssignmentError naming the uncovered papers and the
    bottleneck when no complete assignment exists.
    """
    options = options or SolverOptions()
    started = time.perf_counter()
    problem = _prepare(
        affinity, reviewers_per_paper, max_load, min_load, forbidden, fixed,
        options.scale, paper_labels, reviewer_labels,
    )  # fmt: skip
    assigned, candidates, _ = _solve_with_candidates(problem, options)
    return _result(problem, assigned, candidates, started)


def solve_fair_assignment(
    affinity: np.ndarray,
    reviewers_per_paper: int | np.ndarray,
    max_load: int | np.ndarray,
    *,
    min_load: int | np.ndarray = 0,
    forbidden: Pairs | None = None,
    fixed: Pairs | None = None,
    options: SolverOptions | None = None,
    paper_labels: Sequence[object] | None = None,
    reviewer_labels: Sequence[object] | None = None,
) -> AssignmentResult:
    """Raise the worst-off paper first, then maximise the total under that.

    Iterative threshold (in the spirit of PeerReview4All / FairFlow): for a
    floor t, every paper whose mean reviewer affinity is below t may only get
    reviewers with affinity >= t; papers that then drop below t join them.
    Bisection finds the highest floor that stays feasible; each step is an
    exact max-total min-cost flow. The answer is never worse than the plain
    optimum on the worst paper's mean reviewer affinity; ``fairness`` reports
    what it cost in total affinity. The search uses the candidate pairs of
    the plain solve (the worst papers' best reviewers are among them).
    """
    options = options or SolverOptions()
    started = time.perf_counter()
    problem = _prepare(
        affinity, reviewers_per_paper, max_load, min_load, forbidden, fixed,
        options.scale, paper_labels, reviewer_labels,
    )  # fmt: skip
    plain_codes, candidates, candidate_codes = _solve_with_candidates(problem, options)
    plain = _result(problem, plain_codes, candidates, started)

    fair_started = time.perf_counter()
    search = _FairSearch(problem, candidate_codes, plain_codes, options)
    fair_codes = search.run()
    problem.timings["fair_search"] = time.perf_counter() - fair_started
    fair = _result(problem, fair_codes, candidates, started)

    report = FairnessReport(
        plain_total_affinity=plain.total_affinity,
        plain_min_paper_affinity=plain.min_paper_affinity,
        total_affinity_cost=plain.total_affinity - fair.total_affinity,
        total_affinity_cost_percent=_percent(
            plain.total_affinity - fair.total_affinity, plain.total_affinity
        ),
        min_paper_affinity_gain=fair.min_paper_affinity - plain.min_paper_affinity,
        plain_level=search.plain_level,
        level=search.best_key[0],
        n_floored_papers=search.best_n_floored,
        n_solves=search.n_solves,
    )
    return replace(fair, fairness=report)


# --- input checks -----------------------------------------------------------


def _prepare(
    affinity: np.ndarray,
    reviewers_per_paper: int | np.ndarray,
    max_load: int | np.ndarray,
    min_load: int | np.ndarray,
    forbidden: Pairs | None,
    fixed: Pairs | None,
    scale: int,
    paper_labels: Sequence[object] | None,
    reviewer_labels: Sequence[object] | None,
) -> _Problem:
    started = time.perf_counter()
    affinity = np.ascontiguousarray(affinity)
    if affinity.ndim != 2 or not np.all(np.isfinite(affinity)):
        raise ValueError("affinity must be a finite 2-D matrix")
    n_papers, n_reviewers = affinity.shape
    k = _per_item(reviewers_per_paper, n_papers, "reviewers_per_paper")
    max_load = _per_item(max_load, n_reviewers, "max_load")
    min_load = _per_item(min_load, n_reviewers, "min_load")
    forbidden_codes = _pair_codes(forbidden, n_papers, n_reviewers, "forbidden")
    fixed_codes = _pair_codes(fixed, n_papers, n_reviewers, "fixed")
    paper_labels = paper_labels if paper_labels is not None else range(n_papers)
    reviewer_labels = reviewer_labels if reviewer_labels is not None else range(n_reviewers)

    fixed_papers, fixed_reviewers = np.divmod(fixed_codes, max(n_reviewers, 1))
    fixed_per_paper = np.bincount(fixed_papers, minlength=n_papers)
    fixed_per_reviewer = np.bincount(fixed_reviewers, minlength=n_reviewers)
    problem = _Problem(
        affinity=affinity,
        reviewers_per_paper=k,
        demand=np.maximum(k - fixed_per_paper, 0),
        capacity=np.maximum(max_load - fixed_per_reviewer, 0),
        min_load=np.maximum(min_load - fixed_per_reviewer, 0),
        excluded=sorted_unique(np.concatenate([forbidden_codes, fixed_codes])),
        fixed=fixed_codes,
        paper_labels=paper_labels,
        reviewer_labels=reviewer_labels,
        scale=scale,
    )
    reasons, uncovered = _fixed_pair_problems(
        problem, forbidden_codes, fixed_per_paper, fixed_per_reviewer, max_load,
        min_load,
    )  # fmt: skip
    if not reasons:
        reasons, uncovered = _counting_problems(problem)
    if reasons:
        raise InfeasibleAssignmentError(reasons, uncovered)
    problem.timings["prepare"] = time.perf_counter() - started
    return problem


def _per_item(value: int | np.ndarray, length: int, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=np.int64)
    if array.ndim == 0:
        array = np.full(length, int(array), dtype=np.int64)
    if array.shape != (length,) or np.any(array < 0):
        raise ValueError(f"{name} must be a non-negative int or {length} of them")
    return array


def _pair_codes(pairs: Pairs | None, n_papers: int, n_reviewers: int, name: str) -> np.ndarray:
    """Sorted unique codes paper * n_reviewers + reviewer."""
    if pairs is None:
        return np.zeros(0, dtype=np.int64)
    papers = np.asarray(pairs[0], dtype=np.int64)
    reviewers = np.asarray(pairs[1], dtype=np.int64)
    if papers.shape != reviewers.shape or papers.ndim != 1:
        raise ValueError(f"{name} must be two 1-D index arrays of equal length")
    if len(papers) and (
        papers.min() < 0
        or papers.max() >= n_papers
        or reviewers.min() < 0
        or reviewers.max() >= n_reviewers
    ):
        raise ValueError(f"{name} holds a paper or reviewer index out of range")
    return sorted_unique(papers * n_reviewers + reviewers)


def _fixed_pair_problems(
    problem: _Problem,
    forbidden_codes: np.ndarray,
    fixed_per_paper: np.ndarray,
    fixed_per_reviewer: np.ndarray,
    max_load: np.ndarray,
    min_load: np.ndarray,
) -> tuple[list[str], np.ndarray]:
    reasons = []
    n_reviewers = problem.n_reviewers
    for code in problem.fixed[contains(forbidden_codes, problem.fixed)][:MAX_LISTED]:
        paper, reviewer = divmod(int(code), n_reviewers)
        reasons.append(
            f"paper {problem.paper_labels[paper]} must keep reviewer "
            f"{problem.reviewer_labels[reviewer]} ({MUST_STAY_WHY}), but that pair is "
            "forbidden (conflict or declined)"
        )
    overfull_papers = np.flatnonzero(fixed_per_paper > problem.reviewers_per_paper)
    for paper in overfull_papers[:MAX_LISTED]:
        reasons.append(
            f"paper {problem.paper_labels[paper]} has {_must_stay(fixed_per_paper[paper])} "
            f"but needs only {problem.reviewers_per_paper[paper]}"
        )
    for reviewer in np.flatnonzero(fixed_per_reviewer > max_load)[:MAX_LISTED]:
        reasons.append(
            f"reviewer {problem.reviewer_labels[reviewer]} must stay on "
            f"{fixed_per_reviewer[reviewer]} papers ({MUST_STAY_WHY}), over their max "
            f"load {max_load[reviewer]}"
        )
    for reviewer in np.flatnonzero(min_load > max_load)[:MAX_LISTED]:
        reasons.append(
            f"reviewer {problem.reviewer_labels[reviewer]} has min load "
            f"{min_load[reviewer]} above max load {max_load[reviewer]}"
        )
    return reasons, overfull_papers


def _counting_problems(problem: _Problem) -> tuple[list[str], np.ndarray]:
    """Necessary conditions that can be checked by counting, before any solve."""
    reasons = []
    required, total_capacity = int(problem.demand.sum()), int(problem.capacity.sum())
    if total_capacity < required:
        reasons.append(
            f"total reviewer capacity {total_capacity} < required {required} "
            f"reviews (besides the reviewers that must stay: {MUST_STAY_WHY})"
        )
    required_min_load = int(problem.min_load.sum())
    if required_min_load > required:
        reasons.append(
            f"minimum loads need {required_min_load} reviews, but the papers need only {required}"
        )

    excluded_papers, excluded_reviewers = np.divmod(problem.excluded, max(problem.n_reviewers, 1))
    has_capacity = problem.capacity > 0
    eligible_reviewers = int(has_capacity.sum()) - np.bincount(
        excluded_papers[has_capacity[excluded_reviewers]], minlength=problem.n_papers
    )
    short = np.flatnonzero(eligible_reviewers < problem.demand)
    for paper in short[:MAX_LISTED]:
        reasons.append(
            f"paper {problem.paper_labels[paper]} has only "
            f"{eligible_reviewers[paper]} non-conflicted reviewers with free "
            f"capacity, needs {problem.demand[paper]}" + _fixed_note(problem, paper)
        )
    reasons.extend(_more_note(len(short), "papers"))

    needs_reviewers = problem.demand > 0
    eligible_papers = int(needs_reviewers.sum()) - np.bincount(
        excluded_reviewers[needs_reviewers[excluded_papers]],
        minlength=problem.n_reviewers,
    )
    underused = np.flatnonzero(eligible_papers < problem.min_load)
    for reviewer in underused[:MAX_LISTED]:
        reasons.append(
            f"reviewer {problem.reviewer_labels[reviewer]} can review only "
            f"{eligible_papers[reviewer]} papers, below their min load "
            f"{problem.min_load[reviewer]}"
        )
    reasons.extend(_more_note(len(underused), "reviewers"))
    return reasons, short


def _fixed_note(problem: _Problem, paper: int) -> str:
    n_fixed = problem.reviewers_per_paper[paper] - problem.demand[paper]
    return f" besides its {_must_stay(n_fixed)}" if n_fixed else ""


def _must_stay(count: int) -> str:
    """'2 reviewers that must stay (why)': the fixed pairs, in the organizers' words."""
    noun = "reviewer that must" if count == 1 else "reviewers that must"
    return f"{count} {noun} stay ({MUST_STAY_WHY})"


def _more_note(count: int, what: str) -> list[str]:
    return [f"... and {count - MAX_LISTED} more {what}"] if count > MAX_LISTED else []


# --- candidates and flows ---------------------------------------------------


def _solve_with_candidates(
    problem: _Problem, options: SolverOptions
) -> tuple[np.ndarray, CandidateInfo, np.ndarray]:
    """(assigned codes, how they were found, the candidate codes used)."""
    per_paper = options.reviewers_per_paper_candidates
    per_reviewer = options.papers_per_reviewer_candidates
    small = problem.n_papers * problem.n_reviewers <= options.restrict_above_pairs
    restriction_failed = False
    for widenings in range(0 if small else options.max_widenings + 1):
        if per_paper >= problem.n_reviewers and per_reviewer >= problem.n_papers:
            break
        codes = _timed(problem, "candidates", _candidate_codes, problem, per_paper, per_reviewer)
        assigned = _timed(problem, "flow", _max_affinity_flow, problem, codes)
        if assigned is not None:
            strategy = f"top {per_paper} per paper + top {per_reviewer} per reviewer"
            if widenings:
                strategy += f" (widened {widenings}x after infeasible restriction)"
            info = CandidateInfo(strategy, True, per_paper, per_reviewer, len(codes), widenings)
            return assigned, info, codes
        restriction_failed = True
        per_paper, per_reviewer = 2 * per_paper, 2 * per_reviewer

    codes = _timed(problem, "candidates", _all_codes, problem)
    assigned = _timed(problem, "flow", _max_affinity_flow, problem, codes)
    if assigned is None:
        raise _timed(problem, "diagnose", _diagnose, problem, codes)
    strategy = "all pairs"
    if restriction_failed:
        strategy += " (every restriction was infeasible)"
    info = CandidateInfo(strategy, False, None, None, len(codes), 0)
    return assigned, info, codes


def _timed(problem: _Problem, stage: str, function: Callable[..., T], *args: object) -> T:
    started = time.perf_counter()
    try:
        return function(*args)
    finally:
        elapsed = time.perf_counter() - started
        problem.timings[stage] = problem.timings.get(stage, 0.0) + elapsed


def _excluded_in_rows(problem: _Problem, start: int, stop: int) -> Pairs:
    """Excluded (row offset, reviewer) pairs for papers start:stop."""
    n_reviewers = problem.n_reviewers
    lo, hi = np.searchsorted(problem.excluded, [start * n_reviewers, stop * n_reviewers])
    papers, reviewers = np.divmod(problem.excluded[lo:hi], n_reviewers)
    return papers - start, reviewers


def _paper_blocks(problem: _Problem) -> Iterator[tuple[int, int, np.ndarray]]:
    """(start, stop, allowed mask) for blocks of papers."""
    usable_reviewers = problem.capacity > 0
    for start in range(0, problem.n_papers, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, problem.n_papers)
        allowed = np.broadcast_to(usable_reviewers, (stop - start, problem.n_reviewers))
        allowed = allowed & (problem.demand[start:stop, None] > 0)
        allowed[_excluded_in_rows(problem, start, stop)] = False
        yield start, stop, allowed


def _all_codes(problem: _Problem) -> np.ndarray:
    """Codes of every allowed pair, sorted."""
    blocks = []
    for start, _, allowed in _paper_blocks(problem):
        rows, reviewers = np.nonzero(allowed)
        blocks.append((rows + start).astype(np.int64) * problem.n_reviewers + reviewers)
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int64)


def _candidate_codes(problem: _Problem, per_paper: int, per_reviewer: int) -> np.ndarray:
    """Each paper's best ``per_paper`` reviewers and each reviewer's best
    ``per_reviewer`` papers among allowed pairs; sorted codes."""
    n_reviewers = problem.n_reviewers
    blocks = []
    for start, stop, allowed in _paper_blocks(problem):
        scores = np.where(allowed, problem.affinity[start:stop], -np.inf)
        rows, reviewers = _top_per_row(scores, per_paper)
        blocks.append((rows + start).astype(np.int64) * n_reviewers + reviewers)

    excluded_papers, excluded_reviewers = np.divmod(problem.excluded, n_reviewers)
    paper_usable = problem.demand > 0
    for start in range(0, n_reviewers, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n_reviewers)
        scores = np.array(problem.affinity[:, start:stop].T, dtype=np.float32)
        scores[:, ~paper_usable] = -np.inf
        scores[problem.capacity[start:stop] == 0] = -np.inf
        in_block = (excluded_reviewers >= start) & (excluded_reviewers < stop)
        scores[excluded_reviewers[in_block] - start, excluded_papers[in_block]] = -np.inf
        rows, papers = _top_per_row(scores, per_reviewer)
        blocks.append(papers.astype(np.int64) * n_reviewers + rows + start)
    return sorted_unique(np.concatenate(blocks))


def _top_per_row(scores: np.ndarray, count: int) -> Pairs:
    """(row, column) of each row's ``count`` largest finite scores."""
    if count < scores.shape[1]:
        columns = np.argpartition(-scores, count - 1, axis=1)[:, :count]
    else:
        columns = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
    rows = np.broadcast_to(np.arange(scores.shape[0])[:, None], columns.shape)
    keep = np.isfinite(np.take_along_axis(scores, columns, axis=1))
    return rows[keep], columns[keep]


def _max_affinity_flow(problem: _Problem, codes: np.ndarray) -> np.ndarray | None:
    """Codes of the max-affinity assignment using only ``codes``; None if none."""
    n_papers, n_reviewers = problem.n_papers, problem.n_reviewers
    papers, reviewers = np.divmod(codes, n_reviewers)
    costs = np.rint(problem.affinity.ravel()[codes].astype(np.float64) * -problem.scale)
    flow = SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        papers.astype(np.int32),
        (reviewers + n_papers).astype(np.int32),
        np.ones(len(codes), dtype=np.int64),
        costs.astype(np.int64),
    )
    del papers, reviewers, costs
    sink = n_papers + n_reviewers
    free = problem.capacity - problem.min_load
    open_reviewers = np.flatnonzero(free > 0)
    flow.add_arcs_with_capacity_and_unit_cost(
        (open_reviewers + n_papers).astype(np.int32),
        np.full(len(open_reviewers), sink, dtype=np.int32),
        free[open_reviewers],
        np.zeros(len(open_reviewers), dtype=np.int64),
    )
    supplies = np.concatenate(
        [
            problem.demand,
            -problem.min_load,
            [problem.min_load.sum() - problem.demand.sum()],
        ]
    ).astype(np.int64)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status == SimpleMinCostFlow.INFEASIBLE:
        return None
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status.name}")
    return codes[flow.flows(np.asarray(pair_arcs, dtype=np.int32)) > 0]


def _diagnose(problem: _Problem, codes: np.ndarray) -> InfeasibleAssignmentError:
    """Explain why the full network has no feasible flow, from a min cut."""
    n_papers, n_reviewers = problem.n_papers, problem.n_reviewers
    source, sink = n_papers + n_reviewers, n_papers + n_reviewers + 1
    papers, reviewers = np.divmod(codes, n_reviewers)
    flow = SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        papers.astype(np.int32),
        (reviewers + n_papers).astype(np.int32),
        np.ones(len(codes), dtype=np.int64),
    )
    flow.add_arcs_with_capacity(
        np.full(n_papers, source, dtype=np.int32),
        np.arange(n_papers, dtype=np.int32),
        problem.demand,
    )
    flow.add_arcs_with_capacity(
        np.arange(n_papers, source, dtype=np.int32),
        np.full(n_reviewers, sink, dtype=np.int32),
        problem.capacity,
    )
    flow.solve(source, sink)
    required = int(problem.demand.sum())
    if flow.optimal_flow() == required:
        reason = (
            "every paper can get its reviewers, but not while also meeting the "
            "reviewers' minimum loads; lower the minimum loads"
        )
        return InfeasibleAssignmentError([reason], np.zeros(0, dtype=np.int64))

    cut = np.asarray(flow.get_source_side_min_cut(), dtype=np.int64)
    cut_papers = np.sort(cut[cut < n_papers])
    cut_reviewers = np.sort(cut[(cut >= n_papers) & (cut < source)] - n_papers)
    needed = int(problem.demand[cut_papers].sum())
    possible = needed - (required - flow.optimal_flow())
    reason = (
        f"{len(cut_papers)} paper(s) {_labels(problem.paper_labels, cut_papers)} "
        f"need {needed} more reviews together, but the reviewers eligible for "
        f"them ({_labels(problem.reviewer_labels, cut_reviewers)}, with "
        f"{int(problem.capacity[cut_reviewers].sum())} free slots) can give at "
        f"most {possible}"
    )
    return InfeasibleAssignmentError([reason], cut_papers)


def _labels(labels: Sequence[object], indices: np.ndarray) -> str:
    named = ", ".join(str(labels[i]) for i in indices[:MAX_LISTED])
    more = f" and {len(indices) - MAX_LISTED} more" if len(indices) > MAX_LISTED else ""
    return f"[{named}{more}]"


# --- fairness ---------------------------------------------------------------


class _FairSearch:
    """Bisection on a floor for each paper's mean reviewer affinity.

    A paper's guarantee at floor t is min(t, the best mean it could get from
    its candidates). Papers below their guarantee in the plain optimum are
    floored: they may only get reviewers with affinity >= t, or, when fewer
    than needed reach t, only their own best candidates. Papers that drop
    below their guarantee in the re-solve are floored too ("repairs").
    """

    def __init__(
        self,
        problem: _Problem,
        candidate_codes: np.ndarray,
        plain_codes: np.ndarray,
        options: SolverOptions,
    ) -> None:
        self.problem = problem
        self.options = options
        self.codes = candidate_codes
        self.code_papers = candidate_codes // problem.n_reviewers
        self.code_affinity = problem.affinity.ravel()[candidate_codes].astype(np.float64)
        self.needed = np.maximum(problem.reviewers_per_paper, 1)
        self.counted = problem.reviewers_per_paper > 0
        self.best_mean, self.kth_best = self._best_candidates()
        self.plain_means = self._mean_affinity(plain_codes)
        self.plain_level = self._level(self.plain_means)
        self.best_codes = plain_codes
        self.best_key = (self.plain_level, self._total(self.plain_means))
        self.best_n_floored = 0
        self.n_solves = 0

    def run(self) -> np.ndarray:
        low, high = self.plain_level, self._highest_guarantee()
        for _ in range(self.options.fair_search_steps):
            if high - low <= 1e-4:
                break
            floor = (low + high) / 2
            codes, n_floored = self._solve_with_floor(floor)
            if codes is None:
                high = floor
                continue
            means = self._mean_affinity(codes)
            level = self._level(means)
            if level < floor - TOLERANCE:  # repairs ran out: treat as infeasible
                high = floor
                continue
            low = min(level, high)
            key = (level, self._total(means))
            if key > self.best_key:
                self.best_codes, self.best_key, self.best_n_floored = codes, key, n_floored
        return self.best_codes

    @property
    def best_level(self) -> float:
        return min(self.best_key[0], self._highest_guarantee())

    def _best_candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """Per paper: best reachable mean affinity and the affinity of its
        demand-th best candidate (-inf when it needs no more reviewers)."""
        n_papers = self.problem.n_papers
        order = np.lexsort((-self.code_affinity, self.code_papers))
        papers, affinity = self.code_papers[order], self.code_affinity[order]
        rank = np.arange(len(papers)) - np.searchsorted(papers, papers)
        demand = self.problem.demand[papers]
        best = rank < demand
        best_sums = np.bincount(papers[best], weights=affinity[best], minlength=n_papers)
        kth_best = np.full(n_papers, -np.inf)
        last = rank == demand - 1
        kth_best[papers[last]] = affinity[last]
        fixed_sums = np.bincount(
            self.problem.fixed // self.problem.n_reviewers,
            weights=self.problem.affinity.ravel()[self.problem.fixed],
            minlength=n_papers,
        )
        return (best_sums + fixed_sums) / self.needed, kth_best

    def _mean_affinity(self, codes: np.ndarray) -> np.ndarray:
        """Mean reviewer affinity per paper, fixed pairs included."""
        all_codes = np.concatenate([codes, self.problem.fixed])
        sums = np.bincount(
            all_codes // self.problem.n_reviewers,
            weights=self.problem.affinity.ravel()[all_codes],
            minlength=self.problem.n_papers,
        )
        return sums / self.needed

    def _total(self, means: np.ndarray) -> float:
        return float((means * self.needed)[self.counted].sum())

    def _below(self, means: np.ndarray, floor: float) -> np.ndarray:
        guarantee = np.minimum(floor, self.best_mean)
        return self.counted & (means < guarantee - FAIR_TOLERANCE)

    def _level(self, means: np.ndarray) -> float:
        """Lowest mean among papers not already at their best possible mean."""
        below_best = self._below(means, np.inf)
        return float(means[below_best].min()) if below_best.any() else np.inf

    def _highest_guarantee(self) -> float:
        return float(self.best_mean[self.counted].max()) if self.counted.any() else 0.0

    def _solve_with_floor(self, floor: float) -> tuple[np.ndarray | None, int]:
        floored = self._below(self.plain_means, floor)
        pair_floor = np.minimum(floor, self.kth_best)
        codes = None
        for _ in range(self.options.fair_repairs + 1):
            paper_floor = np.where(floored, pair_floor, -np.inf)
            too_low = self.code_affinity < paper_floor[self.code_papers]
            self.n_solves += 1
            codes = _timed(
                self.problem, "flow", _max_affinity_flow, self.problem, self.codes[~too_low]
            )
            if codes is None:
                break
            newly_below = self._below(self._mean_affinity(codes), floor) & ~floored
            if not newly_below.any():
                break
            floored |= newly_below
        return codes, int(floored.sum())


# --- result -----------------------------------------------------------------


def _result(
    problem: _Problem,
    assigned: np.ndarray,
    candidates: CandidateInfo,
    started: float,
) -> AssignmentResult:
    result_started = time.perf_counter()
    codes = np.sort(np.concatenate([assigned, problem.fixed]))
    paper_idx, reviewer_idx = np.divmod(codes, max(problem.n_reviewers, 1))
    pair_affinity = problem.affinity.ravel()[codes].astype(np.float64)
    paper_affinity = np.bincount(paper_idx, weights=pair_affinity, minlength=problem.n_papers)
    counted = paper_affinity[problem.reviewers_per_paper > 0]
    load = np.bincount(reviewer_idx, minlength=problem.n_reviewers)
    n_with_load = np.bincount(load)
    required = int(problem.reviewers_per_paper.sum())
    timings = dict(problem.timings)
    timings["result"] = time.perf_counter() - result_started
    timings["total"] = time.perf_counter() - started
    return AssignmentResult(
        paper_idx=paper_idx,
        reviewer_idx=reviewer_idx,
        pair_affinity=pair_affinity,
        total_affinity=float(pair_affinity.sum()),
        paper_affinity=paper_affinity,
        min_paper_affinity=float(counted.min()) if len(counted) else 0.0,
        mean_paper_affinity=float(counted.mean()) if len(counted) else 0.0,
        median_paper_affinity=float(np.median(counted)) if len(counted) else 0.0,
        reviewer_load=load,
        load_histogram={int(n): int(c) for n, c in enumerate(n_with_load) if c},
        coverage=len(codes) / required if required else 1.0,
        candidates=candidates,
        timings=timings,
    )


def _percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0
