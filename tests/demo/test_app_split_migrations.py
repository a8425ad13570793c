"""The split of reviews/ into pool, assignment and decisions keeps every row.

A database at the migration state before the split, holding the demo data, is migrated
forward: every moved model keeps its rows and values, in tables renamed to its new app, and
the organizers' own mail texts (three models before) are the workshop's mail templates.
The demo data is loaded on the current schema, then the split is migrated backwards
(checked: the rows are back in the old reviews_* tables and fields) and forwards again.
"""

from collections import Counter

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MOVED = {
    "pool": ["reviewerinvitation", "reviewerprofile", "topicexpertise", "bid", "conflict"],
    "assignment": ["assignmentrun", "proposedpair", "assignmentrelease", "assignment",
                   "assignmentedit", "assignmentdecline"],
    "decisions": ["decision", "decisionnotificationjob"],
}  # fmt: skip
BEFORE_SPLIT = [
    ("reviews", "0005_review_settings_camera_ready_days"),
    ("pool", None),
    ("assignment", None),
    ("decisions", None),
]
# The organizers' own texts: (name, subject, body); an empty part means the default.
CUSTOM_TEXTS = [
    ("reviewer_invitation", "Review for us", "Dear {{ reviewer_name }}: {{ invitation_url }}"),
    ("decision_poster", "A poster", "Dear authors of {{ paper_title }}"),
    ("review_reminder", "Please review", ""),
]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def table_rows(table: str, columns: list[str] | None = None) -> list[tuple]:
    """The rows, with these columns only if given (a column added after the split cannot
    outlive migrating back before it, so the round trip compares the split's columns)."""
    quote = connection.ops.quote_name
    selected = ", ".join(quote(column) for column in columns) if columns else "*"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selected} FROM {quote(table)} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


def table_columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_the_split_keeps_every_row_of_every_moved_model():
    call_command("load_demo", verbosity=0)
    ContentType.objects.clear_cache()
    for app, models in MOVED.items():
        for model in models:
            ContentType.objects.get_for_model(apps.get_model(app, model))
    rows = {
        (app, model): table_rows(f"{app}_{model}")
        for app, models in MOVED.items()
        for model in models
    }
    columns_now = {key: table_columns(f"{key[0]}_{key[1]}") for key in rows}
    papers_now = sorted(
        table_rows("pool_reviewerpaper", ["profile_id", "position", "title", "abstract"])
    )
    per_profile = Counter(row[0] for row in papers_now)
    assert len(per_profile) == 6 + 12 + 24 + 24 and set(per_profile.values()) == {2, 3, 4}
    assert len(rows[("pool", "reviewerprofile")]) == 6 + 12 + 24 + 24
    assert len(rows[("assignment", "assignment")]) > 65 * 3
    assert len(rows[("decisions", "decision")]) == 65
    workshop = apps.get_model("topics", "Workshop").objects.get(slug="me-fomo-reviewing")
    mail_templates = apps.get_model("notifications", "MailTemplate").objects
    for name, subject, body in CUSTOM_TEXTS:
        mail_templates.create(workshop=workshop, name=name, subject=subject, body=body)

    migrate(BEFORE_SPLIT)
    assert not {f"{app}_{model}" for app, model in rows} & tables()
    # Compared: the columns the split's tables and today's share (own_papers, a text then,
    # is rows of pool_reviewerpaper now: checked on its own).
    split_columns = {
        (app, model): [
            column
            for column in table_columns(f"reviews_{model}")
            if column in columns_now[(app, model)]
        ]
        for app, model in rows
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, own_papers FROM reviews_reviewerprofile ORDER BY id")
        texts = dict(cursor.fetchall())
    assert all(texts.values()) and len(texts) == 6 + 12 + 24 + 24
    first = [row for row in papers_now if row[0] == min(texts)]
    assert texts[min(texts)] == "\n\n".join(f"{title}\n{abstract}" for *_, title, abstract in first)
    for (app, model), before in rows.items():
        columns = split_columns[(app, model)]
        kept = [columns_now[(app, model)].index(column) for column in columns]
        before_split_columns = [tuple(row[i] for i in kept) for row in before]
        rows[(app, model)] = before_split_columns
        assert table_rows(f"reviews_{model}", columns) == before_split_columns, model
    assert ContentType.objects.filter(app_label="reviews", model="conflict").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject, body FROM reviews_reviewerinvitationtemplate")
        assert cursor.fetchall() == [CUSTOM_TEXTS[0][1:]]
        cursor.execute("SELECT outcome, subject, body FROM reviews_decisiontemplate")
        assert cursor.fetchall() == [("poster", *CUSTOM_TEXTS[1][1:])]
        cursor.execute(
            "SELECT reminder_before_subject, reminder_before_body FROM reviews_reviewsettings "
            "WHERE workshop_id = %s",
            [workshop.pk],
        )
        assert cursor.fetchall() == [CUSTOM_TEXTS[2][1:]]

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert not {f"reviews_{model}" for _, model in rows} & tables()
    for (app, model), before in rows.items():
        assert table_rows(f"{app}_{model}", split_columns[(app, model)]) == before, model
    assert (
        sorted(table_rows("pool_reviewerpaper", ["profile_id", "position", "title", "abstract"]))
        == papers_now
    )
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(apps.get_model("pool", "conflict")).app_label == "pool"
    assert not ContentType.objects.filter(app_label="reviews", model="conflict").exists()
    stored = mail_templates.filter(workshop=workshop).order_by("name")
    assert list(stored.values_list("name", "subject", "body")) == sorted(CUSTOM_TEXTS)
    # The ORM reads the moved rows as before.
    assignments = apps.get_model("assignment", "Assignment").objects
    assert assignments.count() == len(rows[("assignment", "assignment")])
    bid = apps.get_model("pool", "Bid").objects.select_related("reviewer", "submission").first()
    assert bid.submission.workshop.slug.startswith("me-fomo") and bid.reviewer.email
