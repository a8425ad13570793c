"""Who each registered group reaches, on the security world (tests/security/world.py):
paper A (#1, authors a1 a2 a3 a5, topics Scaling laws + Data) reviewed by reviewers 1 and 2,
reviewer 5 assigned but conflicted; paper B (#2, author b1, topic Data) reviewed by 1 and 3.
The organizer_author is an author of paper A."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Decision
from notifications.groups import REVIEWERS, group_choices, group_resolve
from notifications.services import group_message_create
from pool.models import Conflict
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

A_AUTHORS = ["authmarka1@lab-a1.org", "authmarka2@lab-a2.org", "authmarka3@lab-a3.org"]
A_LINE = "#1 Grokking as a phase transition"
B_LINE = "#2 Data pruning beats scaling"


@pytest.fixture
def world():
    return build_world("reviewing")


def resolve(world, choice, *, who="organizer", ids=()):
    resolved = group_resolve(workshop=world.workshop, user=world.users[who], choice=choice, ids=ids)
    return {recipient.email: list(recipient.papers) for recipient in resolved.recipients}


def rev(n: int) -> str:
    return f"revmail{n}@uni-r{n}.org"


def test_groups_resolve_to_exact_recipients(world):
    a, b = world.paper_a.pk, world.paper_b.pk
    everyone_a = {email: [A_LINE] for email in [*A_AUTHORS, "authmarka5@lab-a5.org"]}
    assert resolve(world, "authors_status:submitted") == {
        **everyone_a,
        "authmarkb1@lab-b1.org": [B_LINE],
    }
    assert resolve(world, "authors_status:withdrawn") == {}
    data = world.workshop.topics.get(slug="data").pk
    scaling = world.workshop.topics.get(slug="scaling").pk
    assert resolve(world, f"authors_topic:{data}") == {
        **everyone_a,
        "authmarkb1@lab-b1.org": [B_LINE],
    }
    assert resolve(world, f"authors_topic:{scaling}") == everyone_a
    assert resolve(world, "authors_selected", ids=[b]) == {"authmarkb1@lab-b1.org": [B_LINE]}
    # Reviewer 5 is assigned to A but conflicted with it: never told about A.
    assert resolve(world, "reviewers_of_selected", ids=[a, b]) == {
        rev(1): [A_LINE, B_LINE],
        rev(2): [A_LINE],
        rev(3): [B_LINE],
    }
    assert resolve(world, "reviewers_missing") == {}
    assert resolve(world, "reviewers_pool") == {rev(n): [] for n in range(1, 6)}
    assert resolve(world, "reviewers_selected", ids=[world.reviewers[2].pk, b]) == {rev(2): []}


def test_reviewers_missing_reaches_the_reviewer_once_the_conflict_is_removed(world):
    Conflict.objects.filter(pk=world.conflict.pk).update(
        removed_at=timezone.now(), removal_reason="Not the same lab after all."
    )
    assert resolve(world, "reviewers_missing") == {rev(5): [A_LINE]}


def test_authors_by_outcome(world):
    Decision.objects.create(submission=world.paper_a, outcome="poster")
    Decision.objects.create(submission=world.paper_b, outcome="reject")
    assert resolve(world, "authors_outcome:reject") == {"authmarkb1@lab-b1.org": [B_LINE]}
    assert set(resolve(world, "authors_outcome:poster")) == {*A_AUTHORS, "authmarka5@lab-a5.org"}
    assert resolve(world, "authors_outcome:oral") == {}


def test_organizer_author_cannot_reach_anyone_about_their_own_paper(world):
    a, b = world.paper_a.pk, world.paper_b.pk
    me = "organizer_author"
    assert resolve(world, "authors_status:submitted", who=me) == {"authmarkb1@lab-b1.org": [B_LINE]}
    assert resolve(world, "authors_selected", who=me, ids=[a]) == {}
    assert resolve(world, "reviewers_of_selected", who=me, ids=[a, b]) == {
        rev(1): [B_LINE],
        rev(3): [B_LINE],
    }
    left_out = group_resolve(
        workshop=world.workshop, user=world.users[me], choice="authors_selected", ids=[a, b]
    ).left_out
    assert left_out == ["1 paper you are an author of left out."]


def test_group_choices_split_filters_from_ticked_rows(world):
    plain = dict(group_choices(workshop=world.workshop))
    ticked = dict(group_choices(workshop=world.workshop, selection="papers"))
    assert plain["authors_status:submitted"] == "Authors of papers: Submitted"
    assert "reviewers_missing" in plain and "authors_selected" not in plain
    assert set(ticked) == {"authors_selected", "reviewers_of_selected"}


def test_organizer_author_sees_no_message_to_reviewers(
    world, client, django_capture_on_commit_callbacks
):
    a, b = world.paper_a.pk, world.paper_b.pk
    resolved = group_resolve(
        workshop=world.workshop, user=world.organizer, choice="reviewers_of_selected", ids=[a, b]
    )
    with django_capture_on_commit_callbacks(execute=True):
        group_message_create(
            workshop=world.workshop,
            sender=world.organizer,
            token=uuid.uuid4(),
            audience=REVIEWERS,
            group=resolved.description,
            subject="Your papers SUBJECTMARK",
            body="{{ papers }}",
            recipients=resolved.recipients,
        )
    slug = {"workshop": world.workshop.slug}
    pages = [
        reverse("notifications:messages", kwargs=slug),
        reverse("notifications:mail_log", kwargs=slug),
    ]
    for who, visible in (("organizer", True), ("organizer_author", False)):
        client.force_login(world.users[who])
        for url in pages:
            assert ("SUBJECTMARK" in client.get(url).content.decode()) is visible, (who, url)
