"""The PDFs tests and benchmarks upload: blank pages (pypdf), a PDF of about a given size,
an attachment, a decompression bomb."""

import io
import random
import zlib

from pypdf import PdfWriter

from submissions.pdf import pdf_from_objects


def make_pdf(pages: int = 1, *, metadata: dict | None = None, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if metadata:
        writer.add_metadata(metadata)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("authors-notes.txt", b"Written by Jane Doe at Secret Lab")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_bomb_pdf(inflated_bytes: int = 200_000_000) -> bytes:
    """One page whose content stream inflates to `inflated_bytes` of spaces."""
    stream = zlib.compress(b" " * inflated_bytes, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return pdf_from_objects(objects)


def make_sized_pdf(size: int, seed: int = 0) -> bytes:
    """A valid one-page PDF of about ``size`` bytes (an uncompressed noise image)."""
    side = max(8, int((max(size - 1200, 0) / 3) ** 0.5))
    pixels = random.Random(seed).randbytes(side * side * 3)
    content = b"q 200 0 0 200 100 400 cm /Im0 Do Q"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n"
            % (side, side, len(pixels))
            + pixels
            + b"\nendstream",
        ]
    )
