"""A reviewer's own papers: rows in their order, the services that change them (and announce
it), and the profile page where reviewers add, edit, remove, reorder and paste them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fomo_site.errors import Refusal
from pool.models import ReviewerPaper
from pool.paper_texts import PaperEntry
from pool.selectors import reviewer_pool
from pool.services import (
    MAX_OWN_PAPERS,
    reviewer_paper_add,
    reviewer_paper_delete,
    reviewer_paper_move,
    reviewer_paper_update,
    reviewer_papers_add,
    reviewer_papers_replace,
)
from pool.signals import reviewer_papers_changed
from tests.factories import WorkshopFactory
from tests.pool.helpers import make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(workshop):
    return make_reviewer(workshop, "rita@mit.edu", "Rita Reviewer")


@pytest.fixture
def announced():
    """The profile ids reviewer_papers_changed was sent with (a real receiver)."""
    sent = []

    def receiver(sender, *, profile_id, **kwargs):
        sent.append(profile_id)

    reviewer_papers_changed.connect(receiver, dispatch_uid="test.papers")
    yield sent
    reviewer_papers_changed.disconnect(dispatch_uid="test.papers")


def titles(profile) -> list[str]:
    return list(profile.papers.values_list("title", flat=True))


def papers_url(workshop, name: str, paper=None) -> str:
    kwargs = {"workshop": workshop.slug} | ({"pk": paper.pk} if paper else {})
    return reverse(f"pool:{name}", kwargs=kwargs)


def profile_url(workshop) -> str:
    return reverse("pool:profile", kwargs={"workshop": workshop.slug})


# --- model and services ---------------------------------------------------------------


def test_own_paper_list_is_title_then_abstract_in_the_reviewers_order(profile):
    first = reviewer_paper_add(profile=profile, title="Scaling laws", abstract="We fit curves.")
    reviewer_paper_add(profile=profile, title="Data pruning", year=2022)
    reviewer_paper_move(paper=first, up=False)
    assert profile.own_paper_list == ["Data pruning", "Scaling laws\nWe fit curves."]


def test_a_paper_needs_a_title_and_a_plausible_year(profile):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerPaper.objects.create(profile=profile, title="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerPaper.objects.create(profile=profile, title="Old", year=1687)
    with pytest.raises(Refusal, match="^No title.$"):
        reviewer_paper_add(profile=profile, title="   ")
    with pytest.raises(Refusal, match="not a web address"):
        reviewer_paper_add(profile=profile, title="T", url="ftp://example.org/x")
    assert titles(profile) == []


def test_move_swaps_with_the_neighbour_and_stops_at_the_ends(profile):
    a, b, c = (reviewer_paper_add(profile=profile, title=t) for t in ("A", "B", "C"))
    assert reviewer_paper_move(paper=c, up=True) is True
    assert titles(profile) == ["A", "C", "B"]
    assert reviewer_paper_move(paper=a, up=True) is False
    assert reviewer_paper_move(paper=b, up=False) is False
    reviewer_paper_delete(paper=a)
    assert reviewer_paper_move(paper=b, up=True) is True
    assert titles(profile) == ["B", "C"]
    assert reviewer_paper_add(profile=profile, title="D").position == 2


def test_every_change_is_announced_after_commit_with_the_profile_id(
    profile, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paper = reviewer_paper_add(profile=profile, title="A")
        assert announced == []  # not before the commit
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_paper_update(paper=paper, title="A", abstract="", year=None, url="")  # same
    assert announced == [profile.pk]
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_paper_update(paper=paper, title="A2", abstract="x", year=2020, url="")
        reviewer_papers_add(profile=profile, papers=[PaperEntry("B")])
        reviewer_paper_move(paper=paper, up=False)
        reviewer_paper_delete(paper=paper)
        reviewer_papers_replace(profile=profile, papers=[PaperEntry("C")])
    assert announced == [profile.pk] * 6


def test_pasted_papers_already_listed_are_left_out(profile, announced):
    reviewer_paper_add(profile=profile, title="Scaling Laws for Neural Language Models")
    added = reviewer_papers_add(
        profile=profile,
        papers=[
            PaperEntry("Scaling laws for neural language models."),
            PaperEntry("Data pruning", "Beats power laws.", 2022, "https://arxiv.org/abs/1"),
            PaperEntry("DATA PRUNING"),
        ],
    )
    assert (added.added, added.already_listed) == (
        1,
        ["Scaling laws for neural language models.", "DATA PRUNING"],
    )
    paper = profile.papers.get(title="Data pruning")
    assert (paper.abstract, paper.year, paper.url, paper.position) == (
        "Beats power laws.",
        2022,
        "https://arxiv.org/abs/1",
        1,
    )


def test_a_reviewers_list_is_capped_and_a_paste_over_the_cap_adds_nothing(profile):
    reviewer_papers_add(
        profile=profile, papers=[PaperEntry(f"Paper {n}") for n in range(MAX_OWN_PAPERS - 1)]
    )
    with pytest.raises(
        Refusal, match=f"up to {MAX_OWN_PAPERS} papers: you have 99, and this adds 2"
    ):
        reviewer_papers_add(profile=profile, papers=[PaperEntry("X"), PaperEntry("Y")])
    reviewer_paper_add(profile=profile, title="Last one")
    with pytest.raises(Refusal, match="remove one first"):
        reviewer_paper_add(profile=profile, title="One too many")
    assert profile.papers.count() == MAX_OWN_PAPERS


def test_replace_takes_imported_papers_as_they_come(profile):
    reviewer_paper_add(profile=profile, title="Old")
    count = reviewer_papers_replace(
        profile=profile,
        papers=[
            PaperEntry("T" * 600, "  abstract  ", year=1066, url="not a link"),
            PaperEntry("  "),
            PaperEntry("Fine", year=2021, url="https://example.org/p"),
        ],
    )
    assert count == 2
    rows = list(profile.papers.values_list("title", "abstract", "year", "url"))
    assert rows == [("T" * 500, "abstract", None, ""), ("Fine", "", 2021, "https://example.org/p")]


# --- the profile page ------------------------------------------------------------------


def test_reviewer_adds_a_paper_and_sees_it_listed(client, workshop, profile):
    client.force_login(profile.user)
    response = client.post(
        papers_url(workshop, "paper_add"),
        {"title": " Scaling  laws ", "abstract": "We fit curves.", "year": "2021",
         "url": "arxiv.org/abs/2001.08361"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == profile_url(workshop) + "#papers"
    paper = profile.papers.get()
    assert (paper.title, paper.abstract, paper.year, paper.url) == (
        "Scaling laws",
        "We fit curves.",
        2021,
        "https://arxiv.org/abs/2001.08361",
    )
    page = client.get(profile_url(workshop)).content.decode()
    assert f'id="paper-{paper.pk}"' in page
    assert "We fit curves." in page


def test_a_paper_without_a_title_is_refused_and_what_was_typed_stays(client, workshop, profile):
    client.force_login(profile.user)
    response = client.post(
        papers_url(workshop, "paper_add"),
        {"title": "", "abstract": "My long abstract", "year": "3000", "url": "nope nope"},
    )
    assert response.status_code == 200
    errors = response.context["paper_form"].errors
    assert errors["title"] == ["This field is required."]
    assert errors["year"] == ["Ensure this value is less than or equal to 2100."]
    assert errors["url"] == ["Enter a valid URL."]
    assert "My long abstract</textarea>" in response.content.decode()
    assert profile.papers.count() == 0


def test_pasting_bibtex_adds_its_papers(client, workshop, profile):
    client.force_login(profile.user)
    bibtex = (
        "@inproceedings{a, title = {Scaling {L}aws}, year = 2020, doi = {10.1/x},\n"
        " abstract = {We {\\em fit} curves.}}\n"
        '@article{b, title = {G{\\"o}del machines}}\n'
    )
    response = client.post(papers_url(workshop, "papers_paste"), {"papers_text": bibtex})
    assert response.status_code == 302
    rows = list(profile.papers.values_list("title", "abstract", "year", "url"))
    assert rows == [
        ("Scaling Laws", "We fit curves.", 2020, "https://doi.org/10.1/x"),
        ("Gödel machines", "", None, ""),
    ]
    page = client.get(profile_url(workshop))
    assert [str(m) for m in page.context["messages"]] == ["2 papers are added to your list."]
    client.post(papers_url(workshop, "papers_paste"), {"papers_text": bibtex})
    page = client.get(profile_url(workshop))
    assert [str(m) for m in page.context["messages"]] == [
        "Already in your list, so left out: “Scaling Laws”; “Gödel machines”."
    ]
    assert profile.papers.count() == 2


def test_pasting_a_plain_list_adds_its_papers(client, workshop, profile):
    client.force_login(profile.user)
    text = "Scaling laws\nWe fit\ncurves.\n\nData pruning\n"
    client.post(papers_url(workshop, "papers_paste"), {"papers_text": text})
    assert profile.own_paper_list == ["Scaling laws\nWe fit curves.", "Data pruning"]


def test_a_broken_paste_adds_nothing_says_why_entry_by_entry_and_keeps_the_text(
    client, workshop, profile
):
    client.force_login(profile.user)
    bibtex = (
        "@article{good, title = {Fine}}\n"
        "@article{bad, year = 2020}\n"
        "@article{old, title = {Principia}, year = 1687}\n"
    )
    response = client.post(papers_url(workshop, "papers_paste"), {"papers_text": bibtex})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was added: 2 entries could not be read." in page
    assert "<li>entry 2 (bad, line 2): no title</li>" in page
    assert "<li>entry 3 (old, line 3): the year 1687 is not a plausible year</li>" in page
    assert "@article{good, title = {Fine}}\n@article{bad, year = 2020}" in page
    assert profile.papers.count() == 0


def test_pasting_nothing_readable_says_so(client, workshop, profile):
    client.force_login(profile.user)
    response = client.post(papers_url(workshop, "papers_paste"), {"papers_text": "\n \n"})
    assert response.context["paste_form"].errors["papers_text"] == ["This field is required."]
    response = client.post(papers_url(workshop, "papers_paste"), {"papers_text": "@comment{x}"})
    assert response.context["paste_form"].errors["papers_text"] == ["No paper found in the text."]


def test_reviewer_edits_moves_and_removes_a_paper(client, workshop, profile):
    first = reviewer_paper_add(profile=profile, title="First")
    second = reviewer_paper_add(profile=profile, title="Second")
    client.force_login(profile.user)
    edit = client.get(papers_url(workshop, "paper_edit", first))
    assert edit.status_code == 200
    assert 'value="First"' in edit.content.decode()
    response = client.post(
        papers_url(workshop, "paper_edit", first),
        {"title": "First, renamed", "abstract": "Now with an abstract.", "year": "", "url": ""},
    )
    assert response["Location"] == profile_url(workshop) + f"#paper-{first.pk}"
    response = client.post(papers_url(workshop, "paper_move", second), {"direction": "up"})
    assert response["Location"] == profile_url(workshop) + f"#paper-{second.pk}"
    assert profile.own_paper_list == ["Second", "First, renamed\nNow with an abstract."]
    assert client.post(papers_url(workshop, "paper_move", second), {"direction": "sideways"})
    assert titles(profile) == ["Second", "First, renamed"]
    client.post(papers_url(workshop, "paper_delete", second))
    assert titles(profile) == ["First, renamed"]


def test_an_edit_with_errors_keeps_what_was_typed(client, workshop, profile):
    paper = reviewer_paper_add(profile=profile, title="First")
    client.force_login(profile.user)
    response = client.post(
        papers_url(workshop, "paper_edit", paper),
        {"title": "", "abstract": "Typed abstract", "year": "", "url": ""},
    )
    assert response.status_code == 200
    assert "Typed abstract</textarea>" in response.content.decode()
    paper.refresh_from_db()
    assert (paper.title, paper.abstract) == ("First", "")


def test_another_reviewers_paper_is_a_404(client, workshop, profile):
    other = make_reviewer(workshop, "bo@eth.example.ch", "Bo")
    paper = reviewer_paper_add(profile=other, title="Bo's paper")
    elsewhere = make_reviewer(WorkshopFactory(slug="other-ws"), "rita2@mit.edu")
    client.force_login(profile.user)
    assert client.get(papers_url(workshop, "paper_edit", paper)).status_code == 404
    assert client.post(papers_url(workshop, "paper_delete", paper)).status_code == 404
    move = client.post(papers_url(workshop, "paper_move", paper), {"direction": "up"})
    assert move.status_code == 404
    assert titles(other) == ["Bo's paper"]
    mine_elsewhere = reviewer_paper_add(profile=elsewhere, title="Mine, other workshop")
    client.force_login(elsewhere.user)
    assert client.get(papers_url(workshop, "paper_edit", mine_elsewhere)).status_code == 403


def test_profile_page_queries_do_not_grow_with_papers(
    client, workshop, profile, django_assert_max_num_queries
):
    client.force_login(profile.user)
    reviewer_paper_add(profile=profile, title="Only one")
    with CaptureQueriesContext(connection) as one:
        client.get(profile_url(workshop))
    reviewer_papers_add(profile=profile, papers=[PaperEntry(f"P{n}") for n in range(30)])
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(profile_url(workshop))
    assert len(page.context["papers"]) == 31


def test_pool_page_counts_papers_in_fixed_queries(workshop, django_assert_num_queries):
    for n in range(4):
        reviewer = make_reviewer(workshop, f"r{n}@uni{n}.example.edu")
        reviewer_papers_add(
            profile=reviewer, papers=[PaperEntry(f"Paper {n}.{k}") for k in range(n)]
        )
    with django_assert_num_queries(1):
        rows = reviewer_pool(workshop=workshop)
    assert [(row.paper_count, bool(row.text_note)) for row in rows] == [
        (0, True),
        (1, False),
        (2, False),
        (3, False),
    ]


@pytest.mark.parametrize(
    ("phase", "released", "asked"),
    [
        ("submission", False, True),
        ("bidding", False, True),
        ("reviewing", False, True),
        ("reviewing", True, False),
        ("camera_ready", False, False),
    ],
)
def test_dashboard_asks_for_papers_while_the_workshop_still_assigns(client, phase, released, asked):
    workshop = WorkshopFactory(phase=phase, slug=f"ws-{phase}")
    if released:
        workshop.decisions_released_at = workshop.review_deadline
        workshop.save()
    reviewer = make_reviewer(workshop, "rita@mit.edu")
    client.force_login(reviewer.user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert (f'data-papers-wanted="ws-{phase}"' in page) is asked
    reviewer_paper_add(profile=reviewer, title="Mine")
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "data-papers-wanted" not in page


def test_admin_shows_papers_inline_on_the_profile(client, workshop, profile):
    from tests.factories import UserFactory

    reviewer_paper_add(profile=profile, title="Inline paper")
    admin = UserFactory(email="admin@uni-admin.example.edu", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:pool_reviewerprofile_change", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Inline paper"' in page.content.decode()
