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


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return dictionary[:-2] + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def make_latex_like_pdf(author: str = "Alice Author", home: str = "/home/alice") -> bytes:
    """One page carrying identity where LaTeX and PDF tools leave it below the document
    level: an included figure's /PTEX keys, Info dictionary and XMP; a sticky note; a
    JavaScript link and a launch link; a form field's tooltip; page /AA and /PieceInfo;
    the catalog's OpenAction, JavaScript and embedded files. Also a plain URI link, which
    stays."""
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>%s</dc:creator>'
        b"<pdf:Producer>%s/texlive</pdf:Producer></x:xmpmeta>" % (author.encode(), home.encode())
    )
    content = b"q /Fm1 Do Q BT /F1 12 Tf 72 700 Td (Scaling laws for everyone) Tj ET"
    objects = [
        # 1 catalog
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 10 0 R /Metadata 7 0 R "
        b"/Names << /JavaScript 11 0 R /EmbeddedFiles 12 0 R >> "
        b"/AcroForm << /Fields [14 0 R] >> >>",
        # 2 page tree
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        # 3 page
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Fm1 5 0 R >> /Font << /F1 13 0 R >> >> /Contents 4 0 R "
        b"/Annots [8 0 R 9 0 R 14 0 R 15 0 R 18 0 R] /AA << /O 10 0 R >> "
        b"/PieceInfo << /LaTeX << /Private (%s) >> >> /PTEX.PageNumber 1 >>" % author.encode(),
        # 4 page content
        _stream(b"<< >>", content),
        # 5 included figure
        _stream(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] "
            b"/PTEX.FileName (%s/paper/figs/plot.pdf) /PTEX.PageNumber 1 /PTEX.InfoDict 6 0 R "
            b"/Metadata 7 0 R /PieceInfo << /Illustrator << /Private (%s) >> >> >>"
            % (home.encode(), author.encode()),
            b"0 0 m 100 100 l S",
        ),
        # 6 the figure's Info dictionary
        b"<< /Author (%s) /Creator (matplotlib) >>" % author.encode(),
        # 7 XMP
        _stream(b"<< /Type /Metadata /Subtype /XML >>", xmp),
        # 8 sticky note
        b"<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (%s) "
        b"/Contents (Check this before submitting) >>" % author.encode(),
        # 9 JavaScript link
        b"<< /Type /Annot /Subtype /Link /Rect [40 10 80 30] "
        b"/A << /S /JavaScript /JS (app.alert\\('hello'\\)) >> >>",
        # 10 JavaScript action
        b"<< /S /JavaScript /JS (this.print\\(\\)) >>",
        # 11 the catalog's JavaScript name tree
        b"<< /Names [(opener) 10 0 R] >>",
        # 12 embedded files name tree
        b"<< /Names [(notes.txt) 16 0 R] >>",
        # 13 font
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        # 14 form field with a tooltip
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /TU (Field by %s) "
        b"/Rect [100 10 200 30] >>" % author.encode(),
        # 15 plain URI link (kept)
        b"<< /Type /Annot /Subtype /Link /Rect [210 10 300 30] /Border [0 0 0] "
        b"/A << /S /URI /URI (https://arxiv.org/abs/2001.08361) >> >>",
        # 16 file specification
        b"<< /Type /Filespec /F (notes.txt) /EF << /F 17 0 R >> >>",
        # 17 embedded file
        _stream(b"<< /Type /EmbeddedFile >>", b"Notes by " + author.encode()),
        # 18 launch link
        b"<< /Type /Annot /Subtype /Link /Rect [310 10 400 30] "
        b"/A << /S /Launch /F (%s/run.sh) >> >>" % home.encode(),
    ]
    return pdf_from_objects(objects)
