"""Uploaded files (logos, plugin icons, thumbnails), served by the site itself from the
default storage, so that every instance answers for them, with DEBUG off too."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# Upload names are random (a new one for each new image), so a name's content never changes.
ONE_YEAR = 60 * 60 * 24 * 365


@require_safe
def media_file(request: HttpRequest, name: str) -> FileResponse:
    try:
        # Refuses "..", absolute paths and the like, whatever the storage.
        safe_join("/media", name)
        file = default_storage.open(name)
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
