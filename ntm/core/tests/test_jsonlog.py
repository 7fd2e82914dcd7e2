"""The JSON log formatter: one parseable object per line, with the request id a filter stamped."""

from __future__ import annotations

import json
import logging

from ntm.core.jsonlog import JsonFormatter


def record(**extra) -> logging.LogRecord:
    entry = logging.LogRecord("ntm.test", logging.ERROR, __file__, 1, "Xã %s: lỗi", ("Long Phước",), None)
    entry.__dict__.update(extra)
    return entry


def test_a_record_becomes_one_json_line():
    line = JsonFormatter().format(record(request_id="abc12345"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry == {
        "time": entry["time"],
        "level": "ERROR",
        "logger": "ntm.test",
        "message": "Xã Long Phước: lỗi",
        "request_id": "abc12345",
    }


def test_without_a_request_the_id_is_empty_and_an_exception_is_kept():
    try:
        raise ValueError("hỏng")
    except ValueError:
        import sys

        entry = json.loads(JsonFormatter().format(record(exc_info=sys.exc_info())))
    assert entry["request_id"] == ""
    assert "ValueError: hỏng" in entry["exception"]
