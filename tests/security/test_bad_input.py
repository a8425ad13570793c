"""Bad input on every form and query parameter: long strings, control characters, RTL
marks, NUL, HTML, spreadsheet formula prefixes, huge numbers, wrong types. None may give a
500, and nothing with a NUL byte may reach the database (PostgreSQL refuses NUL in text
and JSON with an error: a 500 if the app does not refuse it first)."""

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import User
from tests.factories import UserFactory
from tests.security.routes import clients
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

NASTY = [
    "a\x00b",
    "\x00",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\u2066x\u2069",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "Title\r\nBcc: victim@evil.example",
    "9" * 400,
    "-99999999999999999999999999",
    "1e309",
    "NaN",
    "\ud7ff\ue000\U0010ffff",
    "x" * 20_000,
    "",
    "   ",
    "{{ workshop.organizers.all }}",
    "%s%s%n",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.text(max_size=20).map(lambda text: f"{text}\x00{text}"),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
TRIED = {"count": 0}


def _text_and_json_fields():
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in ("accounts", "topics", "submissions", "reviews"):
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            found.append((model, fields))
    return found


TEXT_FIELDS = _text_and_json_fields()


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def stored_nul() -> list[str]:
    """Every stored text or JSON value (of our apps) holding a NUL character."""
    bad = []
    for model, fields in TEXT_FIELDS:
        for row in model.objects.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                if _has_nul(value):
                    bad.append(f"{model.__name__}.{name} (pk {row[0]})")
    return bad


def post_rolled_back(client, url, data, **headers):
    """POST, check the database holds no NUL, and undo everything (the world stays put)."""
    with transaction.atomic():
        response = client.post(url, data, **headers)
        nul = stored_nul()
        transaction.set_rollback(True)
    TRIED["count"] += 1
    assert nul == [], f"NUL stored by {url} with {data!r}"
    assert response.status_code < 500
    return response


def _targets(world):
    """(role, url name, kwargs, base POST data, fuzzed fields, extra headers) of every form."""
    slug = world.workshop.slug
    a, b = world.paper_a.number, world.paper_b.number
    r1 = world.reviewers[1].pk
    topic = world.paper_a.primary_topic_id
    review = {
        "score": "6",
        "confidence": "3",
        "summary": "ok",
        "no_conflict_confirmed": "on",
    }
    return [
        ("plain", "accounts:profile", {}, {}, ["full_name", "affiliation"], {}),
        (
            "reviewer_assigned",
            "pool:profile",
            {"workshop": slug},
            {"max_load": "2"},
            ["affiliation", "email_domains_text", "statement", "keywords"]
            + ["max_load"],
            {},
        ),
        ("reviewer_assigned", "review:paper", {"workshop": slug, "number": b}, {**review},
         ["summary", "strengths", "weaknesses", "comments_to_authors", "confidential_comments",
          "score", "confidence"], {}),
        ("reviewer_assigned", "review:paper", {"workshop": slug, "number": b},
         {"action": "draft"}, ["summary", "confidential_comments", "score"], {}),
        ("reviewer_assigned", "review:draft", {"workshop": slug, "number": b}, {},
         ["summary", "weaknesses", "score", "confidence"], {}),
        ("reviewer_assigned", "review:discussion", {"workshop": slug, "number": a}, {},
         ["body"], {}),
        ("reviewer_assigned", "review:decline", {"workshop": slug, "number": b}, {},
         ["reason"], {}),
        ("anonymous", "pool:invitation", {"workshop": slug, "token": world.invitation_token},
         {"action": "decline"}, ["reason", "action"], {}),
        ("reviewer_assigned", "pool:bid", {"workshop": slug, "number": b}, {},
         ["value"], {"HTTP_ACCEPT": "application/json"}),
        ("organizer", "pool_manage:invite", {"workshop": slug},
         {"single": "1", "email": "new@uni-new.org", "name": "New"},
         ["email", "name", "affiliation"], {}),
        ("organizer", "pool_manage:invite", {"workshop": slug}, {"bulk": "1"}, ["text"], {}),
        ("organizer", "pool_manage:template", {"workshop": slug},
         {"subject": "Hi", "body": "{{ invitation_url }}"}, ["subject", "body"], {}),
        ("organizer", "pool_manage:conflicts", {"workshop": slug},
         {"submission": str(world.paper_b.pk), "reviewer": str(world.reviewers[4].pk)},
         ["reason", "submission", "reviewer"], {}),
        ("organizer", "pool_manage:conflict_remove",
         {"workshop": slug, "pk": world.conflict.pk}, {}, ["reason"], {}),
        ("organizer", "reviews_manage:settings", {"workshop": slug},
         {"form": "settings", "score_min": "1", "score_max": "10", "disagreement_spread": "3",
          "outcomes": "poster", "reminder_days_before": "3"},
         ["score_min", "score_max", "disagreement_spread", "reminder_before_subject",
          "reminder_before_body", "reminder_overdue_subject"], {}),
        ("organizer", "reviews_manage:settings", {"workshop": slug},
         {"form": "field", "kind": "text", "score_min": "1", "score_max": "5"},
         ["label", "help_text", "kind", "score_min"], {}),
        ("organizer", "reviews_manage:settings", {"workshop": slug}, {"form": "delete"},
         ["pk"], {}),
        ("organizer", "decisions:paper", {"workshop": slug, "number": a},
         {"form": "decision", "outcome": "poster"}, ["meta_review", "outcome"], {}),
        ("organizer", "decisions:paper", {"workshop": slug, "number": a}, {"form": "comment"},
         ["body"], {}),
        ("organizer", "decisions:table", {"workshop": slug}, {"outcome": "poster"},
         ["papers", "outcome"], {}),
        ("organizer", "decisions:reassign", {"workshop": slug, "number": a},
         {"old": str(r1)}, ["old", "new"], {}),
        ("organizer", "decisions:email_template", {"workshop": slug, "outcome": "poster"},
         {"subject": "Decision", "body": "{{ title }}"}, ["subject", "body", "action"], {}),
        ("organizer", "assignment:run_start", {"workshop": slug},
         {"k": "2", "max_load": "3", "min_load": "0", "topic_weight": "0.5",
          "text_weight": "0.3", "bid_weight": "0.2"},
         ["k", "max_load", "min_load", "topic_weight", "text_weight", "bid_weight"], {}),
        ("organizer", "assignment:paper_add", {"workshop": slug, "number": b}, {},
         ["reviewer", "is_fixed"], {}),
        ("organizer", "assignment:paper_swap", {"workshop": slug, "number": b},
         {"old_reviewer": str(r1)}, ["old_reviewer", "new_reviewer"], {}),
        ("organizer", "submissions:manage_extension", {"workshop": slug, "number": a}, {},
         ["deadline_extension"], {}),
        ("organizer", "topic_tree:tree", {"workshop": slug}, {"name": "New topic"},
         ["name", "description", "parent"], {}),
        ("organizer", "topic_tree:edit", {"workshop": slug, "topic": topic},
         {"name": "Renamed"}, ["name", "description", "parent"], {}),
        ("organizer", "topic_tree:reorder", {"workshop": slug, "topic": topic}, {},
         ["direction"], {}),
        ("organizer", "topic_tree:merge", {"workshop": slug, "topic": topic}, {},
         ["target"], {}),
        ("organizer", "notifications:message_compose", {"workshop": slug},
         {"action": "send", "token": "0b7e3f3e-7a3a-4a52-9a27-0e0d6f1c2b11",
          "group": "authors_status:submitted", "subject": "Hi", "body": "{{ name }}"},
         ["subject", "body", "group", "token", "preview_for", "action"], {}),
        ("organizer", "notifications:message_compose", {"workshop": slug},
         {"action": "preview", "selection": "papers", "ids": str(world.paper_b.pk), "subject": "S",
          "body": "B", "token": "0b7e3f3e-7a3a-4a52-9a27-0e0d6f1c2b12"},
         ["ids", "selection", "group", "preview_for"], {}),
    ]  # fmt: skip


# Tried on every field and parameter, not only when hypothesis happens to draw them.
CRITICAL = ["a\x00b", "9223372036854775808", "9" * 40, "\u00b2", "-1", "<b>x</b>", "1e309"]


def _form_fuzzer(client, url, base, fields, headers):
    @FUZZ
    @given(value=values, field=st.sampled_from(fields))
    @example(value="a\x00b", field=fields[0])
    def fuzz(value, field):
        post_rolled_back(client, url, {**base, field: value}, **headers)

    return fuzz


def _query_fuzzer(client, url, params):
    @FUZZ
    @given(value=values, param=st.sampled_from(params))
    @example(value="a\x00b", param=params[0])
    def fuzz(value, param):
        response = client.get(url, {param: value})
        TRIED["count"] += 1
        assert response.status_code < 500

    return fuzz


def test_bad_input_every_form_refuses_garbage_without_500_or_stored_nul():
    world = build_world("reviewing")
    role_clients = clients(world)
    for role, name, kwargs, base, fields, headers in _targets(world):
        url = reverse(name, kwargs=kwargs)
        client = role_clients[role]
        _form_fuzzer(client, url, base, fields, headers)()
        for field in fields:
            for value in CRITICAL:
                post_rolled_back(client, url, {**base, field: value}, **headers)
        # Every field at once with a NUL: refused, nothing stored.
        post_rolled_back(client, url, {**base, **dict.fromkeys(fields, "x\x00y")}, **headers)
    assert TRIED["count"] >= 25 * len(_targets(world))


def test_bad_input_review_autosave_refuses_nul_with_a_clear_error():
    world = build_world("reviewing")
    client = clients(world)["reviewer_assigned"]
    url = reverse("review:draft", kwargs={"workshop": world.workshop.slug, "number": 2})
    response = post_rolled_back(client, url, {"summary": "fine\x00", "score": "6"})
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "Remove the null characters from your text; nothing was saved.",
    }
    page = reverse("review:paper", kwargs={"workshop": world.workshop.slug, "number": 2})
    response = post_rolled_back(client, page, {"action": "draft", "summary": "x\x00"})
    assert response.status_code == 400
    assert "Remove the null characters from your text" in response.content.decode()


