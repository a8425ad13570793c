"""The anonymity sweep for the REST API, read with each role's personal token (the page
sweep in test_anonymity.py reads the same URLs with the session): a reviewer's answers never
name authors, an author's never name reviewers, a conflicted reviewer gets nothing of the
paper, an organizer-author nothing of who reviews their paper."""

import pytest
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
    # public 2 x 15 roles, own submissions 14, assignments 5, organizer lists 4 x 3
    assert len(answers) == 61  # the sweep read answers, not refusals


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
