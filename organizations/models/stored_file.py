from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """An uploaded file kept in the database (``organizations.storage.DatabaseStorage``):
    logos, plugin icons and Core API thumbnails, re-encoded PNG thumbnails of a few dozen
    kilobytes at most, so that every instance of the site, sharing the database, serves
    them."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name
