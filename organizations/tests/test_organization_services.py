"""Organization services: create, update (settings and logo), delete, transfer ownership."""

import io
import os

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.request_context import client_ip
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    RegionImmutableError,
    Team,
    TeamMembership,
)
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.invitation import invitation_create
from organizations.services.organization import (
    organization_change_plan,
    organization_create,
    organization_delete,
    organization_transfer_ownership,
    organization_update,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member, plan
from organizations.tests.snapshots import database_snapshot


def image_upload(image_format: str, size=(600, 300), name: str = "logo") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return SimpleUploadedFile(f"{name}.{image_format.lower()}", buffer.getvalue())


def operator_user(*, is_staff=True, with_permission=True) -> User:
    user = UserFactory(is_staff=is_staff)
    if with_permission:
        user.user_permissions.add(
            Permission.objects.get(
                codename="change_organization", content_type__app_label="organizations"
            )
        )
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


def owners_of(organization):
    return list(
        Membership.objects.filter(
            organization=organization, role=OrganizationRole.OWNER
        ).values_list("user_id", flat=True)
    )


def role_of(user, organization):
    return Membership.objects.get(user=user, organization=organization).role


# organization_create


def test_create_gives_free_plan_my_team_and_ownership(db):
    creator = UserFactory()

    organization = organization_create(
        acting_user=creator,
        name={"en": "Initech", "nl": "Initech NL"},
        region="US",
        country="be",
        locale="nl",
    )

    organization.refresh_from_db()
    assert organization.name == {"en": "Initech", "nl": "Initech NL"}
    assert organization.region == "US"
    assert organization.country.code == "BE"
    assert organization.locale == "nl"
    assert organization.slug == "initech"
    assert organization.plan.code == "free"

    teams = list(organization.teams.all())
    assert [team.name for team in teams] == ["My Team"]
    my_team = teams[0]

    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role) == (creator, OrganizationRole.OWNER)
    team_membership = TeamMembership.objects.get(team=my_team)
    assert (team_membership.user, team_membership.role) == (creator, TeamRole.ADMIN)
    assert list(creator.groups.all()) == [my_team.group]

    creator.refresh_from_db()
    assert creator.active_organization == organization

    event = AuditEvent.objects.get(organization=organization)
    assert event.action == AuditAction.ORGANIZATION_CREATED
    assert event.actor == creator
    assert event.target_user == creator
    assert event.by_operator is False
    assert event.organization_name == "Initech"


def test_create_records_the_client_ip(db):
    creator = UserFactory()
    with client_ip("203.0.113.7"):
        organization = organization_create(acting_user=creator, name={"en": "X"}, region="EU")
    assert AuditEvent.objects.get(organization=organization).ip_address == "203.0.113.7"


def test_a_member_of_another_organization_can_create_one(organization, member):
    created = organization_create(acting_user=member, name={"en": "Side project"}, region="EU")

    assert role_of(member, created) == OrganizationRole.OWNER
    # Still a member of Acme, with the same role.
    assert role_of(member, organization) == OrganizationRole.MEMBER
    member.refresh_from_db()
    assert member.active_organization == created
    assert set(member.memberships.values_list("organization_id", flat=True)) == {
        organization.pk,
        created.pk,
    }


def test_an_owner_can_create_a_second_organization(owner, organization):
    second = organization_create(acting_user=owner, name={"en": "Acme"}, region="EU")

    assert owners_of(organization) == [owner.pk]
    assert owners_of(second) == [owner.pk]
    # Same name, another slug.
    assert second.slug != organization.slug


def test_slugs_stay_unique_and_never_empty(db):
    creator = UserFactory()
    first = organization_create(acting_user=creator, name={"en": "!!!"}, region="EU")
    second = organization_create(acting_user=creator, name={"en": "???"}, region="EU")
    dutch = organization_create(acting_user=creator, name={"nl": "Jouw organisatie"}, region="EU")
    assert (first.slug, second.slug, dutch.slug) == (
        "organization",
        "organization-2",
        "jouw-organisatie",
    )


def test_operator_creates_an_organization_for_a_user(db):
    operator = operator_user()
    future_owner = UserFactory()

    organization = organization_create(
        acting_user=operator, owner=future_owner, name={"en": "Hooli"}, region="US"
    )

    assert owners_of(organization) == [future_owner.pk]
    assert not Membership.objects.filter(user=operator).exists()
    future_owner.refresh_from_db()
    assert future_owner.active_organization == organization
    event = AuditEvent.objects.get(organization=organization)
    assert (event.actor, event.target_user, event.by_operator) == (operator, future_owner, True)


