"""Loaded with -p before pytest-django reads the settings.

The test run uses the same settings module as production, with a throwaway key.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# TF-IDF in the test run and the workers it starts; tests about the embedding model ask for it.
os.environ.setdefault("FOMO_TEXT_MODEL", "tfidf")

# The SQLite test database is a file under var/ (see settings).
(Path(os.environ.get("FOMO_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))).mkdir(
    exist_ok=True
)
