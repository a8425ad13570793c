"""gunicorn with production settings, as deployed: the security headers on real responses
and static files served by whitenoise from a collectstatic'd STATIC_ROOT.

The proxy in front terminates TLS and says so with X-Forwarded-Proto: https.
"""

import os
import re
import secrets
import subprocess
import sys

import pytest
import requests

from bench.services import ROOT, Gunicorn
from tests.factories import WorkshopFactory
from tests.worker import database_url

pytestmark = pytest.mark.django_db(transaction=True)

HTTPS = {"X-Forwarded-Proto": "https"}


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "1",
    "CELERY_BROKER_URL": "",
    "REDIS_URL": "",
    "LOG_LEVEL": "WARNING",
}


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env={**os.environ, **PRODUCTION, "STATIC_ROOT": str(root)}, check=True,
    )  # fmt: skip
    return root


@pytest.fixture
def server(tmp_path, static_root):
    WorkshopFactory(slug="deploy-ws", short_name="DEPLOY")
    env = {
        **PRODUCTION,
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "0",
        "STATIC_ROOT": str(static_root),
        "FOMO_VAR_DIR": str(tmp_path),
    }
    process = Gunicorn(env, tmp_path / "gunicorn.log", workers=1).start()
    yield process
    process.stop()


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_production_server_sends_security_headers(server):
    response = requests.get(f"{server.base_url}/deploy-ws/", headers=HTTPS, timeout=10)
    assert response.status_code == 200
    assert "DEPLOY" in response.text
    headers = response.headers
    csp = directives(headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Server: gunicorn" not in response.text


def test_production_server_redirects_plain_http_and_sets_secure_cookies(server):
    response = requests.get(f"{server.base_url}/deploy-ws/", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{server.port}/deploy-ws/"

    login = requests.get(f"{server.base_url}/accounts/login/", headers=HTTPS, timeout=10)
    assert login.status_code == 200
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=")
    assert "Secure" in cookie and "SameSite=Lax" in cookie


def test_production_server_error_pages_carry_the_headers(server):
    response = requests.get(f"{server.base_url}/no-such-workshop/", headers=HTTPS, timeout=10)
    assert response.status_code == 404
    assert "Traceback" not in response.text
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response.headers


def test_production_server_serves_static_files_with_whitenoise(server):
    html = requests.get(f"{server.base_url}/deploy-ws/", headers=HTTPS, timeout=10).text
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', html)
    assert stylesheets, html[:2000]
    hashed = [path for path in stylesheets if re.search(r"\.[0-9a-f]{12}\.css$", path)]
    assert hashed == stylesheets, "the manifest storage did not give hashed names"
    for path in stylesheets:
        response = requests.get(
            f"{server.base_url}{path}",
            headers={**HTTPS, "Accept-Encoding": "gzip"},
            timeout=10,
        )
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/css")
        # whitenoise's marks: far-future immutable caching of hashed names, and the
        # precompressed file chosen by content negotiation.
        assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert len(response.content) > 0
    missing = requests.get(f"{server.base_url}/static/no-such-file.css", headers=HTTPS, timeout=10)
    assert missing.status_code == 404
