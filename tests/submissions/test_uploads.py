import logging
import os
import time

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from submissions.tasks import sweep_pdf_stashes
from submissions.uploads import (
    STASH_MAX_AGE_SECONDS,
    STASH_SALT,
    pdf_stash,
    pdf_stash_sweep,
    pdf_unstash,
)
from tests.pdfs import make_pdf

HOUR = 3600
DAY = 24 * HOUR
USER_ID = 7


def age(name: str, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(default_storage.path(name), (then, then))


def stash(*, age_seconds: int) -> tuple[str, str]:
    token = pdf_stash(data=make_pdf(1), user_id=USER_ID)
    name = signing.loads(token, salt=STASH_SALT)["name"]
    age(name, age_seconds)
    return token, name


def stored(name: str, *, age_seconds: int) -> str:
    name = default_storage.save(name, ContentFile(b"%PDF-1.4 kept"))
    age(name, age_seconds)
    return name


def test_stash_sweep_deletes_only_stashes_past_the_token_validity():
    fresh_token, fresh = stash(age_seconds=HOUR)
    last_minutes_token, last_minutes = stash(age_seconds=STASH_MAX_AGE_SECONDS - 60)
    _, abandoned = stash(age_seconds=STASH_MAX_AGE_SECONDS + HOUR)
    _, long_abandoned = stash(age_seconds=30 * DAY)

    assert pdf_stash_sweep() == 2

    assert not default_storage.exists(abandoned)
    assert not default_storage.exists(long_abandoned)
    assert default_storage.exists(fresh) and default_storage.exists(last_minutes)
    assert pdf_unstash(token=fresh_token, user_id=USER_ID) == make_pdf(1)
    assert pdf_unstash(token=last_minutes_token, user_id=USER_ID) == make_pdf(1)
    assert pdf_stash_sweep() == 0


def test_stash_sweep_leaves_old_files_outside_pending_alone():
    others = [
        stored("submissions/1/original/paper.pdf", age_seconds=365 * DAY),
        stored("pending-imports/batch.pdf", age_seconds=365 * DAY),
        stored("old.pdf", age_seconds=365 * DAY),
    ]
    _, abandoned = stash(age_seconds=2 * DAY)

    assert pdf_stash_sweep() == 1

    assert not default_storage.exists(abandoned)
    assert [default_storage.exists(name) for name in others] == [True, True, True]


def test_stash_sweep_with_no_stash_folder_removes_nothing():
    assert not default_storage.exists("pending")
    assert pdf_stash_sweep() == 0


def test_stash_sweep_task_is_scheduled_hourly_and_reports_the_count(caplog):
    _, abandoned = stash(age_seconds=2 * DAY)
    _, fresh = stash(age_seconds=HOUR)
    schedule = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == sweep_pdf_stashes.name
    ]
    assert schedule == [{"task": "fomo.submissions.sweep_pdf_stashes", "schedule": 3600.0}]

    with caplog.at_level(logging.INFO, logger="submissions.tasks"):
        assert sweep_pdf_stashes.apply().get() == 1

    assert caplog.messages == ["deleted 1 expired PDF stashes"]
    assert not default_storage.exists(abandoned)
    assert default_storage.exists(fresh)
