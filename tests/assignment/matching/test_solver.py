import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from assignment.matching.solver import (
    InfeasibleAssignmentError,
    SolverOptions,
    solve_assignment,
    solve_fair_assignment,
)

# Affinities are multiples of 1/64: exact in float32, and scaled by 10^6 they
# are whole numbers, so totals can be compared exactly.
STEPS = 64


def dyadic_affinity(rng: np.random.Generator, n_papers: int, n_reviewers: int) -> np.ndarray:
    return (rng.integers(0, STEPS + 1, size=(n_papers, n_reviewers)) / STEPS).astype(np.float32)


def random_pairs(rng: np.random.Generator, n_papers: int, n_reviewers: int, rate: float):
    mask = rng.random((n_papers, n_reviewers)) < rate
    return np.nonzero(mask)


def assigned_matrix(result, n_papers: int, n_reviewers: int) -> np.ndarray:
    matrix = np.zeros((n_papers, n_reviewers), dtype=np.int64)
    np.add.at(matrix, (result.paper_idx, result.reviewer_idx), 1)
    return matrix


def assert_constraints(result, shape, k, max_load, min_load=0, forbidden=None, fixed=None):
    matrix = assigned_matrix(result, *shape)
    assert matrix.max(initial=0) <= 1
    assert np.array_equal(matrix.sum(axis=1), np.broadcast_to(k, shape[0]))
    assert np.all(matrix.sum(axis=0) <= max_load)
    assert np.all(matrix.sum(axis=0) >= min_load)
    if forbidden is not None:
        assert matrix[forbidden].sum() == 0
    if fixed is not None:
        assert np.all(matrix[fixed] == 1)
    assert result.coverage == 1.0


def milp_optimum(affinity, k, max_load, min_load, forbidden, fixed) -> float | None:
    """Reference optimum from scipy's MILP solver; None when infeasible."""
    n_papers, n_reviewers = affinity.shape
    lower = np.zeros((n_papers, n_reviewers))
    upper = np.ones((n_papers, n_reviewers))
    upper[forbidden] = 0
    lower[fixed] = 1
    if np.any(lower > upper):
        return None
    paper_rows = np.kron(np.eye(n_papers), np.ones(n_reviewers))
    reviewer_rows = np.tile(np.eye(n_reviewers), n_papers)
    k, max_load = np.broadcast_to(k, n_papers), np.broadcast_to(max_load, n_reviewers)
    min_load = np.broadcast_to(min_load, n_reviewers)
    solution = milp(
        -affinity.astype(np.float64).ravel(),
        integrality=np.ones(affinity.size),
        bounds=Bounds(lower.ravel(), upper.ravel()),
        constraints=[
            LinearConstraint(paper_rows, k, k),
            LinearConstraint(reviewer_rows, min_load, max_load),
        ],
    )
    if solution.status == 2:
        return None
    assert solution.status == 0
    chosen = np.rint(solution.x).astype(bool)
    return float(affinity.astype(np.float64).ravel()[chosen].sum())


def brute_force_optimum(affinity, k, max_load, forbidden_mask) -> float | None:
    n_papers, n_reviewers = affinity.shape
    choices = [
        [c for c in itertools.combinations(range(n_reviewers), k) if not forbidden_mask[p, c].any()]
        for p in range(n_papers)
    ]
    best = None
    for assignment in itertools.product(*choices):
        load = np.bincount(np.concatenate(assignment), minlength=n_reviewers)
        if np.all(load <= max_load):
            total = sum(float(affinity[p, list(c)].sum()) for p, c in enumerate(assignment))
            best = total if best is None else max(best, total)
    return best


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_solve_assignment_optimum_equals_brute_force_on_4x4_k2(seed):
    rng = np.random.default_rng(seed)
    affinity = dyadic_affinity(rng, 4, 4)
    max_load = rng.integers(1, 4, size=4)
    forbidden = random_pairs(rng, 4, 4, 0.15)
    forbidden_mask = np.zeros((4, 4), dtype=bool)
    forbidden_mask[forbidden] = True
    expected = brute_force_optimum(affinity, 2, max_load, forbidden_mask)

    if expected is None:
        with pytest.raises(InfeasibleAssignmentError):
            solve_assignment(affinity, 2, max_load, forbidden=forbidden)
        return
    result = solve_assignment(affinity, 2, max_load, forbidden=forbidden)
    assert result.total_affinity == expected
    assert_constraints(result, (4, 4), 2, max_load, forbidden=forbidden)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_papers=st.integers(1, 7),
    n_reviewers=st.integers(1, 7),
)
def test_solve_assignment_constraints_and_optimum_match_milp_with_fixed_and_min_load(
    seed, n_papers, n_reviewers
):
    rng = np.random.default_rng(seed)
    affinity = dyadic_affinity(rng, n_papers, n_reviewers)
    k = rng.integers(0, min(2, n_reviewers) + 1, size=n_papers)
    max_load = rng.integers(1, 5, size=n_reviewers)
    min_load = rng.integers(0, 2, size=n_reviewers)
    forbidden = random_pairs(rng, n_papers, n_reviewers, 0.15)
    fixed = random_pairs(rng, n_papers, n_reviewers, 0.08)
    expected = milp_optimum(affinity, k, max_load, min_load, forbidden, fixed)

    arguments = {"min_load": min_load, "forbidden": forbidden, "fixed": fixed}
    if expected is None:
        with pytest.raises(InfeasibleAssignmentError):
            solve_assignment(affinity, k, max_load, **arguments)
        return
    result = solve_assignment(affinity, k, max_load, **arguments)
    assert result.total_affinity == expected
    assert_constraints(result, affinity.shape, k, max_load, min_load, forbidden, fixed)


