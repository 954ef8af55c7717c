"""Columns read as the text the Core API answers, formatted by the database.

A large answer (every member of an organization) spends most of its time turning each
timestamp and UUID into a Python object and back into text: psycopg parses the timestamp,
the JSON encoder formats it again. These expressions have the database write the text
itself, exactly as ``errors.CoreApiJSONEncoder`` would (timestamps in UTC with
milliseconds, truncated: ``2020-01-01T11:11:27.370Z``; UUIDs in their hyphenated lower-case
form), so a row arrives ready to encode.
"""

from django.db.models import CharField, Func


class TimestampText(Func):
    """A timestamp column as Luzmo's text (never null: for columns that are never null)."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # MS truncates the microseconds, as the encoder's ``microsecond // 1000`` does.
        return self.as_sql(
            compiler,
            connection,
            template=(
                "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
            ),
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: its digits, cut and joined.
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(substr({sql}, 1, 10) || 'T' || substr({sql}, 12, 8) || '.' || "
            f"substr(substr({sql}, 21) || '000', 1, 3) || 'Z')",
            params * 4,
        )


class UuidText(Func):
    """A UUID column as its hyphenated text."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)::text", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores a UUID as its 32 lower-case hex digits.
        sql, params = compiler.compile(self.source_expressions[0])
        parts = " || '-' || ".join(
            f"substr({sql}, {start}, {length})"
            for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        )
        return f"({parts})", params * 5
