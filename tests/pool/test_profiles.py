import pytest
from django.urls import reverse

from demo.reviewers import demo_reviewers_create
from fomo_site.errors import Refusal
from pool.enums import BidValue, ExpertiseLevel
from pool.models import Bid, ReviewerProfile, TopicExpertise
from pool.paper_texts import PaperEntry
from pool.selectors import (
    bids_for_matching,
    conflict_pairs,
    reviewer_pool_for_matching,
    topic_coverage,
)
from pool.services import (
    bid_place,
    reviewer_paper_add,
    reviewer_papers_replace,
    reviewer_profile_update,
)
from tests.factories import UserFactory
from tests.pool.helpers import make_reviewer, make_submission

pytestmark = pytest.mark.django_db


def profile_url(workshop):
    return reverse("pool:profile", kwargs={"workshop": workshop.slug})


def profile_post(topics, **overrides):
    data = {
        "affiliation": "MIT",
        "email_domains_text": "csail.mit.edu, @mit.edu",
        "statement": "I study scaling laws.",
        "keywords": "scaling, data",
        "max_load": "3",
        f"topic_{topics['scaling-laws'].pk}": "expert",
        f"topic_{topics['data'].pk}": "interested",
        f"topic_{topics['fine-tuning'].pk}": "",
    }
    return {**data, **overrides}


def test_profile_page_saves_expertise_texts_and_load(client, workshop, topics):
    profile = make_reviewer(workshop, "rita@mit.edu")
    client.force_login(profile.user)
    page = client.get(profile_url(workshop))
    assert page.status_code == 200
    assert "Scaling laws" in page.content.decode()
    response = client.post(profile_url(workshop), profile_post(topics))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.email_domains == ["csail.mit.edu", "mit.edu"]
    assert profile.keyword_list == ["scaling", "data"]
    assert profile.max_load == 3
    assert profile.completed_at is not None
    assert dict(profile.expertise.values_list("topic__slug", "level")) == {
        "scaling-laws": "expert",
        "data": "interested",
    }
    client.post(profile_url(workshop), profile_post(topics, **{f"topic_{topics['data'].pk}": ""}))
    assert list(profile.expertise.values_list("topic__slug", flat=True)) == ["scaling-laws"]


def test_profile_max_load_above_the_workshop_limit_refused(client, workshop, topics):
    profile = make_reviewer(workshop, "rita@mit.edu")
    client.force_login(profile.user)
    response = client.post(profile_url(workshop), profile_post(topics, max_load="50"))
    assert response.status_code == 200
    assert response.context["form"].errors["max_load"] == [
        f"The workshop's limit is {workshop.max_papers_per_reviewer} papers."
    ]
    profile.refresh_from_db()
    assert profile.max_load is None


def test_profile_bad_domain_refused(client, workshop, topics):
    profile = make_reviewer(workshop, "rita@mit.edu")
    client.force_login(profile.user)
    response = client.post(
        profile_url(workshop), profile_post(topics, email_domains_text="not a domain!")
    )
    assert "email_domains_text" in response.context["form"].errors


def test_profile_service_caps_load_and_refuses_foreign_topics(workshop, topics):
    from tests.factories import TopicFactory

    profile = make_reviewer(workshop, "rita@mit.edu")
    fields = dict(affiliation="", email_domains=[], statement="", keywords="")
    reviewer_profile_update(profile=profile, max_load=99, expertise={}, **fields)
    assert profile.max_load == workshop.max_papers_per_reviewer
    foreign = TopicFactory()
    with pytest.raises(Refusal, match="not part of this workshop"):
        reviewer_profile_update(
            profile=profile, max_load=None, expertise={foreign.pk: "expert"}, **fields
        )


