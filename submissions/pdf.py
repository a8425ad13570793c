"""PDF checks and clean copies. Plain Python (pypdf, stdlib): no Django in here.

The parse runs in a child process with a CPU, memory and wall-clock limit, so a
malformed or decompression-bomb PDF costs the web worker a refused upload,
never its life. This file is also the child's entry point (run as a script).
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
PROBE_TIMEOUT_SECONDS = 10.0
PROBE_CPU_SECONDS = 8
PROBE_MEMORY_BYTES = 768 * 1024 * 1024
# Decoded page content a PDF may expand to before it counts as a decompression bomb
# (pypdf itself refuses any single stream that inflates beyond 75 MB).
MAX_DECODED_CONTENT_BYTES = 150 * 1024 * 1024
MAX_TEXT_CHARS = 300_000

# What the reviewer copy keeps of a page, and of a link annotation; below them, every
# dictionary and stream loses the keys that carry identity, attachments or actions.
PAGE_KEYS = {
    "/Type", "/Parent", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox",
    "/Rotate", "/UserUnit", "/Resources", "/Contents", "/Annots", "/Group", "/Tabs",
}  # fmt: skip
LINK_KEYS = ("/Type", "/Subtype", "/Rect", "/Border", "/BS", "/C", "/H", "/QuadPoints", "/F")
SCRUBBED_KEYS = {
    "/Metadata", "/PieceInfo", "/AF", "/AA", "/A", "/JS", "/OpenAction", "/Names",
    "/EmbeddedFiles", "/EF", "/TU", "/Info", "/StructParents", "/StructParent",
}  # fmt: skip

SIGNATURES = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
]


class PdfRefused(ValueError):
    """The file breaks one of the rules; the message says which."""


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    reviewer_copy: bytes
    text: str = ""  # what pypdf extracts, for the self-identification check


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def check_size(size: int, *, max_bytes: int) -> None:
    if size == 0:
        raise PdfRefused("The file is empty.")
    if size > max_bytes:
        raise PdfRefused(
            f"The file is {megabytes(size)} MB; the limit is {megabytes(max_bytes)} MB."
        )


def describe_non_pdf(head: bytes) -> str:
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return f"it looks like {kind}"
    lowered = head.lstrip()[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in lowered:
        return "it looks like an HTML page"
    return "it does not start with %PDF-"


def pdf_check(
    data: bytes,
    *,
    max_pages: int,
    max_bytes: int,
    timeout_seconds: float = PROBE_TIMEOUT_SECONDS,
    memory_bytes: int = PROBE_MEMORY_BYTES,
    limit_name: str = "the limit",
) -> CheckedPdf:
    """Accept only a real, unencrypted PDF within the limits; return its page count and a
    copy stripped of identifying metadata for reviewers. ``limit_name`` says whose page
    limit it is (a track's)."""
    check_size(len(data), max_bytes=max_bytes)
    if not data.startswith(PDF_MAGIC):
        raise PdfRefused(f"This file is not a PDF: {describe_non_pdf(data[:1024])}.")
    pages, reviewer_copy, text = _probe(
        data, timeout_seconds=timeout_seconds, memory_bytes=memory_bytes
    )
    if pages < 1:
        raise PdfRefused("The PDF has no pages.")
    if pages > max_pages:
        raise PdfRefused(f"The PDF has {pages} pages; {limit_name} is {max_pages}.")
    return CheckedPdf(pages=pages, reviewer_copy=reviewer_copy, text=text)


def supplementary_check(data: bytes, *, max_bytes: int) -> str:
    """A supplementary file is a ZIP archive or a PDF; returns "zip" or "pdf"."""
    check_size(len(data), max_bytes=max_bytes)
    if data.startswith(ZIP_MAGICS):
        return "zip"
    if data.startswith(PDF_MAGIC):
        return "pdf"
    raise PdfRefused(
        f"The supplementary file must be a PDF or a ZIP archive: {describe_non_pdf(data[:1024])}."
    )


PROBE_MESSAGES = {
    "encrypted": "The PDF is encrypted or password-protected; upload an unprotected PDF.",
    "bomb": "The PDF expands to an unreasonable size when read (a decompression bomb?).",
    "memory": "The PDF needs too much memory to read; it may be malformed.",
    "cpu": "The PDF takes too long to read; it may be malformed.",
    "unreadable": "The PDF could not be read: {detail}",
}


def _probe(data: bytes, *, timeout_seconds: float, memory_bytes: int) -> tuple[int, bytes, str]:
    with tempfile.TemporaryDirectory(prefix="fomo-pdf-") as workdir:
        source = Path(workdir) / "in.pdf"
        target = Path(workdir) / "out.pdf"
        source.write_bytes(data)
        command = [sys.executable, "-I", __file__, str(source), str(target), str(memory_bytes)]
        try:
            completed = subprocess.run(  # noqa: S603 - our own script, no shell, fixed arguments
                command, capture_output=True, timeout=timeout_seconds, check=False
            )
        except subprocess.TimeoutExpired as expired:
            raise PdfRefused(
                f"The PDF could not be checked within {timeout_seconds:g} seconds; "
                "it may be malformed."
            ) from expired
        try:
            report = json.loads(completed.stdout.decode() or "{}")
        except ValueError:
            report = {}
        if report.get("ok"):
            return int(report["pages"]), target.read_bytes(), report.get("text", "")
        reason = report.get("reason") or _crash_reason(completed)
        message = PROBE_MESSAGES.get(reason, PROBE_MESSAGES["unreadable"])
        raise PdfRefused(message.format(detail=report.get("detail") or "it is damaged."))


def _crash_reason(completed: subprocess.CompletedProcess) -> str:
    if completed.returncode < 0:  # killed by a signal: SIGXCPU from the CPU limit
        return "cpu"
    return "memory" if b"MemoryError" in completed.stderr else "unreadable"


def _scrub(value, seen: set[int]) -> None:
    """Drop identifying and active keys from every dictionary and stream below `value`."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(value, IndirectObject):
        if value.idnum in seen:
            return
        seen.add(value.idnum)
        value = value.get_object()
    if isinstance(value, DictionaryObject):
        for key in list(value):
            if key in SCRUBBED_KEYS or key.startswith("/PTEX."):
                del value[key]
        for key, child in value.items():
            if key != "/Parent":
                _scrub(child, seen)
    elif isinstance(value, ArrayObject):
        for child in value:
            _scrub(child, seen)


def _uri_link(annotation) -> object | None:
    """A fresh copy of a plain web link annotation, or None for any other annotation."""
    from pypdf.generic import DictionaryObject, NameObject

    annotation = annotation.get_object()
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if annotation.get("/Subtype") != "/Link" or action is None or action.get("/S") != "/URI":
        return None
    link = DictionaryObject(
        {NameObject(key): annotation[key] for key in LINK_KEYS if key in annotation}
    )
    link[NameObject("/A")] = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): action["/URI"]}
    )
    return link


def _reviewer_copy(reader, target: str) -> None:
    """Copy the pages alone, so the document catalog (Info, XMP, outline, names, forms,
    OpenAction) stays behind; keep only a page's drawing keys and its plain web links, and
    scrub every object the pages reach of metadata, /PTEX keys and actions."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    seen: set[int] = set()
    for page in reader.pages:
        for key in [key for key in page if key not in PAGE_KEYS]:
            del page[key]
        annotations = page.pop("/Annots", None)
        annotations = annotations.get_object() if annotations is not None else []
        links = [_uri_link(annotation) for annotation in annotations]
        _scrub(page, seen)
        if any(links):
            page[NameObject("/Annots")] = ArrayObject(link for link in links if link is not None)
        writer.add_page(page)
    writer.metadata = None
    writer.write(target)


def _text(reader) -> str:
    """The text of the pages, as far as pypdf can read it (a page it cannot read is skipped:
    the text only feeds a warning, it never refuses a paper)."""
    texts = []
    for page in reader.pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - a font pypdf cannot decode
            texts.append("")
        if sum(len(text) for text in texts) > MAX_TEXT_CHARS:
            break
    return "\n".join(texts)[:MAX_TEXT_CHARS]


def _child_main(source: str, target: str, memory_bytes: int) -> dict:
    import resource

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    # Limits are set after the imports, so they bound the work on the file itself.
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (PROBE_CPU_SECONDS, PROBE_CPU_SECONDS))
    try:
        reader = PdfReader(source, strict=False)
        if reader.is_encrypted:
            return {"ok": False, "reason": "encrypted"}
        pages = len(reader.pages)
        decoded = 0
        for page in reader.pages:
            contents = page.get_contents()
            decoded += len(contents.get_data()) if contents is not None else 0
            if decoded > MAX_DECODED_CONTENT_BYTES:
                return {"ok": False, "reason": "bomb"}
        text = _text(reader)
        _reviewer_copy(reader, target)
    except LimitReachedError:
        return {"ok": False, "reason": "bomb"}
    except MemoryError:
        return {"ok": False, "reason": "memory"}
    except PdfReadError as err:
        detail = str(err).splitlines()[0][:200] if str(err) else "it is damaged."
        return {"ok": False, "reason": "unreadable", "detail": detail}
    except Exception as err:  # noqa: BLE001 - whatever a hostile file triggers inside pypdf
        detail = f"it is damaged ({type(err).__name__})."
        return {"ok": False, "reason": "unreadable", "detail": detail}
    return {"ok": True, "pages": pages, "text": text}


def _pdf_text(value: str) -> bytes:
    latin = value.encode("latin-1", "replace")
    return b"(" + latin.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_generate(*, title: str, pages: int = 1, lines: tuple[str, ...] = ()) -> bytes:
    """A small valid PDF (Helvetica text on A4 pages), written object by object."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the page ids are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page_ids = []
    for page_number in range(1, pages + 1):
        text_lines = textwrap.wrap(title, 60) if page_number == 1 else [title[:60]]
        text_lines += [*lines, "", f"Page {page_number} of {pages}"]
        operations = [b"BT /F1 14 Tf 18 TL 72 770 Td"]
        operations += [_pdf_text(line) + b" Tj T*" for line in text_lines]
        operations.append(b"ET")
        stream = zlib.compress(b"\n".join(operations))
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    return pdf_from_objects(objects)


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1; the first is the catalog), with its
    cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(out)


if __name__ == "__main__":
    source_path, target_path, memory_limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdout.write(json.dumps(_child_main(source_path, target_path, memory_limit)))
    sys.stdout.flush()
    os._exit(0)
