"""The anonymity sweep for the REST API, read with each role's personal token (the page
sweep in test_anonymity.py reads the same URLs with the session): a reviewer's answers never
name authors, an author's never name reviewers, a conflicted reviewer gets nothing of the
paper, an organizer-author nothing of who reviews their paper."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from api.services import api_token_create
from tests.security.routes import project_routes, url_kwargs
from tests.security.test_anonymity import allowed_roles, leaks
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db


def token_clients(world) -> dict[str, Client]:
    made = {}
    for role in ROLES:
        headers = {}
        if role != "anonymous":
            _, key = api_token_create(user=world.users[role], name="sweep")
            headers["HTTP_AUTHORIZATION"] = f"Token {key}"
        made[role] = Client(**headers)
    return made


def api_answers(world) -> dict[tuple[str, str], dict]:
    """(endpoint name, role) -> the JSON of every API endpoint that answered 200."""
    role_clients = token_clients(world)
    answers = {}
    for route in project_routes():
        if not route.name.startswith("api:") or route.name in ("api:schema", "api:docs"):
            continue
        url = reverse(route.name, kwargs=url_kwargs(world, route))
        for role in ROLES:
            response = role_clients[role].get(url)
            if response.status_code == 200:
                answers[(route.name, role)] = response
    return answers


def numbers(response) -> list[int]:
    return sorted(row["number"] for row in response.json()["results"])


@pytest.mark.parametrize("stage", ["reviewing", "final"])
def test_api_answers_leak_nothing_to_any_role(stage):
    world = build_world(stage)
    allowed = allowed_roles(stage)
    answers = api_answers(world)
    found = [
        f"{role} sees {marker} at {name}"
        for (name, role), response in answers.items()
        for marker in leaks(response.content.decode(), role, allowed)
    ]
    assert found == []
    # public 2 x 15 roles, own submissions 14 (paper A's detail: its 3 authors), my reviews
    # 14, review assignments 5, bids 4 (the pool), paper A's review 1, organizer lists and
    # exports 8 x 3 (submissions, pool, conflicts, assignments, reviews, decisions, the
    # export list, the reviews export), reviewer 1 on paper A 2 (not its author-organizer)
    assert len(answers) == 30 + 14 + 3 + 14 + 5 + 4 + 1 + 8 * 3 + 2  # answers, not refusals


def test_api_answers_scope_papers_as_the_pages_do():
    world = build_world("reviewing")
    answers = api_answers(world)
    mine = "api:my_submissions"
    assert numbers(answers[(mine, "author")]) == [1]
    assert numbers(answers[(mine, "other_author")]) == [2]
    assert numbers(answers[(mine, "reviewer_assigned")]) == []
    assigned = "api:review_assignments"
    assert numbers(answers[(assigned, "reviewer_assigned")]) == [1, 2]
    assert numbers(answers[(assigned, "reviewer_declared")]) == [2]
    assert numbers(answers[(assigned, "reviewer_conflicted")]) == []
    assert "authors" not in answers[(assigned, "reviewer_assigned")].json()["results"][0]
    # the organizers' submission list names every author, as the page does
    assert "AUTHMARKA1" in answers[("api:manage_submissions", "organizer_author")].content.decode()
    decisions = "api:manage_decisions"
    assert numbers(answers[(decisions, "organizer")]) == [1, 2]
    assert numbers(answers[(decisions, "organizer_author")]) == [2]
    pairs = "api:manage_assignments"
    assert {row["number"] for row in answers[(pairs, "organizer")].json()["results"]} == {1, 2}
    assert {row["number"] for row in answers[(pairs, "organizer_author")].json()["results"]} == {2}
    # the new reads follow the pages' selectors too
    bids = "api:review_bids"
    assert numbers(answers[(bids, "reviewer_unassigned")]) == [1, 2]
    assert numbers(answers[(bids, "reviewer_conflicted")]) == [2]
    assert numbers(answers[(bids, "reviewer_declared")]) == [2]
    mine = "api:review_reviews"
    assert numbers(answers[(mine, "reviewer_assigned")]) == [1, 2]
    assert numbers(answers[(mine, "reviewer_declared")]) == [2]
    assert numbers(answers[(mine, "reviewer_conflicted")]) == []
    assert numbers(answers[(mine, "plain")]) == []  # a subreviewer has no review of their own
    reviews = "api:manage_reviews"
    assert numbers(answers[(reviews, "organizer")]) == [1, 1, 2, 2]
    assert numbers(answers[(reviews, "organizer_author")]) == [2, 2]


def api_writes(world) -> list[tuple[str, str, dict, dict]]:
    """(endpoint, method, URL kwargs, JSON body) of every API write that can succeed in the
    reviewing world: what it answers is read like any other answer."""
    a, b = world.paper_a.number, world.paper_b.number
    unassigned = world.reviewers[4].pk
    return [
        ("api:my_submission_withdraw", "post", {"number": a}, {}),
        ("api:review_review", "put", {"number": a}, {"summary": "Second thoughts"}),
        (
            "api:manage_conflicts",
            "post",
            {},
            {"number": b, "reviewer_id": unassigned, "reason": "r"},
        ),
        ("api:manage_conflict_remove", "post", {"pk": world.conflict.pk}, {"reason": "Moved."}),
        ("api:manage_assignments", "post", {}, {"number": b, "reviewer_id": unassigned}),
        ("api:manage_assignment", "delete", {"number": a, "reviewer": world.reviewers[1].pk}, {}),
        ("api:manage_decisions", "post", {}, {"number": b, "outcome": "reject"}),
    ]


def test_api_write_answers_leak_nothing_to_any_role():
    world = build_world("reviewing")
    allowed = allowed_roles("reviewing")
    role_clients = token_clients(world)
    found, succeeded = [], []
    for name, method, kwargs, body in api_writes(world):
        url = reverse(name, kwargs={"workshop": world.workshop.slug, **kwargs})
        for role in ROLES:
            with transaction.atomic():
                response = getattr(role_clients[role], method)(
                    url, body, content_type="application/json"
                )
                transaction.set_rollback(True)
            if response.status_code in (200, 201):
                succeeded.append((name, role))
                found += [
                    f"{role} sees {marker} in the answer of {method} {name}"
                    for marker in leaks(response.content.decode(), role, allowed)
                ]
    assert found == []
    assert sorted(succeeded) == sorted(
        [
            ("api:my_submission_withdraw", role)
            for role in ("author", "coauthor", "organizer_author")
        ]
        + [("api:review_review", "reviewer_assigned")]
        + [("api:manage_conflicts", role) for role in ("organizer_author", "organizer", "admin")]
        + [("api:manage_conflict_remove", role) for role in ("organizer", "admin")]
        + [("api:manage_assignments", role) for role in ("organizer_author", "organizer", "admin")]
        + [("api:manage_assignment", role) for role in ("organizer", "admin")]
        + [("api:manage_decisions", role) for role in ("organizer_author", "organizer", "admin")]
    )
