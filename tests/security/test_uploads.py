"""Upload attacks on the submission form: not a PDF, polyglots, encrypted, decompression
bomb, a thousand file parts, a 200 MB body, path-traversal file names."""

import io
import tracemalloc
import zipfile

import pytest
from django.test.client import ClientHandler
from django.urls import reverse

from submissions.models import Submission
from tests.factories import TopicFactory, UserFactory, WorkshopFactory
from tests.pdfs import make_bomb_pdf, make_pdf
from tests.submissions.upload_probe import HANDLERS_WITH_PROBE, passed_bytes

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def open_call(client):
    workshop = WorkshopFactory(phase="submission", slug="up-ws")
    area = TopicFactory(workshop=workshop, name="Area", slug="area")
    topic = TopicFactory(workshop=workshop, parent=area, name="Scaling", slug="scaling")
    author = UserFactory(email="ada@lab-up.org", full_name="Ada Upload")
    client.force_login(author)
    return workshop, topic, author, client


def form_data(topic, author, **files) -> dict:
    return {
        "action": "submit",
        "title": "A paper",
        "abstract": "An abstract.",
        "keywords": "one",
        "primary_topic": str(topic.pk),
        "anonymized_confirmed": "on",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "30",
        "authors-0-name": author.full_name,
        "authors-0-email": author.email,
        "authors-0-is_corresponding": "on",
        "authors-0-ORDER": "1",
        **files,
    }


def upload(name: str, data: bytes) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    return out.getvalue()


NOT_PDF = "This file is not a PDF: it looks like "
REFUSED_PDFS = {
    "html named .pdf": (
        b"<html><script>alert(1)</script></html>",
        NOT_PDF + "an HTML page.",
    ),
    "zip named .pdf": (zip_bytes(), NOT_PDF + "a ZIP archive (or a Word/OpenDocument file)."),
    "html then pdf (polyglot)": (
        b"<html><script>x</script>" + make_pdf(1),
        NOT_PDF + "an HTML page.",
    ),
    "encrypted": (
        make_pdf(1, password="secret"),
        "The PDF is encrypted or password-protected; upload an unprotected PDF.",
    ),
    "empty": (b"", "The submitted file is empty."),
    "truncated": (make_pdf(1)[:60], "The PDF could not be read: Stream has ended unexpectedly"),
    "decompression bomb": (
        make_bomb_pdf(),
        "The PDF expands to an unreasonable size when read (a decompression bomb?).",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_PDFS))
def test_upload_bad_pdf_refused_with_a_message_and_nothing_saved(open_call, case):
    workshop, topic, author, client = open_call
    data, message = REFUSED_PDFS[case]
    url = reverse("submissions:create", kwargs={"workshop": workshop.slug})
    response = client.post(url, form_data(topic, author, pdf=upload("paper.pdf", data)))
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == [message]
    assert Submission.objects.count() == 0


def test_upload_pdf_zip_polyglot_is_served_only_as_a_pdf_attachment(open_call):
    """A valid PDF with a ZIP appended may pass the PDF checks; it is then stored under our
    name and served as an attachment that browsers may not sniff."""
    workshop, topic, author, client = open_call
    polyglot = make_pdf(1) + zip_bytes()
    url = reverse("submissions:create", kwargs={"workshop": workshop.slug})
    response = client.post(url, form_data(topic, author, pdf=upload("x.html", polyglot)))
    assert response.status_code == 302  # a PDF reader sees a valid one-page PDF
    submission = Submission.objects.get()
    assert submission.pdf.name.startswith(f"submissions/{workshop.pk}/original/")
    assert submission.pdf.name.endswith(".pdf")
    download = client.get(
        reverse("submissions:pdf", kwargs={"workshop": workshop.slug, "number": submission.number})
    )
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == (
        f'attachment; filename="fomo-{workshop.slug}-{submission.number}.pdf"'
    )


def test_upload_path_traversal_file_name_is_not_used(open_call):
    workshop, topic, author, client = open_call
    url = reverse("submissions:create", kwargs={"workshop": workshop.slug})
    files = {
        "pdf": upload("../../../../etc/passwd.pdf", make_pdf(1)),
        "supplementary": upload("..\\..\\evil/../../x.zip", zip_bytes()),
    }
    response = client.post(url, form_data(topic, author, **files))
    assert response.status_code == 302
    submission = Submission.objects.get()
    for stored in (
        submission.pdf.name,
        submission.reviewer_pdf.name,
        submission.supplementary.name,
    ):
        assert stored.startswith(f"submissions/{workshop.pk}/")
        assert ".." not in stored and "\\" not in stored and "passwd" not in stored
    assert submission.supplementary.name.endswith(".zip")


def test_upload_a_thousand_file_parts_refused_with_400(open_call):
    workshop, topic, author, client = open_call
    url = reverse("submissions:create", kwargs={"workshop": workshop.slug})
    parts = {f"file{index}": upload(f"f{index}.pdf", b"%PDF-") for index in range(1000)}
    response = client.post(url, form_data(topic, author, **parts))
    assert response.status_code == 400
    assert Submission.objects.count() == 0


class ZeroStream:
    """A request body produced as it is read: a multipart PDF part of `size` bytes, then a
    title field."""

    def __init__(self, boundary: bytes, size: int, title: bytes) -> None:
        self.head = (
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="pdf"; '
            b'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
        )
        self.tail = (
            b"\r\n--"
            + boundary
            + b'\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
            + title
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
        self.remaining = size
        self.read_bytes = 0
        self.length = len(self.head) + size + len(self.tail)

    def read(self, size: int = -1) -> bytes:
        chunk = b""
        if self.head:
            chunk, self.head = self.head, b""
        elif self.remaining > 0:
            count = min(size if size and size > 0 else 64 * 1024, self.remaining)
            chunk = b" " * count
            self.remaining -= count
        elif self.tail:
            chunk, self.tail = self.tail, b""
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def test_upload_200_mb_body_refused_without_500_or_holding_it_in_memory(open_call, settings):
    workshop, _topic, author, client = open_call
    settings.FILE_UPLOAD_MAX_MB = 20
    settings.FILE_UPLOAD_HANDLERS = HANDLERS_WITH_PROBE
    boundary = b"fomoboundary"
    body = ZeroStream(boundary, 200 * MB, title=b"Typed after the big file")
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("submissions:create", kwargs={"workshop": workshop.slug}),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session_cookie}",
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary.decode()}",
        "CONTENT_LENGTH": str(body.length),
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    tracemalloc.start()
    try:
        # As the test client does, without the CSRF check (which would refuse it first).
        response = ClientHandler(enforce_csrf_checks=False)(environ)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    html = response.content.decode()
    assert response.status_code == 200
    # Dropped once past the 20 MB cap: the rest never reached the temporary file.
    assert 20 * MB - 64 * 1024 < passed_bytes(response.wsgi_request) <= 20 * MB
    assert body.read_bytes == body.length
    assert (
        "The file is larger than the 10 MB limit; none of it was kept. Choose a smaller file."
    ) in html
    assert 'value="Typed after the big file"' in html
    assert peak < 50 * MB
    assert Submission.objects.count() == 0
