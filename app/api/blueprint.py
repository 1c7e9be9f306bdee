"""The API blueprint: routes in app.api.dialogues, .outcomes and .reference."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from werkzeug.datastructures import MultiDict
from wtforms import DateField, SelectField

from app.api.auth import authenticate_request
from app.api.errors import ApiError

bp = Blueprint(
    "api",
    __name__,
    description="Hiwar's records as JSON: what the token's owner sees in the pages.",
)
bp.before_request(authenticate_request)


@bp.before_request
def refuse_nul_characters() -> None:
    """No database stores a NUL character (PostgreSQL refuses it outright): refuse it here."""
    bad = [name for name, value in request.args.items(multi=True) if "\x00" in value]
    if bad or "\x00" in request.path:
        raise ApiError(422, fields={name: [NUL_CHARACTER] for name in bad})


NOT_A_VALUE = _l("Not one of the accepted values.")
NOT_A_DATE = _l("Enter a date as YYYY-MM-DD.")
TOO_LONG = _l("At most %(max)d characters.", max=200)
REVERSED = _l("The end date is before the start date.")
NOT_A_BOOLEAN = _l("Give true or false.")
NOT_AN_OBJECT = _l("Send a JSON object.")
NUL_CHARACTER = _l("Contains a character that is not allowed.")


def filter_errors(form: Any) -> dict[str, list[Any]]:
    """The invalid filters of a list's filter form, with the API's messages: the pages ignore
    an invalid filter and say so; the API refuses it."""
    errors: dict[str, list[Any]] = {}
    for field in form:
        if not field.errors:
            continue
        if field.short_name == "held_to" and _reversed(form):
            errors[field.name] = [REVERSED]
        elif isinstance(field, DateField):
            # A date that parsed but lies outside the periods Hiwar holds keeps its own message.
            errors[field.name] = list(field.errors) if field.data is not None else [NOT_A_DATE]
        elif isinstance(field, SelectField):
            errors[field.name] = [NOT_A_VALUE]
        else:
            errors[field.name] = [TOO_LONG]
    return errors


def _reversed(form: Any) -> bool:
    start, end = getattr(form, "held_from", None), getattr(form, "held_to", None)
    return bool(start and end and start.data and end.data and start.data > end.data)


def valid_filters(form: Any) -> Any:
    """The form's filters, or a 422 naming each invalid one."""
    filters = form.filters()
    errors = filter_errors(form)
    if errors:
        raise ApiError(422, fields=errors)
    return filters


def flag(name: str) -> bool:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise ApiError(422, fields={name: [NOT_A_BOOLEAN]})


def json_formdata(*names: str) -> MultiDict:
    """A JSON object's fields as form data, so that the pages' forms validate API writes."""
    body = request.get_json(silent=True)
    if not request.is_json:
        raise ApiError(415)
    if not isinstance(body, dict):
        raise ApiError(422, NOT_AN_OBJECT)
    data = MultiDict()
    for name in names:
        value = body.get(name)
        if value is None:
            continue
        data[name] = value if isinstance(value, str) else _plain(value)
    bad = [name for name, value in data.items() if "\x00" in value]
    if bad:
        raise ApiError(422, fields={name: [NUL_CHARACTER] for name in bad})
    return data


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def form_errors(form: Any) -> dict[str, list[Any]]:
    return {field.name: list(field.errors) for field in form if field.errors}
