"""Text models that turn documents into L2-normalised vectors.

A text model is anything with ``fit(documents)`` and ``transform(documents)``;
``transform`` returns one L2-normalised row per document, as a scipy sparse
matrix or a dense numpy array, so cosine similarity is a plain dot product.
A sentence-embedding model can be added later by implementing the same two
methods (``top_shared_terms`` is optional and only used for explanations).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

Vectors = sparse.csr_matrix | np.ndarray

# Paper rows per block: keeps the temporary sparse product small.
SIMILARITY_BLOCK_ROWS = 1024


@runtime_checkable
class TextModel(Protocol):
    def fit(self, documents: Sequence[str]) -> TextModel: ...

    def transform(self, documents: Sequence[str]) -> Vectors: ...


class TfidfTextModel:
    """TF-IDF over the workshop's own texts (papers and reviewer profiles)."""

    def __init__(
        self,
        min_df: int = 2,
        max_df: float = 0.5,
        max_features: int | None = 50_000,
    ) -> None:
        self.vectorizer = TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            min_df=min_df,
            max_df=max_df,
            max_features=max_features,
            dtype=np.float32,
            token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        )

    def fit(self, documents: Sequence[str]) -> TfidfTextModel:
        if len(documents) < 2 or not any(doc.strip() for doc in documents):
            # Too little text to learn document frequencies from.
            self.vectorizer.set_params(min_df=1, max_df=1.0)
        try:
            self.vectorizer.fit(documents)
        except ValueError:  # every word pruned: fall back to keeping all
            self.vectorizer.set_params(min_df=1, max_df=1.0, stop_words=None)
            self.vectorizer.fit(documents)
        return self

    def transform(self, documents: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform(documents).tocsr()

    def top_shared_terms(
        self, paper_text: str, reviewer_text: str, n_terms: int = 5
    ) -> list[tuple[str, float]]:
        """Terms contributing most to the cosine similarity of two texts."""
        paper_vector, reviewer_vector = self.transform([paper_text, reviewer_text])
        contribution = paper_vector.multiply(reviewer_vector).tocoo()
        order = np.lexsort((contribution.col, -contribution.data))[:n_terms]
        names = self.vectorizer.get_feature_names_out()
        return [
            (str(names[contribution.col[i]]), float(contribution.data[i]))
            for i in order
        ]


def cosine_similarity_into(
    out: np.ndarray, paper_vectors: Vectors, reviewer_vectors: Vectors
) -> None:
    """Write paper x reviewer cosine similarities into ``out``, block by block."""
    reviewer_t = reviewer_vectors.T
    if sparse.issparse(reviewer_t):
        reviewer_t = sparse.csr_matrix(reviewer_t)
    for start in range(0, out.shape[0], SIMILARITY_BLOCK_ROWS):
        stop = min(start + SIMILARITY_BLOCK_ROWS, out.shape[0])
        block = paper_vectors[start:stop] @ reviewer_t
        if sparse.issparse(block):
            block = block.toarray()
        out[start:stop] = block
