"""An organizer who co-authors a paper may not act on it: another organizer must (issue 14)."""

import pytest
from django.urls import reverse

from assignment.models import Assignment
from assignment.services import assignment_add, assignment_remove
from decisions.models import Decision
from decisions.services import decision_set
from fomo_site.errors import Refusal
from pool.enums import ConflictSource
from pool.models import Conflict
from pool.services import conflict_add_by_organizer, conflict_remove
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    workshop = reviewing_workshop(slug="coi")
    olga = add_organizer(workshop)
    own = paper(workshop, authors=[olga], number=1)
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    sam = reviewer(workshop, "sam@lab.example.org", "Sam Same-Lab")
    conflict = Conflict.objects.create(
        workshop=workshop, submission=own, reviewer=sam, source=ConflictSource.AFFILIATION,
        reason="Same affiliation",
    )  # fmt: skip
    return workshop, olga, own, rita, sam, conflict


def test_organizer_author_cannot_remove_a_conflict_of_their_paper(client, world):
    workshop, olga, own, _, _, conflict = world
    with pytest.raises(Refusal, match="another organizer must remove its conflicts"):
        conflict_remove(conflict=conflict, by=olga, reason="I know Sam")
    client.force_login(olga)
    url = reverse(
        "pool_manage:conflict_remove", kwargs={"workshop": workshop.slug, "pk": conflict.pk}
    )
    client.post(url, {"reason": "I know Sam"})
    conflict.refresh_from_db()
    assert conflict.removed_at is None
    page = client.get(reverse("pool_manage:conflicts", kwargs={"workshop": workshop.slug}))
    html = page.content.decode()
    assert "Remove disabled: you are an author of this paper, another organizer must." in html
    assert url not in html


def test_another_organizer_may_remove_the_conflict(world):
    workshop, _, _, _, _, conflict = world
    other = UserFactory(email="otto@org.example.net", full_name="Otto Other")
    workshop.organizers.add(other)
    conflict_remove(conflict=conflict, by=other, reason="Different labs since 2024")
    conflict.refresh_from_db()
    assert conflict.removed_by == other


def test_organizer_author_cannot_declare_conflicts_on_their_paper(world):
    _, olga, own, rita, _, _ = world
    with pytest.raises(Refusal, match="another organizer must declare its conflicts"):
        conflict_add_by_organizer(submission=own, reviewer=rita, reason="Rival", by=olga)
    assert not Conflict.objects.filter(reviewer=rita).exists()


def test_organizer_author_cannot_assign_or_remove_reviewers_of_their_paper(world):
    workshop, olga, own, rita, _, _ = world
    with pytest.raises(Refusal, match="another organizer must choose its reviewers"):
        assignment_add(workshop=workshop, submission=own, reviewer=rita, by=olga)
    assign(own, rita)
    with pytest.raises(Refusal, match="another organizer must choose its reviewers"):
        assignment_remove(workshop=workshop, submission=own, reviewer=rita, by=olga)
    assert Assignment.objects.filter(submission=own, reviewer=rita).exists()


def test_organizer_author_cannot_decide_on_their_paper(world):
    workshop, olga, own, _, _, _ = world
    move_to_deciding(workshop)
    with pytest.raises(Refusal, match="another organizer must decide on it"):
        decision_set(submission=own, outcome="oral", by=olga)
    assert not Decision.objects.exists()
