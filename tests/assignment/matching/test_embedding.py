import numpy as np

from assignment.matching import EmbeddingTextModel, MemoryStore
from assignment.matching.embedding import text_hash


class LetterEncoder:
    """A stand-in for a neural encoder: letter counts, and a record of what it was asked."""

    name = "letters"
    dimensions = 26

    def __init__(self):
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), 26), dtype=np.float32)
        for row, text in enumerate(texts):
            for letter in text.lower():
                if "a" <= letter <= "z":
                    vectors[row, ord(letter) - 97] += 1
        return vectors


def test_each_distinct_text_is_encoded_once_and_vectors_are_unit_length():
    encoder = LetterEncoder()
    model = EmbeddingTextModel(encoder)

    vectors = model.fit_transform(["abc", "abc ", "xyz", "abc"])

    assert encoder.calls == [["abc", "xyz"]]
    assert model.encoded == 2
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(vectors[0], vectors[3])


def test_a_second_model_on_the_same_store_encodes_nothing_already_stored():
    store = MemoryStore()
    EmbeddingTextModel(LetterEncoder(), store).transform(["abc", "xyz"])
    encoder = LetterEncoder()
    model = EmbeddingTextModel(encoder, store)

    model.transform(["xyz", "new text", "abc"])

    assert encoder.calls == [["new text"]]
    assert model.encoded == 1


def test_empty_texts_get_a_zero_vector_and_are_never_encoded():
    encoder = LetterEncoder()

    vectors = EmbeddingTextModel(encoder).transform(["", "  ", "abc"])

    assert encoder.calls == [["abc"]]
    assert not vectors[:2].any()


def test_vectors_of_two_models_never_mix():
    store = MemoryStore()
    EmbeddingTextModel(LetterEncoder(), store).transform(["abc"])
    other = LetterEncoder()
    other.name = "another model"

    EmbeddingTextModel(other, store).transform(["abc"])

    assert other.calls == [["abc"]]
    assert set(store.vectors) == {
        ("letters", text_hash("abc")),
        ("another model", text_hash("abc")),
    }


def test_tfidf_goes_beside_the_embeddings_up_to_the_limit_and_not_above():
    from assignment.matching import TfidfTextModel
    from assignment.matching.embedding import (
        TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS,
        parts_for_size,
        text_parts,
    )

    embeddings = EmbeddingTextModel(LetterEncoder())
    parts = text_parts(embeddings)

    assert parts_for_size(parts, TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS) == parts
    (alone,) = parts_for_size(parts, TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS + 1)
    assert (alone.model, alone.weight) == (embeddings, 1.0)
    (tfidf,) = parts_for_size(text_parts(None), 10 * TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS)
    assert isinstance(tfidf.model, TfidfTextModel)
