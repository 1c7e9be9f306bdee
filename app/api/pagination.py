"""Pages of a list: a stable order, and links to the next and previous pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination, SelectPagination

from app.api.errors import ApiError
from app.extensions import db


def page_arguments() -> tuple[int, int]:
    """page and per_page from the query string, or a 422 naming the one that is wrong."""
    errors: dict[str, list[Any]] = {}
    values = {}
    maximum = current_app.config["API_MAX_PER_PAGE"]
    defaults = {"page": 1, "per_page": current_app.config["API_PER_PAGE"]}
    for name, top in (("page", None), ("per_page", maximum)):
        raw = request.args.get(name)
        if raw is None:
            values[name] = defaults[name]
            continue
        value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        if value < 1 or (top is not None and value > top):
            message = (
                _l("Give a whole number from 1 to %(max)d.", max=top)
                if top
                else _l("Give a whole number from 1.")
            )
            errors[name] = [message]
        values[name] = value
    if errors:
        raise ApiError(422, fields=errors)
    return values["page"], values["per_page"]


def _link(page: int) -> str:
    args = {k: v for k, v in request.args.items(multi=False) if k != "page"}
    return url_for(request.endpoint, **(request.view_args or {}), **args, page=page, _external=True)


def paginate(
    select: sa.Select,
    serialize: Callable[[Any], dict],
    *,
    pagination_class: type[Pagination] = SelectPagination,
) -> dict[str, Any]:
    page, per_page = page_arguments()
    result = pagination_class(
        select=select,
        session=db.session,
        page=page,
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )
    return {
        "items": [serialize(item) for item in result.items],
        "page": page,
        "per_page": per_page,
        "total": result.total,
        "next": _link(page + 1) if result.has_next else None,
        "previous": _link(page - 1) if page > 1 else None,
    }
