"""The organizers' proceedings bundle: accepted papers' PDFs named by number and title,
papers.csv, papers.json and proceedings.bib, streamed."""

import csv
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from decisions.services import decision_set
from tests.factories import AuthorshipFactory
from tests.reviews.review_builders import add_organizer, paper, reviewing_workshop

pytestmark = pytest.mark.django_db

URL = "/pr/manage/export/proceedings.zip"


def accepted(workshop, olga, number, title, authors, outcome="poster", **files):
    submission = paper(workshop, number=number, title=title, keywords="scaling, data_sets")
    for order, (name, affiliation) in enumerate(authors):
        AuthorshipFactory(
            submission=submission,
            name=name,
            email=f"a{number}{order}@x.example.org",
            affiliation=affiliation,
            order=order,
        )
    for field, data in files.items():
        getattr(submission, field).save("paper.pdf", ContentFile(data), save=False)
    submission.save()
    decision_set(submission=submission, outcome=outcome, by=olga)
    return submission


@pytest.fixture
def bundle_world():
    workshop = reviewing_workshop(slug="pr", name="Workshop on Models & Data_Sets")
    olga = add_organizer(workshop)
    accepted(
        workshop,
        olga,
        1,
        "Learning $O(n)$ paths: 50% {faster}",
        [("Ada Lovelace", "Analytical Lab"), ("Bell and Sons", "")],
        outcome="oral",
        pdf=b"%PDF-submitted-1",
        camera_ready_pdf=b"%PDF-camera-ready-1",
    )
    accepted(workshop, olga, 2, "=cmd| Überraschung", [("Zoë #1", "Lab ~2")], pdf=b"%PDF-sub-2")
    accepted(workshop, olga, 3, "Rejected work", [("Rex", "")], outcome="reject", pdf=b"%PDF-3")
    own = accepted(workshop, olga, 4, "Olga's own", [("Olga", "Org")], pdf=b"%PDF-4")
    AuthorshipFactory(submission=own, name="Olga", email=olga.email, user=olga, order=1)
    return workshop, olga


def bundle(client) -> zipfile.ZipFile:
    response = client.get(URL)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/zip"
    stamp = timezone.now().strftime("%Y%m%d")
    assert response["Content-Disposition"] == f'attachment; filename="pr-proceedings-{stamp}.zip"'
    assert response["Cache-Control"] == "private, no-store"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_proceedings_zip_has_the_accepted_papers_and_metadata(client, bundle_world):
    workshop, olga = bundle_world
    client.force_login(olga)
    archive = bundle(client)
    assert archive.namelist() == [
        "papers.csv",
        "papers.json",
        "proceedings.bib",
        "001-Learning-O-n-paths-50-faster.pdf",
        "002-cmd-Uberraschung.pdf",
    ]
    assert archive.read("001-Learning-O-n-paths-50-faster.pdf") == b"%PDF-camera-ready-1"
    assert archive.read("002-cmd-Uberraschung.pdf") == b"%PDF-sub-2"
    assert archive.getinfo("002-cmd-Uberraschung.pdf").compress_type == zipfile.ZIP_STORED
    assert archive.testzip() is None


def test_proceedings_csv_is_exact(client, bundle_world):
    _, olga = bundle_world
    client.force_login(olga)
    rows = list(csv.reader(io.StringIO(bundle(client).read("papers.csv").decode())))
    assert rows == [
        [
            "number",
            "title",
            "authors",
            "affiliations",
            "abstract",
            "keywords",
            "outcome",
            "topic",
            "file",
            "pdf_source",
        ],
        [
            "1",
            "Learning $O(n)$ paths: 50% {faster}",
            "Ada Lovelace; Bell and Sons",
            "Analytical Lab; ",
            "We study how skills emerge with scale.",
            "scaling; data_sets",
            "oral",
            "Scaling laws",
            "001-Learning-O-n-paths-50-faster.pdf",
            "camera-ready",
        ],
        [
            "2",
            "'=cmd| Überraschung",
            "Zoë #1",
            "Lab ~2",
            "We study how skills emerge with scale.",
            "scaling; data_sets",
            "poster",
            "Scaling laws",
            "002-cmd-Uberraschung.pdf",
            "submitted",
        ],
    ]


def test_proceedings_json_is_exact(client, bundle_world):
    _, olga = bundle_world
    client.force_login(olga)
    papers = json.loads(bundle(client).read("papers.json"))
    assert papers == [
        {
            "number": 1,
            "title": "Learning $O(n)$ paths: 50% {faster}",
            "authors": ["Ada Lovelace", "Bell and Sons"],
            "affiliations": ["Analytical Lab", ""],
            "abstract": "We study how skills emerge with scale.",
            "keywords": ["scaling", "data_sets"],
            "outcome": "oral",
            "topic": "Scaling laws",
            "file": "001-Learning-O-n-paths-50-faster.pdf",
            "pdf_source": "camera-ready",
        },
        {
            "number": 2,
            "title": "=cmd| Überraschung",
            "authors": ["Zoë #1"],
            "affiliations": ["Lab ~2"],
            "abstract": "We study how skills emerge with scale.",
            "keywords": ["scaling", "data_sets"],
            "outcome": "poster",
            "topic": "Scaling laws",
            "file": "002-cmd-Uberraschung.pdf",
            "pdf_source": "submitted",
        },
    ]


def test_proceedings_bibtex_is_exact_and_escaped(client, bundle_world):
    workshop, olga = bundle_world
    client.force_login(olga)
    year = workshop.camera_ready_deadline.year
    assert bundle(client).read("proceedings.bib").decode() == (
        "@inproceedings{pr-1,\n"
        r"  title = {{Learning \$O(n)\$ paths: 50\% \{faster\}}},"
        "\n"
        "  author = {Ada Lovelace and {Bell and Sons}},\n"
        r"  booktitle = {Workshop on Models \& Data\_Sets},"
        "\n"
        f"  year = {{{year}}},\n"
        r"  keywords = {scaling, data\_sets}"
        "\n}\n\n"
        "@inproceedings{pr-2,\n"
        "  title = {{=cmd| Überraschung}},\n"
        r"  author = {Zoë \#1},"
        "\n"
        r"  booktitle = {Workshop on Models \& Data\_Sets},"
        "\n"
        f"  year = {{{year}}},\n"
        r"  keywords = {scaling, data\_sets}"
        "\n}\n"
    )


def test_proceedings_include_the_organizers_own_paper_once_released(client, bundle_world):
    workshop, olga = bundle_world
    workshop.decisions_released_at = timezone.now()
    workshop.save()
    client.force_login(olga)
    assert bundle(client).namelist()[-1] == "004-Olga-s-own.pdf"


def test_proceedings_queries_do_not_grow_with_papers(
    client, bundle_world, django_assert_num_queries
):
    workshop, olga = bundle_world
    client.force_login(olga)
    with django_assert_num_queries(6):
        assert len(bundle(client).namelist()) == 5
    for number in range(10, 16):
        accepted(workshop, olga, number, f"Paper {number}", [("A", "B")], pdf=b"%PDF-x")
    with django_assert_num_queries(6):
        assert len(bundle(client).namelist()) == 11


def test_exports_page_links_to_the_proceedings(client, bundle_world):
    _, olga = bundle_world
    client.force_login(olga)
    page = client.get(reverse("decisions:exports", kwargs={"workshop": "pr"})).content.decode()
    assert f'href="{URL}"' in page
    assert "Download the proceedings (zip)" in page