def test_solve_assignment_infeasible_paper_with_too_few_reviewers_is_named():
    affinity = np.full((3, 4), 0.5, dtype=np.float32)
    forbidden = (np.array([1, 1]), np.array([0, 2]))

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, 3, 5, forbidden=forbidden, paper_labels=["A", "B", "C"])

    assert raised.value.reasons == [
        "paper B has only 2 non-conflicted reviewers with free capacity, needs 3"
    ]
    assert raised.value.uncovered_papers.tolist() == [1]


def test_solve_assignment_infeasible_total_capacity_is_explained():
    affinity = np.full((3, 4), 0.5, dtype=np.float32)

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, 3, np.array([3, 3, 1, 1]))

    assert raised.value.reasons == [
        "total reviewer capacity 8 < required 9 reviews (besides the reviewers that must "
        "stay: must-assign, or their review has started)"
    ]


def test_solve_assignment_infeasible_shared_bottleneck_names_papers_and_reviewers():
    # Papers 0 and 1 each need 2 reviewers but may only use reviewers 0-2,
    # who have one free slot each; reviewers 3 and 4 are conflicted with them.
    affinity = np.full((3, 5), 0.5, dtype=np.float32)
    forbidden = (np.array([0, 0, 1, 1]), np.array([3, 4, 3, 4]))
    max_load = np.array([1, 1, 1, 5, 5])

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, 2, max_load, forbidden=forbidden)

    assert raised.value.reasons == [
        (
            "2 paper(s) [0, 1] need 4 more reviews together, but the reviewers eligible "
            "for them ([0, 1, 2], with 3 free slots) can give at most 3"
        )
    ]
    assert raised.value.uncovered_papers.tolist() == [0, 1]


def test_solve_assignment_infeasible_fixed_forbidden_pair_is_explained():
    affinity = np.full((2, 3), 0.5, dtype=np.float32)
    pair = (np.array([1]), np.array([2]))

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, 1, 2, forbidden=pair, fixed=pair)

    assert raised.value.reasons == [
        "paper 1 must keep reviewer 2 (must-assign, or their review has started), but that "
        "pair is forbidden (conflict or declined)"
    ]


def test_solve_assignment_infeasible_fixed_pairs_are_explained_as_pairs_that_must_stay():
    affinity = np.full((2, 3), 0.5, dtype=np.float32)
    # Paper 0 keeps reviewers 0 and 1 but needs one; reviewer 2 keeps both papers, max 1.
    fixed = (np.array([0, 0, 0, 1]), np.array([0, 1, 2, 2]))

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, np.array([1, 2]), 1, fixed=fixed, paper_labels=["#1", "#2"])

    assert raised.value.reasons == [
        "paper #1 has 3 reviewers that must stay (must-assign, or their review has started) "
        "but needs only 1",
        "reviewer 2 must stay on 2 papers (must-assign, or their review has started), over "
        "their max load 1",
    ]


def test_solve_assignment_infeasible_paper_names_its_one_reviewer_that_must_stay():
    affinity = np.full((1, 3), 0.5, dtype=np.float32)
    forbidden = (np.array([0]), np.array([2]))

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, 3, 1, forbidden=forbidden, fixed=(np.array([0]), np.array([0])))

    assert raised.value.reasons == [
        "paper 0 has only 1 non-conflicted reviewers with free capacity, needs 2 besides "
        "its 1 reviewer that must stay (must-assign, or their review has started)"
    ]


def test_solve_assignment_infeasible_min_load_is_explained():
    affinity = np.full((2, 3), 0.5, dtype=np.float32)

    with pytest.raises(InfeasibleAssignmentError) as raised:
        solve_assignment(affinity, 1, 2, min_load=1)

    assert raised.value.reasons == ["minimum loads need 3 reviews, but the papers need only 2"]