def test_bad_input_query_parameters_never_500():
    world = build_world("reviewing")
    role_clients = clients(world)
    slug = world.workshop.slug
    pages = [
        ("organizer", reverse("decisions:table", kwargs={"workshop": slug}),
         ["topic", "status", "outcome", "sort"]),
        ("organizer", reverse("submissions:manage_list", kwargs={"workshop": slug}),
         ["status", "topic"]),
        ("organizer", reverse("submissions:manage_export", kwargs={"workshop": slug}),
         ["status", "topic"]),
        ("organizer", reverse("notifications:mail_log", kwargs={"workshop": slug}),
         ["status", "page", "q", "kind"]),
        ("organizer", reverse("notifications:message_compose", kwargs={"workshop": slug}),
         ["group", "selection", "ids"]),
        ("organizer", reverse("reviews_manage:progress", kwargs={"workshop": slug}), ["show"]),
        ("organizer", reverse("pool_manage:conflicts", kwargs={"workshop": slug}),
         ["removed"]),
        ("organizer", reverse("assignment:explain",
                              kwargs={"workshop": slug, "number": 2,
                                      "reviewer": world.reviewers[1].pk}), ["run"]),
        ("reviewer_assigned", reverse("pool:bids", kwargs={"workshop": slug}), ["topic"]),
    ]  # fmt: skip
    for role, url, params in pages:
        client = role_clients[role]
        _query_fuzzer(client, url, params)()
        for param in params:
            for value in NASTY + CRITICAL:
                TRIED["count"] += 1
                assert client.get(url, {param: value}).status_code < 500, (url, param, value)


@pytest.mark.parametrize("number", ["0", "99999999999999999999", "2147483648", "007"])
def test_bad_input_huge_or_odd_numbers_in_urls_are_404(client, number):
    user = UserFactory()
    client.force_login(user)
    world_slug = "no-such-workshop"
    for path in (
        f"/{world_slug}/submissions/{number}/",
        f"/{world_slug}/review/papers/{number}/",
        f"/{world_slug}/accepted/{number}.pdf",
    ):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "name, data",
    [
        ("account_login", {"login": "a\x00@lab.org", "password": "x\x00"}),
        (
            "account_signup",
            {"email": "n\x00@lab.org", "password1": "p\x00", "password2": "p\x00",
             "full_name": "N\x00"},
        ),
        ("account_reset_password", {"email": "r\x00@lab.org"}),
    ],
)  # fmt: skip
def test_bad_input_account_forms_refuse_nul(client, name, data):
    response = client.post(reverse(name), data)
    assert response.status_code == 200
    assert stored_nul() == []
    assert User.objects.count() == 0


def test_bad_input_nul_in_url_token_is_404(client):
    world = build_world("reviewing")
    response = client.get(f"/{world.workshop.slug}/review/invitation/abc%00def/")
    assert response.status_code == 404
