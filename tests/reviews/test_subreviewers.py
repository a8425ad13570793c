"""Subreviewers: a reviewer delegates a paper by email, the subreviewer (after a conflict
check) writes the review of that paper only, the reviewer endorses or edits and submits it."""

import re

import pytest
from django.urls import reverse

from decisions.services import decision_set, decisions_release
from notifications.models import OutgoingEmail
from reviews.enums import DelegationStatus
from reviews.models import Delegation, Review, ReviewSettings
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db

SAM = "sam@lab.example.com"

REVIEW_POST = {
    "score": "7",
    "confidence": "4",
    "summary": "Sam's summary of the grokking paper.",
    "strengths": "Careful ablations.",
    "weaknesses": "One seed only.",
    "comments_to_authors": "Add more seeds.",
    "confidential_comments": "",
    "no_conflict_confirmed": "on",
}


@pytest.fixture
def world():
    workshop = reviewing_workshop(slug="sr", name="Subreview Workshop")
    ReviewSettings.objects.create(workshop=workshop, subreviewers_allowed=True)
    ada = UserFactory(email="ada@mit.edu", full_name="Ada Author", affiliation="MIT")
    one = paper(workshop, authors=[ada], number=1, title="Grokking revisited")
    two = paper(workshop, authors=[("Bo Other", "bo@eth.ch")], number=2, title="Other paper")
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    omar = reviewer(workshop, "omar@inst.example.org", "Omar Other")
    for submission in (one, two):
        assign(submission, rita)
    assign(one, omar)
    sam = UserFactory(email=SAM, full_name="Sam Student", affiliation="Lab")
    return {
        "workshop": workshop,
        "one": one,
        "two": two,
        "ada": ada,
        "rita": rita,
        "omar": omar,
        "sam": sam,
        "olga": add_organizer(workshop),
    }


def url(name, world, **kwargs):
    return reverse(name, kwargs={"workshop": world["workshop"].slug, **kwargs})


def delegate(client, world, email=SAM, number=1):
    client.force_login(world["rita"])
    return client.post(url("review:delegate", world, number=number), {"email": email})


def invitation_link(email=SAM) -> str:
    body = OutgoingEmail.objects.get(kind="subreview_invitation", to=[email]).body_text
    return re.search(r"https?://\S+/subreviews/invitation/\S+/", body).group(0)


def accept(client, user):
    client.force_login(user)
    path = "/" + invitation_link(user.email).split("/", 3)[3]
    return client.post(path, {"action": "accept"})


def handed_over(client, world):
    delegate(client, world)
    accept(client, world["sam"])
    delegation = Delegation.objects.get()
    client.post(
        url("review:subreview", world, pk=delegation.pk), {**REVIEW_POST, "action": "hand_over"}
    )
    client.force_login(world["rita"])
    return delegation


def test_delegation_invites_the_subreviewer_by_email_once(client, world):
    response = delegate(client, world)
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.email, delegation.status) == (SAM, DelegationStatus.INVITED)
    emails = OutgoingEmail.objects.filter(kind="subreview_invitation")
    assert [email.to for email in emails] == [[SAM]]
    assert "Grokking revisited" in emails[0].body_text
    page = client.get(url("review:paper", world, number=1)).content.decode()
    assert f"<strong>{SAM}</strong> is invited" in page


def test_delegation_refused_when_the_workshop_has_no_subreviewers(client, world):
    ReviewSettings.objects.filter(workshop=world["workshop"]).update(subreviewers_allowed=False)
    response = delegate(client, world)
    assert response.status_code == 400
    assert "does not use subreviewers" in response.content.decode()
    assert not Delegation.objects.exists()


def test_second_delegation_of_the_same_paper_is_refused(client, world):
    delegate(client, world)
    response = delegate(client, world, email="other@lab.example.com")
    assert response.status_code == 400
    assert "delegated already" in response.content.decode()
    assert Delegation.objects.count() == 1


def test_delegation_to_oneself_is_refused_and_keeps_the_typed_email(client, world):
    response = delegate(client, world, email="RITA@uni.example.org")
    html = response.content.decode()
    assert response.status_code == 400
    assert "your own address" in html
    assert 'value="RITA@uni.example.org"' in html
    assert not Delegation.objects.exists()


def test_conflicted_subreviewer_is_refused_with_the_reason(client, world):
    colleague = UserFactory(email="cara@mit.edu", full_name="Cara Colleague")
    delegate(client, world, email=colleague.email)
    response = accept(client, colleague)
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.status == DelegationStatus.CONFLICT
    assert "mit.edu" in delegation.note
    page = client.get(response["Location"]).content.decode()
    assert "conflict of interest" in page
    assert client.get(url("review:subreview", world, pk=delegation.pk)).status_code == 404
    client.force_login(world["rita"])
    page = client.get(url("review:paper", world, number=1)).content.decode()
    assert "Refused: conflict of interest" in page


