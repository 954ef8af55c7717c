"""Logo validation (common/images.py) under hostile files, and the decompression bomb of
the hardening issue on each of the three paths that take a logo: the settings page, the
REST logo endpoint and the Core API thumbnail. A bad file is always the same refusal as
any other bad logo, never a 500; a good one always comes out as a small PNG of its pixels
only."""

import base64
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from PIL import Image

from common.errors import InvalidInput
from common.images import (
    ERR_LOGO_DIMENSIONS,
    ERR_LOGO_FORMAT,
    ERR_LOGO_TOO_LARGE,
    ERR_LOGO_UNREADABLE,
    logo_process,
)
from organizations.models import Thumbnail
from organizations.tests.snapshots import database_snapshot
from orgsite.tests.coreapi_support import token_pair
from orgsite.tests.hostile_images import PAYLOAD, gif_bomb, hostile_images, png_bomb

LOGO_REFUSALS = {
    str(message % {"pixels": 4096, "megabytes": 2}) if "%" in str(message) else str(message)
    for message in (ERR_LOGO_FORMAT, ERR_LOGO_UNREADABLE, ERR_LOGO_DIMENSIONS, ERR_LOGO_TOO_LARGE)
}
IMAGE_CASES = 2000


# Pillow warns about the corrupt files it reads (EXIF, truncated TIFF): they are the point.
@pytest.mark.filterwarnings("ignore::UserWarning")
@settings(max_examples=IMAGE_CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_images)
def test_any_file_is_a_small_png_or_the_refusal_of_a_bad_logo(data):
    try:
        processed = logo_process(io.BytesIO(data))
    except InvalidInput as refusal:
        assert refusal.field == "logo"
        assert str(refusal.message) in LOGO_REFUSALS
        return
    output = processed.read()
    image = Image.open(io.BytesIO(output))
    assert image.format == "PNG"
    assert max(image.size) <= 256
    assert PAYLOAD not in output


@pytest.mark.parametrize("bomb", [png_bomb(), gif_bomb(), png_bomb(5000, 5000)], ids=str)
def test_a_decompression_bomb_is_refused_as_a_bad_logo(bomb):
    with pytest.raises(InvalidInput) as refused:
        logo_process(io.BytesIO(bomb))

    assert refused.value.message == ERR_LOGO_FORMAT or refused.value.message == (
        ERR_LOGO_DIMENSIONS % {"pixels": 4096}
    )


def test_the_bomb_of_the_issue_has_the_message_of_any_other_bad_logo():
    with pytest.raises(InvalidInput) as bomb:
        logo_process(io.BytesIO(png_bomb()))
    with pytest.raises(InvalidInput) as svg:
        logo_process(io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))

    assert str(bomb.value) == str(svg.value) == "The logo must be a PNG, JPEG or WebP image."


@pytest.fixture
def unchanged(db):
    before = database_snapshot()
    yield
    assert database_snapshot() == before


def test_the_settings_page_refuses_the_bomb_as_a_field_error(client, owner, organization):
    client.force_login(owner)
    before = database_snapshot()
    bomb = SimpleUploadedFile("logo.png", png_bomb(), content_type="image/png")

    response = client.post(
        reverse("organization_settings"),
        {
            "name_en": "Acme",
            "name_nl": "",
            "name_fr": "",
            "locale": "en",
            "country": "BE",
            "logo": bomb,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [str(ERR_LOGO_FORMAT)]
    assert database_snapshot() == before


def test_the_rest_logo_endpoint_refuses_the_bomb_in_its_error_shape(
    api_as, admin, organization, unchanged
):
    bomb = io.BytesIO(png_bomb())
    bomb.name = "logo.png"

    response = api_as(admin).put(
        f"/api/v1/organizations/{organization.pk}/logo/", {"logo": bomb}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": str(ERR_LOGO_FORMAT),
            "fields": {"logo": [str(ERR_LOGO_FORMAT)]},
        }
    }


def test_the_core_api_thumbnail_refuses_the_bomb_in_luzmos_shape(owner, organization, unchanged):
    key, token = token_pair(owner)
    body = {
        "action": "create",
        "key": key,
        "token": token,
        "properties": {"data": base64.b64encode(png_bomb()).decode()},
    }

    response = Client().post("/0.1.0/thumbnail", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "type": {"code": 400, "description": "Bad Request"},
        "message": str(ERR_LOGO_FORMAT),
        "validation": {"data": [str(ERR_LOGO_FORMAT)]},
    }
    assert not Thumbnail.objects.exists()
