"""Serving photos, only to users who may see the dialogue that owns them; anyone else gets 404."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, send_from_directory
from flask_login import current_user, login_required

from app.dialogues.models import Photo
from app.extensions import db
from app.photos.processing import (
    EXTENSIONS,
    THUMBNAIL_EXTENSION,
    THUMBNAIL_MIME_TYPE,
    THUMBNAIL_SIDE,
)
from app.photos.queries import get_visible_photo
from app.photos.storage import photo_folder

bp = Blueprint("photos", __name__)


@bp.route("/<int:photo_id>")
def photo(photo_id: int):
    found = _visible_photo_or_404(photo_id)
    name = f"photo-{found.id}.{EXTENSIONS[found.mime_type]}"
    return _send(found.stored_name, found.mime_type, name)


@bp.route("/<int:photo_id>/thumbnail")
def thumbnail(photo_id: int):
    found = _visible_photo_or_404(photo_id)
    name = f"photo-{found.id}-thumbnail.{THUMBNAIL_EXTENSION}"
    return _send(found.thumbnail_name, THUMBNAIL_MIME_TYPE, name)


@bp.route("/pending/<int:photo_id>/thumbnail")
@login_required
def pending_thumbnail(photo_id: int):
    """A photo chosen with a form that has not saved yet: only for the person who chose it."""
    found = db.session.scalar(
        sa.select(Photo).where(
            Photo.id == photo_id,
            Photo.pending_key.is_not(None),
            Photo.uploaded_by_id == current_user.id,
        )
    )
    if found is None:
        abort(404)
    return _send(found.thumbnail_name, THUMBNAIL_MIME_TYPE, f"photo-{found.id}-thumbnail.jpg")


@bp.app_template_global()
def photo_thumbnail_size(photo: Photo) -> tuple[int, int]:
    """The thumbnail's width and height, for <img width height> (no layout shift while loading)."""
    scale = min(1.0, THUMBNAIL_SIDE / max(photo.width, photo.height))
    return max(1, round(photo.width * scale)), max(1, round(photo.height * scale))


def _visible_photo_or_404(photo_id: int) -> Photo:
    found = get_visible_photo(current_user, photo_id)
    if found is None:
        abort(404)
    return found


def _send(stored_name: str, mime_type: str, download_name: str):
    response = send_from_directory(photo_folder(), stored_name, mimetype=mime_type)
    response.headers["Content-Disposition"] = f'inline; filename="{download_name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Every request goes through the permission check again: no shared cache keeps a copy, and
    # the browser revalidates (cheaply, with the ETag) instead of reusing it unchecked.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers.pop("Expires", None)
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
