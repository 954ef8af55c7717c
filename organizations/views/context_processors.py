"""The sidebar's organization switcher, for every page of a logged-in user."""

from functools import cached_property

from django.http import HttpRequest

from organizations.models import Membership
from organizations.selectors.organizations import user_memberships


class Sidebar:
    """Loaded on first use, in one query whatever the number of organizations, so pages
    without a sidebar (e-mails, redirects) cost nothing."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        return list(user_memberships(self.user))

    @cached_property
    def active(self) -> Membership | None:
        return next(
            (
                membership
                for membership in self.memberships
                if membership.organization_id == self.user.active_organization_id
            ),
            None,
        )


# The sidebar entry that each page belongs to, by URL name.
PROFILE_PAGES = {"profile", "profile_organizations", "organization_create", "api_tokens"}
SECTIONS = {"dashboards", "datasets", "plugins"}


def _section(request: HttpRequest) -> str:
    url_name = getattr(request.resolver_match, "url_name", None) or ""
    if url_name in PROFILE_PAGES:
        return "profile"
    if url_name in SECTIONS:
        return url_name
    # A dashboard's or dataset's pages name their section in the URL; a plugin's are Plugins'.
    if url_name.startswith("securable"):
        return request.resolver_match.kwargs.get("section", "")
    if url_name.startswith("plugin_"):
        return "plugins"
    if url_name.startswith("organization"):
        return "organization"
    return ""


def sidebar(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"sidebar": Sidebar(user), "sidebar_section": _section(request)}
