"""Logo validation and re-encoding with Pillow.

Only PNG, JPEG and WebP are accepted (no SVG: it can carry scripts). The image is decoded,
scaled to a thumbnail and re-encoded as PNG, so nothing of the uploaded bytes but pixels
is ever served back.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from common.errors import InvalidInput

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}

ERR_LOGO_FORMAT = _("The logo must be a PNG, JPEG or WebP image.")
ERR_LOGO_TOO_LARGE = _("The logo must be at most %(megabytes)s MB.")
ERR_LOGO_DIMENSIONS = _("The logo must be at most %(pixels)s×%(pixels)s pixels.")
ERR_LOGO_UNREADABLE = _("The logo could not be read as an image.")

# Pillow's own guard against decompression bombs, at the largest logo accepted: an image
# whose header claims more pixels is refused before any is decoded. Pillow warns from this
# many pixels and raises from twice as many; the warning is an error here too.
Image.MAX_IMAGE_PIXELS = settings.LOGO_MAX_PIXELS * settings.LOGO_MAX_PIXELS


def logo_process(upload) -> ContentFile:
    """Validates an uploaded logo and returns its re-encoded PNG thumbnail."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > settings.LOGO_MAX_BYTES:
        raise InvalidInput(
            ERR_LOGO_TOO_LARGE % {"megabytes": settings.LOGO_MAX_BYTES // (1024 * 1024)},
            field="logo",
        )
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # open() reads only the header: the format and dimensions are checked before
            # any pixel is decoded; a header that claims too many pixels (a decompression
            # bomb) is refused here, as any other file that is not an acceptable image.
            image = Image.open(upload)
            image_format = image.format
            width, height = image.size
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise InvalidInput(ERR_LOGO_FORMAT, field="logo") from error
        if image_format not in ALLOWED_FORMATS:
            raise InvalidInput(ERR_LOGO_FORMAT, field="logo")
        if width > settings.LOGO_MAX_PIXELS or height > settings.LOGO_MAX_PIXELS:
            raise InvalidInput(
                ERR_LOGO_DIMENSIONS % {"pixels": settings.LOGO_MAX_PIXELS}, field="logo"
            )
        try:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((settings.LOGO_THUMBNAIL_SIZE, settings.LOGO_THUMBNAIL_SIZE))
            output = io.BytesIO()
            image.save(output, format="PNG", optimize=True)
        except (
            OSError,
            ValueError,
            SyntaxError,
            EOFError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise InvalidInput(ERR_LOGO_UNREADABLE, field="logo") from error
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.png")
