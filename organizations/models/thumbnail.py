import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Thumbnail(models.Model):
    """An image uploaded through the Core API (Luzmo's ``thumbnail``), checked and
    re-encoded like a logo upload.

    Uploading and using are two calls in Luzmo's protocol (create, then associate), so the
    upload is kept here until it is used: associated with an organization it becomes the
    organization's logo, with a plugin the plugin's icon (each keeps its own copy, so deleting
    the thumbnail takes nothing away from them).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="thumbnails",
    )
    image = models.ImageField(_("image"), upload_to="thumbnails/")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("thumbnail")
        verbose_name_plural = _("thumbnails")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.image.name
