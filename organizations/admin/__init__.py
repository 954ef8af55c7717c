"""The operators' admin for the organization domain, one module per subdomain.

Admin classes are a front door like the views: every change of an organization, its
members or its invitations goes through ``organizations.services``; list pages take their
joins and counts from ``list_select_related`` and annotations, so each runs a fixed number
of queries whatever the number of rows. Memberships, teams, invitations and audit events
are read-only here: their rules (exactly one owner, roles, seats, permission groups) live in
the services, and a plain admin save would bypass them. The read-only mixin, the operator
check and the mapping of refusals to messages are ``common.admin``'s.

Importing the modules registers their admin classes.
"""

from organizations.admin import (  # noqa: F401
    audit,
    billing,
    invitations,
    members,
    organizations,
    plans,
    securables,
    users,
)
