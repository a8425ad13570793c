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
    TextCalibration,
    TextPart,
    TopicMatch,
    TopicTree,
    compute_affinity,
    explain_pair,
)
from assignment.matching.embedding import EmbeddingTextModel, Encoder, MemoryStore
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
    "EmbeddingTextModel",
    "Encoder",
    "Expertise",
    "FairnessReport",
    "MemoryStore",
    "InfeasibleAssignmentError",
    "PairExplanation",
    "Paper",
    "Reviewer",
    "SolverOptions",
    "TextModel",
    "TfidfTextModel",
    "TextCalibration",
    "TextPart",
    "TopicMatch",
    "TopicTree",
    "compute_affinity",
    "explain_pair",
    "solve_assignment",
    "solve_fair_assignment",
]
