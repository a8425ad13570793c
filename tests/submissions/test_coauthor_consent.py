"""Co-authors with an account are told they were listed and may say they are not authors."""

import pytest
from django.urls import reverse

from notifications.models import OutgoingEmail
from pool.enums import ConflictSource
from pool.models import Conflict
from submissions.models import Authorship
from submissions.services import AuthorData, submission_create
from tests.factories import ReviewerProfileFactory, UserFactory
from tests.submissions.conftest import content

pytestmark = pytest.mark.django_db

ADA = AuthorData(name="Ada Lovelace", email="ada@analytical.example.org", is_corresponding=True)
ROB = AuthorData(name="Rob Reviewer", email="rob@uni.example.edu")


@pytest.fixture
def rob(workshop):
    """A reviewer of the workshop whom Ada lists as her co-author without asking him."""
    user = UserFactory(email="rob@uni.example.edu", full_name="Rob Reviewer")
    ReviewerProfileFactory(workshop=workshop, user=user)
    return user


def listed(workshop, author, *authors):
    return submission_create(
        workshop=workshop, submitter=author, content=content(workshop, authors=list(authors)),
        submit=True,
    )  # fmt: skip


def detail(submission) -> str:
    return reverse(
        "submissions:detail",
        kwargs={"workshop": submission.workshop.slug, "number": submission.number},
    )


def answer(client, submission, value):
    url = reverse(
        "submissions:authorship_answer",
        kwargs={"workshop": submission.workshop.slug, "number": submission.number},
    )
    return client.post(url, {"answer": value})


def test_a_coauthor_with_an_account_is_told_once_and_the_submitter_is_confirmed(
    workshop, author, rob
):
    submission = listed(workshop, author, ADA, ROB)
    mails = OutgoingEmail.objects.filter(kind="coauthor_listed")
    assert list(mails.values_list("to", flat=True)) == [["rob@uni.example.edu"]]
    assert "Ada Lovelace listed you as an author" in mails.get().body_text
    assert 'press "I am not an author of this paper"' in mails.get().body_text
    ada, rob_row = submission.authorships.order_by("order")
    assert (ada.confirmed_at is not None, rob_row.confirmed_at) == (True, None)


def test_saying_i_am_not_an_author_unlinks_and_lifts_the_conflicts_it_caused(
    client, workshop, author, rob
):
    decoy = listed(workshop, author, ADA, ROB)
    real = listed(workshop, author, ADA)
    coauthor_conflicts = Conflict.objects.filter(
        reviewer=rob, submission=real, source=ConflictSource.COAUTHOR, removed_at__isnull=True
    )
    assert coauthor_conflicts.exists()

    client.force_login(rob)
    page = client.get(detail(decoy)).content.decode()
    assert "Ada Lovelace listed you as an author of this paper. Is that right?" in page
    response = answer(client, decoy, "not-an-author")
    assert response["Location"] == reverse("accounts:dashboard")
    row = Authorship.objects.get(submission=decoy, email="rob@uni.example.edu")
    assert (row.user_id, row.disputed_at is not None) == (None, True)
    assert not coauthor_conflicts.exists()
    assert client.get(detail(decoy)).status_code == 404
    told = OutgoingEmail.objects.get(kind="coauthor_disputed")
    assert told.to == ["ada@analytical.example.org"]


def test_confirming_keeps_the_authorship_and_hides_the_question(client, workshop, author, rob):
    submission = listed(workshop, author, ADA, ROB)
    client.force_login(rob)
    answer(client, submission, "confirm")
    assert Authorship.objects.get(email="rob@uni.example.edu").confirmed_at is not None
    assert "Is that right?" not in client.get(detail(submission)).content.decode()
    answer(client, submission, "not-an-author")
    assert Authorship.objects.get(email="rob@uni.example.edu").user == rob


def test_organizers_see_unconfirmed_and_disputed_coauthorships(client, workshop, author, rob):
    submission = listed(workshop, author, ADA, ROB)
    listed(workshop, author, ADA)
    organizer = UserFactory(email="olivia@fomo.example.org")
    workshop.organizers.add(organizer)
    client.force_login(organizer)
    paper = client.get(detail(submission)).content.decode()
    assert "Rob Reviewer &lt;rob@uni.example.edu&gt;" in paper
    assert "has an account, not confirmed" in paper
    conflicts = client.get(reverse("pool_manage:conflicts", kwargs={"workshop": workshop.slug}))
    assert "rests on an authorship the reviewer has not confirmed" in conflicts.content.decode()

    client.force_login(rob)
    answer(client, submission, "not-an-author")
    client.force_login(organizer)
    assert "says they are not an author" in client.get(detail(submission)).content.decode()