def test_a_user_cannot_create_an_organization_owned_by_someone_else(db):
    creator, victim = UserFactory(), UserFactory()
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        organization_create(acting_user=creator, owner=victim, name={"en": "Spam"}, region="EU")

    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"region": "ASIA"}, "region"),
        ({"region": ""}, "region"),
        ({"region": "eu"}, "region"),
        ({"name": {}}, "name"),
        ({"name": "Initech"}, "name"),
        ({"name": {"en": "   "}}, "name"),
        ({"name": {"de": "Initech"}}, "name"),
        ({"name": {"en": "x" * 201}}, "name"),
        ({"country": "XX"}, "country"),
        ({"locale": "xx"}, "locale"),
        ({"locale": ""}, "locale"),
    ],
)
def test_create_refuses_bad_input_and_creates_nothing(db, fields, error_field):
    creator = UserFactory()
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refusal:
        organization_create(
            acting_user=creator, **{"name": {"en": "Initech"}, "region": "EU", **fields}
        )

    assert refusal.value.field == error_field
    assert database_snapshot() == before
    assert not Organization.objects.exists()


# organization_update


def test_owner_updates_name_translations_locale_and_country(owner, organization):
    name = {"en": "Acme Corp", "nl": "Acme NV", "fr": "Acme SA"}

    organization_update(
        acting_user=owner, organization=organization, name=name, locale="fr", country="nl"
    )

    organization.refresh_from_db()
    assert organization.name == name
    assert organization.locale == "fr"
    assert organization.country.code == "NL"
    event = AuditEvent.objects.get(action=AuditAction.ORGANIZATION_UPDATED)
    assert event.actor == owner
    assert event.organization == organization
    assert event.data == {"fields": ["country", "locale", "name"]}


def test_admin_may_edit_settings(admin, organization):
    organization_update(acting_user=admin, organization=organization, name={"en": "Acme II"})
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme II"}


def test_update_without_a_change_writes_no_audit_event(owner, organization):
    before = database_snapshot()
    organization_update(acting_user=owner, organization=organization, name={"en": "Acme"})
    assert database_snapshot() == before


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_logo_is_reencoded_to_png_and_scaled(owner, organization, image_format):
    organization_update(
        acting_user=owner,
        organization=organization,
        logo=image_upload(image_format, size=(1024, 512)),
    )

    organization.refresh_from_db()
    assert organization.logo.name.endswith(".png")
    with organization.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert image.size == (256, 128)
    assert AuditEvent.objects.get(action=AuditAction.ORGANIZATION_UPDATED).data == {
        "fields": ["logo"]
    }


def test_small_logo_is_not_enlarged(owner, organization):
    organization_update(
        acting_user=owner, organization=organization, logo=image_upload("PNG", size=(64, 32))
    )
    organization.refresh_from_db()
    with organization.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (64, 32)


