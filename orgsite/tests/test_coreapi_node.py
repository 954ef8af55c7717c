"""Luzmo's official Node.js SDK (``@luzmo/nodejs-sdk``, pinned in ``coreapi_node/``) against
a live server: ``coreapi_node/scenario.js`` bootstraps an organization from nothing with the
SDK's own verbs (SEARCH, POST, PATCH, DELETE, LINK, UNLINK), and this test checks what it
reports against the database.

Node.js and npm are requirements of the test suite: the test installs the pinned packages
(``npm ci``) when they are missing and fails, never skips, when it can't.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import User
from organizations.models import (
    AuditAction,
    AuditEvent,
    EmbedAuthorization,
    EndUser,
    Membership,
    Organization,
    Securable,
)
from organizations.roles import AccessLevel, OrganizationRole
from organizations.selectors.securables import securable_share_level
from organizations.services.securable import securable_create, securable_share_with_user
from organizations.tests.factories import OrganizationFactory, add_member, plan
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    live_server_settled,
    png_base64,
    token_pair,
)
from plugins.models import PluginOrganization

NODE_PROJECT = Path(settings.BASE_DIR) / "coreapi_node"
SDK_PACKAGE = NODE_PROJECT / "node_modules" / "@luzmo" / "nodejs-sdk" / "package.json"
SCENARIO_TIMEOUT_SECONDS = 120

pytestmark = LIVE


@pytest.fixture(scope="module")
def node() -> str:
    """The node binary, with the pinned SDK installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "Node.js and npm are required for the Core API tests (apt-get install nodejs npm)",
            pytrace=False,
        )
    if not SDK_PACKAGE.exists():
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=NODE_PROJECT,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if result.returncode != 0:
            pytest.fail(f"npm ci failed in {NODE_PROJECT}:\n{result.stderr}", pytrace=False)
    assert json.loads(SDK_PACKAGE.read_text())["version"] == "2.1.1"
    return node


