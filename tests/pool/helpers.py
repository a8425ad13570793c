"""Small builders shared by the reviews tests."""

import re

from pool.models import ReviewerProfile
from pool.services import reviewer_profile_ensure
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory


def make_reviewer(workshop, email: str, name: str = "", affiliation: str = "") -> ReviewerProfile:
    user = UserFactory(
        email=email, full_name=name or email.split("@")[0].title(), affiliation=affiliation
    )
    profile, _ = reviewer_profile_ensure(workshop=workshop, user=user)
    return profile


def make_submission(workshop, topic, authors=(), secondary=(), **fields):
    """A submitted paper; authors are (name, email, affiliation[, user]) tuples."""
    submission = SubmissionFactory(workshop=workshop, primary_topic=topic, **fields)
    submission.secondary_topics.set(secondary)
    for order, author in enumerate(authors):
        name, email, affiliation, *user = author
        AuthorshipFactory(
            submission=submission,
            name=name,
            email=email,
            affiliation=affiliation,
            order=order,
            user=user[0] if user else None,
        )
    return submission


def link_token(body: str) -> str:
    match = re.search(r"/review/invitation/([A-Za-z0-9_\-]+)/", body)
    assert match, body
    return match.group(1)
