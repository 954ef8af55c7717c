"""Bounds of the values a client sends as JSON, checked once at each front door.

Beyond them, something below fails with an error that would be a 500: a parser or a reader
that recurses runs out of stack, SQLite's driver can't bind an integer beyond 64 bits,
PostgreSQL refuses NUL in text, and neither database can store an unpaired surrogate (JSON's
``"\\ud800"``). Each door turns the fault into a 400 of its own shape.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

# Deeper than any real call (a dashboard's contents included), shallow enough that no
# reader of the value, recursive or not, has anything to fear.
MAX_DEPTH = 64
# What both databases can hold: a signed 64-bit integer.
MAX_INTEGER = 2**63 - 1
MIN_INTEGER = -(2**63)
# NUL and the other C0 control characters but tab, line feed and carriage return; DEL; and
# unpaired surrogates.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

ERR_TOO_DEEP = _("The body is nested more than %(depth)s levels deep.")
ERR_CONTROL_CHARACTER = _(
    "Text may not contain control characters (such as NUL) or unpaired surrogates."
)
ERR_NUMBER_RANGE = _("Give a number between %(minimum)s and %(maximum)s.")


class OutOfBounds(Exception):
    """The first value out of bounds: its dotted place ("" for the whole body) and why."""

    def __init__(self, place: str, message: Any) -> None:
        super().__init__(place)
        self.place = place
        self.message = message


def too_deep() -> OutOfBounds:
    """What a parser that ran out of stack on the body means."""
    return OutOfBounds("", ERR_TOO_DEEP % {"depth": MAX_DEPTH})


def check_bounds(value: Any, *, characters: bool = True) -> None:
    """Raises OutOfBounds for the first value nested too deep, an integer out of range or
    (unless ``characters`` is false: the caller's rules decide) a text, a key included,
    with a forbidden character. Iterative, so that it can't run out of stack itself."""
    pending: list[tuple[Any, str, int]] = [(value, "", 1)]
    while pending:
        value, place, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise OutOfBounds(place, ERR_TOO_DEEP % {"depth": MAX_DEPTH})
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                here = f"{place}.{key}" if place else str(key)
                if characters and isinstance(key, str) and FORBIDDEN_CHARACTERS.search(key):
                    # The place is answered to the client: without the characters.
                    raise OutOfBounds(
                        FORBIDDEN_CHARACTERS.sub("\ufffd", here), ERR_CONTROL_CHARACTER
                    )
                pending.append((item, here, depth + 1))
        elif characters and isinstance(value, str) and FORBIDDEN_CHARACTERS.search(value):
            raise OutOfBounds(place, ERR_CONTROL_CHARACTER)
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and not MIN_INTEGER <= value <= MAX_INTEGER
        ):
            raise OutOfBounds(
                place, ERR_NUMBER_RANGE % {"minimum": MIN_INTEGER, "maximum": MAX_INTEGER}
            )


def refuse_constant(name: str) -> Any:
    """``parse_constant`` for json.loads: NaN and Infinity are not JSON, though Python's
    parser reads them."""
    raise ValueError(name)