def test_invitation_for_another_address_is_refused(client, world):
    delegate(client, world)
    other = UserFactory(email="someone@else.example.com")
    client.force_login(other)
    path = "/" + invitation_link().split("/", 3)[3]
    page = client.get(path).content.decode()
    assert "log in with sam@lab.example.com" in page.lower() or "Log out and log in" in page
    client.post(path, {"action": "accept"})
    assert Delegation.objects.get().status == DelegationStatus.INVITED


def test_subreviewer_sees_that_paper_only(client, world):
    delegate(client, world)
    response = accept(client, world["sam"])
    delegation = Delegation.objects.get()
    assert response["Location"] == url("review:subreview", world, pk=delegation.pk)
    html = client.get(response["Location"]).content.decode()
    assert "Grokking revisited" in html
    assert "Ada Author" not in html and "ada@mit.edu" not in html
    mine = client.get(url("review:my_reviews", world)).content.decode()
    assert url("review:subreview", world, pk=delegation.pk) in mine
    assert "Other paper" not in mine
    for number in (1, 2):
        assert client.get(url("review:paper", world, number=number)).status_code == 404
    assert client.get(url("review:subreview", world, pk=delegation.pk + 1)).status_code == 404
    pdf_two = reverse("submissions:reviewer_pdf", args=[world["workshop"].slug, 2])
    assert client.get(pdf_two).status_code in (403, 404)


def test_subreviewer_decline_ends_the_delegation(client, world):
    delegate(client, world)
    client.logout()
    path = "/" + invitation_link().split("/", 3)[3]
    client.post(path, {"action": "decline"})
    assert Delegation.objects.get().status == DelegationStatus.DECLINED
    assert client.get(path).status_code == 404


def test_subreviewer_draft_is_not_shown_until_handed_over(client, world):
    delegate(client, world)
    accept(client, world["sam"])
    delegation = Delegation.objects.get()
    client.post(
        url("review:subreview", world, pk=delegation.pk), {**REVIEW_POST, "action": "draft"}
    )
    client.force_login(world["rita"])
    page = client.get(url("review:paper", world, number=1)).content.decode()
    assert "is writing this review" in page
    assert "Sam&#x27;s summary" not in page and "Sam's summary" not in page


def test_incomplete_hand_over_keeps_the_text_and_says_what_is_missing(client, world):
    delegate(client, world)
    accept(client, world["sam"])
    delegation = Delegation.objects.get()
    response = client.post(
        url("review:subreview", world, pk=delegation.pk),
        {**REVIEW_POST, "score": "", "action": "hand_over"},
    )
    assert response.status_code == 400
    assert "Sam&#x27;s summary of the grokking paper." in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.ACCEPTED


def test_handed_over_subreview_reaches_the_reviewer_by_page_and_one_email(client, world):
    delegation = handed_over(client, world)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.SUBMITTED
    page = client.get(url("review:paper", world, number=1)).content.decode()
    assert "Careful ablations." in page and "One seed only." in page
    assert "Submit it as my review" in page
    # Sam edits and hands over again: the reviewer is not emailed twice.
    client.force_login(world["sam"])
    client.post(
        url("review:subreview", world, pk=delegation.pk), {**REVIEW_POST, "action": "hand_over"}
    )
    assert list(
        OutgoingEmail.objects.filter(kind="subreview_ready").values_list("to", flat=True)
    ) == [["rita@uni.example.org"]]


def test_endorsed_subreview_becomes_the_reviewers_review_written_by_the_subreviewer(client, world):
    delegation = handed_over(client, world)
    client.post(url("review:subreview_use", world, number=1), {"action": "endorse"})
    review = Review.objects.get(submission=world["one"])
    assert (review.reviewer, review.written_by, review.status) == (
        world["rita"],
        world["sam"],
        "submitted",
    )
    assert (review.score, review.summary) == (7, "Sam's summary of the grokking paper.")
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.ENDORSED


def test_reviewer_edits_the_subreview_then_submits_it(client, world):
    handed_over(client, world)
    client.post(url("review:subreview_use", world, number=1), {"action": "edit"})
    page = client.get(url("review:paper", world, number=1)).content.decode()
    assert "Sam&#x27;s summary of the grokking paper.</textarea>" in page
    edited = {**REVIEW_POST, "summary": "Rita's edit.", "action": "submit"}
    client.post(url("review:paper", world, number=1), edited)
    review = Review.objects.get(submission=world["one"])
    assert (review.summary, review.written_by) == ("Rita's edit.", world["sam"])
    client.force_login(world["sam"])
    page = client.get(url("review:subreview", world, pk=Delegation.objects.get().pk))
    assert "Hand to the reviewer" not in page.content.decode()  # read only now


