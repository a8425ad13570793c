"""Open redirects: every next= the site accepts (login, logout, sign-up) and every redirect
built from a request (the decision table's POST, the invitation's login link)."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.routes import clients
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "http:evil.example",
    "https:/evil.example",
    " https://evil.example/",
    "\thttps://evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://testserver@evil.example/",
    "/%2F%2Fevil.example/",
    "%2F%2Fevil.example",
    "https://evil.example\\@testserver/",
]


def assert_local(location: str) -> None:
    """A browser stays on this site: no scheme, no host (read as browsers do, with
    backslashes as slashes and surrounding blanks ignored)."""
    parsed = urlsplit(location.strip().replace("\\", "/"))
    assert (parsed.scheme, parsed.netloc) == ("", ""), location


@pytest.fixture
def person(db):
    user = UserFactory(email="pia@lab-redirect.org", full_name="Pia Person")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("target", EVIL)
def test_redirect_login_next_stays_on_site(client, person, target):
    response = client.post(
        reverse("account_login") + "?next=" + target,
        {"login": person.email, "password": "correct horse battery staple", "next": target},
    )
    assert response.status_code == 302
    assert_local(response.headers["Location"])
    if "%2F" not in target:  # a percent-encoded path is a local path: followed, harmless
        assert response.headers["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize("target", EVIL)
def test_redirect_logout_next_stays_on_site(client, person, target):
    client.force_login(person)
    response = client.post(reverse("account_logout"), {"next": target})
    assert response.status_code == 302
    assert_local(response.headers["Location"])


@pytest.mark.parametrize("target", EVIL)
def test_redirect_signup_next_stays_on_site(client, target):
    response = client.post(
        reverse("account_signup") + "?next=" + target,
        {
            "email": "new@lab-new.org",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "full_name": "New Person",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert_local(response.headers["Location"])


def test_redirect_login_next_on_site_is_followed(client, person):
    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": "correct horse battery staple", "next": "/x/"},
    )
    assert response.headers["Location"] == "/x/"


def test_redirect_app_redirects_built_from_the_request_stay_on_site():
    world = build_world("reviewing")
    organizer = clients(world)["organizer"]
    slug = world.workshop.slug
    table = reverse("decisions:table", kwargs={"workshop": slug})
    for target in EVIL:
        response = organizer.post(table + "?next=" + target, {"next": target})
        assert response.status_code == 302
        assert_local(response.headers["Location"])
        assert response.headers["Location"].startswith(table + "?")
    anonymous = clients(world)["anonymous"]
    invitation = reverse(
        "pool:invitation", kwargs={"workshop": slug, "token": world.invitation_token}
    )
    response = anonymous.post(invitation + "?next=https://evil.example/", {"action": "accept"})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_login") + "?next=" + invitation
