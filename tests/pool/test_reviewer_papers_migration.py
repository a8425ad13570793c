"""The own_papers text becomes ReviewerPaper rows (pool 0005-0006), and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pool.models import ReviewerPaper, ReviewerProfile
from pool.paper_texts import PaperEntry
from pool.services import reviewer_papers_replace
from tests.pool.helpers import make_reviewer

BEFORE = [("pool", "0004_area_chairs")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def own_papers(profile_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT own_papers FROM pool_reviewerprofile WHERE id = %s", [profile_id])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_own_papers_text_becomes_rows_and_back(workshop):
    ann = make_reviewer(workshop, "ann@mit.edu", "Ann")
    bo = make_reviewer(workshop, "bo@eth.example.ch", "Bo")
    cy = make_reviewer(workshop, "cy@uni-c.example.edu", "Cy")
    try:
        migrate(BEFORE)
        text = (
            "Scaling laws revisited\r\nWe fit power laws\r\nto loss curves.\r\n\r\n"
            "\n\n  Data pruning  \nkeywords: data\n\n\n" + "T" * 510 + "\nrest"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE pool_reviewerprofile SET own_papers = %s WHERE id = %s", [text, ann.pk]
            )
            cursor.execute(
                "UPDATE pool_reviewerprofile SET own_papers = %s WHERE id = %s", ["Alone", bo.pk]
            )
        migrate(latest())
        rows = list(
            ReviewerPaper.objects.order_by("profile_id", "position").values_list(
                "profile_id", "position", "title", "abstract"
            )
        )
        assert rows == [
            (ann.pk, 0, "Scaling laws revisited", "We fit power laws\nto loss curves."),
            (ann.pk, 1, "Data pruning", "keywords: data"),
            (ann.pk, 2, "T" * 500, "T" * 10 + "\nrest"),
            (bo.pk, 0, "Alone", ""),
        ]
        assert ReviewerProfile.objects.get(pk=ann.pk).own_paper_list[:2] == [
            "Scaling laws revisited\nWe fit power laws\nto loss curves.",
            "Data pruning\nkeywords: data",
        ]
        reviewer_papers_replace(
            profile=ReviewerProfile.objects.get(pk=cy.pk),
            papers=[PaperEntry("First", "Para one.\n\nPara two."), PaperEntry("Second")],
        )
        migrate(BEFORE)
        assert own_papers(cy.pk) == "First\nPara one.\nPara two.\n\nSecond"
        assert own_papers(bo.pk) == "Alone"
    finally:
        migrate(latest())
