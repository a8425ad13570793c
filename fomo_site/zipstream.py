"""Zip archives streamed to the client as they are written, never held in memory.

`zipfile` writes to a sink that cannot seek (it then puts each member's sizes and CRC in
a data descriptor after its data); the sink hands back what was written since the last
look, and `zip_stream` yields it while the member files are read in chunks. PDFs are
stored as they are (they are compressed already); small text members are deflated."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

from django.http import StreamingHttpResponse
from django.utils import timezone

CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True)
class Member:
    """One file of the archive: bytes already at hand, or a file opened only when its
    turn comes (and closed right after)."""

    name: str
    data: bytes | None = None
    open: Callable[[], IO[bytes]] | None = None
    compress: bool = False

    def chunks(self) -> Iterator[bytes]:
        if self.open is None:
            yield self.data or b""
            return
        with self.open() as source:
            while chunk := source.read(CHUNK_SIZE):
                yield chunk


class _Sink:
    """A write-only, unseekable file object that collects what zipfile writes."""

    def __init__(self) -> None:
        self._pending: list[bytes] = []

    def write(self, data) -> int:
        self._pending.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        written = b"".join(self._pending)
        self._pending.clear()
        return written


def zip_stream(members: Iterable[Member], *, now: datetime | None = None) -> Iterator[bytes]:
    """The bytes of a zip of ``members``, yielded as each chunk of each file is written."""
    stamp = (now or timezone.now()).astimezone(UTC)
    date_time = stamp.timetuple()[:6]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w") as archive:  # type: ignore[arg-type]
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED if member.compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as target:
                for chunk in member.chunks():
                    target.write(chunk)
                    if written := sink.take():
                        yield written
            if written := sink.take():
                yield written
    if written := sink.take():
        yield written


def zip_response(members: Iterable[Member], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(zip_stream(members), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def safe_name(text: str, *, max_chars: int = 60) -> str:
    """ASCII letters, digits and single dashes, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    if len(words) <= max_chars:
        return words
    cut = words[:max_chars]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def paper_file_name(number: int, title: str, extension: str = "pdf") -> str:
    """``012-Scaling-laws-for-small-models.pdf``: the paper's number, then its title."""
    title_part = safe_name(title)
    stem = f"{number:03d}-{title_part}" if title_part else f"{number:03d}"
    return f"{stem}.{extension}"
