"""Redis (cache and Celery broker) dies while authors submit and reviewers review.

Nothing the users do may fail, every row is committed, and every email is delivered once
after Redis returns, by the periodic requeue of the outbox (Redis kept no messages: it
runs without persistence, so the tasks queued before the crash are gone too).
"""

import pytest
from allauth.account.models import EmailAddress

from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from notifications.services import email_requeue_stale
from reviews.models import Review
from submissions.models import Submission
from tests.celery_helpers import celery_broker
from tests.factories import UserFactory
from tests.faults.conftest import delivered
from tests.reviews.review_builders import assign, paper, reviewer, reviewing_workshop
from tests.reviews.test_review_form import form_post, paper_url
from tests.submissions.conftest import make_workshop
from tests.submissions.test_views import form_data, pdf_file
from tests.worker import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-password-42"


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "fomo_site.cache.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def verified_user(email: str, name: str):
    user = UserFactory(email=email, full_name=name, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in(client, user) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def submit(client, workshop, author, title: str) -> None:
    authors = [(author.full_name, author.email, "Lab", True)]
    data = {**form_data(workshop, authors=authors), "title": title, "pdf": pdf_file()}
    response = client.post(f"/{workshop.slug}/submissions/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_redis_outage_loses_no_request_row_or_email(
    client_factory, settings, private_redis, start_worker, mail_dir
):
    settings.CACHES = redis_cache(private_redis.url(1))
    cfp = make_workshop()
    authors = [verified_user(f"author{n}@lab{n}.example.org", f"Author {n}") for n in range(4)]
    review_ws = reviewing_workshop(slug="rv-outage")
    reviewers, papers = [], []
    for n in range(3):
        user = reviewer(review_ws, f"rev{n}@uni{n}.example.org", f"Reviewer {n}")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.set_password(PASSWORD)
        user.save()
        submission = paper(
            review_ws, authors=[("Ann Author", f"ann{n}@x.example.org")], number=n + 1
        )
        assign(submission, user)
        reviewers.append(user)
        papers.append(submission)

    with celery_broker(private_redis.url(0)):
        # Redis up, no worker yet: the first author's mail task waits in Redis...
        first = client_factory()
        log_in(first, authors[0])
        submit(first, cfp, authors[0], "Submitted before the crash")
        assert OutgoingEmail.objects.count() == 1

        # ...and is lost with everything else Redis held.
        private_redis.stop()

        for n, author in enumerate(authors[1:], start=1):
            browser = client_factory()
            log_in(browser, author)  # the login rate limit lives in the Redis cache
            submit(browser, cfp, author, f"Submitted during the outage {n}")
            assert browser.get("/accounts/dashboard/").status_code == 200
        for user, submission in zip(reviewers, papers, strict=True):
            browser = client_factory()
            log_in(browser, user)
            response = browser.post(paper_url(submission), form_post())
            assert response.status_code == 302, response.content.decode()[:2000]

        assert Submission.objects.filter(workshop=cfp).count() == 4
        assert Review.objects.filter(status="submitted").count() == 3
        emails = list(OutgoingEmail.objects.values_list("pk", flat=True))
        assert len(emails) == 4 + 3  # one receipt per submission and per review
        assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.QUEUED}

        # Redis comes back empty; a worker starts; beat's requeue enqueues the stale rows.
        private_redis.start()
        start_worker(private_redis.url(0))
        assert email_requeue_stale(older_than_seconds=0) == 7
        assert wait_until(
            lambda: OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() == 7, timeout=60
        )
        # A second requeue round (beat runs every minute) finds nothing left to send.
        assert email_requeue_stale(older_than_seconds=0) == 0
    wait_until(lambda: False, timeout=1)
    assert delivered(mail_dir) == {pk: 1 for pk in emails}


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
