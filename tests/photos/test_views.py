"""Serving photos: only to those who may see the owning dialogue, everyone else gets a 404."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import LinkRole, Visibility
from app.dialogues.permissions import can_view_dialogue
from app.photos.services import store_photo
from tests.dialogues.test_views import MAY_OPEN as DIALOGUE_MAY_OPEN
from tests.dialogues.test_views import ROLES
from tests.photos import images

# A photo opens exactly where its dialogue's page opens: the dialogue table, plus an archived
# (once public) dialogue that only its organiser's staff and admins can still open.
MAY_OPEN = {**DIALOGUE_MAY_OPEN, "archived": {"organizer_same_org", "admin"}}
OWNERS = ["dialogue", "outcome update"]  # a dialogue's photo; evidence on one of its outcomes


@pytest.fixture
def scene(db, make, progress_report):
    organiser = make.organization()
    partner_org = make.organization()
    staff = make.user(role=Role.ORGANIZER, organization=organiser)
    dialogues = {}
    for visibility in Visibility:
        dialogues[visibility.value] = make.dialogue(organizer=organiser, visibility=visibility)
    dialogues["archived"] = make.dialogue(
        organizer=organiser, visibility=Visibility.PUBLIC, archived_at=utcnow()
    )
    photos = {}
    for name, dialogue in dialogues.items():
        make.link(dialogue=dialogue, organization=partner_org, role=LinkRole.PARTNER)
        photos[name, "dialogue"] = store_photo(images.jpeg(), dialogue=dialogue, user=staff)
        update = progress_report(dialogue, organization=partner_org)
        photos[name, "outcome update"] = store_photo(
            images.png(), outcome_update=update, user=update.author
        )
    users = {
        "anonymous": None,
        "organizer_same_org": staff,
        "organizer_other_org": make.user(role=Role.ORGANIZER),
        "partner_linked": make.user(role=Role.PARTNER, organization=partner_org),
        "partner_unlinked": make.user(role=Role.PARTNER),
        "donor": make.user(role=Role.DONOR),
        "admin": make.user(admin=True),
    }
    db.session.commit()
    return dialogues, photos, users


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", list(MAY_OPEN))
def test_a_photo_is_served_only_to_those_who_may_see_its_dialogue(
    client, login, scene, photo_folder, role, visibility, owner
):
    dialogues, photos, users = scene
    photo = photos[visibility, owner]
    if users[role] is not None:
        login(users[role])
    may_open = role in MAY_OPEN[visibility]
    assert may_open == can_view_dialogue(users[role] or AnonymousUserMixin(), dialogues[visibility])
    for url, name in [
        (f"/photos/{photo.id}", photo.stored_name),
        (f"/photos/{photo.id}/thumbnail", photo.thumbnail_name),
    ]:
        response = client.get(url)
        if may_open:
            assert response.status_code == 200, url
            assert response.data == (photo_folder / name).read_bytes()
        else:
            assert response.status_code == 404, url
            assert response.mimetype == "text/html"


def test_the_photo_is_served_with_its_type_and_safe_headers(client, make, db):
    photo = store_photo(images.png(), dialogue=make.dialogue(), user=make.user())
    db.session.commit()
    response = client.get(f"/photos/{photo.id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"] == f'inline; filename="photo-{photo.id}.png"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]
    thumbnail = client.get(f"/photos/{photo.id}/thumbnail")
    assert thumbnail.headers["Content-Type"] == "image/jpeg"
    assert thumbnail.headers["Content-Disposition"] == (
        f'inline; filename="photo-{photo.id}-thumbnail.jpg"'
    )
    assert thumbnail.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in thumbnail.headers["Cache-Control"]


def test_a_known_etag_does_not_get_past_the_permission_check(client, login, make, db):
    staff = make.user(role=Role.ORGANIZER)
    dialogue = make.dialogue(organizer=staff.organization, visibility=Visibility.INTERNAL)
    photo = store_photo(images.jpeg(), dialogue=dialogue, user=staff)
    db.session.commit()
    login(staff)
    first = client.get(f"/photos/{photo.id}")
    etag = first.headers["ETag"]
    assert client.get(f"/photos/{photo.id}", headers={"If-None-Match": etag}).status_code == 304
    login(make.user(role=Role.ORGANIZER))
    assert client.get(f"/photos/{photo.id}", headers={"If-None-Match": etag}).status_code == 404


def test_a_photo_that_becomes_internal_is_no_longer_served_to_the_public(client, make, db):
    dialogue = make.dialogue(visibility=Visibility.PUBLIC)
    photo = store_photo(images.jpeg(), dialogue=dialogue, user=make.user())
    db.session.commit()
    assert client.get(f"/photos/{photo.id}").status_code == 200
    dialogue.visibility = Visibility.INTERNAL
    assert client.get(f"/photos/{photo.id}").status_code == 404
    assert client.get(f"/photos/{photo.id}/thumbnail").status_code == 404


@pytest.mark.parametrize("path", ["/photos/999999", "/photos/999999/thumbnail", "/photos/x"])
def test_a_photo_that_does_not_exist_is_a_404(client, login, make, path):
    login(make.user(admin=True))
    assert client.get(path).status_code == 404


def test_a_photo_whose_file_is_missing_is_a_404_not_an_error(client, make, db, photo_folder):
    photo = store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    db.session.commit()
    (photo_folder / photo.stored_name).unlink()
    assert client.get(f"/photos/{photo.id}").status_code == 404
