import pytest

from tests.factories import TopicFactory, UserFactory, WorkshopFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate-limit counters live in the cache; each test starts with none. The database
    cache's rows go with a test's transaction; a transactional test (live server, worker)
    commits them, and the flush after it empties model tables only, so they go here."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    in_database = isinstance(caches["default"], DatabaseCache)
    if not in_database:
        caches["default"].clear()
    yield
    if in_database and _is_transactional(request):
        caches["default"].clear()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture
def workshop(db):
    """A workshop in its bidding phase with a two-area topic tree."""
    workshop = WorkshopFactory(phase="bidding", slug="fm-ws", short_name="FM-WS")
    pre = TopicFactory(workshop=workshop, name="Pre-Training", slug="pre-training", order=0)
    adapt = TopicFactory(workshop=workshop, name="Adaptation", slug="adaptation", order=1)
    TopicFactory(workshop=workshop, name="Understanding the data", slug="data", parent=pre, order=0)
    TopicFactory(workshop=workshop, name="Scaling laws", slug="scaling-laws", parent=pre, order=1)
    TopicFactory(workshop=workshop, name="Fine-tuning", slug="fine-tuning", parent=adapt, order=0)
    return workshop


@pytest.fixture
def topics(workshop):
    return {topic.slug: topic for topic in workshop.topics.all()}


@pytest.fixture
def organizer(workshop):
    user = UserFactory(email="olivia@org.example.net", full_name="Olivia Organizer")
    workshop.organizers.add(user)
    return user
