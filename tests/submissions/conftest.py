import pytest

from submissions.pdf import pdf_check
from submissions.services import AuthorData, PdfUpload, SubmissionContent
from tests.factories import TopicFactory, UserFactory, WorkshopFactory
from tests.pdfs import make_pdf


def make_workshop(**fields):
    workshop = WorkshopFactory(**fields)
    area = TopicFactory(workshop=workshop, name="Emergent phenomena", slug="emergent", order=0)
    TopicFactory(workshop=workshop, parent=area, name="Scaling laws", slug="scaling-laws", order=0)
    TopicFactory(
        workshop=workshop, parent=area, name="Scale-driven capabilities", slug="scale", order=1
    )
    other_area = TopicFactory(workshop=workshop, name="Adaptation", slug="adaptation", order=1)
    TopicFactory(
        workshop=workshop, parent=other_area, name="Instruction tuning", slug="instruction", order=0
    )
    return workshop


@pytest.fixture
def workshop(db):
    return make_workshop()


@pytest.fixture
def author(db):
    return UserFactory(
        email="ada@analytical.example.org", full_name="Ada Lovelace", affiliation="Analytical Lab"
    )


def topic(workshop, slug):
    return workshop.topics.get(slug=slug)


def pdf_upload(pages: int = 2, **kwargs) -> PdfUpload:
    data = make_pdf(pages, **kwargs)
    return PdfUpload(original=data, checked=pdf_check(data, max_pages=10, max_bytes=10**7))


def content(workshop, *, authors=None, **overrides) -> SubmissionContent:
    fields = {
        "title": "Grokking as a phase transition",
        "abstract": "We study $a_1$ and emergence.",
        "keywords": ["grokking", "scaling"],
        "primary_topic": topic(workshop, "scaling-laws"),
        "secondary_topics": [topic(workshop, "instruction")],
        "authors": authors
        or [
            AuthorData(
                name="Ada Lovelace",
                email="ada@analytical.example.org",
                affiliation="Analytical Lab",
                is_corresponding=True,
            ),
            AuthorData(name="Charles Babbage", email="charles@engine.example.org"),
        ],
        "anonymized_confirmed": True,
        "pdf": pdf_upload(),
    }
    return SubmissionContent(**{**fields, **overrides})
