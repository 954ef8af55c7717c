"""Organizations in the admin: search, the region fixed after creation, organizations created
with My Team and an owner, edits and plan changes through the services, ownership transferred
as an operator, refusals shown as messages."""

import json

from django.urls import reverse

from common.errors import PermissionDenied
from organizations.models import (
    AuditAction,
    AuditEvent,
    Membership,
    Organization,
)
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.tests.admin.helpers import (
    change_url,
    changelist_url,
    inline_management_data,
    messages_of,
)
from organizations.tests.factories import UserFactory, plan


def test_organization_search_finds_name_translation_slug_and_member_email(
    operator_client, organization, member, other_organization
):
    organization.name = {"en": "Acme", "nl": "Acme Nederland", "fr": "Société Acme"}
    organization.save(update_fields=["name"])
    response = operator_client.get(changelist_url("organizations_organization"), {"q": "fr"})
    assert list(response.context["cl"].result_list) == []  # not the JSON keys

    for term in ["nederland", "société", organization.slug, member.email.upper()]:
        response = operator_client.get(changelist_url("organizations_organization"), {"q": term})
        found = list(response.context["cl"].result_list)
        assert found == [organization], term
        # The member count stays right when the search joins the members.
        assert found[0].member_count == 2


def test_region_is_read_only_on_the_change_page_with_the_reason(operator_client, organization):
    response = operator_client.get(change_url(organization))

    form = response.context["adminform"].form
    assert "region" not in form.fields
    assert "region" in response.context["adminform"].readonly_fields
    assert "data center where the organization" in response.content.decode()


def test_posting_a_region_leaves_it_unchanged_and_saves_through_the_service(
    operator_client, operator, organization
):
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps({"en": "Acme Corporation"}),
        "region": "US",
        "country": "NL",
        "locale": "nl",
        "plan": str(organization.plan_id),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    organization.refresh_from_db()
    assert organization.region == "EU"
    assert organization.name == {"en": "Acme Corporation"}
    assert organization.country.code == "NL"
    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.ORGANIZATION_UPDATED
    )
    assert event.by_operator is True
    assert event.actor == operator
    assert event.data["fields"] == ["country", "locale", "name"]


def test_an_invalid_name_is_a_field_error(operator_client, organization):
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps({"xx": "Acme"}),
        "country": "",
        "locale": "en",
        "plan": str(organization.plan_id),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 200
    assert "Unsupported language" in str(response.context["adminform"].form.errors["name"])
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme"}


def test_operator_changes_the_plan_with_an_audit_event(operator_client, organization):
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps(organization.name),
        "country": "",
        "locale": "en",
        "plan": str(plan("enterprise").pk),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.plan.code == "enterprise"
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.PLAN_CHANGED)
    assert event.data == {"from": "pro", "to": "enterprise"}
    assert event.by_operator is True


def test_add_view_creates_the_organization_with_my_team_and_the_chosen_owner(
    operator_client, operator
):
    chosen = UserFactory(email="nina@initech.test")

    response = operator_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": json.dumps({"en": "Initech", "fr": "Initech France"}),
            "region": "US",
            "country": "US",
            "locale": "fr",
            "plan": str(plan("core").pk),
            "owner": "NINA@initech.test",
        },
    )

    assert response.status_code == 302
    organization = Organization.objects.get(slug="initech")
    assert response.url == reverse("admin:organizations_organization_changelist")
    assert (organization.region, organization.country.code, organization.locale) == (
        "US",
        "US",
        "fr",
    )
    assert organization.plan.code == "core"
    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role) == (chosen, OrganizationRole.OWNER)
    team = organization.teams.get()
    assert team.name == DEFAULT_TEAM_NAME
    assert team.memberships.get().user == chosen
    assert team.memberships.get().role == TeamRole.ADMIN
    chosen.refresh_from_db()
    assert chosen.active_organization == organization
    created = AuditEvent.objects.get(
        organization=organization, action=AuditAction.ORGANIZATION_CREATED
    )
    assert (created.actor, created.target_user, created.by_operator) == (operator, chosen, True)


def test_add_view_refuses_an_unknown_owner(operator_client):
    response = operator_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": json.dumps({"en": "Initech"}),
            "region": "US",
            "locale": "en",
            "plan": str(plan("free").pk),
            "owner": "nobody@initech.test",
        },
    )

    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(slug="initech").exists()


