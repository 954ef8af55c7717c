"""Uploaded files in the database, for sites served by several instances.

The uploads here are small by construction (logos, plugin icons and thumbnails are
re-encoded PNG thumbnails of at most 256 by 256 pixels: tens of kilobytes), so keeping them in
the one database that every instance already shares costs little and needs nothing more to
run or back up: no shared volume, no object store, and a deleted organization's logo goes
with its row in the same backup. ``MEDIA_STORAGE=filesystem`` keeps them in ``MEDIA_ROOT``
(one machine) instead. Either way ``organizations.views.media`` serves them, with DEBUG off
too.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from organizations.models.stored_file import StoredFile


@deconstructible(path="organizations.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """A Django storage whose files are rows of ``StoredFile``."""

    def _open(self, name: str, mode: str = "rb") -> File:
        try:
            stored = StoredFile.objects.only("content").get(name=name)
        except StoredFile.DoesNotExist as error:
            raise FileNotFoundError(name) from error
        file = ContentFile(bytes(stored.content), name=name)
        file.mode = mode
        return file

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        # get_available_name() chose a free name; a concurrent save of the same name (never
        # with the random names of uploads) fails on the unique constraint.
        StoredFile.objects.create(name=name, content=data, size=len(data))
        return name

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def size(self, name: str) -> int:
        try:
            return StoredFile.objects.values_list("size", flat=True).get(name=name)
        except StoredFile.DoesNotExist as error:
            raise FileNotFoundError(name) from error

    def url(self, name: str) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.rstrip('/')}/" if path else ""
        directories, files = set(), []
        for name in StoredFile.objects.filter(name__startswith=prefix).values_list(
            "name", flat=True
        ):
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)
