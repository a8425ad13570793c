import logging

from celery import shared_task

from submissions.uploads import pdf_stash_sweep

logger = logging.getLogger(__name__)


@shared_task(name="fomo.submissions.sweep_pdf_stashes")
def sweep_pdf_stashes() -> int:
    removed = pdf_stash_sweep()
    if removed:
        logger.info("deleted %s expired PDF stashes", removed)
    return removed
