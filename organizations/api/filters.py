"""Query-string filters of the organization domain's lists (django-filter)."""

import django_filters
from django.db.models import F, Q, QuerySet

from organizations.models import Invitation, Membership, Team, TeamMembership, UsageDay
from organizations.models.invitation import InvitationStatus
from organizations.roles import OrganizationRole, TeamRole

# The Users tab's default: the invitations someone may still act on.
DEFAULT_INVITATION_STATUSES = [InvitationStatus.PENDING.value, InvitationStatus.EXPIRED.value]


def _search_people(queryset: QuerySet, prefix: str, value: str) -> QuerySet:
    return queryset.filter(
        Q(**{f"{prefix}email__icontains": value}) | Q(**{f"{prefix}name__icontains": value})
    )


class MemberFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=OrganizationRole.choices)
    team = django_filters.UUIDFilter(method="filter_team", help_text="Members of this team.")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the e-mail address or name."
    )

    class Meta:
        model = Membership
        fields = ["role", "team", "search"]

    def filter_team(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Within one filter() call, so that the team must be of the membership's own
        # organization: a team id of another organization matches nobody.
        return queryset.filter(
            user__team_memberships__team_id=value,
            user__team_memberships__team__organization_id=F("organization_id"),
        )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search_people(queryset, "user__", value)


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        field_name="display_status",
        choices=InvitationStatus.choices,
        help_text="Repeat to combine; default: pending and expired.",
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the e-mail address or name."
    )

    class Meta:
        model = Invitation
        fields = ["status", "search"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.getlist("status"):
            data = data.copy()
            data.setlist("status", DEFAULT_INVITATION_STATUSES)
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search_people(queryset, "", value)


class TeamFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the team's name."
    )

    class Meta:
        model = Team
        fields = ["search"]


class TeamMemberFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=TeamRole.choices)
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the e-mail address or name."
    )

    class Meta:
        model = TeamMembership
        fields = ["role", "search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search_people(queryset, "user__", value)


class UsageDayFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(
        field_name="day", lookup_expr="gte", help_text="From this day (YYYY-MM-DD), included."
    )
    until = django_filters.DateFilter(
        field_name="day", lookup_expr="lte", help_text="Up to this day (YYYY-MM-DD), included."
    )

    class Meta:
        model = UsageDay
        fields = ["since", "until"]
