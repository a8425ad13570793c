"""Every POST of the project (from the URL enumeration) is refused without a CSRF token,
whoever sends it."""

import pytest
from django.db import transaction

from tests.security.routes import clients, project_routes, route_url
from tests.security.world import build_world

pytestmark = pytest.mark.django_db
SENDERS = ("anonymous", "author", "reviewer_assigned", "organizer", "admin")
# The REST API checks CSRF on what a session authenticates (DRF's SessionAuthentication); a
# request it does not take the session from is refused without acting: 401 (no credentials)
# or 405 (read-only, e.g. the schema, which reads no session).
API_REFUSED_WITHOUT_SESSION = (401, 405)


def test_csrf_every_post_without_token_is_403_for_every_role():
    world = build_world("reviewing")
    role_clients = clients(world, enforce_csrf_checks=True)
    accepted = []
    checked = 0
    for route in project_routes():
        url = route_url(world, route)
        for role in SENDERS:
            with transaction.atomic():
                response = role_clients[role].post(url, {"action": "submit", "x": "1"})
                transaction.set_rollback(True)
            checked += 1
            if route.name.startswith("api:") and (
                response.status_code in API_REFUSED_WITHOUT_SESSION
            ):
                continue
            if response.status_code != 403 or b"CSRF" not in response.content:
                accepted.append(f"{route.name} as {role}: {response.status_code}")
    assert accepted == []
    assert checked == len(project_routes()) * len(SENDERS)


def test_csrf_json_endpoints_need_the_token_too():
    world = build_world("reviewing")
    reviewer = clients(world, enforce_csrf_checks=True)["reviewer_assigned"]
    slug = world.workshop.slug
    for url in (f"/{slug}/review/bids/2/", f"/{slug}/review/papers/2/draft/"):
        response = reviewer.post(
            url, '{"value": "eager"}', content_type="application/json",
            HTTP_ACCEPT="application/json",
        )  # fmt: skip
        assert response.status_code == 403
