import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fomo_site.errors import Refusal
from pool.conflicts import domain_suffixes, normalise_affiliation, public_email_domains
from pool.enums import BidValue, ConflictSource
from pool.models import Conflict
from pool.selectors import conflict_pairs
from pool.services import (
    bid_place,
    conflict_add_by_organizer,
    conflict_remove,
    conflicts_declare_by_author,
    conflicts_recompute_for_reviewer,
    conflicts_recompute_for_submission,
    conflicts_recompute_for_workshop,
    reviewer_profile_update,
)
from submissions.models import Authorship
from tests.factories import UserFactory
from tests.pool.helpers import make_reviewer, make_submission


def sources(submission, user) -> list[str]:
    return sorted(
        Conflict.objects.filter(
            submission=submission, reviewer=user, removed_at__isnull=True
        ).values_list("source", flat=True)
    )


def test_public_mail_domains_are_data_and_ignored():
    assert {"gmail.com", "outlook.com", "qq.com", "163.com"} <= public_email_domains()
    assert domain_suffixes("gmail.com") == []
    assert domain_suffixes("mail.qq.com") == []
    assert domain_suffixes("cs.ox.ac.uk") == ["cs.ox.ac.uk", "ox.ac.uk"]
    assert domain_suffixes("cs.stanford.edu") == ["cs.stanford.edu", "stanford.edu"]


def test_affiliation_normalisation_ignores_case_punctuation_and_filler():
    assert normalise_affiliation("The University of Oxford") == {"oxford university"}
    assert normalise_affiliation("OXFORD UNIVERSITY.") == {"oxford university"}
    assert normalise_affiliation("Université de Montréal") == {"montreal university"}
    assert normalise_affiliation("Dept. of Computer Science, ETH Zürich, Switzerland") == {
        "eth zurich"
    }
    assert normalise_affiliation("Stanford University, USA") == {"stanford university"}
    assert normalise_affiliation("University") == frozenset()
    assert normalise_affiliation("") == frozenset()


@pytest.mark.django_db
def test_conflict_reviewer_is_an_author(workshop, topics):
    profile = make_reviewer(workshop, "rita@gmail.com", affiliation="")
    paper = make_submission(
        workshop, topics["data"], authors=[("Rita", "rita@gmail.com", "", profile.user)]
    )
    conflicts_recompute_for_submission(submission=paper)
    assert sources(paper, profile.user) == [ConflictSource.AUTHOR]


@pytest.mark.django_db
def test_conflict_author_matched_by_email_without_account_link(workshop, topics):
    profile = make_reviewer(workshop, "rita@gmail.com")
    paper = make_submission(workshop, topics["data"], authors=[("Rita", "Rita@gmail.com", "")])
    conflicts_recompute_for_submission(submission=paper)
    assert sources(paper, profile.user) == [ConflictSource.AUTHOR]


@pytest.mark.django_db
def test_conflict_shared_domain_including_subdomains(workshop, topics):
    colleague = make_reviewer(workshop, "ann@stanford.edu")
    other = make_reviewer(workshop, "bob@mit.edu")
    paper = make_submission(
        workshop, topics["data"], authors=[("Carl", "carl@cs.stanford.edu", "Some Lab")]
    )
    conflicts_recompute_for_submission(submission=paper)
    assert sources(paper, colleague.user) == [ConflictSource.DOMAIN]
    assert sources(paper, other.user) == []
    assert Conflict.objects.get(reviewer=colleague.user).reason == (
        "Shares the email domain cs.stanford.edu with author Carl."
    )


@pytest.mark.django_db
def test_conflict_sibling_subdomains_of_a_host_are_not_a_conflict(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@uni1.example.org")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@uni2.example.org", "")])
    conflicts_recompute_for_submission(submission=paper)
    assert sources(paper, reviewer.user) == []


