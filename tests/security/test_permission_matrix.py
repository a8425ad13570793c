"""Who gets in where: every URL pattern of the project (read from the resolver) requested
with GET and POST by every role, against a table of expected outcomes; and list pages
that only link papers their reader may open.

Outcomes: a status code, "login" (redirect to the login page) or "redirect" (any other
redirect, e.g. back to the page with a message). POSTs are empty-bodied and run inside a
rolled-back savepoint, so one role's action does not change what the next one sees.

The world is in its reviewing phase (tests/security/world.py): assignments released,
reviews submitted, decisions not made, bidding and submission closed.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security.routes import (
    SKIPPED_INCLUDES,
    clients,
    outcome,
    project_routes,
    route_url,
)
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

ORGANIZERS = ("organizer_author", "organizer", "admin")
POOL = ("reviewer_unassigned", "reviewer_assigned", "reviewer_conflicted", "reviewer_declared")
AUTHORS_A = ("author", "coauthor", "organizer_author")


def expect(default, *layers: dict, **overrides) -> dict:
    """A full role -> outcome row: anonymous goes to the login page unless told otherwise;
    then each layer (e.g. roles(200, POOL)) and the keyword overrides, in order."""
    row = {role: default for role in ROLES}
    row["anonymous"] = "login"
    for layer in (*layers, overrides):
        unknown = set(layer) - set(ROLES)
        assert not unknown, f"unknown roles {unknown}"
        row.update(layer)
    return row


def roles(value, names) -> dict:
    return dict.fromkeys(names, value)


# Families: the common shapes, named after who gets in.
PUBLIC = expect(200, anonymous=200)
LOGGED_IN = expect(200)
ORGANIZER_PAGE = expect(403, roles(200, ORGANIZERS))
ORGANIZER_ACTION_GET = expect(403, roles(405, ORGANIZERS))  # POST-only organizer views
ORGANIZER_ACTION_POST = expect(403, roles("redirect", ORGANIZERS))
# Organizer pages about paper A: its author-organizer gets a 404 (reviewers stay hidden).
ORGANIZER_PAPER = expect(403, organizer_author=404, organizer=200, admin=200)
ORGANIZER_PAPER_ACTION_GET = ORGANIZER_ACTION_GET  # POST-only: 405 before the paper is read
ORGANIZER_PAPER_ACTION_POST = expect(
    403, organizer_author=404, organizer="redirect", admin="redirect"
)
REVIEWER_POOL_PAGE = expect(403, roles(200, POOL))
# A paper's reviewer pages: only its assigned, non-conflicted reviewer; others a 404.
ASSIGNED_REVIEWER = expect(404, reviewer_assigned=200)
# What authors and the workshop's organizers may see of paper A; others a 404.
AUTHOR_OR_ORGANIZER = expect(404, roles(200, AUTHORS_A), organizer=200, admin=200)
# Author-only actions on paper A (organizers are not authors: 404).
AUTHOR_ONLY = expect(404, roles(200, AUTHORS_A))
AREA_CHAIRS = ("area_chair", "area_chair_conflicted")
AREA_CHAIR_PAGE = expect(403, roles(200, AREA_CHAIRS))
AREA_CHAIR_OF_A = expect(403, area_chair=200, area_chair_conflicted=404)
NOBODY_FILE = expect(404)  # files not uploaded yet (camera-ready, supplementary)
API_PUBLIC = expect(200, anonymous=200)
API_NO_POST = expect(405, anonymous=405)
API_ORGANIZER = expect(403, roles(200, ORGANIZERS), anonymous=401)
API_ORGANIZER_NO_POST = expect(403, roles(405, ORGANIZERS), anonymous=401)
API_SIGNED_IN = expect(200, anonymous=401)
API_SIGNED_IN_NO_METHOD = expect(405, anonymous=401)
API_POOL = expect(403, roles(200, POOL), anonymous=401)  # reviewers in the pool (no admin)
API_POOL_NO_METHOD = expect(403, roles(405, POOL), anonymous=401)
# Paper A's own authors through the API; everyone else signed in gets a 404.
API_AUTHOR_OF_A = expect(404, roles(200, AUTHORS_A), anonymous=401)
API_AUTHOR_OF_A_CLOSED = expect(404, roles(403, AUTHORS_A), anonymous=401)  # deadline passed

GET, POST, PUT, PATCH, DELETE = "GET", "POST", "PUT", "PATCH", "DELETE"
# The API is asked with every method it could be sent; the pages with GET and POST.
API_METHODS = (GET, POST, PUT, PATCH, DELETE)
PAGE_METHODS = (GET, POST)


def api(no_method: dict, **methods: dict) -> dict:
    """An API endpoint's rows: the methods it answers, and ``no_method`` (who gets the 405,
    after the permission check) for every other method."""
    assert set(methods) <= set(API_METHODS)
    return {method: methods.get(method, no_method) for method in API_METHODS}


def methods_of(route_name: str) -> tuple[str, ...]:
    return API_METHODS if route_name.startswith("api:") else PAGE_METHODS


EXPECTED = {
    # accounts
    "accounts:dashboard": {GET: LOGGED_IN, POST: LOGGED_IN},
    "accounts:profile": {GET: LOGGED_IN, POST: LOGGED_IN},  # empty POST: form errors
    # mail log
    "notifications:mail_log": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "notifications:mail_detail": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    # messages to a group (an empty POST only shows the compose form again)
    "notifications:messages": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "notifications:message_compose": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    # authors (submission closed: create redirects to the call, POST refused with 403)
    "submissions:create": {GET: expect("redirect"), POST: expect(403)},
    "submissions:detail": {GET: AUTHOR_OR_ORGANIZER, POST: AUTHOR_OR_ORGANIZER},
    "submissions:edit": {
        GET: expect(404, roles("redirect", AUTHORS_A)),  # deadline passed
        POST: expect(404, roles(403, AUTHORS_A)),
    },
    "submissions:withdraw": {GET: AUTHOR_ONLY, POST: expect(404, roles("redirect", AUTHORS_A))},
    # a listed author confirms (an empty POST) or disputes their authorship of paper A
    "submissions:authorship_answer": {
        GET: expect(405),
        POST: expect(404, roles("redirect", AUTHORS_A)),
    },
    "submissions:camera_ready": {  # not accepted: back to the paper with a message
        GET: expect(404, roles("redirect", AUTHORS_A)),
        POST: expect(404, roles("redirect", AUTHORS_A)),
    },
    "submissions:camera_ready_details": {  # not accepted: back to the paper with a message
        GET: expect(404, roles("redirect", AUTHORS_A)),
        POST: expect(404, roles("redirect", AUTHORS_A)),
    },
    "submissions:pdf": {GET: AUTHOR_OR_ORGANIZER, POST: AUTHOR_OR_ORGANIZER},
    "submissions:reviewer_pdf": {
        # the subreviewer ("plain") and paper A's area chair too; its conflicted one not
        GET: {**AUTHOR_OR_ORGANIZER, "reviewer_assigned": 200, "plain": 200, "area_chair": 200},
        POST: {**AUTHOR_OR_ORGANIZER, "reviewer_assigned": 200, "plain": 200, "area_chair": 200},
    },
    "submissions:camera_ready_pdf": {GET: NOBODY_FILE, POST: NOBODY_FILE},
    "submissions:supplementary": {GET: NOBODY_FILE, POST: NOBODY_FILE},
    "submissions:manage_list": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "submissions:manage_export": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    # paper A's author-organizer sees why they may not set its extension (403 with the reason)
    "submissions:manage_extension": {
        GET: {**ORGANIZER_PAGE, "organizer_author": 403},
        POST: {**ORGANIZER_PAGE, "organizer_author": 403},
    },
    # reviewer pool: the invitation link is the invitee's key, usable without an account
    "pool:invitation": {GET: PUBLIC, POST: PUBLIC},
    "pool:invitation_respond": {  # addressed to nobody with an account here
        GET: expect(405),
        POST: expect(404),
    },
    "pool:profile": {GET: REVIEWER_POOL_PAGE, POST: REVIEWER_POOL_PAGE},
    # a reviewer's own papers (the one in the world is reviewer_assigned's: other reviewers
    # get a 404); empty POSTs show the form again, or (move) say what is missing
    "pool:paper_add": {GET: expect(403, roles(405, POOL)), POST: REVIEWER_POOL_PAGE},
    "pool:papers_paste": {GET: expect(403, roles(405, POOL)), POST: REVIEWER_POOL_PAGE},
    "pool:paper_edit": {
        GET: expect(403, roles(404, POOL), reviewer_assigned=200),
        POST: expect(403, roles(404, POOL), reviewer_assigned=200),
    },
    "pool:paper_delete": {
        GET: expect(403, roles(405, POOL)),
        POST: expect(403, roles(404, POOL), reviewer_assigned="redirect"),
    },
    "pool:paper_move": {
        GET: expect(403, roles(405, POOL)),
        POST: expect(403, roles(404, POOL), reviewer_assigned=400),
    },
    "pool:bids": {GET: REVIEWER_POOL_PAGE, POST: REVIEWER_POOL_PAGE},
    "pool:bid": {  # conflicted reviewers do not see the paper; bidding is closed
        GET: expect(403, roles(200, POOL), reviewer_conflicted=404, reviewer_declared=404),
        POST: expect(403, roles("redirect", POOL), reviewer_conflicted=404, reviewer_declared=404),
    },
    "pool:bid_conflict_take_back": {  # nobody declared a conflict with A while bidding
        GET: expect(403, roles(405, POOL)),
        POST: expect(403, roles(404, POOL)),
    },
    "pool_manage:pool": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "pool_manage:invite": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "pool_manage:resend": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "pool_manage:revoke": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "reviews_manage:reviewer_remove": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "pool_manage:template": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "pool_manage:coverage": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "pool_manage:bids": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "pool_manage:bidding_open": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "pool_manage:conflicts": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "pool_manage:conflicts_recompute": {
        GET: ORGANIZER_ACTION_GET,
        POST: ORGANIZER_ACTION_POST,
    },
    "pool_manage:conflict_remove": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    # assignment (organizers); the author-organizer never sees paper A's assignment
    "assignment:overview": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:run_start": {GET: ORGANIZER_ACTION_GET, POST: expect(403, roles(400, ORGANIZERS))},
    "assignment:run": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:run_commit": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "assignment:run_discard": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "assignment:run_retry": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "assignment:release": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "assignment:log": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:area_chairs": {GET: ORGANIZER_PAGE, POST: ORGANIZER_ACTION_GET},
    "assignment:area_chairs_run": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "assignment:area_chairs_announce": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "decisions:meta_review_request": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "assignment:area_chair_set": {
        GET: ORGANIZER_PAPER_ACTION_GET,
        POST: ORGANIZER_PAPER_ACTION_POST,
    },
    # the area chair's console; paper A is the first area chair's, the other is conflicted
    "area_chair:console": {GET: AREA_CHAIR_PAGE, POST: expect(403, roles(405, AREA_CHAIRS))},
    "area_chair:profile": {GET: AREA_CHAIR_PAGE, POST: AREA_CHAIR_PAGE},  # empty POST: the form
    "area_chair:paper": {GET: AREA_CHAIR_OF_A, POST: AREA_CHAIR_OF_A},
    "area_chair:remind": {
        GET: expect(403, roles(405, AREA_CHAIRS)),
        POST: expect(403, area_chair="redirect", area_chair_conflicted=404),
    },
    "assignment:paper": {GET: ORGANIZER_PAPER, POST: ORGANIZER_PAPER},
    "assignment:paper_add": {GET: ORGANIZER_PAPER_ACTION_GET, POST: ORGANIZER_PAPER_ACTION_POST},
    "assignment:paper_remove": {
        GET: ORGANIZER_PAPER_ACTION_GET,
        POST: ORGANIZER_PAPER_ACTION_POST,
    },
    "assignment:paper_swap": {GET: ORGANIZER_PAPER_ACTION_GET, POST: ORGANIZER_PAPER_ACTION_POST},
    "assignment:paper_fixed": {
        GET: ORGANIZER_PAPER_ACTION_GET,
        POST: ORGANIZER_PAPER_ACTION_POST,
    },
    "assignment:explain": {GET: ORGANIZER_PAPER, POST: ORGANIZER_PAPER},
    # OpenReview exchange: downloads answer any method; empty imports are form errors
    "assignment:openreview": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:openreview_scores": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:openreview_constraints": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:openreview_expertise": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "assignment:openreview_import_assignment": {
        GET: ORGANIZER_ACTION_GET,
        POST: expect(403, roles(400, ORGANIZERS)),
    },
    "assignment:openreview_import_scores": {
        GET: ORGANIZER_ACTION_GET,
        POST: expect(403, roles(400, ORGANIZERS)),
    },
    "assignment:openreview_clear_scores": {
        GET: ORGANIZER_ACTION_GET,
        POST: ORGANIZER_ACTION_POST,
    },
    # reviewers (a superuser passes has_perm: its own list, empty)
    "my_assignments:list": {
        GET: expect(403, roles(200, POOL), admin=200),
        POST: expect(403, roles(200, POOL), admin=200),
    },
    "my_assignments:zip": {  # the anonymized PDFs of that same list
        GET: expect(403, roles(200, POOL), admin=200),
        POST: expect(403, roles(200, POOL), admin=200),
    },
    "pool_authors:conflicts": {  # past the bidding deadline: read-only
        GET: AUTHOR_ONLY,
        POST: expect(404, roles(403, AUTHORS_A)),
    },
    "review:my_reviews": {GET: LOGGED_IN, POST: LOGGED_IN},  # one's own list, maybe empty
    "review:paper": {GET: ASSIGNED_REVIEWER, POST: expect(404, reviewer_assigned=400)},
    "review:draft": {GET: expect(404, reviewer_assigned=405), POST: ASSIGNED_REVIEWER},
    "review:discussion": {
        GET: expect(404, reviewer_assigned=405),
        POST: expect(404, reviewer_assigned="redirect"),
    },
    "review:decline": {GET: ASSIGNED_REVIEWER, POST: ASSIGNED_REVIEWER},
    # subreviewers: reviewer 2 had paper A written by "plain" (handed over and submitted)
    "review:delegate": {
        GET: expect(404, reviewer_assigned=405),
        POST: expect(404, reviewer_assigned=400),  # empty email: the page again
    },
    "review:subreview_use": {  # reviewer_assigned delegated nothing
        GET: expect(404, reviewer_assigned=405),
        POST: expect(404),
    },
    "review:subreview_invitation": {  # no invitation has this token
        GET: expect(404, anonymous=404),
        POST: expect(404, anonymous=404),
    },
    "review:subreview": {  # the subreviewer alone; submitted by the reviewer: read only
        GET: expect(404, plain=200),
        POST: expect(404, plain=400),
    },
    # decisions (organizers; paper A's pages hidden from its author-organizer)
    "reviews_manage:progress": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "reviews_manage:remind_late": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "reviews_manage:settings": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    # authors' response page: no response phase in this world (tests/reviews/
    # test_author_response.py checks every role with the phase open)
    "reviews_author:response": {GET: expect(404), POST: expect(404)},
    "reviews_manage:delegation_answer": {  # answered long ago: nothing to approve
        GET: ORGANIZER_ACTION_GET,
        POST: expect(403, roles(404, ORGANIZERS)),
    },
    "decisions:table": {GET: ORGANIZER_PAGE, POST: ORGANIZER_ACTION_POST},
    "decisions:release": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "decisions:emails": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "decisions:emails_send": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "decisions:email_template": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "decisions:paper": {GET: ORGANIZER_PAPER, POST: ORGANIZER_PAPER},
    "decisions:reassign": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_PAPER_ACTION_POST},
    "decisions:email_preview": {  # no decision yet: a 404 for every organizer
        GET: expect(403, roles(404, ORGANIZERS)),
        POST: expect(403, roles(404, ORGANIZERS)),
    },
    "decisions:stats": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "decisions:exports": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "decisions:export_file": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "decisions:proceedings": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    # public
    "program:accepted": {GET: PUBLIC, POST: PUBLIC},
    "program:pdf": {GET: expect(404, anonymous=404), POST: expect(404, anonymous=404)},
    "topics:workshop_list": {GET: PUBLIC, POST: PUBLIC},
    "topics:cfp": {GET: PUBLIC, POST: PUBLIC},
    # workshop settings and organizers (an empty POST: form errors, or no such person)
    "topics:settings": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "topics:settings_preview": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_PAGE},
    "topics:organizers": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "topics:organizer_remove": {
        GET: ORGANIZER_ACTION_GET,
        POST: expect(403, roles(404, ORGANIZERS)),
    },
    # new workshops: only people the site lets create them (here the superuser)
    "topics:workshop_new": {GET: expect(403, admin=200), POST: expect(403, admin=200)},
    # the topic tree editor (an empty POST: the form again, with its errors)
    "topic_tree:tree": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "topic_tree:edit": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "topic_tree:reorder": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    "topic_tree:delete": {GET: ORGANIZER_PAGE, POST: ORGANIZER_ACTION_POST},  # used: refused
    "topic_tree:merge": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_PAGE},
    # tracks (an empty POST: the form again, with its errors; the track is used: refused)
    "tracks:list": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "tracks:edit": {GET: ORGANIZER_PAGE, POST: ORGANIZER_PAGE},
    "tracks:delete": {GET: ORGANIZER_ACTION_GET, POST: ORGANIZER_ACTION_POST},
    # personal API tokens (an empty POST: the form again; nobody's token has that pk)
    "api_tokens:list": {GET: LOGGED_IN, POST: LOGGED_IN},
    "api_tokens:revoke": {GET: expect(405), POST: expect(404)},
    # the REST API: a 401 without credentials; a method an endpoint does not answer is a 405
    # once the caller passed its permission check. The world is past the submission and
    # bidding deadlines, inside the review phase; empty bodies are bad input (400).
    "api:schema": api(API_NO_POST, GET=API_PUBLIC),
    "api:docs": api(API_NO_POST, GET=API_PUBLIC),
    "api:workshops": api(API_NO_POST, GET=API_PUBLIC),
    "api:workshop": api(API_NO_POST, GET=API_PUBLIC),
    # authors: creating and editing are closed (403 with the deadline); withdrawing is open
    "api:my_submissions": api(
        API_SIGNED_IN_NO_METHOD, GET=API_SIGNED_IN, POST=expect(403, anonymous=401)
    ),
    "api:my_submission": api(
        API_SIGNED_IN_NO_METHOD, GET=API_AUTHOR_OF_A, PATCH=API_AUTHOR_OF_A_CLOSED
    ),
    "api:my_submission_pdf": api(API_SIGNED_IN_NO_METHOD, POST=API_AUTHOR_OF_A_CLOSED),
    "api:my_submission_withdraw": api(API_SIGNED_IN_NO_METHOD, POST=API_AUTHOR_OF_A),
    # reviewers (a superuser passes has_perm: its own list, empty)
    "api:review_assignments": api(
        expect(403, roles(405, POOL), admin=405, anonymous=401),
        GET=expect(403, roles(200, POOL), admin=200, anonymous=401),
    ),
    "api:review_bids": api(  # bidding is closed: 403 with the reason
        API_POOL_NO_METHOD, GET=API_POOL, POST=expect(403, anonymous=401)
    ),
    "api:review_reviews": api(API_SIGNED_IN_NO_METHOD, GET=API_SIGNED_IN),  # maybe empty
    # paper A's review: its assigned, unconflicted reviewer alone (an empty PUT: a draft)
    "api:review_review": api(
        API_SIGNED_IN_NO_METHOD,
        GET=expect(404, reviewer_assigned=200, anonymous=401),
        PUT=expect(404, reviewer_assigned=200, anonymous=401),
    ),
    # organizers (the author-organizer gets a 403 acting on paper A, a 404 for its pairs)
    "api:manage_submissions": api(API_ORGANIZER_NO_POST, GET=API_ORGANIZER),
    "api:manage_pool": api(API_ORGANIZER_NO_POST, GET=API_ORGANIZER),
    "api:manage_conflicts": api(
        API_ORGANIZER_NO_POST,
        GET=API_ORGANIZER,
        POST=expect(403, roles(400, ORGANIZERS), anonymous=401),
    ),
    "api:manage_conflict_remove": api(  # the world's conflict is on paper A
        API_ORGANIZER_NO_POST,
        POST=expect(403, organizer=400, admin=400, anonymous=401),
    ),
    "api:manage_assignments": api(
        API_ORGANIZER_NO_POST,
        GET=API_ORGANIZER,
        POST=expect(403, roles(400, ORGANIZERS), anonymous=401),
    ),
    "api:manage_assignment": api(  # reviewer 1 on paper A
        API_ORGANIZER_NO_POST,
        GET=expect(403, organizer_author=404, organizer=200, admin=200, anonymous=401),
        DELETE=expect(403, organizer_author=404, organizer=200, admin=200, anonymous=401),
    ),
    "api:manage_reviews": api(API_ORGANIZER_NO_POST, GET=API_ORGANIZER),
    # an empty POST sets no decision: 400 with the missing fields
    "api:manage_decisions": api(
        API_ORGANIZER_NO_POST,
        GET=API_ORGANIZER,
        POST=expect(403, roles(400, ORGANIZERS), anonymous=401),
    ),
    "api:manage_exports": api(API_ORGANIZER_NO_POST, GET=API_ORGANIZER),
    "api:manage_export": api(API_ORGANIZER_NO_POST, GET=API_ORGANIZER),
}
REFUSED = {"login", 401, 403, 404, 405}


@pytest.fixture(scope="module")
def routes():
    return project_routes()


def test_permission_matrix_every_url_has_an_entry(routes):
    names = {route.name for route in routes}
    missing = sorted(names - set(EXPECTED))
    assert missing == [], (
        f"No expected outcomes for {missing}: add each to EXPECTED in {__file__} "
        "(who may GET and POST it, role by role)."
    )
    assert sorted(set(EXPECTED) - names) == []  # no stale rows either
    assert set(SKIPPED_INCLUDES) == {"admin", "allauth.urls"}


def test_permission_matrix_every_role_gets_the_expected_outcome(routes, settings):
    settings.REST_FRAMEWORK = {  # the matrix asks the API far more often than a script may
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    world = build_world("reviewing")
    role_clients = clients(world)
    differences = []
    checked = expected_checks = 0
    for route in routes:
        url = route_url(world, route)
        assert tuple(EXPECTED[route.name]) == methods_of(route.name), route.name
        expected_checks += len(methods_of(route.name)) * len(ROLES)
        for method in methods_of(route.name):
            row = EXPECTED[route.name][method]
            assert set(row) == set(ROLES), route.name
            for role in ROLES:
                with transaction.atomic():
                    response = getattr(role_clients[role], method.lower())(url)
                    transaction.set_rollback(True)
                got = outcome(response)
                checked += 1
                if got != row[role]:
                    differences.append(f"{method} {route.name} as {role}: {got}, want {row[role]}")
    assert differences == []
    assert checked == expected_checks


def test_permission_matrix_only_authorized_roles_may_act(routes):
    """No write (POST, and the API's PUT, PATCH, DELETE) is accepted from a role that may
    not even read the page."""
    for name, rows in EXPECTED.items():
        for method in methods_of(name)[1:]:
            for role, got in rows[method].items():
                if rows[GET][role] in REFUSED and rows[GET][role] != 405:
                    assert got in REFUSED, f"{name}: {role} refused GET but {method} is {got}"


# ---------------------------------------------------------------------------------------
# List pages and detail pages come from the same selectors

LIST_PAGES = {
    # list page -> the detail page each of its paper links must open
    "accounts:dashboard": r"/sec-ws/submissions/(\d+)/",
    "review:my_reviews": r"/sec-ws/review/papers/(\d+)/",
    "my_assignments:list": r"/sec-ws/review/papers/(\d+)/",
    "pool:bids": r"/sec-ws/review/bids/(\d+)/",
    "decisions:table": r"/sec-ws/manage/decisions/(\d+)/",
    "assignment:overview": r"/sec-ws/manage/assignment/papers/(\d+)/",
    "submissions:manage_list": r"/sec-ws/submissions/(\d+)/",
    "program:accepted": r"/sec-ws/accepted/(\d+)\.pdf",
    "area_chair:console": r"/sec-ws/ac/(\d+)/",
}
# What each role may open (paper numbers), per detail page family, in this world.
OPENABLE = {
    r"/sec-ws/submissions/(\d+)/": {
        "other_author": {2},
        "author": {1},
        "coauthor": {1},
        "organizer_author": {1, 2},
        "organizer": {1, 2},
        "admin": {1, 2},
    },
    r"/sec-ws/review/papers/(\d+)/": {"reviewer_assigned": {1, 2}, "reviewer_declared": {2}},
    r"/sec-ws/review/bids/(\d+)/": {
        "reviewer_unassigned": {1, 2},
        "reviewer_assigned": {1, 2},
        "reviewer_conflicted": {2},
        "reviewer_declared": {2},
    },
    r"/sec-ws/manage/decisions/(\d+)/": {
        "organizer_author": {2},
        "organizer": {1, 2},
        "admin": {1, 2},
    },
    r"/sec-ws/manage/assignment/papers/(\d+)/": {
        "organizer_author": {2},
        "organizer": {1, 2},
        "admin": {1, 2},
    },
    r"/sec-ws/accepted/(\d+)\.pdf": {},
    r"/sec-ws/ac/(\d+)/": {"area_chair": {1}, "area_chair_conflicted": {2}},
}


def test_list_pages_link_exactly_the_papers_each_role_may_open(routes):
    world = build_world("reviewing")
    role_clients = clients(world)
    slug = world.workshop.slug
    problems, linked_by = [], {}
    for list_name, link in LIST_PAGES.items():
        kwargs = {} if list_name == "accounts:dashboard" else {"workshop": slug}
        url = reverse(list_name, kwargs=kwargs)
        for role in ROLES:
            client = role_clients[role]
            response = client.get(url)
            if response.status_code != 200:
                continue
            linked = {int(number) for number in re.findall(link, response.content.decode())}
            if linked:
                linked_by[(list_name, role)] = linked
            for number in sorted(linked):
                detail = link.replace(r"(\d+)", str(number)).replace("\\", "")
                status = client.get(detail).status_code
                if status != 200:
                    problems.append(f"{list_name} links {detail} for {role}, which gets {status}")
            if not linked <= OPENABLE[link].get(role, set()):
                problems.append(f"{list_name} links {sorted(linked)} for {role}")
    assert problems == []
    assert linked_by == LISTED


# Which papers each list shows each role (roles not listed: none, or no access). Paper 1
# is A (the organizer-author's), 2 is B; reviewer_conflicted is assigned to A, conflicted.
LISTED = {
    ("accounts:dashboard", "author"): {1},
    ("accounts:dashboard", "coauthor"): {1},
    ("accounts:dashboard", "organizer_author"): {1},
    ("accounts:dashboard", "other_author"): {2},
    ("area_chair:console", "area_chair"): {1},
    ("area_chair:console", "area_chair_conflicted"): {2},
    ("assignment:overview", "admin"): {1, 2},
    ("assignment:overview", "organizer"): {1, 2},
    ("assignment:overview", "organizer_author"): {2},
    ("decisions:table", "admin"): {1, 2},
    ("decisions:table", "organizer"): {1, 2},
    ("decisions:table", "organizer_author"): {2},
    ("my_assignments:list", "reviewer_assigned"): {1, 2},
    ("my_assignments:list", "reviewer_declared"): {2},
    ("review:my_reviews", "reviewer_assigned"): {1, 2},
    ("review:my_reviews", "reviewer_declared"): {2},
    ("pool:bids", "reviewer_assigned"): {1, 2},
    ("pool:bids", "reviewer_conflicted"): {2},
    ("pool:bids", "reviewer_declared"): {2},
    ("pool:bids", "reviewer_unassigned"): {1, 2},
    ("submissions:manage_list", "admin"): {1, 2},
    ("submissions:manage_list", "organizer"): {1, 2},
    ("submissions:manage_list", "organizer_author"): {1, 2},
}