def test_replacing_and_removing_a_logo_deletes_the_old_file(
    owner, organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(acting_user=owner, organization=organization, logo=image_upload("PNG"))
    organization.refresh_from_db()
    first_logo = organization.logo.name
    storage = organization.logo.storage
    assert storage.exists(first_logo)

    with django_capture_on_commit_callbacks(execute=True):
        organization_update(acting_user=owner, organization=organization, logo=image_upload("JPEG"))
    organization.refresh_from_db()
    second_logo = organization.logo.name
    assert second_logo != first_logo
    assert not storage.exists(first_logo)
    assert storage.exists(second_logo)

    with django_capture_on_commit_callbacks(execute=True):
        organization_update(acting_user=owner, organization=organization, logo=None)
    organization.refresh_from_db()
    assert not organization.logo
    assert not storage.exists(second_logo)


def _too_large_png() -> SimpleUploadedFile:
    # Random pixels don't compress: a real PNG of more than 2 MB.
    side = 1100
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert buffer.tell() > 2 * 1024 * 1024
    return SimpleUploadedFile("big.png", buffer.getvalue())


def _tiny_png(size) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG")
    return SimpleUploadedFile("wide.png", buffer.getvalue())


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


@pytest.mark.parametrize(
    "make_upload",
    [
        pytest.param(lambda: SimpleUploadedFile("logo.svg", SVG), id="svg"),
        pytest.param(lambda: image_upload("GIF"), id="gif"),
        pytest.param(lambda: image_upload("BMP"), id="bmp"),
        pytest.param(lambda: SimpleUploadedFile("logo.png", b"not an image"), id="garbage"),
        pytest.param(_too_large_png, id="too-many-bytes"),
        pytest.param(lambda: _tiny_png((4097, 8)), id="too-wide"),
        pytest.param(lambda: _tiny_png((8, 4097)), id="too-high"),
    ],
)
@pytest.mark.usefixtures("media_on_the_filesystem")
def test_bad_logos_are_refused_and_nothing_changes(owner, organization, make_upload, tmp_path):
    organization_update(acting_user=owner, organization=organization, logo=image_upload("PNG"))
    organization.refresh_from_db()
    current_logo = organization.logo.name
    stored_files = sorted((tmp_path / "media" / "logos").iterdir())
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refusal:
        organization_update(
            acting_user=owner,
            organization=organization,
            name={"en": "Renamed"},
            logo=make_upload(),
        )

    assert refusal.value.field == "logo"
    assert database_snapshot() == before
    organization.refresh_from_db()
    assert organization.logo.name == current_logo
    assert organization.name == {"en": "Acme"}
    assert sorted((tmp_path / "media" / "logos").iterdir()) == stored_files


def test_a_logo_of_exactly_the_maximum_size_is_accepted(owner, organization):
    organization_update(acting_user=owner, organization=organization, logo=_tiny_png((4096, 4096)))
    organization.refresh_from_db()
    with organization.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (256, 256)


@pytest.mark.parametrize("acting", ["owner", "admin"])
def test_service_refuses_a_region_change(request, organization, acting):
    acting_user = request.getfixturevalue(acting)
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refusal:
        organization_update(
            acting_user=acting_user,
            organization=organization,
            name={"en": "Moved"},
            region="US",
        )

    assert refusal.value.field == "region"
    assert "region" in str(refusal.value)
    assert database_snapshot() == before


def test_passing_the_same_region_is_not_a_change(owner, organization):
    organization_update(
        acting_user=owner, organization=organization, region="EU", name={"en": "Acme BV"}
    )
    organization.refresh_from_db()
    assert (organization.region, organization.name) == ("EU", {"en": "Acme BV"})


def test_model_save_refuses_a_region_change(organization):
    organization = Organization.objects.get(pk=organization.pk)
    organization.region = "US"

    with pytest.raises(RegionImmutableError):
        organization.save()
    with pytest.raises(RegionImmutableError):
        organization.save(update_fields=["region"])

    assert Organization.objects.get(pk=organization.pk).region == "EU"


def test_model_save_refuses_a_region_change_on_an_instance_not_loaded_from_the_database(
    organization,
):
    stranger = Organization(
        pk=organization.pk,
        name=organization.name,
        slug=organization.slug,
        region="US",
        plan=organization.plan,
    )
    stranger._state.adding = False

    with pytest.raises(RegionImmutableError):
        stranger.save()
    assert Organization.objects.get(pk=organization.pk).region == "EU"


def test_a_region_set_and_reverted_before_saving_is_no_change(organization):
    organization = Organization.objects.get(pk=organization.pk)
    organization.region = "US"
    organization.region = "EU"
    organization.save()
    assert Organization.objects.get(pk=organization.pk).region == "EU"


def test_queryset_update_refuses_a_region_change(organization):
    with pytest.raises(RegionImmutableError):
        Organization.objects.filter(pk=organization.pk).update(region="US")
    with pytest.raises(RegionImmutableError):
        Organization.objects.all().update(region="US", locale="fr")

    organization.refresh_from_db()
    assert (organization.region, organization.locale) == ("EU", "en")
    # Other fields still update in bulk.
    assert Organization.objects.filter(pk=organization.pk).update(locale="nl") == 1


def test_bulk_update_refuses_a_region_change(organization):
    organization = Organization.objects.get(pk=organization.pk)
    organization.region = "US"
    # bulk_update runs in atomic(savepoint=False): give its failure a savepoint to undo.
    with pytest.raises(RegionImmutableError), transaction.atomic():
        Organization.objects.bulk_update([organization], ["region"])
    assert Organization.objects.get(pk=organization.pk).region == "EU"


@pytest.mark.parametrize(
    ("acting", "error"),
    [("member", PermissionDenied), ("viewer", PermissionDenied), ("outsider", NotFound)],
)
def test_update_refused_to_members_viewers_and_outsiders(request, organization, acting, error):
    acting_user = request.getfixturevalue(acting)
    before = database_snapshot()

    with pytest.raises(error):
        organization_update(
            acting_user=acting_user,
            organization=organization,
            name={"en": "Hijacked"},
            locale="fr",
            logo=image_upload("PNG"),
        )

    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"name": {}}, "name"),
        ({"name": {"xx": "Acme"}}, "name"),
        ({"locale": "xx"}, "locale"),
        ({"country": "ZZ"}, "country"),
    ],
)
def test_update_refuses_bad_settings(owner, organization, fields, error_field):
    before = database_snapshot()
    with pytest.raises(InvalidInput) as refusal:
        organization_update(acting_user=owner, organization=organization, **fields)
    assert refusal.value.field == error_field
    assert database_snapshot() == before


