"""The bidding page's order: the affinity of an assignment run, for one reviewer.

Topics and text count with the workshop's weights (bids do not: they are what the reviewer
is choosing). Text vectors come from the store only, never from the model during a page
request; while any text of the workshop has no stored vector, TF-IDF over the workshop's
texts stands in. A reviewer who wrote nothing is ranked by topics alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assignment import engine
from assignment.embeddings import stored_text_parts
from assignment.matching import compute_affinity
from assignment.selectors import papers_for_matching
from pool import selectors as pool_selectors
from pool.bid_ranking import BidRank

# How far above the mean pair (in standard deviations of the main text model) the closest
# own paper must be for "close to your paper" to be worth saying.
CLOSE_ENOUGH_Z = 1.0


def rank_for_bidding(*, workshop, user, submission_ids: Sequence[int]) -> dict[int, BidRank]:
    wanted = set(submission_ids)
    topic_index, tree = engine.matching_topic_tree(workshop)
    rows = [row for row in papers_for_matching(workshop=workshop) if row.pk in wanted]
    pool = pool_selectors.reviewer_pool_for_matching(workshop=workshop)
    mine = [reviewer for reviewer in pool if reviewer.user_id == user.pk]
    if not rows or not mine:
        return {}
    papers = engine.matching_papers(rows, topic_index)
    reviewer = engine.matching_reviewers(mine, topic_index)[0]
    texts = [paper.text for paper in papers] + reviewer.documents
    weights = replace(engine.RunParameters.defaults(workshop).weights, bid=0.0, external=0.0)
    affinity = compute_affinity(
        papers,
        [reviewer],
        tree,
        weights=weights,
        text_model=stored_text_parts(texts),
    )
    closest = _closest_papers(affinity, reviewer)
    return {
        paper.id: BidRank(score=float(affinity.scores[p, 0]), closest_paper=closest[p])
        for p, paper in enumerate(papers)
    }


def _closest_papers(affinity, reviewer) -> list[str]:
    """Per paper: the title of the reviewer's own paper closest to it, when close enough."""
    n_own = len(reviewer.papers)
    if not n_own or affinity.has_text is None or not affinity.has_text[0]:
        return [""] * len(affinity.papers)
    cosines = affinity.paper_vectors @ affinity.document_vectors[:n_own].T
    cosines = cosines.toarray() if hasattr(cosines, "toarray") else np.asarray(cosines)
    best = cosines.argmax(axis=1)
    scale = affinity.text_scales[0]
    titles = [text.strip().split("\n", 1)[0] for text in reviewer.papers]
    return [
        titles[best[p]] if scale.z_of(float(cosines[p, best[p]])) >= CLOSE_ENOUGH_Z else ""
        for p in range(len(affinity.papers))
    ]
