"""Area chairs: their expertise page, the anonymized PDF of their papers, the two emails
the organizers send them (papers announced once; missing meta-reviews asked for at most once
a day) and conflicts the organizers declare for them."""

from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from assignment.area_chairs import area_chair_announce, area_chair_run, area_chair_set
from assignment.models import AreaChairAssignment
from decisions.meta_reviews import meta_review_request, meta_review_save
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from pool.models import AreaChair, Conflict
from pool.services import conflict_add_by_organizer
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
    topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return reviewing_workshop(slug="ace")


@pytest.fixture
def olga(workshop):
    return add_organizer(workshop)


def chair(workshop, email, name):
    user = UserFactory(email=email, full_name=name)
    AreaChair.objects.create(workshop=workshop, user=user)
    return user


@pytest.fixture
def cora(workshop):
    return chair(workshop, "cora@chairs.org", "Cora Chair")


def url(name, workshop, **kwargs):
    return reverse(name, kwargs={"workshop": workshop.slug, **kwargs})


def mails(kind):
    return list(OutgoingEmail.objects.filter(kind=kind).order_by("pk"))


# --- expertise page --------------------------------------------------------------------


def test_area_chair_declares_topics_and_keywords_and_the_run_follows_them(
    client, workshop, olga, cora
):
    dana = chair(workshop, "dana@chairs.org", "Dana Chair")
    client.force_login(cora)
    page = client.get(url("area_chair:profile", workshop)).content.decode()
    assert "Topics you can chair" in page
    assert "Scaling laws" in page
    response = client.post(
        url("area_chair:profile", workshop),
        {
            "topic_ids": [topic(workshop, "data").pk],
            "keywords": "datasets, curation",
            "affiliation": "Chair University",
            "max_load": "3",
        },
    )
    assert response.status_code == 302
    cora_role = AreaChair.objects.get(user=cora)
    assert [t.slug for t in cora_role.topics.all()] == ["data"]
    assert (cora_role.keywords, cora_role.affiliation, cora_role.max_load) == (
        "datasets, curation",
        "Chair University",
        3,
    )
    AreaChair.objects.get(user=dana).topics.set([topic(workshop, "scaling")])
    paper(workshop, number=1, slug="data")
    paper(workshop, number=2, slug="scaling")
    area_chair_run(workshop=workshop, by=olga)
    chaired = dict(
        AreaChairAssignment.objects.values_list("submission__number", "area_chair__email")
    )
    assert chaired == {1: "cora@chairs.org", 2: "dana@chairs.org"}


def test_bad_limit_is_refused_and_the_typed_keywords_stay(client, workshop, cora):
    client.force_login(cora)
    page = client.post(
        url("area_chair:profile", workshop),
        {"keywords": "my typed words", "max_load": "0", "affiliation": ""},
    ).content.decode()
    assert "my typed words" in page
    assert "is-invalid" in page
    assert AreaChair.objects.get(user=cora).keywords == ""


def test_topics_of_another_workshop_are_refused(client, workshop, cora):
    other = reviewing_workshop(slug="other")
    client.force_login(cora)
    page = client.post(
        url("area_chair:profile", workshop),
        {"topic_ids": [topic(other, "data").pk], "keywords": "kept"},
    ).content.decode()
    assert "kept" in page
    assert AreaChair.objects.get(user=cora).topics.count() == 0


def test_changing_the_affiliation_recomputes_the_area_chairs_conflicts(client, workshop, cora):
    paper(workshop, number=1, authors=[("Ann Author", "ann@lab.org")])
    workshop.submissions.get(number=1).authorships.update(affiliation="Rival Institute")
    client.force_login(cora)
    client.post(url("area_chair:profile", workshop), {"affiliation": "Rival Institute"})
    assert Conflict.objects.filter(reviewer=cora, removed_at__isnull=True).count() == 1


