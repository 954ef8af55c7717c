"""Issue 13 item 4: Luzmo's locale catalogue over the Core API (Luzmo's Python SDK against a
live server). Any catalogue locale is stored and answered as given; the UI speaks only its
three languages and shows the others in English.
"""

import pytest
from django.urls import reverse

from accounts.models import User
from common.locales import LOCALES
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    TIMESTAMP,
    live_server_settled,
    sdk_for,
    sdk_refusal,
)

pytestmark = LIVE


def test_locale_rows_are_luzmos_shape_for_the_whole_catalogue(live_server, owner, organization):
    client = sdk_for(live_server, owner)

    answer = client.get("locale", {})

    assert answer["count"] == len(answer["rows"]) == len(LOCALES)
    ids = [row["id"] for row in answer["rows"]]
    assert {"en", "nl", "fr", "de", "es", "it", "pt", "da", "sv", "fi", "no", "pl"} <= set(ids)
    assert {"cs", "ja", "zh", "ko", "ru", "tr"} <= set(ids)
    german = next(row for row in answer["rows"] if row["id"] == "de")
    assert set(german) == {"id", "description", "created_at", "updated_at"}
    assert german["description"] == "German"
    assert TIMESTAMP.match(german["created_at"]) and TIMESTAMP.match(german["updated_at"])


def test_find_works_on_the_catalogue(live_server, owner, organization):
    client = sdk_for(live_server, owner)

    picked = client.get(
        "locale",
        {"where": {"id": {"in": ["ja", "de", "xx"]}}, "order": [["description", "desc"]]},
    )
    assert [row["id"] for row in picked["rows"]] == ["ja", "de"]
    assert [row["id"] for row in client.get("locale", {"search": "deutsch"})["rows"]] == ["de"]
    assert client.get("locale", {"where": {"description": {"ilike": "%norw%"}}})["count"] == 3
    paged = client.get("locale", {"attributes": ["id"], "limit": 2, "offset": 1})
    assert paged["count"] == len(LOCALES) and len(paged["rows"]) == 2
    assert set(paged["rows"][0]) == {"id"}
    assert client.get("locale", {"where": {"created_at": {"lt": "2000-01-01"}}})["count"] == 0
    assert "find.where.name" in sdk_refusal(client.get, "locale", {"where": {"name": "German"}})


def test_a_user_stored_with_german_is_answered_german_and_sees_english_pages(
    live_server, client, owner, organization
):
    sdk = sdk_for(live_server, owner)

    created = sdk.create("user", {"email": "dora@acme.test", "name": "Dora", "locale_id": "de"})

    assert created["locale_id"] == "de"
    dora = User.objects.get(email="dora@acme.test")
    assert dora.locale == "de"
    assert sdk.get("user", {"where": {"id": str(dora.pk)}})["rows"][0]["locale_id"] == "de"
    client.force_login(dora)
    for page in ("dashboards", "profile"):
        response = client.get(reverse(page), HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200
        assert response.wsgi_request.LANGUAGE_CODE == "en"
        assert '<html lang="en">' in response.content.decode()
    # The profile form offers the UI's three languages, and the stored German as the
    # current choice, so that saving the profile keeps it.
    choices = [code for code, _name in response.context["form"].fields["locale"].choices]
    assert choices == ["", "en", "nl", "fr", "de"]
    assert response.context["form"]["locale"].value() == "de"


def test_users_update_and_associate_to_any_catalogue_locale(
    live_server, owner, organization, member
):
    client = sdk_for(live_server, member)

    answer = client.update("user", str(member.pk), {"locale_id": "ja"})

    assert answer["locale_id"] == "ja"
    client.associate("user", str(member.pk), "Locales", "pt")
    member.refresh_from_db()
    assert member.locale == "pt"
    client.dissociate("user", str(member.pk), "Locales", "pt")
    member.refresh_from_db()
    assert member.locale == ""


@pytest.mark.parametrize("role", ["DefaultLocale", "DefaultAppLocale", "Locales"])
def test_an_organization_stores_any_catalogue_locale_and_its_members_see_english(
    live_server, client, owner, organization, member, role
):
    sdk = sdk_for(live_server, owner)

    assert sdk.associate("organization", str(organization.pk), role, "sv") == {"code": 200}

    organization.refresh_from_db()
    assert organization.locale == "sv"
    answer = sdk.get("organization", {"attributes": ["id", "locale_id"]})
    assert answer["rows"][0]["locale_id"] == "sv"
    client.force_login(member)
    profile = client.get(reverse("profile"))
    assert profile.wsgi_request.LANGUAGE_CODE == "en"
    assert "Use the organization&#x27;s (Swedish)" in profile.content.decode()
    client.force_login(owner)
    settings_page = client.get(reverse("organization_settings"))
    assert settings_page.status_code == 200
    assert settings_page.wsgi_request.LANGUAGE_CODE == "en"


def test_an_unknown_locale_is_refused_with_validation(live_server, owner, organization, member):
    client = sdk_for(live_server, owner)

    for locale in ("xx", "DE", "de-DE", 7):
        refusal = sdk_refusal(client.update, "user", str(member.pk), {"locale_id": locale})
        assert refusal.startswith("Bad Request: ") and "\nlocale_id: " in refusal
        refusal = sdk_refusal(
            client.update, "organization", str(organization.pk), {"locale_id": locale}
        )
        assert refusal.startswith("Bad Request: ") and "\nlocale_id: " in refusal
    refusal = sdk_refusal(
        client.create, "user", {"email": "xavier@acme.test", "name": "X", "locale_id": "xx"}
    )
    assert refusal.startswith("Bad Request: ") and "\nlocale_id: " in refusal
    assert not User.objects.filter(email="xavier@acme.test").exists()
    assert sdk_refusal(client.associate, "user", str(member.pk), "Locales", "xx").startswith(
        "Not Found: Unknown locale"
    )
    member.refresh_from_db()
    assert member.locale == ""
