"""Adding and removing photos. Services flush and audit; the request handler commits.

Permission is the caller's business (e.g. app.dialogues.permissions.can_edit_dialogue); these
functions check the file, never the user.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit import services as audit
from app.db import utcnow
from app.dialogues.models import Dialogue, Photo
from app.extensions import db
from app.photos import storage
from app.photos.processing import (
    THUMBNAIL_EXTENSION,
    PhotoError,
    PreparedPhoto,
    Upload,
    prepare_photo,
)
from app.search.normalize import strip_bidi_controls

if TYPE_CHECKING:
    from app.outcomes.models import OutcomeUpdate

__all__ = [
    "CAPTION_MAX_LENGTH",
    "PhotoError",
    "PreparedPhoto",
    "attach_pending_photos",
    "change_caption",
    "delete_photo",
    "discard_stale_pending_photos",
    "pending_photos",
    "store_photo",
]

CAPTION_MAX_LENGTH = 500
CAPTION_TOO_LONG = _l(
    "A caption may be at most %(count)d characters long.", count=CAPTION_MAX_LENGTH
)


def clean_caption(caption: str | None) -> str | None:
    if caption is None:
        return None
    caption = strip_bidi_controls(caption).strip()
    if len(caption) > CAPTION_MAX_LENGTH:
        raise PhotoError(CAPTION_TOO_LONG)
    return caption or None


def store_photo(
    upload: Upload | PreparedPhoto,
    *,
    dialogue: Dialogue | None = None,
    outcome_update: OutcomeUpdate | None = None,
    pending_key: str | None = None,
    caption: str | None = None,
    user: Any,
) -> Photo:
    """Re-encode an upload (or take one PhotoField already prepared) and add it to its owner.

    Raises PhotoError, with a message for the user, for anything we refuse; it is raised before
    anything is written, so the caller can show it and carry on. Any other exception means the
    session must be rolled back. The files are written now and removed again unless the caller
    commits.
    """
    owners = [owner for owner in (dialogue, outcome_update, pending_key) if owner is not None]
    if len(owners) != 1:
        raise ValueError("a photo belongs to a dialogue, to an outcome update, or is pending")
    caption = clean_caption(caption)
    prepared = upload if isinstance(upload, PreparedPhoto) else prepare_photo(upload)
    session = db.session()
    written = []
    try:
        photo = Photo(
            stored_name=storage.random_name(prepared.extension),
            thumbnail_name=storage.random_name(THUMBNAIL_EXTENSION),
            mime_type=prepared.mime_type,
            width=prepared.width,
            height=prepared.height,
            size_bytes=len(prepared.data),
            caption=caption,
            uploaded_by_id=getattr(user, "id", None),
        )
        written.append(storage.write_new_file(session, photo.stored_name, prepared.data))
        written.append(storage.write_new_file(session, photo.thumbnail_name, prepared.thumbnail))
        if dialogue is not None:
            photo.dialogue = dialogue
        elif outcome_update is not None:
            outcome_update.photos.append(photo)
        else:
            photo.pending_key = pending_key
        session.add(photo)
        session.flush()
        audit.record("upload", photo, user=user, changes=_summary(photo))
        session.flush()
    except Exception:
        storage.discard_new_files(session, written)
        raise
    return photo


def delete_photo(photo: Photo, user: Any) -> None:
    """Remove the row now and its files once the deletion commits."""
    audit.record("delete", photo, user=user, changes=_summary(photo))
    db.session.delete(photo)
    db.session.flush()


PENDING_KEPT_FOR = timedelta(days=1)


def pending_photos(user: Any, key: str | None) -> list[Photo]:
    """Photos this user uploaded with a form (its upload key) that has not been saved yet."""
    if not key or not getattr(user, "id", None):
        return []
    return list(
        db.session.scalars(
            sa.select(Photo)
            .where(Photo.pending_key == key, Photo.uploaded_by_id == user.id)
            .order_by(Photo.id)
        )
    )


def attach_pending_photos(
    pending: list[tuple[Photo, str | None]],
    *,
    dialogue: Dialogue | None = None,
    outcome_update: OutcomeUpdate | None = None,
    user: Any,
) -> None:
    """Give pending photos their owner and the caption typed next to each, as the form saves."""
    for photo, caption in pending:
        photo.caption = clean_caption(caption)
        photo.pending_key = None
        if dialogue is not None:
            photo.dialogue = dialogue
        else:
            outcome_update.photos.append(photo)
        db.session.flush()
        audit.record("attach", photo, user=user, changes=_summary(photo))


def change_caption(photo: Photo, caption: str | None, *, user: Any) -> None:
    before = photo.caption
    photo.caption = clean_caption(caption)
    if photo.caption != before:
        db.session.flush()
        audit.record(
            "caption",
            photo,
            user=user,
            changes={**_summary(photo), "caption": [before, photo.caption]},
        )


def discard_stale_pending_photos() -> int:
    """Pending photos of forms abandoned for a day go (their files once this commits)."""
    stale = db.session.scalars(
        sa.select(Photo).where(
            Photo.pending_key.is_not(None), Photo.created_at < utcnow() - PENDING_KEPT_FOR
        )
    ).all()
    for photo in stale:
        audit.record("expire", photo, changes=_summary(photo))
        db.session.delete(photo)
    db.session.flush()
    return len(stale)


def _summary(photo: Photo) -> dict[str, Any]:
    return {
        "dialogue_id": photo.dialogue_id,
        "outcome_update_id": photo.outcome_update_id,
        "mime_type": photo.mime_type,
        "width": photo.width,
        "height": photo.height,
        "size_bytes": photo.size_bytes,
        "caption": photo.caption,
    }
