"""A reviewer takes back a conflict they declared by mistake while bidding."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fomo_site.errors import Refusal
from pool.enums import BidValue, ConflictSource
from pool.models import Bid, Conflict
from pool.selectors import submissions_for_bidding
from pool.services import (
    bid_place,
    conflict_add_by_organizer,
    conflict_remove,
    conflict_take_back,
    has_active_conflict,
)
from tests.factories import UserFactory
from tests.pool.helpers import make_reviewer, make_submission
from topics.models import Workshop

pytestmark = pytest.mark.django_db

TAKEN_BACK = "Taken back by the reviewer while bidding."


@pytest.fixture
def reviewer(workshop):
    return make_reviewer(workshop, "rita@mit.edu", name="Rita Reviewer").user


@pytest.fixture
def paper(workshop, topics):
    return make_submission(workshop, topics["data"], title="A paper Rita knows too well")


@pytest.fixture
def declared(paper, reviewer):
    """Rita chose "Conflict" on the paper."""
    bid_place(submission=paper, reviewer=reviewer, value=BidValue.CONFLICT)
    return Conflict.objects.get(submission=paper, reviewer=reviewer)


def bids_url(workshop):
    return reverse("pool:bids", kwargs={"workshop": workshop.slug})


def take_back_url(workshop, paper):
    return reverse(
        "pool:bid_conflict_take_back", kwargs={"workshop": workshop.slug, "number": paper.number}
    )


def close_bidding(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        bidding_deadline=timezone.now() - timedelta(minutes=1)
    )
    workshop.refresh_from_db()


def active_sources(paper, user) -> list[str]:
    return sorted(
        Conflict.objects.filter(
            submission=paper, reviewer=user, removed_at__isnull=True
        ).values_list("source", flat=True)
    )


# ---------------------------------------------------------------------------------------
# The service


def test_take_back_lifts_the_declared_conflict_and_clears_the_conflict_bid(
    workshop, paper, reviewer, declared
):
    conflict_take_back(submission=paper, reviewer=reviewer)
    declared.refresh_from_db()
    assert declared.removed_at is not None
    assert declared.removed_by == reviewer
    assert declared.removal_reason == TAKEN_BACK
    assert Bid.objects.filter(reviewer=reviewer).count() == 0
    assert has_active_conflict(submission_id=paper.pk, user_id=reviewer.pk) is False
    assert list(submissions_for_bidding(workshop=workshop, user=reviewer)) == [paper]


def test_take_back_after_the_bidding_deadline_refused(workshop, paper, reviewer, declared):
    close_bidding(workshop)
    paper.refresh_from_db()
    with pytest.raises(Refusal, match="Bidding is closed"):
        conflict_take_back(submission=paper, reviewer=reviewer)
    assert active_sources(paper, reviewer) == [ConflictSource.DECLARED_BY_REVIEWER]
    assert Bid.objects.get(reviewer=reviewer).value == BidValue.CONFLICT


@pytest.mark.parametrize(
    "source",
    [
        ConflictSource.AUTHOR,
        ConflictSource.DOMAIN,
        ConflictSource.AFFILIATION,
        ConflictSource.COAUTHOR,
        ConflictSource.DECLARED_BY_AUTHOR,
        ConflictSource.ORGANIZER,
    ],
)
def test_take_back_refused_for_a_conflict_of_another_source(workshop, paper, reviewer, source):
    Conflict.objects.create(
        workshop=workshop, submission=paper, reviewer=reviewer, source=source, reason="Not hers"
    )
    with pytest.raises(Refusal, match="You have not declared a conflict with this paper"):
        conflict_take_back(submission=paper, reviewer=reviewer)
    assert active_sources(paper, reviewer) == [source]


def test_take_back_leaves_the_other_conflicts_of_the_pair(
    workshop, paper, reviewer, declared, organizer
):
    conflict_add_by_organizer(submission=paper, reviewer=reviewer, reason="Advisor", by=organizer)
    conflict_take_back(submission=paper, reviewer=reviewer)
    assert active_sources(paper, reviewer) == [ConflictSource.ORGANIZER]
    assert has_active_conflict(submission_id=paper.pk, user_id=reviewer.pk) is True
    assert list(submissions_for_bidding(workshop=workshop, user=reviewer)) == []


def test_take_back_of_a_conflict_an_organizer_removed_is_refused_and_stays_removed(
    paper, reviewer, declared, organizer
):
    conflict_remove(conflict=declared, by=organizer, reason="Not a real conflict")
    with pytest.raises(Refusal, match="already removed"):
        conflict_take_back(submission=paper, reviewer=reviewer)
    declared.refresh_from_db()
    assert (declared.removed_by, declared.removal_reason) == (organizer, "Not a real conflict")
    # Choosing "Conflict" again does not overrule the organizer.
    bid_place(submission=paper, reviewer=reviewer, value=BidValue.CONFLICT)
    assert active_sources(paper, reviewer) == []


def test_declaring_again_after_taking_back_brings_the_conflict_back(paper, reviewer, declared):
    conflict_take_back(submission=paper, reviewer=reviewer)
    bid_place(submission=paper, reviewer=reviewer, value=BidValue.CONFLICT)
    declared.refresh_from_db()
    assert Conflict.objects.count() == 1
    assert (declared.removed_at, declared.removed_by, declared.removal_reason) == (None, None, "")
    assert active_sources(paper, reviewer) == [ConflictSource.DECLARED_BY_REVIEWER]


def test_take_back_without_a_declared_conflict_refused(paper, reviewer):
    bid_place(submission=paper, reviewer=reviewer, value=BidValue.EAGER)
    with pytest.raises(Refusal, match="You have not declared a conflict with this paper"):
        conflict_take_back(submission=paper, reviewer=reviewer)
    assert Bid.objects.get(reviewer=reviewer).value == BidValue.EAGER


# ---------------------------------------------------------------------------------------
# The bidding page


def test_bidding_page_lists_own_declared_conflicts_with_a_take_back_button(
    client, workshop, topics, paper, reviewer, declared
):
    hidden = make_submission(
        workshop,
        topics["data"],
        title="A paper by Rita's colleague",
        authors=[("Al", "al@mit.edu", "MIT")],
    )
    Conflict.objects.create(
        workshop=workshop,
        submission=hidden,
        reviewer=reviewer,
        source=ConflictSource.DOMAIN,
        reason="Same domain",
    )
    client.force_login(reviewer)
    response = client.get(bids_url(workshop))
    html = response.content.decode()
    assert [paper.pk for paper in response.context["declared_conflicts"]] == [paper.pk]
    assert "Papers you declared a conflict with" in html
    assert f"#{paper.number} A paper Rita knows too well" in html
    assert f'action="{take_back_url(workshop, paper)}"' in html
    assert f'aria-label="Take back the conflict with paper #{paper.number}">Take back</button>' in (
        html
    )
    assert "A paper by Rita&#x27;s colleague" not in html  # not hers to list, nor to lift
    assert take_back_url(workshop, hidden) not in html


def test_bidding_page_without_declared_conflicts_has_no_list(client, workshop, paper, reviewer):
    client.force_login(reviewer)
    html = client.get(bids_url(workshop)).content.decode()
    assert "Papers you declared a conflict with" not in html


def test_take_back_returns_the_paper_to_the_list(
    client, workshop, paper, reviewer, declared, organizer
):
    client.force_login(reviewer)
    response = client.post(take_back_url(workshop, paper))
    assert response.status_code == 302
    assert response.url == bids_url(workshop) + f"#paper-{paper.number}"
    page = client.get(bids_url(workshop))
    html = page.content.decode()
    assert f"Conflict taken back: paper #{paper.number} is back in your list." in html
    assert [(row.submission, row.bid) for row in page.context["page"].rows] == [(paper, "")]
    assert "Papers you declared a conflict with" not in html
    assert (
        client.get(
            reverse("pool:bid", kwargs={"workshop": workshop.slug, "number": paper.number})
        ).status_code
        == 200
    )

    # The organizers see it gone from the conflicts, and in the log as taken back by her.
    client.force_login(organizer)
    conflicts_url = reverse("pool_manage:conflicts", kwargs={"workshop": workshop.slug})
    assert list(client.get(conflicts_url).context["conflicts"]) == []
    log = client.get(conflicts_url + "?removed=1").content.decode()
    assert f"by Rita Reviewer: {TAKEN_BACK}" in log


@pytest.mark.parametrize("source", [ConflictSource.ORGANIZER, ConflictSource.DOMAIN])
def test_paper_with_another_conflict_is_not_listed_and_cannot_be_taken_back(
    client, workshop, paper, reviewer, declared, source
):
    Conflict.objects.create(
        workshop=workshop, submission=paper, reviewer=reviewer, source=source, reason="Advisor"
    )
    client.force_login(reviewer)
    html = client.get(bids_url(workshop)).content.decode()
    assert paper.title not in html
    assert "Papers you declared a conflict with" not in html
    assert client.post(take_back_url(workshop, paper)).status_code == 404
    assert active_sources(paper, reviewer) == sorted([ConflictSource.DECLARED_BY_REVIEWER, source])


def test_take_back_after_the_deadline_shows_no_button_and_is_refused(
    client, workshop, paper, reviewer, declared
):
    close_bidding(workshop)
    client.force_login(reviewer)
    html = client.get(bids_url(workshop)).content.decode()
    assert f"#{paper.number} A paper Rita knows too well" in html
    assert "Bidding is closed: write to the organizers if one of these is a mistake." in html
    assert take_back_url(workshop, paper) not in html
    response = client.post(take_back_url(workshop, paper), follow=True)
    assert response.redirect_chain == [(bids_url(workshop), 302)]
    assert (
        "Bidding is closed: a declared conflict can no longer be taken back. "
        "Write to the organizers if it was a mistake."
    ) in response.content.decode()
    assert active_sources(paper, reviewer) == [ConflictSource.DECLARED_BY_REVIEWER]


def test_take_back_of_a_conflict_of_another_source_is_404(client, workshop, paper, reviewer):
    Conflict.objects.create(
        workshop=workshop,
        submission=paper,
        reviewer=reviewer,
        source=ConflictSource.DECLARED_BY_AUTHOR,
        reason="Declared by the authors",
    )
    client.force_login(reviewer)
    assert client.post(take_back_url(workshop, paper)).status_code == 404
    assert active_sources(paper, reviewer) == [ConflictSource.DECLARED_BY_AUTHOR]


def test_another_reviewer_cannot_take_back_someone_elses_conflict(
    client, workshop, paper, reviewer, declared
):
    bob = make_reviewer(workshop, "bob@eth.example.ch", name="Bob").user
    client.force_login(bob)
    assert client.post(take_back_url(workshop, paper)).status_code == 404
    client.force_login(UserFactory(email="nobody@uni-n.example.edu"))
    assert client.post(take_back_url(workshop, paper)).status_code == 403
    client.force_login(reviewer)
    assert client.get(take_back_url(workshop, paper)).status_code == 405
    assert active_sources(paper, reviewer) == [ConflictSource.DECLARED_BY_REVIEWER]
    assert Bid.objects.get(reviewer=reviewer).value == BidValue.CONFLICT


def test_take_back_needs_the_csrf_token(workshop, paper, reviewer, declared):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(take_back_url(workshop, paper)).status_code == 403
    assert active_sources(paper, reviewer) == [ConflictSource.DECLARED_BY_REVIEWER]


def test_conflict_bid_answer_carries_the_take_back_link(client, workshop, paper, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("pool:bid", kwargs={"workshop": workshop.slug, "number": paper.number}),
        {"value": "conflict"},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {
        "ok": True,
        "value": "conflict",
        "label": "Conflict",
        "conflict": True,
        "message": f"Conflict declared: paper #{paper.number} is removed from your list. "
        "You can take it back until bidding ends.",
        "take_back_url": take_back_url(workshop, paper),
    }
    assert client.post(response.json()["take_back_url"]).status_code == 302
    assert active_sources(paper, reviewer) == []
