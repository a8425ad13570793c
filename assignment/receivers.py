"""What the assignment does when the apps below it announce a change."""

from celery import current_app
from django.db import transaction

from assignment.embeddings import embeddings_enabled
from assignment.tasks import embed_workshop_texts
from fomo_site.queue import enqueue
from pool.models import ReviewerProfile


def embed_after_commit(workshop_id: int) -> None:
    """Queue the embedding of the workshop's new texts, so a run finds them ready. Without a
    worker (tasks run in-process) the request would wait for the model: the run embeds them."""
    if current_app.conf.task_always_eager or not embeddings_enabled():
        return
    transaction.on_commit(lambda: enqueue(embed_workshop_texts, workshop_id=workshop_id))


def submission_text_saved(sender, submission, **kwargs) -> None:
    embed_after_commit(submission.workshop_id)


def submissions_imported(sender, workshop, **kwargs) -> None:
    embed_after_commit(workshop.pk)


def reviewer_papers_changed(sender, profile_id, **kwargs) -> None:
    workshop_id = (
        ReviewerProfile.objects.filter(pk=profile_id).values_list("workshop_id", flat=True).first()
    )
    if workshop_id is not None:
        embed_after_commit(workshop_id)