def test_update_as_operator(organization):
    operator = operator_user()
    organization_update(
        acting_user=operator, organization=organization, locale="nl", as_operator=True
    )
    organization.refresh_from_db()
    assert organization.locale == "nl"
    event = AuditEvent.objects.get(action=AuditAction.ORGANIZATION_UPDATED)
    assert (event.actor, event.by_operator) == (operator, True)


# organization_delete


@pytest.fixture
def busy_organization(owner, organization, admin, member, viewer, other_organization, outsider):
    """Acme with a second team, a pending invitation, and members who belong elsewhere too."""
    data_team = team_create(acting_user=owner, organization=organization, name="Data")
    team_member_add(acting_user=owner, team=data_team, user=member)
    invitation_create(acting_user=admin, organization=organization, email="new@example.test")
    # The member also belongs to Globex, where they keep their place.
    add_member(other_organization, member)
    # The outsider joins Acme but keeps Globex active.
    add_member(organization, outsider)
    return organization


def test_owner_deletes_the_organization(
    owner, busy_organization, admin, member, viewer, outsider, other_organization
):
    organization = busy_organization
    team_ids = list(organization.teams.values_list("pk", flat=True))
    group_ids = list(organization.teams.values_list("group_id", flat=True))
    assert len(team_ids) == 2
    event_ids = set(
        AuditEvent.objects.filter(organization=organization).values_list("pk", flat=True)
    )
    assert event_ids
    globex_team_memberships = TeamMembership.objects.filter(
        team__organization=other_organization
    ).count()

    organization_delete(acting_user=owner, organization=organization)

    assert not Organization.objects.filter(pk=organization.pk).exists()
    assert not Membership.objects.filter(organization_id=organization.pk).exists()
    assert not Team.objects.filter(pk__in=team_ids).exists()
    assert not TeamMembership.objects.filter(team_id__in=team_ids).exists()
    assert not Group.objects.filter(pk__in=group_ids).exists()
    assert not Invitation.objects.filter(organization_id=organization.pk).exists()
    for user in (owner, admin, member, viewer, outsider):
        assert not user.groups.filter(pk__in=group_ids).exists()

    # Globex is untouched.
    assert TeamMembership.objects.filter(team__organization=other_organization).count() == (
        globex_team_memberships
    )
    assert role_of(member, other_organization) == OrganizationRole.MEMBER

    # Active organizations: another of theirs, or none.
    for user in (owner, admin, member, viewer, outsider):
        user.refresh_from_db()
    assert member.active_organization == other_organization
    assert outsider.active_organization == other_organization
    assert owner.active_organization is None
    assert admin.active_organization is None
    assert viewer.active_organization is None

    # The audit trail is kept, detached, with a record of the deletion.
    kept = AuditEvent.objects.filter(pk__in=event_ids)
    assert kept.count() == len(event_ids)
    assert not kept.filter(organization__isnull=False).exists()
    assert set(kept.values_list("organization_name", flat=True)) == {"Acme"}
    deletion = AuditEvent.objects.get(action=AuditAction.ORGANIZATION_DELETED)
    assert deletion.organization is None
    assert deletion.actor == owner
    assert deletion.organization_name == "Acme"
    assert deletion.data["organization_id"] == str(organization.pk)


