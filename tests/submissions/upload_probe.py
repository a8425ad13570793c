"""An upload handler for tests, placed right after the size cap: it records how many bytes of
each file part got past the cap on their way to the handlers that store them."""

from django.core.files.uploadhandler import FileUploadHandler

from submissions.upload_handlers import FileSizeCapHandler

CAP = "submissions.upload_handlers.FileSizeCapHandler"
PROBE = "tests.submissions.upload_probe.PassedBytes"
STORING = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
HANDLERS_WITH_PROBE = [CAP, PROBE, *STORING]


class PassedBytes(FileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.largest = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.largest = max(self.largest, start + len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def passed_bytes(request) -> int:
    """The most bytes of one file part of this request that reached the storing handlers."""
    (probe,) = [handler for handler in request.upload_handlers if isinstance(handler, PassedBytes)]
    assert isinstance(request.upload_handlers[0], FileSizeCapHandler)
    return probe.largest
