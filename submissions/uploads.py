"""A checked PDF kept on the server while the author fixes another field of the form.

The upload is stored under a random private name; the form carries a signed token naming it
(bound to the user, valid for a day), so a re-posted form does not need the file again.
Stashes of abandoned forms are deleted by the hourly sweep once their token has expired.
"""

import uuid
from datetime import datetime, timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

STASH_SALT = "submissions.pdf-stash"
STASH_MAX_AGE_SECONDS = 24 * 3600
STASH_FOLDER = "pending"
STASH_SWEEP_MARGIN_SECONDS = 300


def pdf_stash(*, data: bytes, user_id: int) -> str:
    name = default_storage.save(f"{STASH_FOLDER}/{uuid.uuid4().hex}.pdf", ContentFile(data))
    return signing.dumps({"name": name, "user": user_id}, salt=STASH_SALT)


def _stash_name(token: str, user_id: int) -> str | None:
    try:
        payload = signing.loads(token, salt=STASH_SALT, max_age=STASH_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    name = payload.get("name", "")
    if payload.get("user") != user_id or not name.startswith(f"{STASH_FOLDER}/"):
        return None
    return name


def pdf_unstash(*, token: str, user_id: int) -> bytes | None:
    name = _stash_name(token, user_id)
    if name is None or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stashed:
        return stashed.read()


def pdf_stash_discard(*, token: str, user_id: int) -> None:
    name = _stash_name(token, user_id)
    if name is not None:
        default_storage.delete(name)


def pdf_stash_sweep(*, now: datetime | None = None) -> int:
    """Delete the stashed PDFs whose token has expired (forms abandoned); return how many."""
    now = now or timezone.now()
    # The token is signed just after its file is saved, so it outlives the file's age by that
    # instant; the margin also absorbs a storage clock slightly ahead of ours.
    cutoff = now - timedelta(seconds=STASH_MAX_AGE_SECONDS + STASH_SWEEP_MARGIN_SECONDS)
    try:
        _folders, names = default_storage.listdir(STASH_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{STASH_FOLDER}/{name}"
        try:
            expired = default_storage.get_modified_time(path) < cutoff
        except FileNotFoundError:
            continue
        if expired:
            default_storage.delete(path)
            removed += 1
    return removed
