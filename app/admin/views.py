"""The administration's routes, one module per kind of record; importing this registers them."""

from app.admin import audit, bp, organizations, places, themes, users  # noqa: F401

__all__ = ["bp"]
