"""Writes of the API: creating and revoking personal tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from fomo_site.errors import Refusal

KEY_PREFIX = "fomo_"
SHOWN_CHARS = 12  # "fomo_" and 7 random characters: enough to tell tokens apart
MAX_ACTIVE_TOKENS = 20


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its key, which is returned here once and stored only hashed."""
    name = name.strip()
    if not name:
        raise Refusal("Give the token a name, e.g. the script that will use it.")
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise Refusal(f"You have {active} active tokens; revoke one before creating another.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=key_hash(key), prefix=key[:SHOWN_CHARS]
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    if token.user_id != by.pk:
        raise Refusal("Only the token's owner may revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token
