"""The real sentence-embedding model end to end, offline: import reviewers with their papers,
embed, assign, explain; a second run embeds nothing; a model that cannot load falls back to
TF-IDF with a warning on the run page."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assignment import embeddings
from assignment.models import TextEmbedding
from assignment.services import workshop_texts_embed
from tests.assignment.helpers import pairs_of, run_now
from tests.pool.helpers import make_submission

pytestmark = pytest.mark.django_db

# Two reviewers in the same topic: only what they wrote tells them apart, in other words
# than the papers use.
REVIEWERS = (
    "name,email,affiliation,expertise,profile\n"
    'Sam Sparse,sam@interp.example.org,Interp Lab,scaling-laws:expert,"Towards monosemanticity\n'
    "We decompose the activations of a small transformer into interpretable features with a "
    "sparse dictionary learned by an autoencoder.\n\nCircuits in attention heads\nWe reverse "
    'engineer induction heads that copy earlier tokens."\n'
    'Lea Latent,lea@pixels.example.org,Pixel Lab,scaling-laws:expert,"Denoising diffusion '
    "probabilistic models\nWe generate high quality images by learning to reverse a gradual "
    "noising process.\n\nClassifier-free guidance\nA single network trades sample diversity "
    'for fidelity in conditional image synthesis."\n'
)


@pytest.fixture
def with_model(settings):
    settings.FOMO_TEXT_MODEL = "embeddings"
    os.environ["HF_HUB_OFFLINE"] = "1"  # nothing may come from a model hub


def import_reviewers(tmp_path):
    path = tmp_path / "reviewers.csv"
    path.write_text(REVIEWERS, encoding="utf-8")
    call_command(
        "import_reviewers", str(path), "--workshop", "fm-ws", "--accept", stdout=StringIO()
    )


def test_real_model_embeds_once_assigns_by_meaning_and_explains(
    client, with_model, tmp_path, workshop, topics, organizer
):
    import_reviewers(tmp_path)
    make_submission(
        workshop,
        topics["scaling-laws"],
        number=1,
        title="What do the neurons of a language model represent?",
        abstract="We find human-readable concepts inside the hidden states of a large "
        "language model by learning an overcomplete basis of its residual stream.",
    )
    make_submission(
        workshop,
        topics["scaling-laws"],
        number=2,
        title="Faster sampling for score-based generative models",
        abstract="We cut the number of network evaluations needed to turn noise into a "
        "photorealistic picture with a better ODE solver.",
    )

    assert workshop_texts_embed(workshop_id=workshop.pk) == 6  # 2 papers, 4 reviewer papers
    assert TextEmbedding.objects.filter(model=embeddings.ENCODER_NAME).count() == 6
    run = run_now(workshop, k=1, max_load=1)

    assert run.status == "done", run.error
    assert pairs_of(run.pairs) == {(1, "Sam Sparse"), (2, "Lea Latent")}
    assert run.quality["text_model"]["name"].startswith("all-mpnet-base-v2")
    assert run.quality["text_model"]["texts_embedded"] == 0  # the task stored them all
    client.force_login(organizer)
    sam = run.pairs.get(submission__number=1).reviewer
    page = client.get(
        reverse("assignment:explain", args=[workshop.slug, 1, sam.pk]) + f"?run={run.pk}"
    )
    assert "Towards monosemanticity" in page.content.decode()

    again = run_now(workshop, k=1, max_load=1)
    assert again.quality["text_model"]["texts_embedded"] == 0
    assert TextEmbedding.objects.count() == 6


def test_a_model_that_cannot_load_leaves_tfidf_and_a_warning_on_the_run_page(
    client, with_model, settings, tmp_path, workshop, topics, organizer
):
    import_reviewers(tmp_path)
    make_submission(workshop, topics["scaling-laws"], number=1)
    blocked = tmp_path / "var"
    blocked.mkdir()
    (blocked / "models").write_text("a file where the model's folder would go")
    settings.VAR_DIR = blocked
    embeddings.load_encoder.cache_clear()
    try:
        run = run_now(workshop, k=1, max_load=1)
    finally:
        embeddings.load_encoder.cache_clear()

    assert run.status == "done"
    assert run.quality["text_model"]["name"] == "TF-IDF"
    client.force_login(organizer)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The sentence-embedding model is not available" in page
    assert "text similarity used TF-IDF" in page
