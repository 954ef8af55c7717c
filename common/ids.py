"""Ids as the front doors receive them: any value that may or may not be a UUID."""

import uuid
from typing import Any


def parse_uuid(value: Any) -> uuid.UUID | None:
    """The value as a UUID, or None when it can't be one (an unknown id: a 404)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
