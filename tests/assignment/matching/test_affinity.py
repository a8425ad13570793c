import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.matching.affinity import (
    AffinityWeights,
    Bid,
    Bids,
    Expertise,
    Paper,
    Reviewer,
    TextCalibration,
    TextPart,
    TopicTree,
    compute_affinity,
    explain_pair,
)
from assignment.matching.text import TfidfTextModel, document_slots, top_k_mean

EMPIRICAL, METHODS, ICL, SCALING, DIFFUSION, ICL_THEORY = range(6)
TREE = TopicTree(
    parent=np.array([-1, -1, EMPIRICAL, EMPIRICAL, METHODS, ICL]),
    names=(
        "Empirical understanding",
        "Methods",
        "In-context learning",
        "Scaling laws",
        "Diffusion models",
        "Theory of in-context learning",
    ),
)

ICL_ABSTRACT = (
    "Large language models can perform in-context learning: given a few input-output "
    "demonstrations in the prompt, a pretrained transformer solves a new task without "
    "any gradient update. We study which properties of the demonstrations matter and "
    "find that the label space, the distribution of the input text and the format of "
    "the prompt drive in-context learning more than the correctness of the labels."
)
ICL_PROFILE = (
    "I study how pretrained transformers learn from demonstrations in the prompt. "
    "Papers: Transformers learn in-context by gradient descent; What can transformers "
    "learn in-context? A case study of simple function classes; Rethinking the role of "
    "demonstrations in in-context learning of large language models."
)
DIFFUSION_PROFILE = (
    "I work on denoising diffusion probabilistic models for image synthesis. Papers: "
    "Score-based generative modeling through stochastic differential equations; "
    "Classifier-free diffusion guidance; High-resolution image synthesis with latent "
    "diffusion models, where a denoising network is trained in an autoencoder's latent space."
)
SCALING_PROFILE = (
    "Compute-optimal training of large models. Papers: Scaling laws for neural language "
    "models; Training compute-optimal large language models; power laws of loss versus "
    "parameters, data and compute."
)


# Topic and bid arithmetic without the text part (a reviewer who wrote nothing gets the
# mean text component, the same for every paper).
NO_TEXT = AffinityWeights(text=0.0)


def paper(primary: int, secondary: tuple[int, ...] = (), abstract: str = "") -> Paper:
    return Paper(id="p", primary_topic=primary, secondary_topics=secondary, abstract=abstract)


def reviewer(topics: dict[int, Expertise], statement: str = "") -> Reviewer:
    return Reviewer(id="r", topics=topics, statement=statement)


def test_topic_expert_in_primary_outranks_interested_in_secondary():
    papers = [paper(ICL, (DIFFUSION,))]
    reviewers = [
        reviewer({ICL: Expertise.EXPERT}),
        reviewer({DIFFUSION: Expertise.INTERESTED}),
    ]

    scores = compute_affinity(papers, reviewers, TREE, weights=NO_TEXT).scores

    # topic weight 0.5 * primary share 0.6 * expert 1.0; 0.5 * 0.4 * interested 0.4
    assert scores[0].tolist() == pytest.approx([0.3, 0.08], abs=1e-6)


def test_topic_subtopic_match_outranks_area_only_match():
    papers = [paper(ICL)]
    reviewers = [
        reviewer({ICL: Expertise.EXPERT}),  # same topic
        reviewer({ICL_THEORY: Expertise.EXPERT}),  # leaf under the same subtopic
        reviewer({EMPIRICAL: Expertise.EXPERT}),  # declared the whole area
        reviewer({SCALING: Expertise.EXPERT}),  # other subtopic in the same area
        reviewer({DIFFUSION: Expertise.EXPERT}),  # other area
    ]

    scores = compute_affinity(papers, reviewers, TREE, weights=NO_TEXT).scores[0]

    assert np.argsort(-scores, kind="stable").tolist() == [0, 1, 2, 3, 4]
    assert scores.tolist() == pytest.approx([0.5, 0.3727, 0.2236, 0.1, 0.0], abs=1e-4)


