"""Releasing the assignment: one email per reviewer per release, and "my assignments"."""

import pytest
from django.core import mail
from django.urls import reverse

from assignment.models import AssignmentRelease
from assignment.services import (
    assignment_add,
    assignment_release_create,
    assignment_remove,
    assignment_run_commit,
    assignment_swap,
)
from assignment.tasks import send_assignment_release
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from tests.assignment.helpers import (
    SCALING,
    add_conflict,
    add_paper,
    run_now,
    two_area_workshop,
)
from tests.pool.helpers import make_reviewer
from topics.templatetags.fomo import aoe

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(workshop, topics, organizer):
    papers, reviewers = two_area_workshop(workshop, topics)
    assignment_run_commit(run=run_now(workshop), by=organizer)
    return papers, reviewers


def release_emails() -> list[tuple[str, list[str]]]:
    return list(
        OutgoingEmail.objects.filter(kind="assignment_released")
        .order_by("idempotency_key")
        .values_list("idempotency_key", "to")
    )


def my_assignments_url(workshop) -> str:
    return reverse("my_assignments:list", kwargs={"workshop": workshop.slug})


def test_release_emails_each_reviewer_once_even_if_the_task_runs_twice(
    client, workshop, organizer, committed, django_capture_on_commit_callbacks
):
    _, reviewers = committed
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assignment:release", kwargs={"workshop": workshop.slug}))
    assert response.status_code == 302
    release = AssignmentRelease.objects.get()
    assert (release.number, release.released_by, release.emails_queued) == (1, organizer, 4)
    expected = sorted(
        (f"assignment-release:{release.pk}:{user.pk}", [user.email]) for user in reviewers.values()
    )
    assert release_emails() == expected
    assert len(mail.outbox) == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert send_assignment_release.apply(kwargs={"release_id": release.pk}).get() == 4
    assert release_emails() == expected
    assert len(mail.outbox) == 4
    ada = next(message for message in mail.outbox if message.to == ["ada@alpha.example.org"])
    assert ada.subject == f"{workshop.short_name}: your papers to review"
    assert "- #1 Paper 1 on scaling laws (new)\n- #2 Paper 2 on scaling laws (new)" in ada.body
    assert f"/{workshop.slug}/review/assignments/" in ada.body


def test_release_without_anything_new_is_refused(workshop, organizer, committed):
    assignment_release_create(workshop=workshop, by=organizer)
    with pytest.raises(Refusal, match="There is nothing new to release."):
        assignment_release_create(workshop=workshop, by=organizer)
    assert AssignmentRelease.objects.count() == 1


def test_second_release_emails_only_reviewers_with_new_papers(
    workshop, organizer, committed, django_capture_on_commit_callbacks
):
    papers, reviewers = committed
    with django_capture_on_commit_callbacks(execute=True):
        assignment_release_create(workshop=workshop, by=organizer)
    assignment_swap(
        workshop=workshop, submission=papers[1], old_reviewer=reviewers["A"],
        new_reviewer=reviewers["C"], by=organizer,
    )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = assignment_release_create(workshop=workshop, by=organizer)
    assert second.number == 2
    assert sorted(message.to for message in mail.outbox) == [
        ["ada@alpha.example.org"],
        ["cy@gamma.example.org"],
    ]
    body = next(m.body for m in mail.outbox if m.to == ["cy@gamma.example.org"])
    assert "#1 Paper 1 on scaling laws (new)" in body
    assert "#3 Paper 3 on fine-tuning adapters\n" in body
    assert "no longer" not in body


