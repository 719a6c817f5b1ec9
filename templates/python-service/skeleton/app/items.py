"""The example resource, kept in memory: replace it with the service's own."""

import itertools
import threading
from datetime import UTC, datetime

from flask import Blueprint, current_app, request
from werkzeug.exceptions import BadRequest, NotFound

MAX_NAME_LENGTH = 100

blueprint = Blueprint("items", __name__)


class ItemStore:
    def __init__(self):
        self._items = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def list(self):
        with self._lock:
            return list(self._items.values())

    def get(self, item_id):
        with self._lock:
            return self._items.get(item_id)

    def create(self, name):
        with self._lock:
            item = {
                "id": str(next(self._ids)),
                "name": name,
                "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds"),
            }
            self._items[item["id"]] = item
            return item


def _store():
    return current_app.extensions["items"]


def _parse_new_item(body):
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH:
        raise BadRequest(
            f"name: must be a non-empty string of at most {MAX_NAME_LENGTH} characters"
        )
    return name


@blueprint.get("/api/items")
def list_items():
    return {"items": _store().list()}


@blueprint.post("/api/items")
def create_item():
    name = _parse_new_item(request.get_json())
    return _store().create(name), 201


@blueprint.get("/api/items/<id>")
def get_item(id):  # the path parameter's name in openapi.yaml
    item = _store().get(id)
    if item is None:
        raise NotFound(f"No item with id {id}")
    return item