def test_bids_not_willing_lowers_and_conflict_forbids():
    papers = [paper(ICL)]
    reviewers = [reviewer({ICL: Expertise.EXPERT}) for _ in range(6)]
    bids = Bids(
        paper_idx=np.zeros(5, dtype=np.int64),
        reviewer_idx=np.array([1, 2, 3, 4, 5]),
        value=np.array([Bid.EAGER, Bid.WILLING, Bid.IN_A_PINCH, Bid.NOT_WILLING, Bid.CONFLICT]),
    )

    affinity = compute_affinity(papers, reviewers, TREE, bids=bids, weights=NO_TEXT)

    assert affinity.scores[0].tolist() == pytest.approx([0.5, 0.7, 0.62, 0.54, 0.1, 0.0])
    assert [a.tolist() for a in affinity.forbidden] == [[0], [5]]


def test_conflicts_are_forbidden_with_score_zero():
    papers = [paper(ICL), paper(SCALING)]
    reviewers = [reviewer({ICL: Expertise.EXPERT}), reviewer({SCALING: Expertise.EXPERT})]
    conflicts = (np.array([1, 0]), np.array([1, 0]))

    affinity = compute_affinity(papers, reviewers, TREE, conflicts=conflicts, weights=NO_TEXT)

    assert affinity.scores.ravel().tolist() == pytest.approx([0.0, 0.1, 0.1, 0.0])
    assert [a.tolist() for a in affinity.forbidden] == [[0, 1], [0, 1]]


def test_text_similarity_ranks_on_topic_profile_above_off_topic():
    papers = [paper(ICL, abstract=ICL_ABSTRACT)]
    reviewers = [
        reviewer({}, DIFFUSION_PROFILE),
        reviewer({}, ICL_PROFILE),
        reviewer({}, SCALING_PROFILE),
    ]

    scores = compute_affinity(papers, reviewers, TREE).scores[0]

    assert np.argsort(-scores, kind="stable").tolist() == [1, 2, 0]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_scores_lie_in_unit_interval_for_random_inputs(seed):
    rng = np.random.default_rng(seed)
    words = ["transformer", "prompt", "diffusion", "scaling", "loss", "image", "token"]
    papers = [
        paper(int(rng.integers(2, 6)), (int(rng.integers(0, 6)),), " ".join(rng.choice(words, 8)))
        for _ in range(5)
    ]
    levels = list(Expertise)
    reviewers = [
        reviewer(
            {int(t): levels[int(rng.integers(0, 3))] for t in rng.integers(0, 6, size=3)},
            " ".join(rng.choice(words, 12)),
        )
        for _ in range(4)
    ]
    bids = Bids(rng.integers(0, 5, 10), rng.integers(0, 4, 10), rng.integers(1, 6, 10))

    scores = compute_affinity(papers, reviewers, TREE, bids=bids).scores

    assert scores.shape == (5, 4)
    assert scores.min() >= 0.0
    assert scores.max() <= 1.0


def test_scores_clip_at_one_for_perfect_match_with_eager_bid():
    papers = [paper(ICL, abstract=ICL_ABSTRACT)]
    reviewers = [
        Reviewer(id="r", topics={ICL: Expertise.EXPERT}, papers=(ICL_ABSTRACT,)),
        Reviewer(id="other", papers=(DIFFUSION_PROFILE,)),
    ]
    bids = Bids(np.array([0]), np.array([0]), np.array([Bid.EAGER]))

    scores = compute_affinity(papers, reviewers, TREE, bids=bids).scores

    assert scores[0, 0] == 1.0


def test_explain_pair_names_matched_topic_shared_terms_and_bid():
    papers = [paper(ICL, (SCALING,), abstract=ICL_ABSTRACT)]
    reviewers = [
        reviewer({ICL_THEORY: Expertise.EXPERT}, ICL_PROFILE),
        reviewer({DIFFUSION: Expertise.EXPERT}, DIFFUSION_PROFILE),
    ]
    bids = Bids(np.array([0]), np.array([0]), np.array([Bid.WILLING]))
    affinity = compute_affinity(papers, reviewers, TREE, bids=bids)

    explanation = explain_pair(affinity, 0, 0)

    top_match = explanation.topic_matches[0]
    assert (top_match.paper_topic, top_match.reviewer_topic) == (
        "In-context learning",
        "Theory of in-context learning",
    )
    assert (top_match.kind, top_match.shared, top_match.paper_role) == (
        "same subtopic",
        "In-context learning",
        "primary",
    )
    assert top_match.expertise == Expertise.EXPERT
    assert [term for term, _ in explanation.shared_terms[:2]] == ["in-context", "demonstrations"]
    assert explanation.bid == Bid.WILLING
    assert explanation.bid_contribution == pytest.approx(0.12)
    assert explanation.forbidden is False
    total = (
        explanation.topic_contribution
        + explanation.text_contribution
        + explanation.bid_contribution
    )
    assert explanation.score == pytest.approx(min(total, 1.0), abs=1e-6)