def test_organizations_are_not_deleted_from_the_admin(operator_client, organization):
    url = reverse("admin:organizations_organization_delete", args=[organization.pk])

    assert operator_client.post(url, {"post": "yes"}).status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_member_inline_is_read_only(operator_client, organization, member):
    response = operator_client.get(change_url(organization))

    members = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    assert not members.has_add_permission
    assert not members.has_change_permission
    assert not members.has_delete_permission
    assert len(members.formset.forms) == 2


def transfer(client, organization, **extra):
    return client.post(
        changelist_url("organizations_organization"),
        {"action": "transfer_ownership", "_selected_action": [str(organization.pk)], **extra},
    )


def test_a_refusal_of_the_service_on_save_is_a_message_not_a_500(
    operator_client, organization, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDenied("Only operators may do this.")

    monkeypatch.setattr("organizations.admin.organizations.organization_update", refuse)
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps({"en": "Renamed"}),
        "country": "",
        "locale": "en",
        "plan": str(organization.plan_id),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 302
    assert response.url == change_url(organization)
    assert "Only operators may do this." in messages_of(response)
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme"}


def test_transfer_ownership_offers_accepted_members_other_than_the_owner(
    operator_client, organization, owner, admin, member, invitation
):
    response = transfer(operator_client, organization)

    assert response.status_code == 200
    choices = {m.user for m in response.context["form"].fields["new_owner"].queryset}
    assert choices == {admin, member}
    # The page posts back to the same action for the same organization.
    assert 'name="action" value="transfer_ownership"' in response.content.decode()
    assert f'name="_selected_action" value="{organization.pk}"' in response.content.decode()


def test_transfer_ownership_moves_ownership(operator_client, operator, organization, owner, member):
    target = Membership.objects.get(organization=organization, user=member)

    response = transfer(operator_client, organization, apply="1", new_owner=str(target.pk))

    assert response.status_code == 302
    roles = dict(
        Membership.objects.filter(organization=organization).values_list("user_id", "role")
    )
    assert roles == {owner.pk: OrganizationRole.ADMIN, member.pk: OrganizationRole.OWNER}
    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.OWNERSHIP_TRANSFERRED
    )
    assert (event.actor, event.target_user, event.by_operator) == (operator, member, True)
    assert any("has been transferred" in message for message in messages_of(response))


def test_transfer_ownership_refuses_a_non_member(
    operator_client, organization, owner, member, other_organization, outsider
):
    stranger = Membership.objects.get(organization=other_organization, user=outsider)

    response = transfer(operator_client, organization, apply="1", new_owner=str(stranger.pk))

    assert response.status_code == 200
    assert "new_owner" in response.context["form"].errors
    owners = Membership.objects.filter(organization=organization, role=OrganizationRole.OWNER)
    assert [membership.user for membership in owners] == [owner]
    assert not AuditEvent.objects.filter(action=AuditAction.OWNERSHIP_TRANSFERRED).exists()


def test_transfer_ownership_shows_a_refusal_of_the_service_as_a_message(
    operator_client, organization, owner, member, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDenied("Only operators may do this.")

    monkeypatch.setattr("organizations.admin.organizations.organization_transfer_ownership", refuse)
    target = Membership.objects.get(organization=organization, user=member)

    response = transfer(operator_client, organization, apply="1", new_owner=str(target.pk))

    assert response.status_code == 302
    assert "Only operators may do this." in messages_of(response)
    assert Membership.objects.get(organization=organization, role=OrganizationRole.OWNER).user == (
        owner
    )


def test_transfer_ownership_needs_exactly_one_organization(
    operator_client, organization, other_organization
):
    response = operator_client.post(
        changelist_url("organizations_organization"),
        {
            "action": "transfer_ownership",
            "_selected_action": [str(organization.pk), str(other_organization.pk)],
        },
    )

    assert response.status_code == 302
    assert any("exactly one organization" in message for message in messages_of(response))


def test_transfer_ownership_takes_the_typed_email_of_a_member_with_suggestions(
    operator_client, organization, owner, admin, member
):
    content = transfer(operator_client, organization).content.decode()
    assert 'list="id_new_owner-suggestions"' in content
    assert f'<option value="{member.email}">' in content
    assert f'<option value="{owner.email}">' not in content

    response = transfer(operator_client, organization, apply="1", new_owner=member.email.upper())

    assert response.status_code == 302
    assert Membership.objects.get(organization=organization, user=member).role == (
        OrganizationRole.OWNER
    )
