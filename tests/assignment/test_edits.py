"""Manual edits after a commit: add, remove, swap, must-assign; conflicts always refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assignment.enums import EditAction
from assignment.models import Assignment, AssignmentEdit
from assignment.services import (
    assignment_add,
    assignment_run_commit,
    assignment_set_fixed,
)
from fomo_site.errors import Refusal
from tests.assignment.helpers import add_conflict, pairs_of, run_now, two_area_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(workshop, topics, organizer):
    """The two-area workshop with its best assignment committed (k=2, max load 2)."""
    papers, reviewers = two_area_workshop(workshop, topics)
    assignment_run_commit(run=run_now(workshop), by=organizer)
    return papers, reviewers


def url(name: str, workshop, number: int) -> str:
    return reverse(f"assignment:{name}", kwargs={"workshop": workshop.slug, "number": number})


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def pair_edits() -> list[tuple]:
    return list(
        AssignmentEdit.objects.exclude(action=EditAction.COMMIT)
        .order_by("pk")
        .values_list(
            "action", "submission__number", "reviewer__full_name", "old_reviewer__full_name"
        )
    )


def test_add_by_post_refuses_a_conflicted_reviewer(client, workshop, organizer, committed):
    papers, reviewers = committed
    add_conflict(workshop, papers[1], reviewers["C"])
    client.force_login(organizer)
    response = client.post(
        url("paper_add", workshop, 1), {"reviewer": reviewers["C"].pk, "is_fixed": "on"}
    )
    assert response.status_code == 302
    assert texts(response) == [
        "Cy C has a conflict with paper #1 (added by an organizer); they cannot be assigned."
    ]
    assert not Assignment.objects.filter(submission=papers[1], reviewer=reviewers["C"]).exists()
    assert pair_edits() == []


def test_swap_by_post_refuses_a_conflicted_reviewer(client, workshop, organizer, committed):
    papers, reviewers = committed
    add_conflict(workshop, papers[1], reviewers["D"])
    client.force_login(organizer)
    response = client.post(
        url("paper_swap", workshop, 1),
        {"old_reviewer": reviewers["A"].pk, "new_reviewer": reviewers["D"].pk},
    )
    assert texts(response) == [
        "Di D has a conflict with paper #1 (added by an organizer); they cannot be assigned."
    ]
    assert pairs_of(Assignment.objects.filter(submission=papers[1])) == {
        (1, "Ada A"),
        (1, "Bo B"),
    }
    assert pair_edits() == []


def test_service_refuses_a_conflicted_pair_whatever_the_caller(workshop, organizer, committed):
    papers, reviewers = committed
    add_conflict(workshop, papers[3], reviewers["A"])
    with pytest.raises(Refusal, match="has a conflict"):
        assignment_add(
            workshop=workshop, submission=papers[3], reviewer=reviewers["A"], by=organizer
        )
    assert Assignment.objects.filter(submission=papers[3]).count() == 2


def test_add_is_fixed_by_default_logged_and_warns(client, workshop, organizer, committed):
    papers, reviewers = committed
    client.force_login(organizer)
    response = client.post(
        url("paper_add", workshop, 3), {"reviewer": reviewers["A"].pk, "is_fixed": "on"}
    )
    assert texts(response) == [
        "Ada A added to paper #3.",
        "Paper #3 has 3 reviewers, more than 2.",
        "Ada A now has 3 papers, over their max load 2.",
    ]
    added = Assignment.objects.get(submission=papers[3], reviewer=reviewers["A"])
    assert (added.is_fixed, added.origin, added.added_by) == (True, "manual", organizer)
    assert added.affinity == 0.0  # known from the run's alternates
    assert pair_edits() == [(EditAction.ADD, 3, "Ada A", None)]
    service_added = assignment_add(
        workshop=workshop, submission=papers[4], reviewer=reviewers["B"], by=organizer
    )
    assert service_added.assignment.is_fixed is True


def test_add_without_the_toggle_is_not_fixed(client, workshop, organizer, committed):
    papers, reviewers = committed
    client.force_login(organizer)
    client.post(url("paper_add", workshop, 3), {"reviewer": reviewers["A"].pk})
    assert Assignment.objects.get(submission=papers[3], reviewer=reviewers["A"]).is_fixed is False


def test_add_refuses_someone_outside_the_pool(client, workshop, organizer, committed):
    client.force_login(organizer)
    response = client.post(url("paper_add", workshop, 1), {"reviewer": organizer.pk})
    assert texts(response) == ["Choose a reviewer of this workshop."]
    assert Assignment.objects.count() == 8


def test_add_refuses_a_reviewer_already_on_the_paper(client, workshop, organizer, committed):
    _, reviewers = committed
    client.force_login(organizer)
    response = client.post(url("paper_add", workshop, 1), {"reviewer": reviewers["A"].pk})
    assert texts(response) == ["Ada A is already assigned to paper #1."]
    assert Assignment.objects.count() == 8


def test_remove_is_logged_and_warns_under_k(client, workshop, organizer, committed):
    papers, reviewers = committed
    client.force_login(organizer)
    response = client.post(url("paper_remove", workshop, 1), {"reviewer": reviewers["B"].pk})
    assert texts(response) == ["Bo B removed from paper #1.", "Paper #1 has 1 of 2 reviewers."]
    assert pairs_of(Assignment.objects.filter(submission=papers[1])) == {(1, "Ada A")}
    assert pair_edits() == [(EditAction.REMOVE, 1, "Bo B", None)]


def test_swap_is_logged_with_the_old_reviewer(client, workshop, organizer, committed):
    papers, reviewers = committed
    client.force_login(organizer)
    response = client.post(
        url("paper_swap", workshop, 1),
        {"old_reviewer": reviewers["A"].pk, "new_reviewer": reviewers["C"].pk, "is_fixed": "on"},
    )
    assert texts(response) == [
        "Cy C replaces Ada A on paper #1.",
        "Cy C now has 3 papers, over their max load 2.",
    ]
    assert pairs_of(Assignment.objects.filter(submission=papers[1])) == {(1, "Bo B"), (1, "Cy C")}
    assert Assignment.objects.get(submission=papers[1], reviewer=reviewers["C"]).is_fixed is True
    edit = AssignmentEdit.objects.get(action=EditAction.SWAP)
    assert (edit.by, edit.submission, edit.reviewer, edit.old_reviewer) == (
        organizer,
        papers[1],
        reviewers["C"],
        reviewers["A"],
    )


def test_must_assign_toggle_is_logged(client, workshop, organizer, committed):
    papers, reviewers = committed
    client.force_login(organizer)
    client.post(url("paper_fixed", workshop, 2), {"reviewer": reviewers["B"].pk, "is_fixed": "on"})
    assert Assignment.objects.get(submission=papers[2], reviewer=reviewers["B"]).is_fixed is True
    client.post(url("paper_fixed", workshop, 2), {"reviewer": reviewers["B"].pk})
    assert Assignment.objects.get(submission=papers[2], reviewer=reviewers["B"]).is_fixed is False
    assignment_set_fixed(
        workshop=workshop, submission=papers[2], reviewer=reviewers["B"], is_fixed=False,
        by=organizer,
    )  # fmt: skip
    assert pair_edits() == [(EditAction.FIX, 2, "Bo B", None), (EditAction.UNFIX, 2, "Bo B", None)]


def test_paper_page_lists_non_conflicted_alternates_with_load(
    client, workshop, organizer, committed
):
    papers, reviewers = committed
    add_conflict(workshop, papers[1], reviewers["C"])
    client.force_login(organizer)
    response = client.get(url("paper", workshop, 1))
    assert response.status_code == 200
    page = response.context["page"]
    assert [(alt.user.full_name, alt.load, alt.max_load) for alt in page.alternates] == [
        ("Di D", 2, 2)
    ]
    assert page.warnings == []


def test_paper_page_warns_about_a_stale_conflicted_assignment(
    client, workshop, organizer, committed
):
    papers, reviewers = committed
    add_conflict(workshop, papers[1], reviewers["A"])
    client.force_login(organizer)
    page = client.get(url("paper", workshop, 1)).context["page"]
    assert page.warnings == ["Ada A has a conflict with this paper: remove or swap them."]
    overview = client.get(reverse("assignment:overview", kwargs={"workshop": workshop.slug}))
    assert b"1 assignment(s) are conflicts now" in overview.content


def test_edit_log_page_lists_the_edits(client, workshop, organizer, committed):
    papers, reviewers = committed
    client.force_login(organizer)
    client.post(url("paper_remove", workshop, 1), {"reviewer": reviewers["B"].pk})
    response = client.get(reverse("assignment:log", kwargs={"workshop": workshop.slug}))
    assert response.status_code == 200
    assert [edit.action for edit in response.context["edits"]] == [
        EditAction.REMOVE,
        EditAction.COMMIT,
    ]
    assert b"8 added, 0 removed, 0 kept" in response.content