@pytest.mark.django_db
def test_conflict_public_mail_domain_is_not_a_conflict(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@gmail.com")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@gmail.com", "")])
    paper2 = make_submission(workshop, topics["data"], authors=[("D", "d@163.com", "")])
    reviewer_profile_update(
        profile=reviewer,
        affiliation="",
        email_domains=["163.com", "qq.com"],
        statement="",
        keywords="",
        max_load=None,
        expertise={},
    )
    conflicts_recompute_for_workshop(workshop=workshop)
    assert sources(paper, reviewer.user) == []
    assert sources(paper2, reviewer.user) == []


@pytest.mark.django_db
def test_conflict_declared_profile_domain_counts(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@gmail.com")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@ee.ethz.ch", "")])
    reviewer_profile_update(
        profile=reviewer,
        affiliation="",
        email_domains=["ethz.ch"],
        statement="",
        keywords="",
        max_load=None,
        expertise={},
    )
    assert sources(paper, reviewer.user) == [ConflictSource.DOMAIN]


@pytest.mark.django_db
def test_conflict_same_affiliation_normalised(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@gmail.com", affiliation="The University of Oxford")
    paper = make_submission(
        workshop, topics["data"], authors=[("C", "c@outlook.com", "Oxford University")]
    )
    conflicts_recompute_for_submission(submission=paper)
    assert sources(paper, reviewer.user) == [ConflictSource.AFFILIATION]


@pytest.mark.django_db
def test_conflict_coauthor_on_another_submission(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@gmail.com")
    together = make_submission(
        workshop,
        topics["data"],
        authors=[("Ann", "ann@gmail.com", ""), ("Bo", "bo@outlook.com", "")],
    )
    bos_paper = make_submission(
        workshop, topics["fine-tuning"], authors=[("Bo", "bo@outlook.com", "")]
    )
    unrelated = make_submission(workshop, topics["data"], authors=[("Cy", "cy@qq.com", "")])
    conflicts_recompute_for_workshop(workshop=workshop)
    assert sources(together, reviewer.user) == [ConflictSource.AUTHOR]
    assert sources(bos_paper, reviewer.user) == [ConflictSource.COAUTHOR]
    assert sources(unrelated, reviewer.user) == []
    assert Conflict.objects.get(submission=bos_paper).reason == (
        f"Co-author of Bo on submission #{together.number}."
    )


@pytest.mark.django_db
def test_conflict_recompute_for_submission_updates_coauthors_elsewhere(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@gmail.com")
    bos_paper = make_submission(
        workshop, topics["fine-tuning"], authors=[("Bo", "bo@outlook.com", "")]
    )
    together = make_submission(workshop, topics["data"], authors=[("Ann", "ann@gmail.com", "")])
    conflicts_recompute_for_submission(submission=together)
    assert sources(bos_paper, reviewer.user) == []
    Authorship.objects.create(submission=together, name="Bo", email="bo@outlook.com", order=1)
    conflicts_recompute_for_submission(submission=together)
    assert sources(bos_paper, reviewer.user) == [ConflictSource.COAUTHOR]
    Authorship.objects.filter(submission=together, email="bo@outlook.com").delete()
    assert conflicts_recompute_for_submission(submission=together) == (0, 1)
    assert sources(bos_paper, reviewer.user) == []


@pytest.mark.django_db
def test_conflict_recompute_deletes_stale_and_twice_changes_nothing(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@stanford.edu")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    assert conflicts_recompute_for_workshop(workshop=workshop) == (1, 0)
    assert conflicts_recompute_for_workshop(workshop=workshop) == (0, 0)
    Authorship.objects.filter(submission=paper).update(email="c@mit.edu")
    assert conflicts_recompute_for_submission(submission=paper) == (0, 1)
    assert sources(paper, reviewer.user) == []


@pytest.mark.django_db
def test_conflict_recompute_for_reviewer_when_profile_changes(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@gmail.com", affiliation="")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@x.example.edu", "Mila")])
    assert sources(paper, reviewer.user) == []
    fields = dict(email_domains=[], statement="", keywords="", max_load=None)
    reviewer_profile_update(profile=reviewer, affiliation="MILA", expertise={}, **fields)
    assert sources(paper, reviewer.user) == [ConflictSource.AFFILIATION]
    reviewer_profile_update(profile=reviewer, affiliation="ETH Zurich", expertise={}, **fields)
    assert sources(paper, reviewer.user) == []


@pytest.mark.django_db
def test_conflict_removed_by_organizer_is_not_recreated(workshop, topics, organizer):
    reviewer = make_reviewer(workshop, "ann@stanford.edu")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    conflicts_recompute_for_submission(submission=paper)
    conflict = Conflict.objects.get()
    conflict_remove(conflict=conflict, by=organizer, reason="Different departments, checked")
    conflicts_recompute_for_workshop(workshop=workshop)
    conflicts_recompute_for_submission(submission=paper)
    conflicts_recompute_for_reviewer(profile=reviewer)
    assert sources(paper, reviewer.user) == []
    log = Conflict.objects.get()
    assert (log.removed_by, log.removal_reason) == (organizer, "Different departments, checked")
    assert conflict_pairs(workshop=workshop) == set()


@pytest.mark.django_db
def test_conflict_remove_needs_a_reason(workshop, topics, organizer):
    reviewer = make_reviewer(workshop, "ann@stanford.edu")
    make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    conflicts_recompute_for_workshop(workshop=workshop)
    with pytest.raises(Refusal, match="Give a reason"):
        conflict_remove(conflict=Conflict.objects.get(), by=organizer, reason="  ")
    assert Conflict.objects.get(reviewer=reviewer.user).removed_at is None


@pytest.mark.django_db
def test_conflict_organizer_adds_and_removes_through_pages(client, workshop, topics, organizer):
    reviewer = make_reviewer(workshop, "ann@mit.edu", name="Ann Reviewer")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    client.force_login(organizer)
    url = reverse("pool_manage:conflicts", kwargs={"workshop": workshop.slug})
    response = client.post(
        url, {"submission": paper.pk, "reviewer": reviewer.user_id, "reason": "Former advisor"}
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get()
    assert (conflict.source, conflict.reason, conflict.created_by) == (
        ConflictSource.ORGANIZER,
        "Former advisor",
        organizer,
    )
    page = client.get(url)
    assert "Former advisor" in page.content.decode()
    assert "Added by an organizer" in page.content.decode()
    remove = reverse(
        "pool_manage:conflict_remove", kwargs={"workshop": workshop.slug, "pk": conflict.pk}
    )
    client.post(remove, {"reason": ""})
    assert Conflict.objects.get().removed_at is None
    client.post(remove, {"reason": "Entered by mistake"})
    assert Conflict.objects.get().removal_reason == "Entered by mistake"
    assert list(client.get(url).context["conflicts"]) == []
    assert len(client.get(url + "?removed=1").context["conflicts"]) == 1
    conflict_add_by_organizer(submission=paper, reviewer=reviewer.user, reason="Yes", by=organizer)
    assert sources(paper, reviewer.user) == [ConflictSource.ORGANIZER]


@pytest.mark.django_db
def test_conflict_author_page_lists_pool_names_only(client, workshop, topics):
    make_reviewer(workshop, "ann@mit.edu", name="Ann Reviewer", affiliation="MIT")
    make_reviewer(workshop, "bob@eth.example.ch", name="Bob Reviewer", affiliation="ETH")
    invited_only = "pending@uni-p.example.edu"
    from pool.services import invitation_create

    invitation_create(workshop=workshop, email=invited_only, name="Pending Person")
    author = UserFactory(email="carl@stanford.edu")
    paper = make_submission(
        workshop, topics["data"], authors=[("Carl", "carl@stanford.edu", "Stanford", author)]
    )
    client.force_login(author)
    url = reverse(
        "pool_authors:conflicts", kwargs={"workshop": workshop.slug, "number": paper.number}
    )
    html = client.get(url).content.decode()
    assert "Ann Reviewer" in html and "Bob Reviewer" in html
    for private in ("ann@mit.edu", "bob@eth", "Pending Person", "MIT", "ETH<"):
        assert private not in html


@pytest.mark.django_db
def test_conflict_declared_by_author_set_and_withdrawn(client, workshop, topics):
    ann = make_reviewer(workshop, "ann@mit.edu", name="Ann Reviewer")
    bob = make_reviewer(workshop, "bob@eth.example.ch", name="Bob Reviewer")
    author = UserFactory(email="carl@stanford.edu")
    paper = make_submission(
        workshop, topics["data"], authors=[("Carl", "carl@stanford.edu", "", author)]
    )
    client.force_login(author)
    url = reverse(
        "pool_authors:conflicts", kwargs={"workshop": workshop.slug, "number": paper.number}
    )
    client.post(url, {"reviewers": [str(ann.user_id), str(bob.user_id)]})
    assert sources(paper, ann.user) == [ConflictSource.DECLARED_BY_AUTHOR]
    assert sources(paper, bob.user) == [ConflictSource.DECLARED_BY_AUTHOR]
    client.post(url, {"reviewers": [str(bob.user_id)]})
    assert sources(paper, ann.user) == []
    assert sources(paper, bob.user) == [ConflictSource.DECLARED_BY_AUTHOR]
    page = client.get(url)
    assert page.context["form"].initial["reviewers"] == [str(bob.user_id)]


@pytest.mark.django_db
def test_conflict_author_cannot_declare_someone_outside_the_pool(workshop, topics):
    outsider = UserFactory(email="x@uni-x.example.edu")
    author = UserFactory(email="carl@stanford.edu")
    paper = make_submission(
        workshop, topics["data"], authors=[("Carl", "carl@stanford.edu", "", author)]
    )
    with pytest.raises(Refusal, match="reviewer pool"):
        conflicts_declare_by_author(submission=paper, reviewer_ids=[outsider.pk], by=author)


@pytest.mark.django_db
def test_conflict_author_page_of_someone_elses_paper_is_404(client, workshop, topics):
    make_reviewer(workshop, "ann@mit.edu")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    client.force_login(UserFactory(email="nosy@uni-n.example.edu"))
    url = reverse(
        "pool_authors:conflicts", kwargs={"workshop": workshop.slug, "number": paper.number}
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"reviewers": []}).status_code == 404


@pytest.mark.django_db
def test_conflict_declared_by_reviewer_through_a_conflict_bid(workshop, topics):
    reviewer = make_reviewer(workshop, "ann@mit.edu")
    paper = make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    bid_place(submission=paper, reviewer=reviewer.user, value=BidValue.CONFLICT)
    assert sources(paper, reviewer.user) == [ConflictSource.DECLARED_BY_REVIEWER]
    assert conflict_pairs(workshop=workshop) == {(paper.pk, reviewer.user_id)}


@pytest.mark.django_db
def test_conflict_recompute_for_workshop_uses_a_fixed_number_of_queries(workshop, topics):
    def run() -> int:
        """Queries other than the bulk INSERT batches (whose number depends on the backend)."""
        with CaptureQueriesContext(connection) as queries:
            conflicts_recompute_for_workshop(workshop=workshop)
        return sum(1 for query in queries if not query["sql"].startswith("INSERT"))

    make_reviewer(workshop, "ann@stanford.edu")
    make_submission(workshop, topics["data"], authors=[("C", "c@stanford.edu", "")])
    few = run()
    for index in range(20):
        make_reviewer(workshop, f"r{index}@stanford.edu")
        make_submission(workshop, topics["data"], authors=[("D", f"d{index}@stanford.edu", "")])
    Conflict.objects.all().delete()
    assert run() == few
    assert Conflict.objects.count() == 21 * 21
