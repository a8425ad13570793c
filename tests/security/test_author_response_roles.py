"""The authors' response page, role by role, with the response phase open (the matrix's
world has no response phase, so there it is a 404 for everyone)."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security.routes import clients, outcome
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

AUTHORS_A = ("author", "coauthor", "organizer_author")


def test_author_response_page_roles_with_the_phase_open():
    world = build_world("response")
    url = reverse(
        "reviews_author:response",
        kwargs={"workshop": world.workshop.slug, "number": world.paper_a.number},
    )
    role_clients = clients(world)
    got = {}
    for role in ROLES:
        with transaction.atomic():
            got[(role, "GET")] = outcome(role_clients[role].get(url))
            got[(role, "POST")] = outcome(role_clients[role].post(url, {}))
            transaction.set_rollback(True)
    expected = {}
    for role in ROLES:
        if role == "anonymous":
            expected[(role, "GET")] = expected[(role, "POST")] = "login"
        elif role in AUTHORS_A:
            expected[(role, "GET")] = 200
            expected[(role, "POST")] = 400  # empty: "This field is required."
        else:
            expected[(role, "GET")] = expected[(role, "POST")] = 404
    assert got == expected
