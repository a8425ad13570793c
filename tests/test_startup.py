import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "fomo_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wsgi_without_secret_key_refuses_to_start():
    result = run("import fomo_site.wsgi")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_wsgi_with_secret_key_starts_with_every_view_loaded():
    code = "import sys, fomo_site.wsgi; print('assignment.views' in sys.modules)"
    result = run(code, SECRET_KEY="a-real-secret-key-for-this-test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"  # the first request does not wait for imports


def test_migration_check_needs_no_secret_key():
    code = (
        "import django, sys; django.setup(); from django.core.management import call_command;"
        "call_command('makemigrations', '--check', '--dry-run')"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr
