"""The API's documentation page, rendered on the server from the OpenAPI document: no script,
nothing from another host."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from app.extensions import api

bp = Blueprint("api_docs", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")


def operations(spec: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(tag, operations) in the document's order, each operation flattened for the page."""
    by_tag: dict[str, list[dict[str, Any]]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            by_tag.setdefault((op.get("tags") or ["api"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [*item.get("parameters", []), *op.get("parameters", [])],
                    "body": _schema_name(body.get("schema")),
                    "responses": [
                        (
                            status,
                            _schema_name(
                                r.get("content", {}).get("application/json", {}).get("schema")
                            ),
                        )
                        for status, r in op.get("responses", {}).items()
                    ],
                }
            )
    return list(by_tag.items())


@bp.route("/docs")
def page():
    spec = api.spec.to_dict()
    return render_template(
        "api/docs.html",
        spec=spec,
        groups=operations(spec),
        schemas=spec.get("components", {}).get("schemas", {}),
        document_url=url_for("api-docs.openapi_json"),
    )
