"""Text models that turn documents into L2-normalised vectors.

A text model has ``fit_transform(documents)`` (learn from the workshop's
texts and return their vectors) and ``transform(documents)``; both return one
L2-normalised row per document, as a scipy sparse matrix or a dense numpy
array, so cosine similarity is a plain dot product. A sentence-embedding
model can be added later by implementing these two methods.
``top_shared_terms`` is optional and only used to explain a pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

Vectors = sparse.csr_matrix | np.ndarray

# Words: a letter followed by letters, digits or hyphens ("in-context", "gpt-4").
WORD_PATTERN = r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"
# Paper rows per similarity block: keeps the temporary sparse product small.
SIMILARITY_BLOCK_ROWS = 512


@runtime_checkable
class TextModel(Protocol):
    def fit_transform(self, documents: Sequence[str]) -> Vectors: ...

    def transform(self, documents: Sequence[str]) -> Vectors: ...


class TfidfTextModel:
    """TF-IDF over the workshop's own texts (papers and reviewer profiles)."""

    def __init__(
        self, min_df: int = 2, max_df: float = 0.5, max_features: int | None = 50_000
    ) -> None:
        self.vectorizer = TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            min_df=min_df,
            max_df=max_df,
            max_features=max_features,
            dtype=np.float32,
            token_pattern=WORD_PATTERN,
        )
        self.is_empty = False
        self._term_names: np.ndarray | None = None

    def fit_transform(self, documents: Sequence[str]) -> sparse.csr_matrix:
        if len(documents) < 10:
            # Too few texts to prune words by document frequency.
            self.vectorizer.set_params(min_df=1, max_df=1.0)
        self._term_names = None
        try:
            return self.vectorizer.fit_transform(documents).tocsr()
        except ValueError:  # no word left: the texts are empty or all stop words
            self.is_empty = True
            return sparse.csr_matrix((len(documents), 1), dtype=np.float32)

    def transform(self, documents: Sequence[str]) -> sparse.csr_matrix:
        if self.is_empty:
            return sparse.csr_matrix((len(documents), 1), dtype=np.float32)
        return self.vectorizer.transform(documents).tocsr()

    def top_shared_terms(
        self, paper_vector: Vectors, reviewer_vector: Vectors, n_terms: int = 5
    ) -> list[tuple[str, float]]:
        """Terms contributing most to the cosine of two single-row vectors."""
        if self.is_empty:
            return []
        contribution = sparse.csr_matrix(paper_vector).multiply(reviewer_vector).tocoo()
        order = np.lexsort((contribution.col, -contribution.data))[:n_terms]
        if self._term_names is None:  # building the vocabulary list costs ~2 ms: do it once
            self._term_names = self.vectorizer.get_feature_names_out()
        names = self._term_names
        return [(str(names[contribution.col[i]]), float(contribution.data[i])) for i in order]


def iter_cosine_blocks(
    paper_vectors: Vectors, reviewer_vectors: Vectors
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield (start, stop, dense float32 cosines of papers start:stop x reviewers)."""
    reviewer_t = reviewer_vectors.T
    if sparse.issparse(reviewer_t):
        reviewer_t = sparse.csr_matrix(reviewer_t)
    n_papers = paper_vectors.shape[0]
    for start in range(0, n_papers, SIMILARITY_BLOCK_ROWS):
        stop = min(start + SIMILARITY_BLOCK_ROWS, n_papers)
        block = paper_vectors[start:stop] @ reviewer_t
        if sparse.issparse(block):
            block = block.toarray()
        yield start, stop, np.asarray(block, dtype=np.float32)
