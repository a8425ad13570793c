import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from fomo_site.errors import Refusal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORKSHOPS = "/api/v1/workshops/"


def mine(client, key: str):
    return client.get("/api/v1/workshops/fm-ws/my/submissions/", HTTP_AUTHORIZATION=f"Token {key}")


def test_api_token_create_stores_only_the_hash_and_the_prefix():
    user = UserFactory()
    token, key = api_token_create(user=user, name="  schedule sync  ")
    token.refresh_from_db()
    assert key.startswith("fomo_") and len(key) > 40
    assert token.name == "schedule sync"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:12]
    assert key not in {token.key_hash, token.prefix, token.name}
    assert token.last_used_at is None and token.revoked_at is None


def test_api_token_create_without_a_name_is_refused():
    with pytest.raises(Refusal, match="Give the token a name"):
        api_token_create(user=UserFactory(), name="   ")
    assert ApiToken.objects.count() == 0


def test_api_token_authenticates_as_its_user_and_records_the_last_use(client, workshop):
    user = UserFactory()
    token, key = api_token_create(user=user, name="script")
    response = mine(client, key)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=5)


def test_api_token_last_use_is_written_at_most_once_a_minute(client, workshop):
    token, key = api_token_create(user=UserFactory(), name="script")
    earlier = timezone.now() - timedelta(seconds=20)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    assert mine(client, key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == earlier


def test_api_token_revoked_is_refused_with_401(client, workshop):
    user = UserFactory()
    token, key = api_token_create(user=user, name="script")
    api_token_revoke(token=token, by=user)
    response = mine(client, key)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unknown or revoked token."}
    assert response.headers["WWW-Authenticate"] == "Token"


def test_api_token_unknown_or_malformed_is_refused(client, workshop):
    assert mine(client, "fomo_not-a-real-key").status_code == 401
    response = client.get(WORKSHOPS, HTTP_AUTHORIZATION="Token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Send `Authorization: Token <key>`."}


def test_api_without_credentials_asks_for_a_token(client, workshop):
    response = client.get("/api/v1/workshops/fm-ws/my/submissions/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_api_token_of_an_inactive_account_is_refused(client, workshop):
    user = UserFactory()
    _, key = api_token_create(user=user, name="script")
    user.is_active = False
    user.save()
    assert mine(client, key).status_code == 401


def test_api_token_revoke_by_someone_else_is_refused():
    token, _ = api_token_create(user=UserFactory(), name="script")
    with pytest.raises(Refusal):
        api_token_revoke(token=token, by=UserFactory())
    token.refresh_from_db()
    assert token.revoked_at is None


# The page ----------------------------------------------------------------------------------


def test_token_page_shows_the_new_key_once_then_only_its_prefix(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("api_tokens:list")
    created = client.post(url, {"name": "poster app"})
    assert created.status_code == 200
    token = ApiToken.objects.get(user=user)
    key = created.context["new_key"]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert key in created.content.decode()
    assert created.headers["Cache-Control"] == "no-store"
    again = client.get(url).content.decode()
    assert key not in again
    assert token.prefix in again and "poster app" in again and "never" in again


def test_token_page_without_a_name_shows_the_error_and_creates_nothing(client):
    client.force_login(UserFactory())
    response = client.post(reverse("api_tokens:list"), {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0


def test_token_page_revoke_marks_it_revoked(client):
    user = UserFactory()
    token, key = api_token_create(user=user, name="old script")
    client.force_login(user)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "The token “old script” is revoked" in response.content.decode()
    assert "Revoke" not in response.content.decode().split("Your tokens")[1]


def test_token_page_revoke_of_another_persons_token_is_404(client):
    token, _ = api_token_create(user=UserFactory(), name="theirs")
    client.force_login(UserFactory())
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_page_lists_only_ones_own_tokens(client):
    api_token_create(user=UserFactory(), name="someone else's")
    user = UserFactory()
    api_token_create(user=user, name="my own")
    client.force_login(user)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "my own" in page and "someone else" not in page


def test_profile_page_links_the_token_page(client):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'href="/accounts/tokens/"' in page
