"""A form field for one photo. The type is decided by decoding, so the field decodes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms.validators import ValidationError

from app.photos.processing import PhotoError, PreparedPhoto, prepare_photo

ACCEPT = "image/jpeg,image/png,image/webp"  # a hint for the browser's file picker, nothing more


class PhotoField(FileField):
    """A file input for one JPEG, PNG or WebP photo of at most 10 MB.

    Validation decodes and re-encodes the file (the only trustworthy check of its type) and puts
    a refusal next to the field, in the user's language. The result is kept in `prepared`, so
    saving does not decode again:

        if form.photo.prepared:
            store_photo(form.photo.prepared, dialogue=dialogue, caption=..., user=current_user)

    No file chosen is not an error; add InputRequired() to the validators to require one.
    """

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs["render_kw"] = {"accept": ACCEPT, **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)
        self.prepared: PreparedPhoto | None = None

    def pre_validate(self, form) -> None:
        self.prepared = None
        if not isinstance(self.data, FileStorage) or not self.data:
            return
        try:
            self.prepared = prepare_photo(self.data)
        except PhotoError as error:
            raise ValidationError(str(error)) from error


MAX_PHOTOS_AT_ONCE = 20


class PhotosField(MultipleFileField):
    """A file input for several photos at once (one picker, `multiple`), each checked as PhotoField
    checks one. Each accepted photo is kept in `prepared` as (file name, PreparedPhoto); a refused
    one puts its file name and the reason next to the field, and the others are still kept."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs["render_kw"] = {"accept": ACCEPT, **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)
        self.prepared: list[tuple[str, PreparedPhoto]] = []

    def uploads(self) -> list[FileStorage]:
        return [f for f in (self.data or []) if isinstance(f, FileStorage) and f]

    def pre_validate(self, form) -> None:
        self.prepared = []
        uploads = self.uploads()
        if len(uploads) > MAX_PHOTOS_AT_ONCE:
            raise ValidationError(
                _l("At most %(count)d photos at once, please.", count=MAX_PHOTOS_AT_ONCE)
            )
        refused = []
        for upload in uploads:
            name = (upload.filename or "")[:80]
            try:
                self.prepared.append((name, prepare_photo(upload)))
            except PhotoError as error:
                refused.append(f"{name}: {error}" if name else str(error))
        # Each refusal is its own message (validate() reset the errors just before this).
        self.errors.extend(refused)
