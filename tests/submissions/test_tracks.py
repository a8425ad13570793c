"""Tracks from the author's side: choosing one, its page limit and its deadline; and the
organizers' submissions list filtered by track."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fomo_site.errors import Refusal
from submissions import deadlines
from submissions.models import Submission
from submissions.services import submission_create, submission_update
from tests.pdfs import make_pdf
from tests.submissions.conftest import content, pdf_upload
from tests.submissions.test_views import form_data, pdf_file, url
from topics.models import Track


def tiny(workshop, **fields) -> Track:
    return Track.objects.create(
        workshop=workshop, name="Tiny papers", slug="tiny", order=0, max_pages=2, **fields
    )


def full(workshop, **fields) -> Track:
    return Track.objects.create(
        workshop=workshop, name="Full papers", slug="full", order=1, max_pages=4, **fields
    )


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


# --- services ------------------------------------------------------------------------------


def test_submission_without_a_track_is_refused_when_the_workshop_has_tracks(workshop, author):
    tiny(workshop)
    with pytest.raises(Refusal, match="Choose a track"):
        submission_create(
            workshop=workshop, submitter=author, content=content(workshop), submit=True
        )
    assert not Submission.objects.exists()


def test_workshop_without_tracks_takes_papers_without_a_track(workshop, author):
    paper = submission_create(
        workshop=workshop, submitter=author, content=content(workshop), submit=True
    )
    assert paper.track is None


def test_pdf_over_the_track_limit_is_refused_by_the_service(workshop, author):
    track = tiny(workshop)
    with pytest.raises(Refusal) as refusal:
        submission_create(
            workshop=workshop,
            submitter=author,
            content=content(workshop, track=track, pdf=pdf_upload(3)),
            submit=True,
        )
    assert str(refusal.value) == (
        "The PDF has 3 pages; the limit of the track “Tiny papers” is 2. Nothing was saved."
    )


def test_author_switches_track_before_the_deadline(workshop, author):
    small, large = tiny(workshop), full(workshop)
    paper = submission_create(
        workshop=workshop, submitter=author, content=content(workshop, track=small), submit=True
    )
    submission_update(
        submission=paper, editor=author, content=content(workshop, track=large, pdf=None)
    )
    paper.refresh_from_db()
    assert paper.track == large


def test_switch_to_a_track_whose_own_deadline_passed_is_refused(workshop, author):
    now = timezone.now()
    small = tiny(workshop, deadline=now - timedelta(hours=1))
    large = full(workshop)
    paper = submission_create(
        workshop=workshop, submitter=author, content=content(workshop, track=large), submit=True
    )
    with pytest.raises(Refusal, match="The deadline of the track “Tiny papers” passed"):
        submission_update(
            submission=paper, editor=author, content=content(workshop, track=small, pdf=None)
        )
    paper.refresh_from_db()
    assert paper.track == large


def test_track_deadline_override_sets_the_edit_window(workshop, author):
    later = workshop.submission_deadline + timedelta(days=3)
    small = tiny(workshop, deadline=later)
    paper = submission_create(
        workshop=workshop, submitter=author, content=content(workshop, track=small), submit=True
    )
    after_workshop_deadline = workshop.submission_deadline + timedelta(days=1)
    assert deadlines.edit_deadline(paper) == later
    assert deadlines.edit_open(paper, after_workshop_deadline)
    assert not deadlines.edit_open(paper, later)
    assert deadlines.creation_open(workshop, after_workshop_deadline)
    submission_update(
        submission=paper,
        editor=author,
        content=content(workshop, track=small, title="Edited late", pdf=None),
        now=after_workshop_deadline,
    )
    paper.refresh_from_db()
    assert paper.title == "Edited late"


def test_earlier_track_deadline_closes_its_papers_first(workshop, author):
    earlier = workshop.submission_deadline - timedelta(days=1)
    small = tiny(workshop, deadline=earlier)
    paper = submission_create(
        workshop=workshop, submitter=author, content=content(workshop, track=small), submit=True
    )
    with pytest.raises(Refusal, match="deadline passed"):
        submission_update(
            submission=paper,
            editor=author,
            content=content(workshop, track=small, pdf=None),
            now=earlier + timedelta(minutes=1),
        )


# --- the author's form --------------------------------------------------------------------


def test_form_lists_the_tracks_with_their_page_limits(author_client, workshop):
    tiny(workshop)
    full(workshop)
    page = author_client.get(url(workshop, "new/")).content.decode()
    assert "Tiny papers (at most 2 pages)" in page
    assert "Full papers (at most 4 pages)" in page


def test_form_refuses_a_pdf_over_the_chosen_tracks_limit_and_keeps_the_typing(
    author_client, workshop
):
    track = tiny(workshop)
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop, track=track.pk), "pdf": pdf_file(make_pdf(3))}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == [
        "The PDF has 3 pages; the limit of “Tiny papers” is 2."
    ]
    assert "Grokking as a phase transition" in response.content.decode()
    assert not Submission.objects.exists()


def test_form_takes_a_pdf_within_the_tracks_limit(author_client, workshop):
    full(workshop)
    track = Track.objects.get(slug="full")
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop, track=track.pk), "pdf": pdf_file(make_pdf(4))}
    )
    assert response.status_code == 302
    assert Submission.objects.get().track == track


def test_form_asks_for_a_track_when_the_workshop_has_tracks(author_client, workshop):
    tiny(workshop)
    response = author_client.post(url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file()})
    assert response.context["form"].errors["track"] == ["This field is required."]


def test_form_refuses_switching_to_a_track_the_uploaded_pdf_exceeds(
    author_client, workshop, author
):
    small, large = tiny(workshop), full(workshop)
    paper = submission_create(
        workshop=workshop,
        submitter=author,
        content=content(workshop, track=large, pdf=pdf_upload(3)),
        submit=True,
    )
    response = author_client.post(
        url(workshop, f"{paper.number}/edit/"), form_data(workshop, track=small.pk)
    )
    assert response.context["form"].errors["track"] == [
        "The uploaded PDF has 3 pages; the limit of “Tiny papers” is 2. "
        "Upload a shorter PDF with the switch."
    ]
    paper.refresh_from_db()
    assert paper.track == large


# --- organizers ---------------------------------------------------------------------------


@pytest.fixture
def two_tracks_with_papers(workshop, author):
    small, large = tiny(workshop), full(workshop)
    for title, track in [("Tiny one", small), ("Full one", large), ("Full two", large)]:
        submission_create(
            workshop=workshop,
            submitter=author,
            content=content(workshop, track=track, title=title),
            submit=True,
        )
    return small, large


@pytest.fixture
def organizer_client(client, workshop):
    from tests.factories import UserFactory

    organizer = UserFactory(email="olivia@org.example.net")
    workshop.organizers.add(organizer)
    client.force_login(organizer)
    return client


def test_organizer_list_filters_by_track_and_shows_the_column(
    organizer_client, workshop, two_tracks_with_papers
):
    small, _ = two_tracks_with_papers
    response = organizer_client.get(f"/{workshop.slug}/manage/submissions/?track={small.pk}")
    assert [s.title for s in response.context["submissions"]] == ["Tiny one"]
    page = response.content.decode()
    assert "<th>Track</th>" in page
    assert 'name="track"' in page


def test_organizer_list_of_a_workshop_without_tracks_has_no_track_column(
    organizer_client, workshop
):
    page = organizer_client.get(f"/{workshop.slug}/manage/submissions/").content.decode()
    assert "<th>Track</th>" not in page
    assert 'name="track"' not in page


def test_organizer_csv_has_a_track_column(organizer_client, workshop, two_tracks_with_papers):
    _, large = two_tracks_with_papers
    response = organizer_client.get(
        f"/{workshop.slug}/manage/submissions/export.csv?track={large.pk}"
    )
    lines = response.content.decode().splitlines()
    assert lines[0].endswith(",track")
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["Full papers", "Full papers"]


# session, user, workshop, organizer check, filter form (topics, tracks), tracks check,
# papers, authors, secondary topics, status counts, ...: the same for 1 paper and for 4
QUERIES_OF_THE_LIST = 12


@pytest.mark.parametrize("papers", [1, 4])
def test_organizer_list_queries_do_not_grow_with_papers(
    organizer_client, workshop, author, papers, django_assert_num_queries
):
    track = tiny(workshop)
    for n in range(papers):
        submission_create(
            workshop=workshop,
            submitter=author,
            content=content(workshop, track=track, title=f"Paper {n}"),
            submit=True,
        )
    with django_assert_num_queries(QUERIES_OF_THE_LIST):
        organizer_client.get(f"/{workshop.slug}/manage/submissions/?track={track.pk}")
