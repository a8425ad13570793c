"""A checked PDF kept on the server while the author fixes another field of the form.

The upload is stored under a random private name; the form carries a signed token naming it
(bound to the user, valid for a day), so a re-posted form does not need the file again.
"""

import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

STASH_SALT = "submissions.pdf-stash"
STASH_MAX_AGE_SECONDS = 24 * 3600
STASH_FOLDER = "pending"


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
