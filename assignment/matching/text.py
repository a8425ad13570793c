"""Text models that turn documents into L2-normalised vectors, and the similarity of a paper
to a reviewer as the mean of its cosines to the reviewer's closest documents.

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
# Paper x reviewer x document cells per block when documents are gathered per reviewer.
GATHER_BLOCK_CELLS = 16_000_000


@runtime_checkable
class TextModel(Protocol):
    def fit_transform(self, documents: Sequence[str]) -> Vectors: ...

    def transform(self, documents: Sequence[str]) -> Vectors: ...


class TfidfTextModel:
    """TF-IDF over the workshop's own texts (papers and reviewer profiles)."""

    def __init__(
        self,
        min_df: int = 2,
        max_df: float = 0.5,
        max_features: int | None = 200_000,
        ngram_range: tuple[int, int] = (1, 2),
    ) -> None:
        self.vectorizer = TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            min_df=min_df,
            max_df=max_df,
            max_features=max_features,
            ngram_range=ngram_range,
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


def document_slots(owners: np.ndarray, n_reviewers: int) -> np.ndarray:
    """(n_reviewers, most documents of one reviewer): each reviewer's document rows, -1 padded.

    ``owners[i]`` is the reviewer of document row i; rows of one reviewer are contiguous.
    """
    counts = np.bincount(owners, minlength=n_reviewers)
    slots = np.full((n_reviewers, max(int(counts.max(initial=0)), 1)), -1, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = np.arange(len(owners)) - starts[owners]
    slots[owners, position] = np.arange(len(owners))
    return slots


def top_k_mean(cosines: np.ndarray, slots: np.ndarray, top_k: int) -> np.ndarray:
    """(papers, reviewers): the mean of each reviewer's ``top_k`` highest document cosines
    (of all of them when they have fewer)."""
    gathered = cosines[:, np.maximum(slots, 0)]
    padded = slots < 0
    has_padding = bool(padded.any())
    if has_padding:
        gathered[:, padded] = -np.inf
    k = min(top_k, slots.shape[1])
    if k < slots.shape[1]:
        gathered.sort(axis=2)  # a few documents each: sorting beats partitioning
        gathered = gathered[:, :, -k:]
    if has_padding:
        gathered[~np.isfinite(gathered)] = 0.0
    counts = np.minimum((~padded).sum(axis=1), k).astype(np.float32)
    return (gathered.sum(axis=2) / np.maximum(counts, 1.0)).astype(np.float32)


def iter_document_similarity(
    paper_vectors: Vectors, document_vectors: Vectors, slots: np.ndarray, top_k: int
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield (start, stop, similarity of papers start:stop to every reviewer): the mean
    cosine of each paper to the reviewer's ``top_k`` closest documents."""
    rows = max(1, min(SIMILARITY_BLOCK_ROWS, GATHER_BLOCK_CELLS // max(slots.size, 1)))
    document_t = document_vectors.T
    if sparse.issparse(document_t):
        document_t = sparse.csr_matrix(document_t)
    n_papers = paper_vectors.shape[0]
    for start in range(0, n_papers, rows):
        stop = min(start + rows, n_papers)
        block = paper_vectors[start:stop] @ document_t
        if sparse.issparse(block):
            block = block.toarray()
        yield start, stop, top_k_mean(np.asarray(block, dtype=np.float32), slots, top_k)
