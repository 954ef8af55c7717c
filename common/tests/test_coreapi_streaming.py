"""A streamed Core API answer: the bytes of the whole answer, and broken off, never finished
with a refusal, when its rows fail to be read."""

import json
from datetime import UTC, datetime

import pytest

from common.coreapi.errors import answer
from common.coreapi.streaming import StreamedRows


def rows(count):
    return [
        {"n": number, "at": datetime(2020, 1, 1, tzinfo=UTC), "text": 'é\x00"'}
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [0, 1, 2, 1001, 2500])
def test_a_streamed_answer_is_byte_for_byte_the_whole_answer(count, monkeypatch):
    monkeypatch.setattr("common.coreapi.streaming.ROWS_PER_PIECE", 1000)
    whole = answer({"count": 1, "rows": [{"id": "x", "users": rows(count), "groups": rows(1)}]})

    streamed = answer(
        {
            "count": 1,
            "rows": [
                {"id": "x", "users": StreamedRows(rows(count)), "groups": StreamedRows(rows(1))}
            ],
        }
    )

    assert not whole.streaming
    assert streamed.streaming
    assert b"".join(streamed.streaming_content) == whole.content


def test_a_row_that_holds_the_markers_text_is_answered_as_text():
    streamed = answer({"rows": StreamedRows([{"name": "\x00streamed-0\x00"}])})

    assert json.loads(b"".join(streamed.streaming_content)) == {
        "rows": [{"name": "\x00streamed-0\x00"}]
    }


def test_rows_failing_midway_break_the_stream_off_without_a_refusal(caplog):
    def failing():
        yield {"n": 1}
        raise RuntimeError("the database went away")

    streamed = answer({"rows": StreamedRows(failing())})
    sent = []
    with pytest.raises(RuntimeError):
        for piece in streamed.streaming_content:
            sent.append(piece)

    body = b"".join(sent).decode()
    assert streamed.status_code == 200
    assert "went away" not in body and "message" not in body
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    assert "broke off" in caplog.text
