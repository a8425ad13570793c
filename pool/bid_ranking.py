"""How the bidding page orders a reviewer's papers: a hook for a higher app.

Without a registered ranker the page orders by topic match. The assignment app registers
the affinity its runs use (topics and the text of the reviewer's own papers), so a
reviewer sees first the papers the assignment would think them best for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BidRank:
    score: float  # in [0, 1]
    closest_paper: str = ""  # title of the reviewer's own paper closest to this one


# (workshop=, user=, submission_ids=) -> {submission id: BidRank}
BidRanker = Callable[..., dict[int, BidRank]]
_rankers: list[BidRanker] = []


def register_bid_ranker(ranker: BidRanker) -> None:
    _rankers[:] = [ranker]


def bid_ranks(*, workshop, user, submission_ids: Sequence[int]) -> dict[int, BidRank] | None:
    """The registered ranker's ranks, or None to order by topic match."""
    if not _rankers or not submission_ids:
        return None
    return _rankers[0](workshop=workshop, user=user, submission_ids=submission_ids)