def test_solve_assignment_same_input_twice_gives_identical_output():
    rng = np.random.default_rng(7)
    affinity = (rng.integers(0, 4, size=(60, 40)) / 4).astype(np.float32)  # many ties
    forbidden = random_pairs(rng, 60, 40, 0.05)
    options = SolverOptions(
        restrict_above_pairs=0, reviewers_per_paper_candidates=8, papers_per_reviewer_candidates=8
    )

    first = solve_assignment(affinity, 3, 6, forbidden=forbidden, options=options)
    second = solve_assignment(affinity, 3, 6, forbidden=forbidden, options=options)

    assert np.array_equal(first.paper_idx, second.paper_idx)
    assert np.array_equal(first.reviewer_idx, second.reviewer_idx)
    assert first.total_affinity == second.total_affinity


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_solve_assignment_restricted_candidates_keep_unrestricted_optimum(seed):
    rng = np.random.default_rng(seed)
    affinity = dyadic_affinity(rng, 150, 90)
    forbidden = random_pairs(rng, 150, 90, 0.02)
    restricted_options = SolverOptions(
        restrict_above_pairs=0, reviewers_per_paper_candidates=12, papers_per_reviewer_candidates=12
    )

    restricted = solve_assignment(affinity, 3, 6, forbidden=forbidden, options=restricted_options)
    unrestricted = solve_assignment(affinity, 3, 6, forbidden=forbidden)

    assert restricted.candidates.restricted is True
    assert restricted.candidates.n_pairs < unrestricted.candidates.n_pairs
    assert unrestricted.candidates.restricted is False
    assert restricted.total_affinity == unrestricted.total_affinity
    assert_constraints(restricted, (150, 90), 3, 6, forbidden=forbidden)


def everyone_prefers_reviewer_0_and_paper_0() -> np.ndarray:
    paper_taste = np.linspace(1.0, 0.5, 6, dtype=np.float32)
    reviewer_taste = np.linspace(1.0, 0.5, 6, dtype=np.float32)
    return np.outer(paper_taste, reviewer_taste)


def test_solve_assignment_widens_infeasible_restriction():
    affinity = everyone_prefers_reviewer_0_and_paper_0()
    options = SolverOptions(
        restrict_above_pairs=0, reviewers_per_paper_candidates=1, papers_per_reviewer_candidates=1
    )

    widened = solve_assignment(affinity, 2, 3, options=options)
    unrestricted = solve_assignment(affinity, 2, 3)

    assert widened.candidates.widenings == 2
    assert widened.candidates.strategy == (
        "top 4 per paper + top 4 per reviewer (widened 2x after infeasible restriction)"
    )
    assert widened.total_affinity == unrestricted.total_affinity


def test_solve_assignment_falls_back_to_all_pairs_after_widening():
    affinity = everyone_prefers_reviewer_0_and_paper_0()
    options = SolverOptions(
        restrict_above_pairs=0,
        reviewers_per_paper_candidates=1,
        papers_per_reviewer_candidates=1,
        max_widenings=1,
    )

    result = solve_assignment(affinity, 2, 3, options=options)

    assert result.candidates.strategy == "all pairs (every restriction was infeasible)"
    assert result.candidates.restricted is False
    assert result.total_affinity == solve_assignment(affinity, 2, 3).total_affinity


def test_solve_assignment_result_reports_statistics():
    affinity = np.array([[1.0, 0.5, 0.25], [0.5, 0.75, 0.0]], dtype=np.float32)

    result = solve_assignment(affinity, 1, 1)

    assert result.paper_idx.tolist() == [0, 1]
    assert result.reviewer_idx.tolist() == [0, 1]
    assert result.total_affinity == 1.75
    assert result.paper_affinity.tolist() == [1.0, 0.75]
    assert result.min_paper_affinity == 0.75
    assert result.median_paper_affinity == 0.875
    assert result.load_histogram == {0: 1, 1: 2}
    assert result.coverage == 1.0


def test_solve_fair_assignment_lifts_sacrificed_paper():
    # Plain optimum: paper 0 takes reviewer 0 (1.0), paper 1 gets 0.0.
    affinity = np.array([[1.0, 0.25], [0.5, 0.0]], dtype=np.float32)

    plain = solve_assignment(affinity, 1, 1)
    fair = solve_fair_assignment(affinity, 1, 1)

    assert plain.min_paper_affinity == 0.0
    assert fair.reviewer_idx.tolist() == [1, 0]
    assert fair.min_paper_affinity == 0.25
    assert fair.total_affinity == 0.75
    assert fair.fairness.plain_total_affinity == 1.0
    assert fair.fairness.total_affinity_cost == 0.25
    assert fair.fairness.total_affinity_cost_percent == 25.0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_solve_fair_assignment_min_paper_affinity_not_below_plain(seed):
    rng = np.random.default_rng(seed)
    affinity = dyadic_affinity(rng, 30, 20) ** 2
    forbidden = random_pairs(rng, 30, 20, 0.1)

    plain = solve_assignment(affinity, 3, 6, forbidden=forbidden)
    fair = solve_fair_assignment(affinity, 3, 6, forbidden=forbidden)

    assert fair.min_paper_affinity >= plain.min_paper_affinity
    assert fair.total_affinity <= plain.total_affinity
    assert fair.fairness.level >= fair.fairness.plain_level
    assert_constraints(fair, (30, 20), 3, 6, forbidden=forbidden)