def test_explain_pair_off_topic_reviewer_has_no_topic_match():
    papers = [paper(ICL, abstract=ICL_ABSTRACT)]
    reviewers = [reviewer({DIFFUSION: Expertise.EXPERT}, DIFFUSION_PROFILE)]
    conflicts = (np.array([0]), np.array([0]))
    affinity = compute_affinity(papers, reviewers, TREE, conflicts=conflicts)

    explanation = explain_pair(affinity, 0, 0)

    assert explanation.topic_matches == []
    assert explanation.topic_component == 0.0
    assert explanation.forbidden is True
    assert explanation.score == 0.0
    assert explanation.bid is None


class LetterCountModel:
    """A dense stand-in for a sentence-embedding model: letter frequencies."""

    def fit_transform(self, documents):
        return self.transform(documents)

    def transform(self, documents):
        vectors = np.zeros((len(documents), 26), dtype=np.float32)
        for row, document in enumerate(documents):
            for letter in document.lower():
                if "a" <= letter <= "z":
                    vectors[row, ord(letter) - ord("a")] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


def test_compute_affinity_accepts_dense_text_model():
    papers = [paper(ICL, abstract="aaaa")]
    reviewers = [reviewer({}, "aaaa"), reviewer({}, "aabb"), reviewer({}, "zzzz")]

    scores = compute_affinity(papers, reviewers, TREE, text_model=LetterCountModel()).scores

    # cosines 1, 1/sqrt(2), 0: most, middle and least similar of the run's three pairs,
    # times text weight 0.5
    assert scores[0].tolist() == pytest.approx([0.5, 0.25, 0.0], abs=1e-6)


def test_topic_tree_with_cycle_is_rejected():
    with pytest.raises(ValueError, match="cycle"):
        TopicTree(parent=np.array([1, 0]))


def test_text_similarity_is_the_mean_of_each_reviewers_closest_documents():
    cosines = np.array([[0.9, 0.1, 0.5, 0.2], [0.0, 0.3, 0.6, 0.8]], dtype=np.float32)
    slots = document_slots(np.array([0, 0, 0, 1]), n_reviewers=2)

    assert slots.tolist() == [[0, 1, 2], [3, -1, -1]]
    np.testing.assert_allclose(top_k_mean(cosines, slots, top_k=2), [[0.7, 0.2], [0.45, 0.8]])
    np.testing.assert_allclose(top_k_mean(cosines, slots, top_k=1), [[0.9, 0.2], [0.6, 0.8]])


def test_one_close_paper_among_unrelated_ones_beats_a_profile_diluted_by_them():
    unrelated = tuple(
        f"{topic} for protein folding, weather forecasts and graph colouring benchmarks"
        for topic in ("Message passing", "Equivariant networks", "Spectral clustering")
    )
    papers = [paper(ICL, abstract=ICL_ABSTRACT)]
    reviewers = [
        Reviewer(id="papers", papers=(ICL_PROFILE, *unrelated)),
        Reviewer(id="profile", statement="\n".join((ICL_PROFILE, *unrelated))),
    ]
    weights = AffinityWeights(topic=0.0, text=1.0, bid=0.0, text_top_k=1)

    scores = compute_affinity(papers, reviewers, TREE, weights=weights).scores

    assert scores[0, 0] > scores[0, 1]


def test_explain_pair_names_the_reviewers_closest_paper():
    papers = [paper(ICL, abstract=ICL_ABSTRACT)]
    reviewers = [
        Reviewer(
            id="r",
            statement="I work on generative models.",
            papers=("Denoising diffusion models\n" + DIFFUSION_PROFILE, "ICL\n" + ICL_PROFILE),
        )
    ]
    affinity = compute_affinity(papers, reviewers, TREE)

    explanation = explain_pair(affinity, 0, 0)

    assert (explanation.closest_document, explanation.closest_is_paper) == ("ICL", True)
    assert explanation.closest_cosine > 0
    assert "in-context" in [term for term, _ in explanation.shared_terms]


