"""A sentence-embedding text model: each text becomes one dense L2-normalised vector.

The encoder (a neural model) is slow next to everything else in a run, so every vector is
kept in a store under the hash of its text and the model's name: a text is encoded once,
whatever run, task or page asks for it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from assignment.matching.affinity import TextPart
from assignment.matching.text import TfidfTextModel

# The text part: the embeddings' mean cosine to a reviewer's 3 closest papers and TF-IDF's
# to their 3 closest, each a z-score over the run, mixed 0.7 : 0.3 (bench/expertise.py).
EMBEDDING_WEIGHT, EMBEDDING_TOP_K = 0.7, 3
TFIDF_WEIGHT, TFIDF_TOP_K = 0.3, 3
TFIDF_ALONE_TOP_K = 5  # TF-IDF without the model: 0.257 with 5 closest, 0.262 with 3
# Above this many texts (papers and reviewers' documents) TF-IDF beside the embeddings costs
# more than the rest of the run (58,000 texts: 68 s of 97), so the embeddings go alone.
TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS = 20_000


class Encoder(Protocol):
    name: str  # names the model and its settings: vectors of two names never mix
    dimensions: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class VectorStore(Protocol):
    def get_many(self, model: str, hashes: Sequence[str]) -> Mapping[str, np.ndarray]: ...

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None: ...


class MemoryStore:
    """A store that lives as long as the process (tests, benchmarks, one-off scripts)."""

    def __init__(self) -> None:
        self.vectors: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found = ((h, self.vectors.get((model, h))) for h in hashes)
        return {h: vector for h, vector in found if vector is not None}

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        for text_hash, vector in vectors.items():
            self.vectors[(model, text_hash)] = vector


def text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class EmbeddingTextModel:
    """The TextModel protocol over an encoder and a store of its vectors.

    Empty texts get a zero vector (similarity 0 to everything), as TF-IDF gives them.
    ``encoded`` counts the texts this model had to encode (the rest came from the store).
    """

    def __init__(self, encoder: Encoder, store: VectorStore | None = None) -> None:
        self.encoder = encoder
        self.store = store if store is not None else MemoryStore()
        self.encoded = 0

    def fit_transform(self, documents: Sequence[str]) -> np.ndarray:
        return self.transform(documents)

    def transform(self, documents: Sequence[str]) -> np.ndarray:
        hashes = [text_hash(text) for text in documents]
        found = dict(self.store.get_many(self.encoder.name, sorted(set(hashes))))
        missing: dict[str, str] = {}
        for text, digest in zip(documents, hashes, strict=True):
            if digest not in found and digest not in missing and text.strip():
                missing[digest] = text.strip()
        if missing:
            vectors = normalised(self.encoder.encode(list(missing.values())))
            new = dict(zip(missing, vectors, strict=True))
            self.store.put_many(self.encoder.name, new)
            found.update(new)
            self.encoded += len(new)
        out = np.zeros((len(documents), self.encoder.dimensions), dtype=np.float32)
        for row, digest in enumerate(hashes):
            if digest in found:
                out[row] = found[digest]
        return out


def text_parts(embedding_model: EmbeddingTextModel | None) -> list[TextPart]:
    """The text part of the affinity: embeddings mixed with TF-IDF, or TF-IDF alone."""
    tfidf = TextPart(TfidfTextModel(), weight=TFIDF_WEIGHT, top_k=TFIDF_TOP_K)
    if embedding_model is None:
        return [replace(tfidf, weight=1.0, top_k=TFIDF_ALONE_TOP_K)]
    return [TextPart(embedding_model, weight=EMBEDDING_WEIGHT, top_k=EMBEDDING_TOP_K), tfidf]


def parts_for_size(parts: list[TextPart], n_texts: int) -> list[TextPart]:
    """The text parts for a run of ``n_texts`` texts: embeddings alone above the limit."""
    if len(parts) < 2 or n_texts <= TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS:
        return parts
    return [replace(parts[0], weight=1.0)]
