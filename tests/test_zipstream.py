"""fomo_site.zipstream: a zip comes out while its files are still being read."""

import io
import zipfile

from fomo_site.zipstream import CHUNK_SIZE, Member, paper_file_name, zip_stream


class RecordingFile(io.BytesIO):
    """A member's file that notes, in a shared log, when it is opened, read and closed."""

    def __init__(self, name, data, log):
        super().__init__(data)
        self.name, self.log = name, log
        log.append(f"open {name}")

    def read(self, size=-1):
        self.log.append(f"read {self.name}")
        return super().read(size)

    def close(self):
        if not self.closed:
            self.log.append(f"close {self.name}")
        super().close()


def test_zip_stream_yields_each_chunk_as_it_is_read_one_file_open_at_a_time():
    log: list[str] = []
    first = bytes(range(256)) * (3 * CHUNK_SIZE // 256)
    members = [
        Member(name="a.pdf", open=lambda: RecordingFile("a", first, log)),
        Member(name="b.pdf", open=lambda: RecordingFile("b", b"%PDF-b", log)),
        Member(name="notes.csv", data=b"number,title\n" * 50, compress=True),
    ]
    pieces = []
    for piece in zip_stream(members):
        log.append("yield")
        pieces.append(piece)
    # Three chunks of a.pdf went out before a.pdf was even read to its end.
    assert log[:7] == ["open a", "read a", "yield", "read a", "yield", "read a", "yield"]
    assert log.index("close a") < log.index("open b")
    assert max(len(piece) for piece in pieces) <= CHUNK_SIZE + 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None
    assert archive.namelist() == ["a.pdf", "b.pdf", "notes.csv"]
    assert archive.read("a.pdf") == first
    assert [info.compress_type for info in archive.infolist()] == [
        zipfile.ZIP_STORED,
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ]


def test_zip_stream_of_nothing_is_an_empty_zip():
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zip_stream([]))))
    assert archive.namelist() == []


def test_paper_file_name_is_safe_ascii_cut_at_a_word():
    assert paper_file_name(12, "Scaling laws for small models") == (
        "012-Scaling-laws-for-small-models.pdf"
    )
    assert paper_file_name(3, "Über «naïve» ∞ scaling / ../etc\\passwd") == (
        "003-Uber-naive-scaling-etc-passwd.pdf"
    )
    assert paper_file_name(1234, "∞ ≈ ∑") == "1234.pdf"
    long = paper_file_name(7, "word " * 40)
    assert long == "007-" + "-".join(["word"] * 12) + ".pdf"
