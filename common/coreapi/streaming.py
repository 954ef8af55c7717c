"""Answers too large to hold: rows encoded and sent chunk by chunk as they are read.

A find's runner puts a ``StreamedRows`` where a list of rows would be (every member of a
large organization); ``errors.answer`` then sends the answer as a stream whose bytes are
exactly those of the answer encoded whole. Everything that can refuse the call (the body,
the credentials, the scope, the find, the query itself: its first rows are read before the
answer is given back) has run by then, so no refusal is ever sent halfway.

Should the database fail mid-stream, the error is logged and the stream breaks off: the
client gets a truncated body (chunked transfer without its last chunk, JSON without its
closing brackets), which no client takes for a whole answer. A refusal body can't be sent
then, since the status and the first rows are already out.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

logger = logging.getLogger(__name__)

# Rows encoded per piece of the stream: big enough that the encoder's fixed cost vanishes,
# small enough that a piece stays a few hundred kilobytes.
ROWS_PER_PIECE = 1000


class StreamedRows:
    """A list of rows read and encoded lazily, once."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.rows = iter(rows)


def json_pieces(
    parts: list[str], streamed: list[StreamedRows], encode: Callable[[Any], str]
) -> Iterator[bytes]:
    """The answer's bytes: the encoded text around each streamed list (``parts``, one more
    than ``streamed``), each list as ``encode`` would write it whole (``[a, b, …]``)."""
    try:
        for text, rows in zip(parts, streamed, strict=False):
            yield text.encode()
            separator = "["
            while piece := list(islice(rows.rows, ROWS_PER_PIECE)):
                yield (separator + encode(piece)[1:-1]).encode()
                separator = ", "
            yield b"[]" if separator == "[" else b"]"
        yield parts[-1].encode()
    except Exception:
        logger.exception("A streamed Core API answer broke off")
        raise
