"""Adding and removing photos. Services flush and audit; the request handler commits.

Permission is the caller's business (e.g. app.dialogues.permissions.can_edit_dialogue); these
functions check the file, never the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from app.audit import services as audit
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

__all__ = ["CAPTION_MAX_LENGTH", "PhotoError", "PreparedPhoto", "delete_photo", "store_photo"]

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
    caption: str | None = None,
    user: Any,
) -> Photo:
    """Re-encode an upload (or take one PhotoField already prepared) and add it to its owner.

    Raises PhotoError, with a message for the user, for anything we refuse; it is raised before
    anything is written, so the caller can show it and carry on. Any other exception means the
    session must be rolled back. The files are written now and removed again unless the caller
    commits.
    """
    if (dialogue is None) == (outcome_update is None):
        raise ValueError("a photo belongs to a dialogue or to an outcome update, not both")
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
        else:
            outcome_update.photos.append(photo)
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
