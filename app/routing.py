"""What every request's URL may hold: ids the database can store, page numbers, no NUL."""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # ids are INTEGER columns: PostgreSQL's int4, and SQLite refuses > 2**63 - 1
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number no id can have is a 404, not a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def query_id(name: str) -> int | None:
    """An id from the query string, or None when it is missing or could not be an id."""
    value = request.args.get(name, type=int)
    return value if value is not None and 1 <= value <= MAX_ID else None


def page_number() -> int:
    """The `page` of a list (1 when missing or unusable), within what an offset can hold."""
    value = request.args.get("page", 1, type=int)
    return min(max(value, 1), MAX_PAGE)


def refuse_nul_characters() -> None:
    """No database stores a NUL character (PostgreSQL refuses it outright): a 400 for the pages.
    The API answers its own 422 (app.api.blueprint)."""
    if request.blueprint == "api":
        return
    values = [request.path, *request.args.values()]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        values.extend(request.form.values())
    if any("\x00" in value for value in values):
        abort(400)