def test_deleting_removes_the_logo_file(owner, organization, django_capture_on_commit_callbacks):
    organization_update(acting_user=owner, organization=organization, logo=image_upload("PNG"))
    organization.refresh_from_db()
    logo_name, storage = organization.logo.name, organization.logo.storage
    assert storage.exists(logo_name)

    with django_capture_on_commit_callbacks(execute=True):
        organization_delete(acting_user=owner, organization=organization)

    assert not storage.exists(logo_name)


@pytest.mark.parametrize("acting", ["admin", "member", "viewer"])
def test_only_the_owner_deletes(request, busy_organization, acting):
    acting_user = request.getfixturevalue(acting)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        organization_delete(acting_user=acting_user, organization=busy_organization)

    assert database_snapshot() == before


def test_an_outsider_cannot_even_find_the_organization_to_delete(organization, outsider):
    before = database_snapshot()
    with pytest.raises(NotFound):
        organization_delete(acting_user=outsider, organization=organization)
    assert database_snapshot() == before


# organization_transfer_ownership


@pytest.mark.parametrize("new_owner", ["admin", "member", "viewer"])
def test_owner_transfers_ownership(request, owner, organization, new_owner):
    new_owner = request.getfixturevalue(new_owner)
    previous_role = role_of(new_owner, organization)

    organization_transfer_ownership(
        acting_user=owner, organization=organization, new_owner=new_owner
    )

    assert role_of(new_owner, organization) == OrganizationRole.OWNER
    assert role_of(owner, organization) == OrganizationRole.ADMIN
    assert owners_of(organization) == [new_owner.pk]
    event = AuditEvent.objects.get(action=AuditAction.OWNERSHIP_TRANSFERRED)
    assert event.organization == organization
    assert event.actor == owner
    assert event.target_user == new_owner
    assert event.by_operator is False
    assert event.data == {"previous_owner": str(owner.pk), "previous_role": previous_role}


def test_the_new_owner_can_then_transfer_back(owner, organization, admin):
    organization_transfer_ownership(acting_user=owner, organization=organization, new_owner=admin)
    organization_transfer_ownership(acting_user=admin, organization=organization, new_owner=owner)
    assert owners_of(organization) == [owner.pk]
    assert role_of(admin, organization) == OrganizationRole.ADMIN


def test_former_owner_may_no_longer_transfer(owner, organization, admin, member):
    organization_transfer_ownership(acting_user=owner, organization=organization, new_owner=admin)
    before = database_snapshot()
    with pytest.raises(PermissionDenied):
        organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=member
        )
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("acting", "error"),
    [
        ("admin", PermissionDenied),
        ("member", PermissionDenied),
        ("viewer", PermissionDenied),
        ("outsider", NotFound),
    ],
)
def test_only_the_owner_transfers(request, organization, admin, member, acting, error):
    acting_user = request.getfixturevalue(acting)
    target = member if acting_user != member else admin
    before = database_snapshot()

    with pytest.raises(error):
        organization_transfer_ownership(
            acting_user=acting_user, organization=organization, new_owner=target
        )

    assert database_snapshot() == before


def test_admin_cannot_take_ownership_for_themselves(organization, admin):
    before = database_snapshot()
    with pytest.raises(PermissionDenied):
        organization_transfer_ownership(
            acting_user=admin, organization=organization, new_owner=admin
        )
    assert database_snapshot() == before


def test_the_new_owner_must_be_a_member(owner, organization, outsider):
    before = database_snapshot()
    with pytest.raises(InvalidInput) as refusal:
        organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=outsider
        )
    assert refusal.value.field == "new_owner"
    assert database_snapshot() == before


def test_transfer_to_the_current_owner_is_refused(owner, organization):
    before = database_snapshot()
    with pytest.raises(InvalidInput):
        organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=owner
        )
    assert database_snapshot() == before


def test_operator_transfers_ownership(owner, organization, admin):
    operator = operator_user()

    organization_transfer_ownership(
        acting_user=operator, organization=organization, new_owner=admin, as_operator=True
    )

    assert owners_of(organization) == [admin.pk]
    assert role_of(owner, organization) == OrganizationRole.ADMIN
    event = AuditEvent.objects.get(action=AuditAction.OWNERSHIP_TRANSFERRED)
    assert (event.actor, event.target_user, event.by_operator) == (operator, admin, True)


def test_operator_recovers_an_organization_whose_owner_left(owner, organization, admin):
    # The owner's account was deleted: the organization has no owner left.
    owner.delete()
    assert owners_of(organization) == []

    organization_transfer_ownership(
        acting_user=operator_user(), organization=organization, new_owner=admin, as_operator=True
    )

    assert owners_of(organization) == [admin.pk]
    event = AuditEvent.objects.get(action=AuditAction.OWNERSHIP_TRANSFERRED)
    assert event.data["previous_owner"] is None


