"""Builders for the review and decision tests: a workshop under review, papers with
authors, reviewers with released assignments, submitted reviews."""

from datetime import timedelta

from django.utils import timezone

from assignment.models import Assignment, AssignmentRelease
from reviews.services import ReviewContent, review_submit
from tests.factories import (
    AuthorshipFactory,
    ReviewerProfileFactory,
    SubmissionFactory,
    TopicFactory,
    UserFactory,
    WorkshopFactory,
)


def reviewing_workshop(**fields):
    """A workshop in its reviewing phase (review deadline in 9 days) with two topics."""
    workshop = WorkshopFactory(phase="reviewing", **fields)
    area = TopicFactory(workshop=workshop, name="Pre-Training", slug="pre", order=0)
    TopicFactory(workshop=workshop, parent=area, name="Scaling laws", slug="scaling", order=0)
    TopicFactory(workshop=workshop, parent=area, name="Data", slug="data", order=1)
    return workshop


def topic(workshop, slug):
    return workshop.topics.get(slug=slug)


def paper(workshop, *, authors=(), slug="scaling", **fields):
    """A submitted paper; authors are users (linked authorships) or (name, email) tuples."""
    submission = SubmissionFactory(workshop=workshop, primary_topic=topic(workshop, slug), **fields)
    for order, author in enumerate(authors):
        if isinstance(author, tuple):
            AuthorshipFactory(submission=submission, name=author[0], email=author[1], order=order)
        else:
            AuthorshipFactory(
                submission=submission,
                name=author.full_name,
                email=author.email,
                user=author,
                order=order,
            )
    return submission


def add_organizer(workshop, name="Olga Organizer"):
    """Olga, the workshop's organizer."""
    user = UserFactory(email="olga@org.example.net", full_name=name)
    workshop.organizers.add(user)
    return user


def reviewer(workshop, email, name=""):
    user = UserFactory(email=email, full_name=name or email.split("@")[0].title())
    ReviewerProfileFactory(workshop=workshop, user=user)
    return user


def assign(submission, user, *, release=True):
    """Assign by hand; with release=True the pair is also announced to its reviewer."""
    workshop = submission.workshop
    announced = None
    if release:
        announced, _ = AssignmentRelease.objects.get_or_create(
            workshop=workshop, number=1, defaults={"released_at": timezone.now()}
        )
    Assignment.objects.create(
        workshop=workshop, submission=submission, reviewer=user, origin="manual", release=announced
    )


def submit(submission, user, score=6, confidence=3, **text):
    fields = {
        "summary": "A study of scaling.",
        "strengths": "Clear writing.",
        "weaknesses": "Small scale.",
        "comments_to_authors": "Please add error bars.",
        "confidential_comments": "",
        **text,
    }
    return review_submit(
        submission=submission,
        reviewer=user,
        content=ReviewContent(
            score=score, confidence=confidence, no_conflict_confirmed=True, **fields
        ),
    )


def move_to_deciding(workshop):
    """Dates as if the review deadline passed yesterday."""
    now = timezone.now()
    workshop.submission_opens_at = now - timedelta(days=60)
    workshop.submission_deadline = now - timedelta(days=30)
    workshop.bidding_deadline = now - timedelta(days=20)
    workshop.review_deadline = now - timedelta(days=1)
    workshop.decision_notification_at = now + timedelta(days=5)
    workshop.camera_ready_deadline = now + timedelta(days=20)
    workshop.save()
    return workshop
