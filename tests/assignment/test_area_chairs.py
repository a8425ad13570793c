import pytest
from django.urls import reverse

from assignment.area_chairs import area_chair_run, area_chair_set
from assignment.models import AreaChairAssignment
from fomo_site.errors import Refusal
from pool.models import AreaChair, Conflict
from tests.factories import UserFactory
from tests.reviews.review_builders import add_organizer, paper, reviewing_workshop, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return reviewing_workshop(slug="acw")


@pytest.fixture
def olga(workshop):
    return add_organizer(workshop)


def chair(workshop, email, *, max_load=None, topics=(), keywords=""):
    user = UserFactory(email=email, full_name=email.split("@")[0].title())
    area_chair = AreaChair.objects.create(
        workshop=workshop, user=user, max_load=max_load, keywords=keywords
    )
    area_chair.topics.set([topic(workshop, slug) for slug in topics])
    return user


def chairs_of(workshop) -> dict[int, str]:
    return {
        row.submission.number: row.area_chair.email
        for row in AreaChairAssignment.objects.filter(workshop=workshop).select_related(
            "submission", "area_chair"
        )
    }


def test_run_gives_each_paper_one_area_chair_matching_topics_within_limits(workshop, olga):
    chair(workshop, "scaler@c.org", topics=["scaling"], max_load=2)
    chair(workshop, "datum@c.org", topics=["data"], max_load=2)
    for number, slug in ((1, "scaling"), (2, "data"), (3, "scaling"), (4, "data")):
        paper(workshop, number=number, slug=slug)
    assert area_chair_run(workshop=workshop, by=olga) == 4
    assert chairs_of(workshop) == {
        1: "scaler@c.org",
        2: "datum@c.org",
        3: "scaler@c.org",
        4: "datum@c.org",
    }


def test_run_respects_conflicts_and_keeps_hand_set_chairs(workshop, olga):
    first = chair(workshop, "first@c.org", topics=["scaling"])
    second = chair(workshop, "second@c.org", topics=["data"])
    one, two = paper(workshop, number=1), paper(workshop, number=2, slug="data")
    Conflict.objects.create(workshop=workshop, submission=one, reviewer=first, source="domain")
    area_chair_set(workshop=workshop, submission=two, area_chair=first, by=olga)
    area_chair_run(workshop=workshop, by=olga)
    assert chairs_of(workshop) == {1: "second@c.org", 2: "first@c.org"}
    assert AreaChairAssignment.objects.get(submission=two).origin == "manual"
    assert second.pk != first.pk


def test_run_refuses_when_the_limits_cannot_cover_every_paper(workshop, olga):
    chair(workshop, "tiny@c.org", max_load=1)
    paper(workshop, number=1)
    paper(workshop, number=2)
    with pytest.raises(Refusal, match="No area chair for every paper"):
        area_chair_run(workshop=workshop, by=olga)
    assert chairs_of(workshop) == {}


def test_run_without_area_chairs_is_refused(workshop, olga):
    paper(workshop, number=1)
    with pytest.raises(Refusal, match="Invite area chairs first"):
        area_chair_run(workshop=workshop, by=olga)


def test_setting_a_conflicted_area_chair_by_hand_is_refused(workshop, olga):
    cora = chair(workshop, "cora@c.org")
    one = paper(workshop, number=1)
    Conflict.objects.create(workshop=workshop, submission=one, reviewer=cora, source="organizer")
    with pytest.raises(Refusal, match="has a conflict with"):
        area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)


def test_area_chair_page_sets_and_clears_a_chair_in_fixed_queries(
    client, workshop, olga, django_assert_num_queries
):
    cora = chair(workshop, "cora@c.org")
    one = paper(workshop, number=1)
    client.force_login(olga)
    url = reverse("assignment:area_chairs", kwargs={"workshop": workshop.slug})
    ac_pk = AreaChair.objects.get(user=cora).pk
    set_url = reverse("assignment:area_chair_set", kwargs={"workshop": workshop.slug, "number": 1})
    client.post(set_url, {"area_chair": ac_pk})
    assert chairs_of(workshop) == {1: "cora@c.org"}

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for number in range(2, 30):
        paper(workshop, number=number)
    with django_assert_num_queries(few):
        page = client.get(url)
    assert page.content.decode().count('name="area_chair"') == 29
    client.post(set_url, {"area_chair": ""})
    assert chairs_of(workshop) == {}
    assert one.pk