def test_reviewer_who_ignores_the_handed_over_subreview_is_not_credited_to_it(client, world):
    delegation = handed_over(client, world)
    own = {**REVIEW_POST, "summary": "Rita's own review.", "action": "submit"}
    client.post(url("review:paper", world, number=1), own)
    review = Review.objects.get(submission=world["one"])
    assert (review.summary, review.written_by) == ("Rita's own review.", None)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.SUBMITTED


def test_withdrawn_delegation_closes_the_paper_to_the_subreviewer(client, world):
    delegate(client, world)
    accept(client, world["sam"])
    delegation = Delegation.objects.get()
    client.force_login(world["rita"])
    client.post(url("review:subreview_use", world, number=1), {"action": "withdraw"})
    client.force_login(world["sam"])
    assert client.get(url("review:subreview", world, pk=delegation.pk)).status_code == 404


def test_approval_flow(client, world, django_assert_num_queries, django_assert_max_num_queries):
    ReviewSettings.objects.filter(workshop=world["workshop"]).update(
        subreviewer_approval_required=True
    )
    delegate(client, world)
    delegation = Delegation.objects.get()
    assert delegation.status == DelegationStatus.AWAITING_APPROVAL
    assert not OutgoingEmail.objects.filter(kind="subreview_invitation").exists()
    client.force_login(world["olga"])
    progress = url("reviews_manage:progress", world)
    client.get(progress)  # warm the caches
    with django_assert_max_num_queries(40) as one_row:
        html = client.get(progress).content.decode()
    queries_for_one = len(one_row.captured_queries)  # read now: a request clears the log
    assert "Subreviewers awaiting your approval" in html and SAM in html
    client.force_login(world["rita"])
    client.post(url("review:delegate", world, number=2), {"email": "tom@lab.example.com"})
    client.force_login(world["olga"])
    with django_assert_num_queries(queries_for_one):
        html = client.get(progress).content.decode()
    assert "tom@lab.example.com" in html
    answer = url("reviews_manage:delegation_answer", world, pk=delegation.pk)
    client.post(answer, {"action": "approve"})
    client.post(answer, {"action": "approve"})  # twice: answered already, nothing sent
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.INVITED
    assert OutgoingEmail.objects.filter(kind="subreview_invitation").count() == 1
    tom = Delegation.objects.get(email="tom@lab.example.com")
    client.post(url("reviews_manage:delegation_answer", world, pk=tom.pk), {"action": "refuse"})
    tom.refresh_from_db()
    assert tom.status == DelegationStatus.REFUSED
    assert OutgoingEmail.objects.filter(kind="subreview_invitation").count() == 1


def test_organizer_author_does_not_see_requests_for_their_own_paper(client, world):
    ReviewSettings.objects.filter(workshop=world["workshop"]).update(
        subreviewer_approval_required=True
    )
    delegate(client, world)
    world["workshop"].organizers.add(world["ada"])
    client.force_login(world["ada"])
    assert SAM not in client.get(url("reviews_manage:progress", world)).content.decode()
    delegation = Delegation.objects.get()
    response = client.post(
        url("reviews_manage:delegation_answer", world, pk=delegation.pk), {"action": "approve"}
    )
    assert response.status_code == 404


def test_organizers_see_the_writer_authors_and_other_reviewers_do_not(client, world):
    handed_over(client, world)
    client.post(url("review:subreview_use", world, number=1), {"action": "endorse"})
    submit(world["one"], world["omar"], score=4)
    client.force_login(world["olga"])
    html = client.get(url("decisions:paper", world, number=1)).content.decode()
    assert "written by subreviewer Sam Student" in html and SAM in html
    client.force_login(world["omar"])
    html = client.get(url("review:paper", world, number=1)).content.decode()
    assert "Reviewer 1" in html
    assert "Sam Student" not in html and SAM not in html
    move_to_deciding(world["workshop"])
    one = world["one"]
    one.refresh_from_db()
    decision_set(submission=one, outcome="poster", meta_review="Nice.", by=world["olga"])
    two = world["two"]
    two.refresh_from_db()
    decision_set(submission=two, outcome="reject", meta_review="", by=world["olga"])
    decisions_release(workshop=world["workshop"], by=world["olga"])
    client.force_login(world["ada"])
    html = client.get(one.get_absolute_url()).content.decode()
    assert "Add more seeds." in html
    for secret in ("Sam Student", SAM, "Rita Reviewer", "subreviewer"):
        assert secret not in html


def test_review_settings_page_switches_subreviewers_on(client, world):
    ReviewSettings.objects.filter(workshop=world["workshop"]).delete()
    client.force_login(world["olga"])
    page = client.get(url("reviews_manage:settings", world)).content.decode()
    assert "subreviewers_allowed" in page and "subreviewer_approval_required" in page