def test_profile_page_is_only_ever_the_users_own(client, workshop, topics):
    ann = make_reviewer(workshop, "ann@mit.edu", affiliation="MIT")
    bob = make_reviewer(workshop, "bob@eth.example.ch", affiliation="ETH Zurich")
    client.force_login(ann.user)
    response = client.get(profile_url(workshop) + f"?user={bob.user_id}")
    assert response.context["profile"] == ann
    assert "bob@eth" not in response.content.decode()
    client.post(profile_url(workshop) + f"?user={bob.user_id}", profile_post(topics))
    bob.refresh_from_db()
    assert bob.affiliation == "ETH Zurich"
    assert bob.completed_at is None


def test_profile_page_forbidden_to_non_reviewers(client, workshop):
    client.force_login(UserFactory(email="someone@uni-s.example.edu"))
    assert client.get(profile_url(workshop)).status_code == 403


def test_reviewer_pool_page_shows_completeness_and_load(client, workshop, topics, organizer):
    done = make_reviewer(workshop, "ann@mit.edu", name="Ann")
    make_reviewer(workshop, "bob@eth.example.ch", name="Bob", affiliation="")
    reviewer_profile_update(
        profile=done,
        affiliation="MIT",
        email_domains=[],
        statement="Scaling.",
        keywords="",
        max_load=2,
        expertise={topics["data"].pk: ExpertiseLevel.EXPERT},
    )
    reviewer_paper_add(profile=done, title="A paper")
    client.force_login(organizer)
    pool = client.get(reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}))
    rows = [
        (r.profile.user.full_name, r.completeness, r.missing, r.max_load, r.expertise_count)
        for r in pool.context["pool"]
    ]
    assert rows == [
        ("Ann", 100, [], 2, 1),
        (
            "Bob",
            0,
            ["topics", "statement", "own papers or keywords", "affiliation"],
            workshop.max_papers_per_reviewer,
            0,
        ),
    ]


def test_topic_coverage_counts_papers_and_reviewers(client, workshop, topics, organizer):
    ann = make_reviewer(workshop, "ann@mit.edu")
    TopicExpertise.objects.create(profile=ann, topic=topics["data"], level="expert")
    make_submission(workshop, topics["data"])
    make_submission(workshop, topics["scaling-laws"], secondary=[topics["data"]])
    make_submission(workshop, topics["scaling-laws"])
    rows = {row.topic.slug: row for row in topic_coverage(workshop=workshop)}
    assert [row.topic.slug for row in topic_coverage(workshop=workshop)] == [
        "pre-training",
        "data",
        "scaling-laws",
        "adaptation",
        "fine-tuning",
    ]
    data, scaling = rows["data"], rows["scaling-laws"]
    assert (data.primary_papers, data.secondary_papers, data.experts, data.thin) == (1, 1, 1, False)
    assert (scaling.primary_papers, scaling.experts, scaling.thin) == (2, 0, True)
    client.force_login(organizer)
    page = client.get(reverse("pool_manage:coverage", kwargs={"workshop": workshop.slug}))
    assert page.status_code == 200


def test_reviewer_pool_for_matching_fixed_queries(workshop, topics, django_assert_num_queries):
    ann = make_reviewer(workshop, "ann@mit.edu", name="Ann")
    reviewer_profile_update(
        profile=ann,
        affiliation="MIT",
        email_domains=[],
        statement="Scaling.",
        keywords="a, b",
        max_load=2,
        expertise={topics["data"].pk: "expert"},
    )
    reviewer_papers_replace(
        profile=ann, papers=[PaperEntry("P1", "abstract", year=2020), PaperEntry("P2")]
    )
    for index in range(5):
        other = make_reviewer(workshop, f"r{index}@uni{index}.example.edu")
        reviewer_paper_add(profile=other, title=f"Paper of reviewer {index}")
    with django_assert_num_queries(3):
        pool = reviewer_pool_for_matching(workshop=workshop)
    assert len(pool) == 6
    first = pool[0]
    assert (first.name, first.topics, first.papers, first.keywords, first.max_load) == (
        "Ann",
        {topics["data"].pk: "expert"},
        ("P1\nabstract", "P2"),
        ("a", "b"),
        2,
    )


