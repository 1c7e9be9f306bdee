"""Photos chosen with a form that did not save yet (a field needed attention): they are checked,
stripped and kept for their uploader under the form's upload key, shown again with their
captions, and attached when the form saves. Browsers cannot put a chosen file back into a file
input, so without this the photos would have to be chosen again."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l

from app.dialogues.models import Photo
from app.photos.services import (
    CAPTION_MAX_LENGTH,
    clean_caption,
    delete_photo,
    discard_stale_pending_photos,
    pending_photos,
    store_photo,
)
from app.search.normalize import strip_bidi_controls

KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CAPTION_TOO_LONG = _l(
    "A caption may be at most %(count)d characters long.", count=CAPTION_MAX_LENGTH
)


@dataclass
class PhotoChoices:
    key: str
    new_captions: list[str | None] = field(default_factory=list)
    pending: list[tuple[Photo, str | None]] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    # Captions typed for photos already saved (the edit form), by photo id.
    existing_captions: dict[int, str | None] = field(default_factory=dict)


def _caption(value: str | None) -> str | None:
    return strip_bidi_controls(value or "").strip() or None


def photo_choices(key_field: Any, user: Any) -> PhotoChoices:
    """Read the photo part of a submitted form: the captions of the files chosen now (in the
    order of the files), and the pending photos kept from earlier submissions with their
    captions, less those the user ticked to leave out (deleted at once)."""
    key = key_field.data if KEY.match(key_field.data or "") else secrets.token_urlsafe(24)
    key_field.data = key
    choices = PhotoChoices(key=key)
    if request.method != "POST":
        return choices
    left_out = set(request.form.getlist("discard_pending"))
    for photo in pending_photos(user, key):
        if str(photo.id) in left_out:
            delete_photo(photo, user)
            continue
        choices.pending.append((photo, _caption(request.form.get(f"pending_caption-{photo.id}"))))
    choices.new_captions = [_caption(c) for c in request.form.getlist("photo_caption")]
    for name, value in request.form.items():
        photo_id = name.removeprefix("existing_caption-")
        if photo_id != name and photo_id.isascii() and photo_id.isdigit() and len(photo_id) < 10:
            choices.existing_captions[int(photo_id)] = _caption(value)
    captions = [c for c in choices.new_captions if c] + [c for _p, c in choices.pending if c]
    captions += [c for c in choices.existing_captions.values() if c]
    if any(len(caption) > CAPTION_MAX_LENGTH for caption in captions):
        choices.errors.append(CAPTION_TOO_LONG)
    return choices


def keep_pending(choices: PhotoChoices, prepared: list, user: Any) -> None:
    """The form did not save: keep the photos chosen now as pending, with their captions."""
    discard_stale_pending_photos()
    captions = choices.new_captions + [None] * len(prepared)
    for (_name, photo), caption in zip(prepared, captions, strict=False):
        kept = store_photo(photo, pending_key=choices.key, caption=_fit(caption), user=user)
        choices.pending.append((kept, caption))
    choices.new_captions = []


def _fit(caption: str | None) -> str | None:
    """A pending photo stores at most a caption's length; the whole text stays in the form."""
    return clean_caption((caption or "")[:CAPTION_MAX_LENGTH])
