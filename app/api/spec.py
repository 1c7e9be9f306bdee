"""The flask-smorest extension, set up for Hiwar: errors are rendered by app.core.errors (one
JSON shape under /api/), and the document declares the Bearer token scheme."""

from __future__ import annotations

from flask_smorest import Api

from app.api.schemas import ErrorSchema

BEARER = {"type": "http", "scheme": "bearer", "description": "A personal API token"}


class HiwarApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """Leave error handling to the app: its handler answers in JSON under /api/ and with
        bilingual pages elsewhere; flask-smorest's would turn every page's error into JSON."""

    def _init_spec(self, **kwargs) -> None:
        super()._init_spec(**kwargs)
        self.spec.components.security_scheme("bearerAuth", BEARER)
        self.spec.options["security"] = [{"bearerAuth": []}, {}]
