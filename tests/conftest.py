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
def _empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


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
