"""A reviewer's new paper is embedded by a real Celery worker through Redis, with the real
model, before any assignment run asks for it."""

import pytest

from assignment.embeddings import ENCODER_NAME
from assignment.matching.embedding import text_hash
from assignment.models import TextEmbedding
from pool.services import reviewer_paper_add
from tests.celery_helpers import celery_broker
from tests.pool.helpers import make_reviewer
from tests.worker import REDIS_URL, WorkerProcess, require_redis, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_reviewers_new_paper_is_embedded_by_the_worker(settings, tmp_path, workshop):
    require_redis()
    settings.FOMO_TEXT_MODEL = "embeddings"
    worker = WorkerProcess(
        tmp_path / "worker.log", {"FOMO_TEXT_MODEL": "embeddings", "HF_HUB_OFFLINE": "1"}
    )
    try:
        worker.wait_ready()
        profile = make_reviewer(workshop, "tess@ox.example.ac.uk", name="Tess Text")
        with celery_broker(REDIS_URL):
            reviewer_paper_add(
                profile=profile,
                title="Sparse autoencoders find interpretable features",
                abstract="We train sparse autoencoders on transformer activations.",
            )
            text = "Sparse autoencoders find interpretable features\n"
            text += "We train sparse autoencoders on transformer activations."
            stored = TextEmbedding.objects.filter(model=ENCODER_NAME, text_hash=text_hash(text))
            assert wait_until(stored.exists, timeout=180), (tmp_path / "worker.log").read_text()
    finally:
        worker.stop()
    assert len(bytes(stored.get().vector)) == 768 * 4
