"""The organization domain's REST endpoints, one module per resource: organizations
(settings, logo, ownership, leaving), members, invitations, teams (and their members),
securables (dashboards, datasets and their shares), billing (plan and period, invoices,
usage) and plans. Their shapes are in ``serializers/`` under the same names, the list
filters in ``filters.py``, the routes in ``urls.py``.

A new endpoint goes into its resource's module as a thin viewset action: parse with a
serializer, call one service or selector, answer. Its schema (summary, request, responses
with ``common.rest.schema.with_errors``) sits on the action, or in ``extend_schema_view`` on
the class for the actions DRF's mixins provide. What another app's endpoints also need (error
shape, pagination, fields, the organization of the URL) belongs in ``common.rest``.
"""