@pytest.mark.parametrize(
    "make_acting",
    [
        pytest.param(lambda: operator_user(is_staff=False), id="not-staff-with-permission"),
        pytest.param(lambda: operator_user(with_permission=False), id="staff-without-permission"),
        pytest.param(lambda: operator_user(is_staff=False, with_permission=False), id="plain-user"),
    ],
)
def test_operator_path_needs_staff_with_the_change_permission(organization, admin, make_acting):
    acting_user = make_acting()
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        organization_transfer_ownership(
            acting_user=acting_user, organization=organization, new_owner=admin, as_operator=True
        )

    assert database_snapshot() == before


def test_the_owner_cannot_use_the_operator_path(owner, organization, admin):
    before = database_snapshot()
    with pytest.raises(PermissionDenied):
        organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=admin, as_operator=True
        )
    assert database_snapshot() == before


def test_superuser_operator_needs_no_explicit_permission(organization, admin):
    superuser = User.objects.create_superuser("root@example.test", "correct horse battery")
    organization_transfer_ownership(
        acting_user=superuser, organization=organization, new_owner=admin, as_operator=True
    )
    assert owners_of(organization) == [admin.pk]


# Database invariants


def test_the_database_refuses_a_second_owner(owner, organization, admin):
    intruder = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=intruder, organization=organization, role=OrganizationRole.OWNER
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=admin, organization=organization).update(
            role=OrganizationRole.OWNER
        )

    assert owners_of(organization) == [owner.pk]
    assert not Membership.objects.filter(user=intruder).exists()


def test_owners_of_different_organizations_do_not_clash(organization, other_organization):
    assert len(owners_of(organization)) == 1
    assert len(owners_of(other_organization)) == 1


def test_the_database_refuses_a_duplicate_membership(organization, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=member, organization=organization, role=OrganizationRole.VIEWER
        )
    assert Membership.objects.filter(user=member, organization=organization).count() == 1
    assert role_of(member, organization) == OrganizationRole.MEMBER


def test_the_database_refuses_an_unknown_role(organization):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), organization=organization, role="root")
    assert Membership.objects.filter(organization=organization).count() == 1


def test_the_database_refuses_an_unknown_region(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name={"en": "Nowhere"}, slug="nowhere", region="XX")
    assert not Organization.objects.filter(slug="nowhere").exists()


# Changing plan -----------------------------------------------------------------------------


def test_owner_changes_the_plan_effective_at_once(organization, owner):
    organization_change_plan(acting_user=owner, organization=organization, plan=plan("core"))

    organization.refresh_from_db()
    assert organization.plan.code == "core"
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.PLAN_CHANGED)
    assert event.data == {"from": "pro", "to": "core"}
    assert event.actor == owner


@pytest.mark.parametrize("actor", ["admin", "member", "viewer"])
def test_only_the_owner_changes_the_plan(request, organization, actor):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        organization_change_plan(
            acting_user=acting_user, organization=organization, plan=plan("enterprise")
        )

    assert database_snapshot() == before


def test_a_plan_too_small_for_the_members_and_invitations_is_refused(
    organization, owner, admin, member, viewer
):
    for number in range(2):
        invitation_create(
            acting_user=owner, organization=organization, email=f"guest{number}@example.test"
        )
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="6") as refusal:
        organization_change_plan(acting_user=owner, organization=organization, plan=plan("free"))

    assert refusal.value.field == "plan"
    assert database_snapshot() == before


def test_a_plan_with_fewer_teams_than_the_organization_has_is_refused(organization, owner):
    team_create(acting_user=owner, organization=organization, name="Sales")
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="allows 1 team"):
        organization_change_plan(acting_user=owner, organization=organization, plan=plan("free"))

    assert database_snapshot() == before


def test_an_operator_changes_any_organizations_plan(organization):
    operator = UserFactory(is_staff=True, is_superuser=True)

    organization_change_plan(
        acting_user=operator, organization=organization, plan=plan("enterprise"), as_operator=True
    )

    organization.refresh_from_db()
    assert organization.plan.code == "enterprise"
    assert AuditEvent.objects.get(action=AuditAction.PLAN_CHANGED).by_operator is True
