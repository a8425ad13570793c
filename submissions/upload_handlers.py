"""Refuse an oversized upload while it is received instead of after it is stored.

First in FILE_UPLOAD_HANDLERS: once a file part passes FILE_UPLOAD_MAX_MB its later chunks
reach no other handler (nothing more is written to disk) and the part is dropped, while the
rest of the body is still parsed, so the other fields of the form arrive. The form asks
`dropped_uploads(request)` which file fields were dropped, to say so on the field.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

MB = 1024 * 1024


class FileSizeCapHandler(FileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.max_bytes = settings.FILE_UPLOAD_MAX_MB * MB
        self.dropped: list[str] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.max_bytes:
            self.dropped.append(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def dropped_uploads(request: HttpRequest) -> frozenset[str]:
    """Names of the file parts of this request dropped for their size (after request.FILES)."""
    return frozenset(
        name
        for handler in request.upload_handlers
        if isinstance(handler, FileSizeCapHandler)
        for name in handler.dropped
    )


def upload_limit_mb(workshop_limit_mb: int) -> int:
    """The limit an upload actually meets: the workshop's, unless the site-wide cap is lower."""
    return min(workshop_limit_mb, settings.FILE_UPLOAD_MAX_MB)
