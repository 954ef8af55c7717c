import factory

from accounts.models import User
from organizations.models import Membership, Organization, Plan
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.organization import organization_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda number: f"user{number}@example.test")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def plan(code: str) -> Plan:
    return Plan.objects.get(code=code)


class OrganizationFactory(factory.Factory):
    """Builds organizations through the real service, so each has its owner and My Team."""

    class Meta:
        model = Organization

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda number: {"en": f"Organization {number}"})
    region = "EU"
    country = ""
    plan = None

    @classmethod
    def _create(cls, model_class, *, owner, plan=None, **fields):
        organization = organization_create(acting_user=owner, **fields)
        if plan is not None:
            organization.plan = plan
            organization.save(update_fields=["plan"])
        return organization

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._create(model_class, *args, **kwargs)


def add_member(
    organization: Organization,
    user: User,
    role: str = OrganizationRole.MEMBER,
    *,
    team_role: str | None = TeamRole.MEMBER,
) -> User:
    """Makes ``user`` a member directly (fixtures only: real joins go through invitations),
    in the organization's first team unless ``team_role`` is None."""
    Membership.objects.create(organization=organization, user=user, role=role)
    if team_role is not None:
        team = organization.teams.order_by("created_at").first()
        team.memberships.create(user=user, role=team_role)
        user.groups.add(team.group)
    if user.active_organization_id is None:
        user.active_organization = organization
        user.save(update_fields=["active_organization"])
    return user
