"""Every URL pattern of the project, read from the URL resolver (so a new page cannot escape
the security tests), and the role-by-role requests made against them."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from submissions.models import Submission
from topics.models import Track

# Included URL confs left out of the enumeration, each with its reason.
SKIPPED_INCLUDES = {
    "admin": (
        "Django's admin: staff-only by Django itself (its login form guards every page); "
        "tests/test_admin.py covers what we registered there."
    ),
    "allauth.urls": (
        "django-allauth's sign-up, login, logout, password and email pages: anonymous by "
        "design and tested upstream; their next= redirects are checked in "
        "tests/security/test_redirects.py."
    ),
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the concatenated route, for messages
    params: tuple[str, ...]  # URL kwargs to fill, in order


def _include_key(resolver: URLResolver) -> str:
    if resolver.namespace == "admin" or resolver.app_name == "admin":
        return "admin"
    urlconf = resolver.urlconf_name
    return urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", repr(urlconf))


def project_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespaces: tuple[str, ...], params: tuple[str, ...]):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if _include_key(entry) in SKIPPED_INCLUDES:
                    continue
                walk(
                    entry.url_patterns,
                    prefix + str(entry.pattern),
                    namespaces + ((entry.namespace,) if entry.namespace else ()),
                    params + tuple(getattr(entry.pattern, "converters", {})),
                )
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                assert entry.name, f"The URL pattern {route!r} has no name: give it one."
                routes.append(
                    Route(
                        name=":".join((*namespaces, entry.name)),
                        route=route,
                        params=params + tuple(getattr(entry.pattern, "converters", {})),
                    )
                )

    walk(get_resolver().url_patterns, "/", (), ())
    return routes


def url_kwargs(world, route: Route, *, number: int | None = None) -> dict:
    """Fill a route's kwargs with objects of the world (paper A unless told otherwise)."""
    by_pk = {
        "pool:invitation_respond": world.open_invitation.pk,
        "pool_manage:resend": world.open_invitation.pk,
        "pool_manage:revoke": world.open_invitation.pk,
        "reviews_manage:reviewer_remove": world.profiles[4].pk,  # reviewer_unassigned
        "pool_manage:conflict_remove": world.conflict.pk,
        "api:manage_conflict_remove": world.conflict.pk,
        "review:subreview": world.delegation.pk,
        "reviews_manage:delegation_answer": world.delegation.pk,
        **{  # reviewer_assigned's own paper
            f"pool:{name}": world.reviewer_paper.pk
            for name in ("paper_edit", "paper_delete", "paper_move")
        },
    }
    values = {
        "workshop": world.workshop.slug,
        "number": number if number is not None else world.paper_a.number,
        "token": world.invitation_token,
        "email_id": world.email.pk,
        "reviewer": world.reviewers[1].pk,
        "outcome": "poster",
        "name": "reviews",
        "extension": "csv",
        "topic": world.paper_a.primary_topic_id,  # used by papers: deleting it is refused
    }
    kwargs = {}
    for param in route.params:
        if param == "track":
            kwargs[param] = track_in_use(world).pk
        elif param == "pk":
            kwargs[param] = by_pk.get(route.name, world.run.pk)
        else:
            assert param in values, f"{route.name}: no world value for the URL kwarg {param!r}"
            kwargs[param] = values[param]
    return kwargs


def track_in_use(world):
    """A track of the workshop that paper A is in (so deleting it is refused)."""
    track, _ = Track.objects.get_or_create(
        workshop=world.workshop, slug="full", defaults={"name": "Full papers", "max_pages": 10}
    )
    Submission.objects.filter(pk=world.paper_a.pk).update(track=track)
    return track


def route_url(world, route: Route, **kwargs) -> str:
    return reverse(route.name, kwargs=url_kwargs(world, route, **kwargs))


def clients(world, **options) -> dict[str, Client]:
    """One logged-in client per role (the anonymous one logged out)."""
    made = {}
    for role in world_roles():
        client = Client(**options)
        if role != "anonymous":
            client.force_login(world.users[role])
        made[role] = client
    return made


def world_roles() -> tuple[str, ...]:
    from tests.security.world import ROLES

    return ROLES


def outcome(response) -> int | str:
    """A response as the matrix writes it: the status code, or "login" for a redirect to
    the login page and "redirect" for any other redirect."""
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        return "login" if location.startswith(reverse("account_login")) else "redirect"
    return response.status_code