def test_release_tells_a_reviewer_which_papers_were_taken_away(
    workshop, organizer, committed, django_capture_on_commit_callbacks
):
    papers, reviewers = committed
    with django_capture_on_commit_callbacks(execute=True):
        assignment_release_create(workshop=workshop, by=organizer)
    ada = reviewers["A"]
    assignment_swap(
        workshop=workshop, submission=papers[1], old_reviewer=ada,
        new_reviewer=reviewers["C"], by=organizer,
    )  # fmt: skip
    add_conflict(workshop, papers[2], ada)  # conflicted: not even the title
    assignment_remove(workshop=workshop, submission=papers[2], reviewer=ada, by=organizer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_release_create(workshop=workshop, by=organizer)
    body = next(m.body for m in mail.outbox if m.to == [ada.email])
    assert "These papers are no longer assigned to you:\n- #1 Paper 1 on scaling laws\n" in body
    assert "Paper 2" not in body and "#2" not in body
    assert f"The reviews are due by {aoe(workshop.review_deadline)}." in body


def test_my_assignments_shows_nothing_before_the_release(client, workshop, committed):
    _, reviewers = committed
    client.force_login(reviewers["A"])
    response = client.get(my_assignments_url(workshop))
    assert response.status_code == 200
    assert list(response.context["papers"]) == []
    assert b"No papers are assigned to you yet." in response.content


def test_my_assignments_shows_released_papers_without_authors(client, workshop, topics, organizer):
    papers, reviewers = two_area_workshop(workshop, topics)
    add_paper(
        workshop, topics["scaling-laws"], 5, SCALING,
        authors=[("Zelda Secretauthor", "zelda@zeta.example.org", "Zeta Institute")],
    )  # fmt: skip
    reviewers["E"] = make_reviewer(workshop, "eve@eps.example.org", "Eve E").user
    assignment_run_commit(run=run_now(workshop, max_load=3), by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    holder = next(
        user for user in reviewers.values() if user.assignments.filter(submission__number=5)
    )
    client.force_login(holder)
    response = client.get(my_assignments_url(workshop))
    numbers = [paper.number for paper in response.context["papers"]]
    assert 5 in numbers
    assert numbers == sorted(holder.assignments.values_list("submission__number", flat=True))
    content = response.content.decode()
    assert "Paper 5 on scaling laws" in content
    assert "We study scaling laws compute optimal training tokens" in content
    assert "Scaling laws</span>" in content
    assert reverse("review:paper", kwargs={"workshop": workshop.slug, "number": 5}) in content
    assert "Zelda" not in content
    assert "Zeta" not in content
    assert "zelda@" not in content


def test_my_assignments_hides_a_paper_the_reviewer_now_conflicts_with(
    client, workshop, organizer, committed
):
    papers, reviewers = committed
    assignment_release_create(workshop=workshop, by=organizer)
    add_conflict(workshop, papers[1], reviewers["A"])
    client.force_login(reviewers["A"])
    response = client.get(my_assignments_url(workshop))
    assert [paper.number for paper in response.context["papers"]] == [2]
    assert b"Paper 1 on" not in response.content


def test_my_assignments_is_for_reviewers_only(client, workshop, organizer, committed):
    response = client.get(my_assignments_url(workshop))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(organizer)
    assert client.get(my_assignments_url(workshop)).status_code == 403


def test_a_pair_added_by_hand_after_a_release_stays_hidden_until_it_is_released(
    client, workshop, organizer, committed
):
    papers, reviewers = committed
    assignment_release_create(workshop=workshop, by=organizer)
    late = next(
        number for number in papers if not reviewers["A"].assignments.filter(
            submission__number=number
        )
    )  # fmt: skip
    assignment_add(
        workshop=workshop, submission=papers[late], reviewer=reviewers["A"], by=organizer
    )
    paper_url = reverse("review:paper", kwargs={"workshop": workshop.slug, "number": late})
    client.force_login(reviewers["A"])
    listed = [paper.number for paper in client.get(my_assignments_url(workshop)).context["papers"]]
    assert late not in listed
    assert client.get(paper_url).status_code == 404

    assignment_release_create(workshop=workshop, by=organizer)
    listed = [paper.number for paper in client.get(my_assignments_url(workshop)).context["papers"]]
    assert late in listed
    assert client.get(paper_url).status_code == 200


def test_overview_gives_the_release_time_in_aoe(client, workshop, organizer, committed):
    release = assignment_release_create(workshop=workshop, by=organizer)
    client.force_login(organizer)
    html = client.get(reverse("assignment:overview", kwargs={"workshop": workshop.slug}))
    assert f"Release 1: {aoe(release.released_at)} by" in html.content.decode()
