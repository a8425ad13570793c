import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from tests.factories import UserFactory

SIGNUP = {
    "email": "Grace@Example.org",
    "full_name": "Grace Hopper",
    "affiliation": "Yale",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def confirmation_link(body: str) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", body).group(0)


@pytest.mark.django_db(transaction=True)
def test_signup_sends_verification_mail_through_outbox(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="grace@example.org")
    assert (user.full_name, user.affiliation) == ("Grace Hopper", "Yale")
    email = OutgoingEmail.objects.get()
    assert email.to == ["grace@example.org"]
    assert email.status == EmailStatus.SENT
    assert email.kind == "email_confirmation_signup"
    assert email.subject.startswith("[fomo] ")
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_signup_then_confirm_link_verifies_and_logs_in(client):
    client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link(OutgoingEmail.objects.get().body_text)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="grace@example.org").verified is True
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_confirm_link_reused_or_forged_gives_clear_message(client):
    client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link(OutgoingEmail.objects.get().body_text)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.post(path)
    client.logout()
    reused = client.get(path)
    assert reused.status_code == 200
    assert b"expired or is invalid" in reused.content
    forged = client.get("/accounts/confirm-email/not-a-real-key/")
    assert b"expired or is invalid" in forged.content


@pytest.mark.django_db(transaction=True)
def test_signup_with_existing_email_reveals_nothing_and_mails_the_account(client):
    UserFactory(email="grace@example.org")
    fresh = client.post(reverse("account_signup"), {**SIGNUP, "email": "new@example.org"})
    client.logout()
    taken = client.post(reverse("account_signup"), SIGNUP)
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email__iexact="grace@example.org").count() == 1
    notice = OutgoingEmail.objects.get(to=["grace@example.org"])
    assert notice.kind == "account_already_exists"
    assert "/accounts/password/reset/" in notice.body_text


@pytest.mark.django_db(transaction=True)
def test_password_reset_answers_the_same_for_unknown_addresses(client):
    UserFactory(email="grace@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "grace@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert "not assigned" not in client.get(unknown["Location"]).content.decode()
    assert OutgoingEmail.objects.get(to=["grace@example.org"]).kind == "password_reset_key"


@pytest.mark.django_db
def test_login_redirect_to_other_site_is_refused(client):
    user = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login") + "?next=https://evil.example.com/",
        {"login": "ada@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.django_db
def test_login_redirect_to_own_page_is_followed(client):
    user = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login") + "?next=/accounts/profile/",
        {"login": "ada@example.org", "password": "correct horse battery staple"},
    )
    assert response["Location"] == "/accounts/profile/"


@pytest.mark.django_db
def test_login_unverified_email_is_held_back(client):
    UserFactory(email="new@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


@pytest.mark.django_db
def test_profile_edit_saves_fields_and_rejects_bad_orcid(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:profile")
    bad = client.post(url, {"full_name": "Ada L.", "affiliation": "X", "orcid": "12"})
    assert "Enter an ORCID iD such as 0000-0002-1825-0097." in bad.content.decode()
    assert 'value="Ada L."' in bad.content.decode()
    good = client.post(
        url,
        {
            "full_name": "Ada Lovelace",
            "affiliation": "Analytical Engines",
            "orcid": "0000-0002-1825-0097",
            "website": "ada.example.org",
        },
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.orcid, user.website) == (
        "Ada Lovelace",
        "0000-0002-1825-0097",
        "https://ada.example.org",
    )


@pytest.mark.django_db
def test_pages_send_security_headers(client):
    response = client.get("/")
    assert response["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_login_failures_are_rate_limited(client):
    user = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    wrong = {"login": "ada@example.org", "password": "not the password"}
    for _ in range(5):
        assert b"not correct" in client.post(reverse("account_login"), wrong).content
    right = {"login": "ada@example.org", "password": "correct horse battery staple"}
    response = client.post(reverse("account_login"), right)
    assert response.status_code == 200
    assert b"Too many failed login attempts. Try again later." in response.content


@pytest.mark.django_db
def test_login_rate_limit_without_redis_is_kept_in_the_database(client):
    """Production without REDIS_URL keeps the counters in the database, where every web
    process (each gunicorn worker) reads the same ones: another browser is refused too."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    assert isinstance(caches["default"], DatabaseCache)
    user = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    wrong = {"login": "ada@example.org", "password": "not the password"}
    for _ in range(5):
        client.post(reverse("account_login"), wrong)
    assert _cache_rows() >= 1
    right = {"login": "ada@example.org", "password": "correct horse battery staple"}
    response = Client().post(reverse("account_login"), right)
    assert b"Too many failed login attempts. Try again later." in response.content


def _cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM fomo_cache")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_account_mails_name_the_site(client, settings):
    settings.SITE_URL = "https://fomo.example.org"
    client.post(reverse("account_signup"), SIGNUP)
    body = mail.outbox[0].body
    assert body.startswith("Hello from fomo!")
    assert "register an account on fomo.example.org." in body
    assert "Thank you for using fomo!" in body
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "grace@example.org"})
    reset = mail.outbox[-1].body
    assert reset.startswith("Hello from fomo!") and "fomo.example.org" in reset
