import io
import time

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from submissions.pdf import PdfRefused, pdf_check, pdf_generate, supplementary_check
from tests.pdfs import make_bomb_pdf, make_latex_like_pdf, make_pdf, make_pdf_with_attachment

LIMITS = {"max_pages": 4, "max_bytes": 10 * 1024 * 1024}


def refusal(data: bytes, **overrides) -> str:
    with pytest.raises(PdfRefused) as refused:
        pdf_check(data, **{**LIMITS, **overrides})
    return str(refused.value)


def test_pdf_check_accepts_real_pdf_and_counts_pages():
    checked = pdf_check(make_pdf(3), **LIMITS)
    assert checked.pages == 3
    assert len(PdfReader(io.BytesIO(checked.reviewer_copy)).pages) == 3


def test_pdf_check_html_renamed_to_pdf_is_refused():
    html = b"<!DOCTYPE html><html><body>Not a paper</body></html>"
    assert refusal(html) == "This file is not a PDF: it looks like an HTML page."


def test_pdf_check_png_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert refusal(png) == "This file is not a PDF: it looks like a PNG image."


def test_pdf_check_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."


def test_pdf_check_encrypted_pdf_is_refused():
    assert refusal(make_pdf(1, password="secret")) == (
        "The PDF is encrypted or password-protected; upload an unprotected PDF."
    )


def test_pdf_check_too_many_pages_reports_the_count():
    assert refusal(make_pdf(5)) == "The PDF has 5 pages; the limit is 4."


def test_pdf_check_too_large_reports_the_size():
    data = make_pdf(1)
    assert refusal(data, max_bytes=len(data) - 1).startswith("The file is ")
    assert refusal(b"%PDF-" + b"x" * 2 * 1024 * 1024, max_bytes=1024 * 1024) == (
        "The file is 2 MB; the limit is 1 MB."
    )


def test_pdf_check_truncated_pdf_is_refused():
    data = make_pdf(2)
    assert refusal(data[: len(data) // 3]).startswith("The PDF could not be read")


def test_pdf_check_reviewer_copy_has_no_identifying_metadata():
    data = make_pdf(
        1,
        metadata={
            "/Author": "Jane Doe",
            "/Creator": "Jane's LaTeX",
            "/Producer": "Secret Lab TeX",
            "/Title": "Our paper by Jane Doe",
        },
    )
    checked = pdf_check(data, **LIMITS)
    reader = PdfReader(io.BytesIO(checked.reviewer_copy))
    assert reader.metadata is None
    assert b"Jane" not in checked.reviewer_copy
    assert b"Secret Lab" not in checked.reviewer_copy
    assert PdfReader(io.BytesIO(data)).metadata["/Author"] == "Jane Doe"


def test_pdf_check_reviewer_copy_drops_attached_files_and_xmp():
    checked = pdf_check(make_pdf_with_attachment(), **LIMITS)
    reader = PdfReader(io.BytesIO(checked.reviewer_copy))
    assert dict(reader.attachments) == {}
    assert reader.xmp_metadata is None
    assert b"Jane Doe" not in checked.reviewer_copy


FORBIDDEN_KEYS = {
    "/Metadata",
    "/PieceInfo",
    "/AA",
    "/JS",
    "/OpenAction",
    "/EmbeddedFiles",
    "/EF",
    "/TU",
}
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch"}


def every_object(reader: PdfReader):
    """Every object of the file, by number, whether or not anything refers to it."""
    for number in range(1, int(reader.trailer["/Size"])):
        value = reader.get_object(IndirectObject(number, 0, reader))
        if value is not None:
            yield value


def walk(value, found: list):
    """Every dictionary, stream and string inside one object (direct children only)."""
    if isinstance(value, DictionaryObject):
        found.append(value)
        for child in value.values():
            if not isinstance(child, IndirectObject):
                walk(child, found)
    elif isinstance(value, ArrayObject):
        for child in value:
            if not isinstance(child, IndirectObject):
                walk(child, found)
    else:
        found.append(value)


def test_pdf_check_reviewer_copy_carries_no_identity_in_any_object():
    checked = pdf_check(make_latex_like_pdf(), **LIMITS)
    reader = PdfReader(io.BytesIO(checked.reviewer_copy))
    found: list = []
    for value in every_object(reader):
        walk(value, found)
    dictionaries = [value for value in found if isinstance(value, DictionaryObject)]
    keys = {key for dictionary in dictionaries for key in dictionary}
    assert not keys & FORBIDDEN_KEYS
    assert not [key for key in keys if key.startswith("/PTEX")]
    assert not {dictionary.get("/S") for dictionary in dictionaries} & FORBIDDEN_ACTIONS
    subtypes = [d.get("/Subtype") for d in dictionaries if d.get("/Type") == "/Annot"]
    assert subtypes == ["/Link"]
    texts = [str(value) for value in found if not isinstance(value, DictionaryObject)]
    texts += [
        value.get_data().decode("latin-1") for value in found if isinstance(value, StreamObject)
    ]
    assert [text for text in texts if "Alice" in text or "/home/alice" in text] == []
    assert "https://arxiv.org/abs/2001.08361" in texts
    page = reader.pages[0]
    assert "Scaling laws for everyone" in page.extract_text()
    assert list(page["/Resources"]["/XObject"]) == ["/Fm1"]


def test_pdf_check_decompression_bomb_is_refused_within_seconds():
    bomb = make_bomb_pdf()
    started = time.monotonic()
    message = refusal(bomb)
    assert message == ("The PDF expands to an unreasonable size when read (a decompression bomb?).")
    assert time.monotonic() - started < 10


def test_pdf_check_time_limit_refuses_instead_of_waiting():
    message = refusal(make_pdf(1), timeout_seconds=0.001)
    assert message == "The PDF could not be checked within 0.001 seconds; it may be malformed."


def test_pdf_check_memory_limit_refuses_instead_of_crashing():
    under_pypdf_stream_limit = make_bomb_pdf(inflated_bytes=70_000_000)
    message = refusal(under_pypdf_stream_limit, memory_bytes=100 * 1024 * 1024)
    assert message == "The PDF needs too much memory to read; it may be malformed."


def test_pdf_generate_passes_the_checks_with_title_text():
    data = pdf_generate(title="Scaling (laws) of \\ emergence", pages=4)
    checked = pdf_check(data, **LIMITS)
    assert checked.pages == 4
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Scaling (laws) of \\ emergence" in text


def test_supplementary_check_accepts_zip_and_pdf_refuses_html():
    assert supplementary_check(b"PK\x03\x04rest", max_bytes=1000) == "zip"
    assert supplementary_check(make_pdf(1), max_bytes=10_000) == "pdf"
    with pytest.raises(PdfRefused) as refused:
        supplementary_check(b"<html></html>", max_bytes=1000)
    assert str(refused.value) == (
        "The supplementary file must be a PDF or a ZIP archive: it looks like an HTML page."
    )
