"""PhotoField puts refusals next to the field; the gallery partial shows thumbnails as text-safe."""

from __future__ import annotations

import io

import pytest
from flask import render_template_string
from flask_babel import force_locale
from flask_wtf import FlaskForm

from app.photos.forms import PhotoField
from app.photos.services import store_photo
from tests.photos import images


class UploadForm(FlaskForm):
    photo = PhotoField("Photo")


def posted(app, data: bytes | None):
    files = {} if data is None else {"photo": (io.BytesIO(data), "photo.jpg", "image/jpeg")}
    return app.test_request_context(
        "/", method="POST", data=files, content_type="multipart/form-data"
    )


def test_a_good_photo_validates_and_is_prepared_once(app, make):
    with posted(app, images.jpeg_with_everything()):
        form = UploadForm()
        assert form.validate()
        prepared = form.photo.prepared
        assert prepared.mime_type == "image/jpeg"
        photo = store_photo(prepared, dialogue=make.dialogue(), user=make.user())
        assert (photo.width, photo.height) == (200, 100)


@pytest.mark.parametrize(
    ("data", "message"),
    [(images.gif(), "not a JPEG, PNG or WebP"), (images.png_bomb(7000, 7000), "too many pixels")],
)
def test_a_refused_file_is_an_error_on_the_field(app, data, message):
    with posted(app, data), force_locale("en"):
        form = UploadForm()
        assert not form.validate()
        assert form.photo.prepared is None
        [error] = form.photo.errors
        assert message in error


def test_no_file_chosen_is_not_an_error_unless_the_form_requires_one(app):
    with posted(app, None):
        form = UploadForm()
        assert form.validate()
        assert form.photo.prepared is None


def test_the_field_tells_the_browser_which_files_to_offer(app):
    with posted(app, None):
        html = UploadForm().photo()
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert 'type="file"' in html


def test_the_gallery_links_thumbnails_and_shows_captions_as_text(app, make, db):
    dialogue = make.dialogue()
    photo = store_photo(
        images.jpeg(images.two_colours((1000, 500))),
        dialogue=dialogue,
        caption="<script>alert(1)</script>",
        user=make.user(),
    )
    untitled = store_photo(images.jpeg(), dialogue=dialogue, user=make.user())
    with app.test_request_context("/"), force_locale("en"):
        html = render_template_string(
            '{% include "photos/_gallery.html" %}', photos=[photo, untitled]
        )
    assert f'href="/photos/{photo.id}"' in html
    assert f'src="/photos/{photo.id}/thumbnail"' in html
    assert 'width="480" height="240"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'alt="Photo 2 of 2"' in html and 'width="200" height="100"' in html