def test_matching_selectors_bids_and_conflicts(workshop, topics):
    ann = make_reviewer(workshop, "ann@mit.edu")
    paper = make_submission(workshop, topics["data"])
    other = make_submission(workshop, topics["data"])
    bid_place(submission=paper, reviewer=ann.user, value=BidValue.EAGER)
    bid_place(submission=other, reviewer=ann.user, value=BidValue.CONFLICT)
    assert sorted(bids_for_matching(workshop=workshop)) == sorted(
        [(paper.pk, ann.user_id, "eager"), (other.pk, ann.user_id, "conflict")]
    )
    assert conflict_pairs(workshop=workshop) == {(other.pk, ann.user_id)}


def test_demo_reviewers_create_is_idempotent(workshop, topics):
    users = [UserFactory(email=f"demo{i}@uni-demo{i}.example.edu") for i in range(3)]
    make_submission(workshop, topics["data"])
    make_submission(workshop, topics["scaling-laws"])
    assert demo_reviewers_create(workshop=workshop, reviewers=users) == 3
    bids = Bid.objects.count()
    assert demo_reviewers_create(workshop=workshop, reviewers=users) == 0
    assert ReviewerProfile.objects.filter(workshop=workshop).count() == 3
    assert Bid.objects.count() == bids == 6
    profile = ReviewerProfile.objects.filter(workshop=workshop).first()
    assert profile.expertise.count() == 3
    assert sorted(len(p.own_paper_list) for p in ReviewerProfile.objects.all()) == [2, 3, 4]
    assert profile.papers.first().year is not None
    assert profile.invitation.status == "accepted"


def test_admin_lists_invitations_profiles_conflicts_and_bids(client, workshop, topics):
    admin = UserFactory(email="admin@uni-admin.example.edu", is_staff=True, is_superuser=True)
    ann = make_reviewer(workshop, "ann@mit.edu")
    paper = make_submission(workshop, topics["data"], authors=[("A", "a@mit.edu", "")])
    other = make_submission(workshop, topics["data"])
    bid_place(submission=other, reviewer=ann.user, value=BidValue.EAGER)
    from pool.services import conflicts_recompute_for_submission

    conflicts_recompute_for_submission(submission=paper)
    client.force_login(admin)
    for model in ("reviewerinvitation", "reviewerprofile", "conflict", "bid"):
        response = client.get(reverse(f"admin:pool_{model}_changelist"))
        assert response.status_code == 200, model
    assert (
        client.get(reverse("admin:pool_reviewerprofile_change", args=[ann.pk])).status_code == 200
    )


def test_pool_page_and_dashboard_flag_reviewers_without_papers(client, workshop, organizer):
    with_papers = make_reviewer(workshop, "ann@mit.edu", "Ann Papers")
    reviewer_papers_replace(
        profile=with_papers,
        papers=[PaperEntry("Scaling laws revisited", "We fit loss curves."), PaperEntry("Second")],
    )
    statement_only = make_reviewer(workshop, "bo@mit.edu", "Bo Statement")
    statement_only.statement = "I study in-context learning."
    statement_only.save()
    make_reviewer(workshop, "cy@mit.edu", "Cy Nothing")
    client.force_login(organizer)

    page = client.get(reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}))

    rows = {
        name: page.content.decode().split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("Ann Papers", "Bo Statement", "Cy Nothing")
    }
    assert "no papers" not in rows["Ann Papers"]
    assert "no papers: text affinity from the statement and keywords only" in rows["Bo Statement"]
    assert "no papers: affinity from topics and bids only" in rows["Cy Nothing"]
    client.force_login(statement_only.user)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Your reviewer profile lists none of your own papers." in dashboard
    assert f'href="{profile_url(workshop)}#papers">Add my papers</a>' in dashboard
    client.force_login(with_papers.user)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Add my papers" not in dashboard
    assert "no papers listed" not in dashboard