def test_only_area_chairs_reach_the_profile_page(client, workshop, olga):
    rex = reviewer(workshop, "rex@rev.org")
    for user in (olga, rex):
        client.force_login(user)
        assert client.get(url("area_chair:profile", workshop)).status_code == 403


# --- the anonymized PDF ----------------------------------------------------------------


def test_area_chair_downloads_the_anonymized_pdf_of_their_paper_only(client, workshop, olga, cora):
    one = paper(workshop, number=1)
    two = paper(workshop, number=2)
    for submission in (one, two):
        submission.reviewer_pdf.save("paper.pdf", ContentFile(b"%PDF-1.4 anon"), save=True)
        submission.pdf.save("paper.pdf", ContentFile(b"%PDF-1.4 named"), save=True)
    area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)
    client.force_login(cora)
    anonymized = client.get(url("submissions:reviewer_pdf", workshop, number=1))
    assert anonymized.status_code == 200
    assert b"".join(anonymized.streaming_content) == b"%PDF-1.4 anon"
    chair_page = client.get(url("area_chair:paper", workshop, number=1)).content.decode()
    assert "Anonymized PDF" in chair_page
    assert client.get(url("submissions:pdf", workshop, number=1)).status_code == 404
    assert client.get(url("submissions:reviewer_pdf", workshop, number=2)).status_code == 404
    # a conflict declared after the assignment shuts the door
    conflict_add_by_organizer(submission=one, reviewer=cora, reason="Former student", by=olga)
    assert client.get(url("submissions:reviewer_pdf", workshop, number=1)).status_code == 404
    assert client.get(url("area_chair:paper", workshop, number=1)).status_code == 404


# --- conflicts the organizers declare ----------------------------------------------------


def test_organizer_declares_an_area_chair_conflict_the_run_and_hand_edit_respect(
    client, workshop, olga, cora
):
    dana = chair(workshop, "dana@chairs.org", "Dana Chair")
    one = paper(workshop, number=1)
    client.force_login(olga)
    page = client.get(url("pool_manage:conflicts", workshop)).content.decode()
    assert "Cora Chair &lt;cora@chairs.org&gt; (area chair)" in page
    response = client.post(
        url("pool_manage:conflicts", workshop),
        {"submission": one.pk, "reviewer": cora.pk, "reason": "Same lab last year"},
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get(reviewer=cora)
    assert (conflict.source, conflict.reason) == ("organizer", "Same lab last year")
    area_chair_run(workshop=workshop, by=olga)
    assert AreaChairAssignment.objects.get(submission=one).area_chair == dana
    with pytest.raises(Refusal, match="has a conflict with"):
        area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)
    page = client.get(url("assignment:area_chairs", workshop)).content.decode()
    assert "Cora Chair (conflict)" in page


def test_a_stranger_cannot_be_given_a_conflict(workshop, olga):
    one = paper(workshop, number=1)
    with pytest.raises(Refusal, match="not a reviewer or an area chair"):
        conflict_add_by_organizer(submission=one, reviewer=UserFactory(), reason="Unknown", by=olga)


# --- the emails --------------------------------------------------------------------------


