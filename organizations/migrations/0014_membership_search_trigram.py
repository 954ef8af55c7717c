"""Member search served by an index on PostgreSQL (issue 11).

The Users tab and the REST member list search a member's name or e-mail for a fragment
(``icontains``, which Django's PostgreSQL backend writes ``UPPER(col::text) LIKE UPPER(%s)``).
No B-tree serves a pattern that starts with a wildcard, so each search read every membership
of the organization: 22 to 90 ms at 50,000 members. A trigram GIN index on exactly those two
expressions serves it (0.1 to 1 ms for a rare fragment; a common one is read along the
order's index and stops at the page). SQLite has no such index: its search stays a scan.

``pg_trgm`` ships with PostgreSQL (contrib) and is a trusted extension (PostgreSQL 13+): a
database owner may create it. Where it can't be created, the migration says so and goes on:
search then works as before, only without the index.
"""

import warnings

from django.db import migrations, transaction

INDEX = "membership_search_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            # A savepoint: a refusal must not abort the migration's transaction.
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # the database user may not create extensions
            warnings.warn(
                f"pg_trgm could not be created ({error}); member search stays a scan of the "
                "organization's members. Create it as a superuser "
                "(CREATE EXTENSION pg_trgm) and run this migration again.",
                stacklevel=1,
            )
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON organizations_membership USING gin "
            "(UPPER(user_name::text) gin_trgm_ops, UPPER(user_email::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0013_securables_top_n")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
