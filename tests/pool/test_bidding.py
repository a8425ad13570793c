import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fomo_site.errors import Refusal
from pool.enums import BidValue, ConflictSource, ExpertiseLevel
from pool.models import Bid, Conflict
from pool.services import (
    bid_place,
    conflicts_recompute_for_workshop,
    reviewer_paper_add,
    reviewer_profile_update,
)
from submissions.models import Submission
from tests.factories import UserFactory
from tests.pool.helpers import make_reviewer, make_submission
from topics.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(workshop, topics):
    profile = make_reviewer(workshop, "rita@mit.edu", name="Rita Reviewer", affiliation="MIT")
    reviewer_profile_update(
        profile=profile,
        affiliation="MIT",
        email_domains=["mit.edu"],
        statement="",
        keywords="",
        max_load=None,
        expertise={topics["scaling-laws"].pk: ExpertiseLevel.EXPERT},
    )
    return profile.user


def bids_url(workshop, **query):
    url = reverse("pool:bids", kwargs={"workshop": workshop.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def bid_url(workshop, paper):
    return reverse("pool:bid", kwargs={"workshop": workshop.slug, "number": paper.number})


def test_bidding_page_sorted_by_topic_match(client, workshop, topics, reviewer):
    other = make_submission(workshop, topics["fine-tuning"], title="Fine-tuning paper")
    area = make_submission(workshop, topics["data"], title="Data paper")
    best = make_submission(workshop, topics["scaling-laws"], title="Scaling paper")
    client.force_login(reviewer)
    page = client.get(bids_url(workshop)).context["page"]
    assert [row.submission for row in page.rows] == [best, area, other]
    scores = [row.score for row in page.rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1] > scores[2]
    assert page.total == 3


def test_bidding_page_ranks_a_paper_under_a_parent_topic_between(
    client, workshop, topics, reviewer
):
    exact = make_submission(workshop, topics["scaling-laws"], title="Exact")
    parent = make_submission(workshop, topics["pre-training"], title="Parent")
    unrelated = make_submission(workshop, topics["fine-tuning"], title="Unrelated")
    client.force_login(reviewer)
    rows = client.get(bids_url(workshop)).context["page"].rows
    assert [row.submission for row in rows] == [exact, parent, unrelated]


def test_bidding_page_ranks_by_the_reviewers_own_papers_and_says_which(client, workshop, topics):
    profile = make_reviewer(workshop, "tess@ox.ac.uk", name="Tess Text", affiliation="Oxford")
    reviewer_profile_update(
        profile=profile,
        affiliation="Oxford",
        email_domains=["ox.ac.uk"],
        statement="",
        keywords="",
        max_load=None,
        expertise={topics["scaling-laws"].pk: ExpertiseLevel.EXPERT},
    )
    reviewer_paper_add(
        profile=profile,
        title="Sparse autoencoders find interpretable features",
        abstract="We train sparse autoencoders on transformer activations and find "
        "monosemantic interpretable features of language models.",
    )
    plain = make_submission(workshop, topics["scaling-laws"], title="Loss curves of big models")
    other = make_submission(
        workshop, topics["scaling-laws"], title="Data pruning", abstract="Fewer tokens."
    )
    close = make_submission(
        workshop,
        topics["scaling-laws"],
        title="Interpretable features at scale",
        abstract="Sparse autoencoders trained on transformer activations yield interpretable "
        "monosemantic features of language models, and their number follows a scaling law.",
    )
    client.force_login(profile.user)
    response = client.get(bids_url(workshop))
    rows = response.context["page"].rows
    assert rows[0].submission == close
    assert {row.submission for row in rows[1:]} == {plain, other}
    assert rows[0].closest_paper == "Sparse autoencoders find interpretable features"
    assert [row.closest_paper for row in rows[1:]] == ["", ""]
    assert "Close to your paper: <em>Sparse autoencoders find interpretable features</em>" in (
        response.content.decode()
    )


def test_bidding_page_hides_conflicts_drafts_and_withdrawn(client, workshop, topics, reviewer):
    visible = make_submission(workshop, topics["data"])
    conflicted = make_submission(workshop, topics["data"], authors=[("Al", "al@mit.edu", "")])
    make_submission(workshop, topics["data"], status="draft", submitted_at=None)
    make_submission(workshop, topics["data"], status="withdrawn")
    conflicts_recompute_for_workshop(workshop=workshop)
    client.force_login(reviewer)
    page = client.get(bids_url(workshop)).context["page"]
    assert [row.submission for row in page.rows] == [visible]
    assert client.get(bid_url(workshop, conflicted)).status_code == 404
    assert client.post(bid_url(workshop, conflicted), {"value": "eager"}).status_code == 404
    assert Bid.objects.count() == 0


def test_bidding_page_shows_no_authors_or_files(client, workshop, topics, reviewer):
    make_submission(
        workshop,
        topics["data"],
        title="A visible title",
        keywords="alpha, beta",
        authors=[("Zelda Secretauthor", "zelda@uni-z.example.edu", "Hidden Institute")],
    )
    client.force_login(reviewer)
    html = client.get(bids_url(workshop)).content.decode()
    assert "A visible title" in html
    assert "alpha, beta" in html
    for private in ("Zelda", "zelda@", "Hidden Institute", "/pdf/"):
        assert private not in html


def test_bidding_page_filter_by_topic_includes_subtopics(client, workshop, topics, reviewer):
    data = make_submission(workshop, topics["data"])
    tuned = make_submission(workshop, topics["fine-tuning"])
    secondary = make_submission(workshop, topics["fine-tuning"], secondary=[topics["data"]])
    client.force_login(reviewer)
    pre = client.get(bids_url(workshop, topic=topics["pre-training"].pk)).context["page"]
    assert sorted(row.submission.pk for row in pre.rows) == sorted([data.pk, secondary.pk])
    adapt = client.get(bids_url(workshop, topic=topics["adaptation"].pk)).context["page"]
    assert sorted(row.submission.pk for row in adapt.rows) == sorted([tuned.pk, secondary.pk])
    junk = client.get(bids_url(workshop, topic="nope")).context["page"]
    assert junk.total == 3


def test_bid_saves_without_reload_and_survives_a_reload(client, workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"])
    client.force_login(reviewer)
    response = client.post(
        bid_url(workshop, paper), {"value": "willing"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "value": "willing",
        "label": "Willing",
        "conflict": False,
    }
    client.post(
        bid_url(workshop, paper), {"value": "eager"}, headers={"Accept": "application/json"}
    )
    (row,) = client.get(bids_url(workshop)).context["page"].rows
    assert row.bid == "eager"
    assert Bid.objects.get().value == BidValue.EAGER


def test_bid_without_javascript_posts_and_redirects(client, workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"])
    client.force_login(reviewer)
    response = client.post(bid_url(workshop, paper), {"value": "in_a_pinch"})
    assert response.status_code == 302
    assert response.url == bids_url(workshop) + f"#paper-{paper.number}"
    html = client.get(bids_url(workshop)).content.decode()
    assert '<option value="in_a_pinch" selected>In a pinch</option>' in html


def test_bid_invalid_value_refused(client, workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"])
    client.force_login(reviewer)
    response = client.post(
        bid_url(workshop, paper), {"value": "maybe"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert Bid.objects.count() == 0


def test_bid_conflict_declares_a_conflict_and_hides_the_paper(client, workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"])
    client.force_login(reviewer)
    response = client.post(
        bid_url(workshop, paper), {"value": "conflict"}, headers={"Accept": "application/json"}
    )
    assert response.json()["conflict"] is True
    conflict = Conflict.objects.get()
    assert (conflict.source, conflict.reviewer, conflict.submission) == (
        ConflictSource.DECLARED_BY_REVIEWER,
        reviewer,
        paper,
    )
    assert client.get(bids_url(workshop)).context["page"].rows == []
    assert client.get(bid_url(workshop, paper)).status_code == 404


def test_bid_on_conflicted_paper_refused_by_the_service(workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"], authors=[("Al", "al@mit.edu", "")])
    conflicts_recompute_for_workshop(workshop=workshop)
    with pytest.raises(Refusal, match="conflict of interest"):
        bid_place(submission=paper, reviewer=reviewer, value=BidValue.EAGER)


def test_bid_after_the_bidding_deadline_refused(client, workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"])
    Workshop.objects.filter(pk=workshop.pk).update(
        bidding_deadline=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(reviewer)
    response = client.post(
        bid_url(workshop, paper), {"value": "eager"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert response.json() == {"ok": False, "error": "Bidding is closed."}
    assert Bid.objects.count() == 0
    page = client.get(bids_url(workshop))
    assert page.context["bidding_open"] is False
    assert b"data-bid-form" not in page.content
    workshop.refresh_from_db()
    with pytest.raises(Refusal, match="Bidding is closed"):
        bid_place(submission=paper, reviewer=reviewer, value=BidValue.EAGER)


def test_bidding_before_the_submission_deadline_is_not_open(client, topics, reviewer, workshop):
    make_submission(workshop, topics["data"])
    Workshop.objects.filter(pk=workshop.pk).update(
        submission_deadline=timezone.now() + timedelta(days=1),
        bidding_deadline=timezone.now() + timedelta(days=8),
    )
    client.force_login(reviewer)
    response = client.get(bids_url(workshop))
    assert b"Bidding opens when submissions close" in response.content
    assert "page" not in response.context
    paper = Submission.objects.get(workshop=workshop)
    detail = client.get(bid_url(workshop, paper))
    assert detail.status_code == 404
    assert paper.title.encode() not in detail.content


def test_bidding_pages_forbidden_to_non_reviewers(client, workshop, topics):
    paper = make_submission(workshop, topics["data"])
    client.force_login(UserFactory(email="someone@uni-s.example.edu"))
    assert client.get(bids_url(workshop)).status_code == 403
    assert client.get(bid_url(workshop, paper)).status_code == 403
    assert client.post(bid_url(workshop, paper), {"value": "eager"}).status_code == 403
    client.logout()
    assert client.get(bids_url(workshop)).status_code == 302


def test_bidding_page_fixed_number_of_queries(
    client, workshop, topics, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    first = make_submission(workshop, topics["data"], secondary=[topics["fine-tuning"]])
    Bid.objects.create(submission=first, reviewer=reviewer, value=BidValue.WILLING)
    # 10 for the page, 7 for the affinity order (topic tree, papers and their secondary
    # topics, the pool with its expertise and papers, the workshop's external weight)
    with django_assert_num_queries(17):
        response = client.get(bids_url(workshop))
    assert len(response.context["page"].rows) == 1
    for index in range(49):
        paper = make_submission(
            workshop, topics["scaling-laws"], secondary=[topics["data"], topics["fine-tuning"]]
        )
        if index % 2:
            Bid.objects.create(submission=paper, reviewer=reviewer, value=BidValue.EAGER)
    for _ in range(3):
        declared = make_submission(workshop, topics["data"])
        bid_place(submission=declared, reviewer=reviewer, value=BidValue.CONFLICT)
    with django_assert_num_queries(17):
        response = client.get(bids_url(workshop, topic=topics["pre-training"].pk))
    assert len(response.context["page"].rows) == 50
    assert response.context["page"].bids_placed == 25
    assert len(response.context["declared_conflicts"]) == 3


def test_bidding_javascript_is_a_static_file_and_pages_have_no_inline_script(
    client, workshop, topics, reviewer
):
    script = Path(settings.BASE_DIR) / "static" / "fomo" / "bids.js"
    assert "X-CSRFToken" in script.read_text()
    make_submission(workshop, topics["data"])
    client.force_login(reviewer)
    html = client.get(bids_url(workshop)).content.decode()
    assert '<script src="/static/fomo/bids.js" defer></script>' in html
    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html


def test_organizer_sees_bid_counts_and_papers_short_of_bids(client, workshop, topics, organizer):
    ann = make_reviewer(workshop, "ann@mit.edu", name="Ann").user
    bob = make_reviewer(workshop, "bob@eth.example.ch", name="Bob").user
    popular = make_submission(workshop, topics["data"])
    lonely = make_submission(workshop, topics["data"])
    workshop.reviewers_per_paper = 2
    workshop.save()
    for user, paper, value in [
        (ann, popular, "eager"),
        (bob, popular, "in_a_pinch"),
        (ann, lonely, "not_willing"),
        (bob, lonely, "willing"),
    ]:
        bid_place(submission=paper, reviewer=user, value=value)
    client.force_login(organizer)
    summary = client.get(reverse("pool_manage:bids", kwargs={"workshop": workshop.slug})).context[
        "summary"
    ]
    assert [(p.pk, p.bids_positive, p.bids_not_willing) for p in summary.papers] == [
        (popular.pk, 2, 0),
        (lonely.pk, 1, 1),
    ]
    assert [paper.pk for paper in summary.too_few] == [lonely.pk]
    assert [(profile.user.full_name, counts) for profile, counts in summary.reviewers] == [
        ("Ann", {"eager": 1, "willing": 0, "in_a_pinch": 0, "not_willing": 1, "conflict": 0}),
        ("Bob", {"eager": 0, "willing": 1, "in_a_pinch": 1, "not_willing": 0, "conflict": 0}),
    ]


def test_author_cannot_read_bids_or_reviewer_list(client, workshop, topics):
    reviewer = make_reviewer(workshop, "ann@mit.edu").user
    author = UserFactory(email="carl@stanford.edu")
    paper = make_submission(
        workshop, topics["data"], authors=[("Carl", "carl@stanford.edu", "", author)]
    )
    bid_place(submission=paper, reviewer=reviewer, value=BidValue.EAGER)
    client.force_login(author)
    for name in ("bids", "pool"):
        url = reverse(f"pool_manage:{name}", kwargs={"workshop": workshop.slug})
        assert client.get(url).status_code == 403
    assert client.get(bids_url(workshop)).status_code == 403
    assert client.get(bid_url(workshop, paper)).status_code == 403


def test_reviewer_cannot_read_other_reviewers_bids(client, workshop, topics):
    ann = make_reviewer(workshop, "ann@mit.edu").user
    bob = make_reviewer(workshop, "bob@eth.example.ch").user
    paper = make_submission(workshop, topics["data"])
    bid_place(submission=paper, reviewer=bob, value=BidValue.EAGER)
    client.force_login(ann)
    (row,) = client.get(bids_url(workshop)).context["page"].rows
    assert row.bid == ""
    assert client.get(bid_url(workshop, paper)).context["submission"].my_bid is None
    url = reverse("pool_manage:bids", kwargs={"workshop": workshop.slug})
    assert client.get(url).status_code == 403


def test_bidding_page_shows_fifty_papers_a_page_best_match_first(
    client, workshop, topics, reviewer
):
    client.force_login(reviewer)
    papers = [make_submission(workshop, topics["data"]) for _ in range(51)]
    first = client.get(bids_url(workshop))
    second = client.get(bids_url(workshop), {"page": 2})
    assert len(first.context["page"].rows) == 50
    assert [row.submission for row in second.context["page"].rows] == [papers[-1]]
    assert second.context["page"].total == 51
    assert "Papers 51–51 of 51, best match first." in second.content.decode()


def test_bidding_page_keeps_math_in_abstracts_verbatim(client, workshop, topics, reviewer):
    paper = make_submission(workshop, topics["data"])
    paper.abstract = "Loss falls as $a_1 * b_2 * c$ grows; <script>alert(1)</script>"
    paper.save()
    client.force_login(reviewer)
    html = client.get(bids_url(workshop)).content.decode()
    assert '<span class="math">$a_1 * b_2 * c$</span>' in html
    assert "<script>alert" not in html


def test_bidding_topic_filter_lists_each_area_followed_by_its_subtopics(
    client, workshop, topics, reviewer
):
    client.force_login(reviewer)
    response = client.get(bids_url(workshop))
    options = re.findall(
        r'<option value="\d+">([^<]*)</option>',
        response.content.decode().split('id="topic-filter"')[1].split("</select>")[0],
    )
    assert options == [
        "Pre-Training",
        "— Understanding the data",
        "— Scaling laws",
        "Adaptation",
        "— Fine-tuning",
    ]


def test_bid_detail_marks_inline_math_for_typesetting(client, workshop, topics, reviewer):
    paper = make_submission(
        workshop, topics["data"], abstract=r"Loss falls as $N^{-\alpha}$ with a_1 * b_2 tokens."
    )
    client.force_login(reviewer)
    html = client.get(bid_url(workshop, paper)).content.decode()
    assert r'<span class="math">$N^{-\alpha}$</span>' in html
    assert "a_1 * b_2" in html  # not turned into emphasis