def test_announcing_emails_each_area_chair_once_with_their_papers(client, workshop, olga, cora):
    dana = chair(workshop, "dana@chairs.org", "Dana Chair")
    one = paper(workshop, number=1, title="Grokking", authors=[("Ann Author", "ann@lab.org")])
    two = paper(workshop, number=2, title="Scaling")
    area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)
    area_chair_set(workshop=workshop, submission=two, area_chair=dana, by=olga)
    client.force_login(olga)
    page = client.get(url("assignment:area_chairs", workshop)).content.decode()
    assert "2 not yet emailed to their area chair" in page
    client.post(url("assignment:area_chairs_announce", workshop))
    sent = mails("area_chair_assigned")
    assert [(mail.to, mail.subject) for mail in sent] == [
        (["cora@chairs.org"], f"{workshop.short_name}: your papers as area chair"),
        (["dana@chairs.org"], f"{workshop.short_name}: your papers as area chair"),
    ]
    assert "- #1 Grokking (new)" in sent[0].body_text
    assert "Scaling" not in sent[0].body_text
    assert "Ann Author" not in sent[0].body_text
    assert "AoE" in sent[0].body_text
    assert f"/{workshop.slug}/ac/" in sent[0].body_text
    # nothing new: a second press sends nothing
    with pytest.raises(Refusal, match="nothing new"):
        area_chair_announce(workshop=workshop, by=olga)
    # a new paper for Cora: she alone hears, with both papers, only the new one marked
    three = paper(workshop, number=3, title="Tokenizers")
    area_chair_set(workshop=workshop, submission=three, area_chair=cora, by=olga)
    area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)  # unchanged
    assert area_chair_announce(workshop=workshop, by=olga) == 1
    latest = mails("area_chair_assigned")[-1]
    assert latest.to == ["cora@chairs.org"]
    assert "- #1 Grokking\n" in latest.body_text
    assert "- #3 Tokenizers (new)" in latest.body_text
    assert len(mails("area_chair_assigned")) == 3


def test_a_rerun_proposing_the_same_pairs_does_not_announce_them_again(workshop, olga, cora):
    paper(workshop, number=1)
    area_chair_run(workshop=workshop, by=olga)
    assert area_chair_announce(workshop=workshop, by=olga) == 1
    area_chair_run(workshop=workshop, by=olga)
    with pytest.raises(Refusal, match="nothing new"):
        area_chair_announce(workshop=workshop, by=olga)


def test_meta_reviews_are_asked_for_once_a_day_of_the_area_chairs_with_some_missing(
    client, workshop, olga, cora
):
    dana = chair(workshop, "dana@chairs.org", "Dana Chair")
    one = paper(workshop, number=1, title="Grokking")
    two = paper(workshop, number=2, title="Scaling")
    rex = reviewer(workshop, "rex@rev.org", name="Rex Reviewername")
    assign(one, rex)
    submit(one, rex, score=7)
    area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)
    area_chair_set(workshop=workshop, submission=two, area_chair=dana, by=olga)
    meta_review_save(submission=two, area_chair=dana, recommendation="poster", text="Fine.")
    client.force_login(olga)
    client.post(url("decisions:meta_review_request", workshop))
    sent = mails("meta_review_request")
    assert [mail.to for mail in sent] == [["cora@chairs.org"]]
    assert sent[0].subject == f"{workshop.short_name}: meta-reviews to write (1)"
    assert "- #1 Grokking (1 of 1 review in)" in sent[0].body_text
    assert "Rex" not in sent[0].body_text
    morning = datetime(2026, 1, 5, 13, 0, tzinfo=UTC)  # 01:00 AoE on the 5th
    evening = datetime(2026, 1, 6, 11, 0, tzinfo=UTC)  # 23:00 AoE, the same AoE day
    assert meta_review_request(workshop=workshop, by=olga, now=morning) == 1
    with pytest.raises(Refusal, match="already asked today"):
        meta_review_request(workshop=workshop, by=olga, now=evening)
    assert len(mails("meta_review_request")) == 2


def test_organizer_author_sees_no_area_chair_mail_in_the_log(client, workshop, olga, cora):
    one = paper(workshop, number=1, authors=[olga])
    two = paper(workshop, number=2)
    area_chair_set(workshop=workshop, submission=two, area_chair=cora, by=olga)
    other = UserFactory(email="oscar@org.example.net")
    workshop.organizers.add(other)
    area_chair_announce(workshop=workshop, by=other)
    assert one.pk and mails("area_chair_assigned")
    client.force_login(olga)
    log = client.get(url("notifications:mail_log", workshop)).content.decode()
    assert "your papers as area chair" not in log