def run_scenario(node: str, live_server) -> dict:
    url = urlsplit(live_server.url)
    result = subprocess.run(
        [node, "scenario.js"],
        cwd=NODE_PROJECT,
        env={
            **os.environ,
            "ORGSITE_URL": f"{url.scheme}://127.0.0.1:{url.port}",
            "LOGO_BASE64": png_base64((320, 160)),
            # The SDK sends a create's associations concurrently: on PostgreSQL they run
            # for real; an in-memory SQLite test database serves one query at a time.
            "PARALLEL_ASSOCIATIONS": "1" if connection.vendor == "postgresql" else "0",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=SCENARIO_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_node_sdk_bootstraps_an_organization_from_nothing(node, live_server):
    report = run_scenario(node, live_server)

    assert report["steps"] == [
        "create user without credentials",
        "SEARCH organization with users",
        "PATCH organization",
        "LINK locale, country and logo",
        "POST users with the owner's pair",
        "invalid e-mail refused",
        "LINK role flags, UNLINK member",
        "SEARCH groups, LINK team admin",
        "POST securable with associations, LINK group flags",
        "POST plugin, LINK and UNLINK organization",
        "isolation and wrong token",
        "LINK flagOwn transfers ownership",
        "authorization create and DELETE",
    ]
    organization = Organization.objects.get(pk=report["organizationId"])
    assert organization.name["fr"] == "Ton association"
    assert (organization.locale, organization.country.code) == ("nl", "BE")
    assert organization.logo.name.startswith("logos/")
    roles = dict(
        Membership.objects.filter(organization=organization).values_list("user__email", "role")
    )
    assert roles == {
        "founder@node.test": OrganizationRole.ADMIN,
        "david@node.test": OrganizationRole.OWNER,
        "amy@node.test": OrganizationRole.MEMBER,
    }
    # Julia was removed, not deleted; the stranger has an organization of their own.
    assert User.objects.filter(email="julia@node.test").exists()
    assert Membership.objects.get(user__email="stranger@node.test").role == OrganizationRole.OWNER
    securable = Securable.objects.get(pk=report["securableId"])
    assert securable_share_level(securable, user=User.objects.get(email="david@node.test")) == 1
    assert securable_share_level(securable, team=organization.teams.get(pk=report["groupId"])) == 2
    assert PluginOrganization.objects.filter(
        plugin_id=report["pluginId"], organization=organization
    ).exists()
    assert report["invalidEmail"] == {
        "type": {"code": 400, "description": "Bad Request"},
        "message": "Enter a valid e-mail address.",
        "validation": {"email": ["Enter a valid e-mail address."]},
    }
    # What the services record, whichever front door was used.
    actions = set(
        AuditEvent.objects.filter(organization=organization).values_list("action", flat=True)
    )
    assert {
        AuditAction.ORGANIZATION_CREATED,
        AuditAction.ORGANIZATION_UPDATED,
        AuditAction.MEMBER_JOINED,
        AuditAction.MEMBER_ROLE_CHANGED,
        AuditAction.MEMBER_REMOVED,
        AuditAction.TEAM_MEMBER_ROLE_CHANGED,
        AuditAction.SECURABLE_CREATED,
        AuditAction.SECURABLE_SHARED,
        AuditAction.PLUGIN_ASSOCIATED,
        AuditAction.PLUGIN_DISSOCIATED,
        AuditAction.OWNERSHIP_TRANSFERRED,
    } <= actions
    # The final read has the seed's shape: organization rows with users and their roles.
    row = report["organization"]["rows"][0]
    assert set(row) == {"id", "name", "users"}
    assert {
        "email", "name", "city", "country_id", "locale_id", "created_at", "flag_plan", "id",
        "organizationRole",
    } == set(row["users"][0])  # fmt: skip


def run_script(node: str, live_server, script: str, **env) -> dict:
    url = urlsplit(live_server.url)
    result = subprocess.run(
        [node, script],
        cwd=NODE_PROJECT,
        env={**os.environ, "ORGSITE_URL": f"{url.scheme}://127.0.0.1:{url.port}", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=SCENARIO_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_node_sdk_runs_luzmos_embed_guide(node, live_server, owner, organization):
    """Issue 13: the customer's embed script, unmodified, with only the host changed."""
    sales, costs = (
        securable_create(
            acting_user=owner, organization=organization, type="dashboard", name={"en": name}
        )
        for name in ("Sales", "Costs")
    )
    key, token = token_pair(owner)

    report = run_script(
        node,
        live_server,
        "embed.js",
        OWNER_KEY=key,
        OWNER_TOKEN=token,
        DASHBOARD_ID=str(sales.pk),
        OTHER_DASHBOARD_ID=str(costs.pk),
    )

    assert report["steps"] == [
        "POST embed authorization",
        "SEARCH securable with the embed pair",
        "nothing else",
        "second POST reuses the end user",
        "collections refused",
        "DELETE revokes the pair",
    ]
    end_user = EndUser.objects.select_related("suborganization").get()
    assert (end_user.username, end_user.suborganization.name) == ("node-user-1", "Node Customer")
    assert end_user.suborganization.parent == organization
    first, second = (
        EmbedAuthorization.objects.get(pk=report[name]["id"]) for name in ("first", "second")
    )
    assert first.revoked_at is not None and second.revoked_at is None
    assert first.metadata == {"client_id": 1234}
    assert first.inactivity_interval.total_seconds() == 600
    assert report["seen"]["rows"][0]["access"]["flagUse"] is True
    assert report["collections"]["message"].startswith("Collections are not available")


def test_the_node_sdk_runs_the_rest_of_luzmos_user_scripts(node, live_server):
    """Issue 13: user update and delete, every find form, create properties, plugin
    properties and a refused resource, through the Node SDK."""
    owner = User.objects.create_user("owner@node.test", name="Olga Owner")
    organization = OrganizationFactory(owner=owner, name={"en": "Node Inc"}, plan=plan("pro"))
    member = add_member(organization, User.objects.create_user("mia@node.test", name="Mia"))
    viewer = add_member(
        organization,
        User.objects.create_user("vic@node.test", name="Vic"),
        OrganizationRole.VIEWER,
    )
    sales = securable_create(
        acting_user=owner, organization=organization, type="dashboard", name={"en": "Sales"}
    )
    securable_share_with_user(
        acting_user=owner, securable=sales, email=member.email, level=AccessLevel.USE
    )
    key, token = token_pair(owner)

    report = run_script(
        node,
        live_server,
        "forms.js",
        OWNER_KEY=key,
        OWNER_TOKEN=token,
        MEMBER_ID=str(member.pk),
        VIEWER_ID=str(viewer.pk),
        SECURABLE_ID=str(sales.pk),
    )

    assert report["steps"] == [
        "PATCH and DELETE user",
        "SEARCH with search, a wrapped find, jointype and securable includes",
        "unknown properties refused, plugin properties and group names answered",
        "data refused with its reason",
    ]
    member.refresh_from_db()
    assert member.email == "renamed@node.test"
    assert not User.objects.filter(pk=viewer.pk).exists()
    assert report["data"]["message"].startswith("The data resource of Luzmo's Core API")
