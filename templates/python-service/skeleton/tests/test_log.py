import json
import logging
import sys

from app.log import JsonFormatter


def format_record(**kwargs):
    record = logging.makeLogRecord(
        {"name": "app", "levelno": logging.INFO, "levelname": "INFO", **kwargs}
    )
    return json.loads(JsonFormatter().format(record))


def test_writes_one_json_object_with_the_extra_fields():
    entry = format_record(msg="request %s", args=("completed",), status=201)
    assert entry["msg"] == "request completed"
    assert entry["level"] == "info"
    assert entry["service"] == "${{ values.name }}"
    assert entry["status"] == 201
    assert entry["time"].endswith("+00:00")


def test_adds_the_exception():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        entry = format_record(msg="failed", exc_info=sys.exc_info())
    assert "RuntimeError: boom" in entry["err"]
