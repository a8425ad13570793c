import pytest
from django.urls import reverse

from assignment.area_chairs import area_chair_set
from decisions.meta_reviews import meta_review_save
from decisions.models import MetaReview
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from pool.models import AreaChair, Conflict
from reviews.services import discussion_comment_add
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return reviewing_workshop(slug="acc")


@pytest.fixture
def olga(workshop):
    return add_organizer(workshop)


@pytest.fixture
def cora(workshop):
    user = UserFactory(email="cora@chairs.org", full_name="Cora Chair")
    AreaChair.objects.create(workshop=workshop, user=user)
    return user


@pytest.fixture
def paper_one(workshop, olga, cora):
    """Paper 1 by Ann Authorname, chaired by Cora; Rex reviewed it, Rosa has not."""
    submission = paper(
        workshop, number=1, title="Grokking", authors=[("Ann Authorname", "ann@lab.org")]
    )
    rex = reviewer(workshop, "rex@rev.org", name="Rex Reviewername")
    rosa = reviewer(workshop, "rosa@rev.org", name="Rosa Latename")
    assign(submission, rex)
    assign(submission, rosa)
    submit(submission, rex, score=7, summary="Convincing grokking study.")
    discussion_comment_add(submission=submission, author=rex, body="I lean accept.")
    area_chair_set(workshop=workshop, submission=submission, area_chair=cora, by=olga)
    return submission


def url(name, workshop, **kwargs):
    return reverse(name, kwargs={"workshop": workshop.slug, **kwargs})


def test_console_lists_only_own_papers_with_review_status(
    client, workshop, olga, cora, paper_one, django_assert_num_queries
):
    other = UserFactory(email="otto@chairs.org")
    AreaChair.objects.create(workshop=workshop, user=other)
    paper_two = paper(workshop, number=2, title="Not Cora's")
    area_chair_set(workshop=workshop, submission=paper_two, area_chair=other, by=olga)
    client.force_login(cora)
    # session, user, workshop, area chair check, papers, assignments
    with django_assert_num_queries(6):
        page = client.get(url("area_chair:console", workshop)).content.decode()
    assert "Grokking" in page
    assert "Not Cora&#x27;s" not in page and "Not Cora's" not in page
    assert "1 of 2" in page
    assert "7.00" in page
    assert client.get(url("area_chair:paper", workshop, number=2)).status_code == 404


def test_console_query_count_does_not_grow_with_papers(
    client, workshop, olga, cora, paper_one, django_assert_num_queries
):
    for number in range(2, 12):
        extra = paper(workshop, number=number)
        area_chair_set(workshop=workshop, submission=extra, area_chair=cora, by=olga)
    client.force_login(cora)
    with django_assert_num_queries(6):
        page = client.get(url("area_chair:console", workshop)).content.decode()
    assert page.count('href="/acc/ac/') == 12  # 11 papers and the profile


def test_paper_a_chair_conflicts_with_later_is_hidden(client, workshop, cora, paper_one):
    client.force_login(cora)
    assert client.get(url("area_chair:paper", workshop, number=1)).status_code == 200
    Conflict.objects.create(
        workshop=workshop, submission=paper_one, reviewer=cora, source="declared_by_author"
    )
    assert client.get(url("area_chair:paper", workshop, number=1)).status_code == 404
    assert "Grokking" not in client.get(url("area_chair:console", workshop)).content.decode()


def test_non_area_chairs_are_refused(client, workshop, olga, paper_one):
    rex = paper_one.reviews.get().reviewer
    for user in (olga, rex):
        client.force_login(user)
        assert client.get(url("area_chair:console", workshop)).status_code == 403


def test_area_chair_page_hides_authors_and_by_default_reviewer_names(
    client, workshop, cora, paper_one
):
    client.force_login(cora)
    page = client.get(url("area_chair:paper", workshop, number=1)).content.decode()
    assert "Convincing grokking study." in page
    assert "Reviewer 1" in page
    assert "I lean accept." in page
    assert "Ann Authorname" not in page and "ann@lab.org" not in page
    assert "Rex Reviewername" not in page and "Rosa Latename" not in page
    assert "1 missing" in page


def test_switch_lets_area_chairs_see_reviewer_names(client, workshop, cora, paper_one):
    workshop.area_chairs_see_reviewer_names = True
    workshop.save()
    client.force_login(cora)
    page = client.get(url("area_chair:paper", workshop, number=1)).content.decode()
    assert "Reviewer 1 · Rex Reviewername" in page
    assert "Ann Authorname" not in page


def test_area_chair_posts_to_the_discussion_and_reviewers_see_area_chair(
    client, workshop, cora, paper_one
):
    client.force_login(cora)
    client.post(
        url("area_chair:paper", workshop, number=1), {"form": "comment", "body": "Rosa, please?"}
    )
    rex = paper_one.reviews.get().reviewer
    client.force_login(rex)
    page = client.get(
        reverse("review:paper", kwargs={"workshop": workshop.slug, "number": 1})
    ).content.decode()
    assert "Rosa, please?" in page
    assert "Area chair" in page
    assert "Cora Chair" not in page


def test_ping_reminds_only_the_late_reviewer_once_a_day(client, workshop, cora, paper_one):
    client.force_login(cora)
    remind = url("area_chair:remind", workshop, number=1)
    client.post(remind)
    client.post(remind)
    reminders = OutgoingEmail.objects.filter(kind="review_reminder")
    assert [email.to for email in reminders] == [["rosa@rev.org"]]


def test_meta_review_saved_and_shown_on_the_decision_table_and_paper(
    client, workshop, olga, cora, paper_one
):
    client.force_login(cora)
    response = client.post(
        url("area_chair:paper", workshop, number=1),
        {"form": "meta_review", "recommendation": "poster", "text": "Accept as a poster."},
    )
    assert response.status_code == 302
    meta = MetaReview.objects.get()
    assert (meta.area_chair, meta.recommendation, meta.text) == (
        cora,
        "poster",
        "Accept as a poster.",
    )
    client.force_login(olga)
    table = client.get(url("decisions:table", workshop)).content.decode()
    assert "Area chair recommends" in table
    assert "<strong>Accept (poster)</strong>" in table
    assert "Accept as a poster." in table
    prefilled = client.get(url("decisions:paper", workshop, number=1) + "?use=area_chair")
    form = prefilled.context["form"]
    assert (form.initial["outcome"], form.initial["meta_review"]) == (
        "poster",
        "Accept as a poster.",
    )


def test_empty_meta_review_keeps_what_was_typed(client, workshop, cora, paper_one):
    client.force_login(cora)
    response = client.post(
        url("area_chair:paper", workshop, number=1),
        {"form": "meta_review", "recommendation": "oral", "text": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == ["This field is required."]
    assert response.context["form"]["recommendation"].value() == "oral"
    assert not MetaReview.objects.exists()


def test_only_the_papers_area_chair_writes_its_meta_review(workshop, paper_one):
    otto = UserFactory(email="otto@chairs.org")
    AreaChair.objects.create(workshop=workshop, user=otto)
    with pytest.raises(Refusal, match="Only the paper's area chair"):
        meta_review_save(submission=paper_one, area_chair=otto, recommendation="reject", text="No.")


def test_decision_table_without_area_chairs_has_no_column(client, workshop, olga):
    paper(workshop, number=1)
    client.force_login(olga)
    assert (
        "Area chair recommends" not in client.get(url("decisions:table", workshop)).content.decode()
    )
