"""Reviewer-paper matching: affinity scores and an exact assignment solver.

Pure Python (numpy, scipy, scikit-learn, OR-Tools); nothing here imports
Django, so it can run in a web request, a worker or a benchmark.
"""

from assignment.matching.affinity import (
    AffinityResult,
    AffinityWeights,
    Bid,
    Bids,
    Expertise,
    PairExplanation,
    Paper,
    Reviewer,
    TopicMatch,
    TopicTree,
    compute_affinity,
    explain_pair,
)
from assignment.matching.solver import (
    AssignmentResult,
    CandidateInfo,
    FairnessReport,
    InfeasibleAssignmentError,
    SolverOptions,
    solve_assignment,
    solve_fair_assignment,
)
from assignment.matching.text import TextModel, TfidfTextModel

__all__ = [
    "AffinityResult",
    "AffinityWeights",
    "AssignmentResult",
    "Bid",
    "Bids",
    "CandidateInfo",
    "Expertise",
    "FairnessReport",
    "InfeasibleAssignmentError",
    "PairExplanation",
    "Paper",
    "Reviewer",
    "SolverOptions",
    "TextModel",
    "TfidfTextModel",
    "TopicMatch",
    "TopicTree",
    "compute_affinity",
    "explain_pair",
    "solve_assignment",
    "solve_fair_assignment",
]
