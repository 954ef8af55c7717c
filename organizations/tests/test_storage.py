"""Uploaded images in the database (organizations.storage), served by the site itself
(organizations.views.media) with DEBUG off, as every instance does."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.errors import InvalidInput
from organizations.models import StoredFile
from organizations.services.organization import organization_update
from organizations.storage import DatabaseStorage


def png_upload(size=(600, 300), color=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue())


def test_the_storage_keeps_files_as_rows(db):
    storage = DatabaseStorage()

    name = storage.save("logos/a.png", ContentFile(b"\x89PNG pixels"))

    assert name == "logos/a.png"
    assert storage.exists(name)
    assert storage.size(name) == len(b"\x89PNG pixels")
    with storage.open(name) as file:
        assert file.read() == b"\x89PNG pixels"
    assert storage.url(name) == "/media/logos/a.png"
    assert storage.listdir("logos") == ([], ["a.png"])
    assert storage.listdir("") == (["logos"], [])
    # A second file of the same name gets a name of its own.
    assert storage.save("logos/a.png", ContentFile(b"other")) != name
    storage.delete(name)
    assert not storage.exists(name)
    with pytest.raises(FileNotFoundError):
        storage.open(name)


def test_an_uploaded_logo_is_a_row_and_the_site_serves_it_with_debug_off(
    client, settings, owner, organization
):
    settings.DEBUG = False
    organization_update(acting_user=owner, organization=organization, logo=png_upload())
    organization.refresh_from_db()
    stored = StoredFile.objects.get(name=organization.logo.name)

    response = client.get(organization.logo.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body == bytes(stored.content)
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (256, 128)


def test_a_refused_logo_stores_nothing(owner, organization):
    with pytest.raises(InvalidInput):
        organization_update(
            acting_user=owner,
            organization=organization,
            logo=SimpleUploadedFile("logo.png", b"not an image"),
        )

    assert not StoredFile.objects.exists()


@pytest.mark.parametrize(
    "name", ["logos/missing.png", "../orgsite/settings.py", "logos/../../manage.py", "logos/"]
)
def test_unknown_or_crafted_names_are_404(client, db, name):
    assert client.get(f"/media/{name}").status_code == 404


def test_only_reading_is_allowed(client, owner, organization):
    organization_update(acting_user=owner, organization=organization, logo=png_upload())
    organization.refresh_from_db()

    assert client.post(organization.logo.url).status_code == 405
    assert client.head(organization.logo.url).status_code == 200


@pytest.mark.usefixtures("media_on_the_filesystem")
def test_with_media_storage_filesystem_the_site_serves_media_root(
    client, settings, owner, organization
):
    settings.DEBUG = False
    organization_update(acting_user=owner, organization=organization, logo=png_upload())
    organization.refresh_from_db()

    response = client.get(organization.logo.url)

    assert response.status_code == 200
    assert (settings.MEDIA_ROOT / organization.logo.name).is_file()
    assert not StoredFile.objects.exists()