def test_external_scores_add_with_their_weight_and_are_explained():
    papers = [paper(ICL), paper(SCALING)]
    reviewers = [reviewer({ICL: Expertise.EXPERT}), reviewer({DIFFUSION: Expertise.EXPERT})]
    external = np.array([[np.nan, 0.8], [0.5, np.nan]], dtype=np.float32)
    conflicts = (np.array([1]), np.array([0]))

    affinity = compute_affinity(
        papers,
        reviewers,
        TREE,
        conflicts=conflicts,
        weights=AffinityWeights(external=0.25, text=0.0),
        external=external,
    )

    # topic 0.5 for the ICL expert on the ICL paper; 0.25 * 0.8 for the other; the
    # conflicted pair stays 0 whatever its external score
    assert affinity.scores.ravel().tolist() == pytest.approx([0.5, 0.2, 0.0, 0.0])
    why = explain_pair(affinity, 0, 1)
    assert (why.external_component, why.external_contribution) == pytest.approx((0.8, 0.2))
    assert explain_pair(affinity, 0, 0).external_component is None


def test_external_scores_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match="n_papers, n_reviewers"):
        compute_affinity([paper(ICL)], [reviewer({})], TREE, external=np.zeros((2, 1)))


def test_text_part_is_the_share_of_the_runs_pairs_that_are_less_similar():
    similarity = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], dtype=np.float32)
    has_text = np.array([True, True, True, True])

    calibration = TextCalibration.of(similarity, has_text)

    assert calibration.component_of(0.1) == 0.0
    assert calibration.component_of(0.8) == pytest.approx(1.0)
    assert calibration.component_of(0.45) == pytest.approx(0.5, abs=1e-3)
    # any model's cosines: ten times smaller, the same parts
    small = TextCalibration.of(similarity / 10, has_text)
    assert small.component_of(0.045) == pytest.approx(0.5, abs=1e-3)


def test_text_calibration_of_a_large_run_samples_its_pairs_and_keeps_the_order():
    rng = np.random.default_rng(3)
    similarity = rng.random((1200, 1000)).astype(np.float32)

    calibration = TextCalibration.of(similarity, np.ones(1000, dtype=bool))
    components = calibration.component(similarity.copy())

    assert components.min() >= 0.0 and components.max() <= 1.0
    flat_order = np.argsort(similarity[0])
    assert np.all(np.diff(components[0][flat_order]) >= 0)
    assert calibration.component_of(0.25) == pytest.approx(0.25, abs=0.01)


def test_a_reviewer_who_wrote_nothing_gets_the_mean_text_part_for_every_paper():
    papers = [paper(ICL, abstract=ICL_ABSTRACT), paper(DIFFUSION, abstract=DIFFUSION_PROFILE)]
    reviewers = [reviewer({}, ICL_PROFILE), reviewer({}, DIFFUSION_PROFILE), reviewer({})]
    weights = AffinityWeights(topic=0.0, text=1.0, bid=0.0)

    affinity = compute_affinity(papers, reviewers, TREE, weights=weights)

    assert affinity.scores[:, 2].tolist() == [0.5, 0.5]
    assert affinity.scores[0, 0] > affinity.scores[0, 1]
    assert explain_pair(affinity, 1, 2).text_component == 0.5


def test_text_parts_average_their_calibrated_similarities_with_their_weights():
    papers = [paper(ICL, abstract="aaaa bbbb")]
    reviewers = [reviewer({}, "aaaa"), reviewer({}, "bbbb"), reviewer({}, "zzzz")]
    letters = LetterCountModel()
    weights = AffinityWeights(topic=0.0, text=1.0, bid=0.0)

    letters_only = compute_affinity(papers, reviewers, TREE, weights=weights, text_model=letters)
    mixed = compute_affinity(
        papers,
        reviewers,
        TREE,
        weights=weights,
        text_model=[TextPart(letters, weight=3.0), TextPart(TfidfTextModel(), weight=1.0)],
    )

    assert letters_only.scores[0, 2] == 0.0
    assert len(mixed.text_calibrations) == 2
    explanation = explain_pair(mixed, 0, 0)
    assert explanation.score == pytest.approx(explanation.text_component, abs=1e-6)
    assert explanation.shared_terms  # the TF-IDF part names the shared words
