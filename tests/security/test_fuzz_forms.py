"""Hostile input in every form the pages post: never a server error, and a form that creates
records writes the whole record or nothing (every table's row count is compared)."""

from __future__ import annotations

import io
import itertools
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from app.accounts import tokens as link_tokens
from app.auth.models import Role
from app.dialogues.models import LinkRole, Photo, Visibility
from app.extensions import db
from app.outcomes.models import OutcomeUpdate, UpdateKind
from tests import factories
from tests.dialogues.test_editing import form_data as dialogue_form_data
from tests.photos import images
from tests.security.payloads import FUZZ, changed, hostile_form, hostile_text, row_counts

TODAY = date.today()
ROW_FIELDS = tuple(
    [f"axes-{n}-title" for n in range(7)]
    + ["priorities-0-text", "outcomes-0-text", "links-0-organization_id"]
)
# A dialogue saved from the valid form holds all of these, and an audit event.
WHOLE_DIALOGUE = {
    "dialogues": 1,
    "axes": 7,
    "priorities": 1,
    "outcomes": 1,
    "dialogue_organizations": 1,
}
_keys = itertools.count()


@pytest.fixture
def scene(make):
    organiser = make.organization(name_en="Organiser")
    partner = make.organization(name_en="Partner")
    staff = make.user(role=Role.ORGANIZER, organization=organiser)
    partner_staff = make.user(role=Role.PARTNER, organization=partner)
    admin = make.user(admin=True)
    city = make.city(name_en="Homs", name_ar="حمص")
    theme = make.theme()
    other_theme = make.theme()
    dialogue = make.dialogue(organizer=organiser, city=city, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner, role=LinkRole.PARTNER)
    outcome = make.outcome(dialogue=dialogue, responsible_org=partner, theme=theme)
    report = OutcomeUpdate(
        outcome=outcome,
        kind=UpdateKind.PROGRESS,
        author=partner_staff,
        organization=partner,
        progress=40,
        note="Two trainings held",
    )
    db.session.add(report)
    invitee = make.user(role=Role.PARTNER, organization=partner, password_hash=None)
    db.session.commit()
    return SimpleNamespace(
        organiser=organiser,
        partner=partner,
        staff=staff,
        partner_staff=partner_staff,
        admin=admin,
        city=city,
        theme=theme,
        other_theme=other_theme,
        dialogue=dialogue,
        outcome=outcome,
        report=report,
        invitee=invitee,
        setting={"staff": staff, "city": city, "theme": theme, "partner": partner},
    )


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


def post(client, user, path, body):
    sign_in(client, user)
    before = row_counts()
    response = client.post(path, data=body)
    after = row_counts()
    assert response.status_code < 500, f"{path} answered {response.status_code} to {body!r:.300}"
    return response, changed(before, after)


def nothing_or(delta: dict, whole: dict) -> bool:
    """Either nothing changed, or every table the record needs grew as it should (and an
    audit event says who did it)."""
    if not delta:
        return True
    return all(delta.get(name) == count for name, count in whole.items()) and (
        delta.get("audit_events", 0) >= 1
    )


@given(data=st.data())
@FUZZ
def test_registering_a_dialogue_with_hostile_input(client, scene, data):
    valid = dialogue_form_data(scene.setting, creation_key="key")
    body = data.draw(hostile_form(valid, keep_keys=ROW_FIELDS, extra_keys=("organizer_org_id",)))
    if body.get("creation_key") in (None, "key"):
        body["creation_key"] = f"fuzz-{next(_keys)}"  # not a double submission of an earlier one
    response, delta = post(client, scene.staff, "/dialogues/new", body)
    assert nothing_or(delta, WHOLE_DIALOGUE), delta
    if response.status_code >= 400:
        assert not delta


@given(data=st.data())
@FUZZ
def test_editing_a_dialogue_with_hostile_input(client, scene, data):
    db.session.refresh(scene.dialogue)
    version = scene.dialogue.version
    valid = dialogue_form_data(scene.setting, version=str(version))
    valid.pop("outcomes-0-responsible_org_id")  # an edit does not reassign: no notification
    extra = ("outcomes-0-id", "statements-0-id", "outcomes-1-id", "links-1-organization_id")
    body = data.draw(hostile_form(valid, keep_keys=ROW_FIELDS, extra_keys=extra))
    response, delta = post(client, scene.staff, f"/dialogues/{scene.dialogue.id}/edit", body)
    db.session.refresh(scene.dialogue)
    if response.status_code >= 400:
        assert not delta
        assert scene.dialogue.version == version
    else:
        assert scene.dialogue.version == version + 1
        assert delta.get("audit_events", 0) >= 1


def outcome_path(scene, step):
    return f"/outcomes/{scene.outcome.id}/{step}"


# Each outcome step: who posts it, its valid body, and what a success adds.
OUTCOME_STEPS = {
    "decline": ("partner_staff", lambda s: {"reason": "No budget", "version": "1"}),
    "progress": (
        "partner_staff",
        lambda s: {
            "status": "in_progress",
            "progress": "40",
            "reported_on": TODAY.isoformat(),
            "note": "Two of five trainings held",
            "evidence_url": "https://example.org/report",
            "photo_caption": "The second training",
        },
    ),
    "comments": ("staff", lambda s: {"note": "Thank you"}),
    "verify": (
        "staff",
        lambda s: {"update_id": str(s.report.id), "note": "Seen it", "version": "1"},
    ),
    "request-evidence": (
        "staff",
        lambda s: {"update_id": str(s.report.id), "note": "A photo, please", "version": "1"},
    ),
}


@pytest.mark.parametrize("step", list(OUTCOME_STEPS))
@given(data=st.data())
@FUZZ
def test_outcome_steps_with_hostile_input(client, scene, step, data):
    actor, valid = OUTCOME_STEPS[step]
    body = data.draw(hostile_form(valid(scene), extra_keys=("photos", "outcome_id", "status")))
    response, delta = post(client, getattr(scene, actor), outcome_path(scene, step), body)
    if response.status_code >= 400:
        assert not delta
    else:
        assert delta.get("outcome_updates") == 1, delta
        assert delta.get("audit_events", 0) >= 1, delta


def link_token(scene, purpose):
    return link_tokens.make_link_token(scene.invitee, purpose)


# Forms that create nothing of their own: only "no 5xx" (and nothing half-written) applies.
SIMPLE_FORMS = {
    "login": (
        None,
        lambda s: "/auth/login",
        lambda s: {
            "email": s.staff.email,
            "password": factories.PASSWORD,
            "remember": "y",
            "next": "/dialogues/",
        },
    ),
    "language": (None, lambda s: "/language", lambda s: {"lang": "en", "next": "/map"}),
    "account": (
        "staff",
        lambda s: "/account",
        lambda s: {"name": "Rana", "preferred_language": "ar"},
    ),
    "password": (
        "staff",
        lambda s: "/account/password",
        lambda s: {
            "current_password": factories.PASSWORD,
            "new_password": "a new long passphrase",
            "confirm": "a new long passphrase",
        },
    ),
    "forgot": (None, lambda s: "/auth/forgot", lambda s: {"email": s.staff.email}),
    "reset": (
        None,
        lambda s: f"/auth/reset/{link_token(s, link_tokens.PASSWORD_RESET)}",
        lambda s: {"password": "a new long passphrase", "confirm": "a new long passphrase"},
    ),
    "invitation": (
        None,
        lambda s: f"/auth/invitation/{link_token(s, link_tokens.INVITATION)}",
        lambda s: {"password": "a new long passphrase", "confirm": "a new long passphrase"},
    ),
    "edit theme": (
        "admin",
        lambda s: f"/admin/themes/{s.theme.id}/edit",
        lambda s: {"name_ar": "السلامة", "name_en": "Safety", "description_en": "Streets"},
    ),
    "edit user": (
        "admin",
        lambda s: f"/admin/users/{s.partner_staff.id}",
        lambda s: {"name": "Rana", "role": "partner", "organization_id": str(s.partner.id)},
    ),
    "edit organisation": (
        "admin",
        lambda s: f"/admin/organizations/{s.partner.id}/edit",
        lambda s: {"name_ar": "شريك", "name_en": "Partner", "kind": "civil_society"},
    ),
}


@pytest.mark.parametrize("form", list(SIMPLE_FORMS))
@given(data=st.data())
@FUZZ
def test_forms_that_change_a_record_with_hostile_input(client, scene, form, data):
    actor, path, valid = SIMPLE_FORMS[form]
    body = data.draw(hostile_form(valid(scene)))
    user = getattr(scene, actor) if actor else None
    response, delta = post(client, user, path(scene), body)
    if response.status_code >= 400:
        assert not delta
    else:
        assert not {name for name in delta if name not in ("audit_events", "notifications")}


# Forms that create a record: whole or nothing.
CREATING_FORMS = {
    "token": (
        "staff",
        "/account/tokens/",
        lambda s: {"name": "M&E sync", "scope": "read_write", "expires_on": ""},
        {"api_tokens": 1},
    ),
    "organisation": (
        "admin",
        "/admin/organizations/new",
        lambda s: {
            "name_ar": "منظمة",
            "name_en": "New organisation",
            "kind": "civil_society",
            "home_city_id": str(s.city.id),
            "website": "https://example.org",
            "description": "Youth work",
        },
        {"organizations": 1},
    ),
    "theme": (
        "admin",
        "/admin/themes/new",
        lambda s: {"name_ar": "المياه", "name_en": "Water", "description_en": "Wells"},
        {"themes": 1},
    ),
    "place": (
        "admin",
        "/admin/places/new",
        lambda s: {
            "name_ar": "تلكلخ",
            "name_en": "Talkalakh",
            "governorate_id": str(s.city.governorate_id),
            "district_id": "",
            "lat": "34.67",
            "lon": "36.26",
        },
        {"places": 1},
    ),
    "invitation": (
        "admin",
        "/admin/users/invite",
        lambda s: {
            "email": "new.person@example.org",
            "name": "New Person",
            "role": "partner",
            "organization_id": str(s.partner.id),
            "preferred_language": "ar",
        },
        {"users": 1},
    ),
    "merge theme": (
        "admin",
        None,
        lambda s: {"target_id": str(s.other_theme.id)},
        {},
    ),
}


@pytest.mark.parametrize("form", list(CREATING_FORMS))
@given(data=st.data())
@FUZZ
def test_forms_that_create_a_record_with_hostile_input(client, scene, form, data):
    actor, path, valid, whole = CREATING_FORMS[form]
    body = data.draw(hostile_form(valid(scene)))
    path = path or f"/admin/themes/{scene.theme.id}/merge"
    response, delta = post(client, getattr(scene, actor), path, body)
    if response.status_code >= 400:
        assert not delta
    else:
        assert nothing_or(delta, whole), delta


@pytest.mark.parametrize("row", ["outcomes-0-id", "statements-0-id"])
@pytest.mark.parametrize("value", ["abc", "٣", "1e3", "99999999999999999999999"])
def test_a_row_id_that_is_not_a_number_is_no_server_error(client, scene, row, value):
    """Found by the fuzzer: a hidden row id is matched against the stored rows, never trusted."""
    db.session.refresh(scene.dialogue)
    body = dialogue_form_data(scene.setting, version=str(scene.dialogue.version))
    body.pop("outcomes-0-responsible_org_id")
    body.update({"outcomes-0-id": str(scene.outcome.id), "statements-0-text": "قالت مشاركة"})
    body[row] = value
    response, delta = post(client, scene.staff, f"/dialogues/{scene.dialogue.id}/edit", body)
    if row == "statements-0-id":  # an unknown statement id: a new statement
        assert response.status_code == 302
        assert delta.get("statements") == 1
    else:  # an unknown outcome id would drop the stored one, which has a progress report
        assert response.status_code == 400
        assert not delta


@pytest.mark.parametrize("where", ["dialogue", "progress report"])
@given(caption=hostile_text(), filename=hostile_text())
@FUZZ
def test_photo_captions_and_file_names_with_hostile_input(client, scene, where, caption, filename):
    """A photo with a hostile caption or file name: stored whole (row, file, audit) or refused
    with nothing written."""
    photo = (io.BytesIO(images.jpeg()), filename.replace("\x00", "") or "x.jpg")
    if where == "dialogue":
        db.session.refresh(scene.dialogue)
        body = dialogue_form_data(scene.setting, version=str(scene.dialogue.version))
        body.pop("outcomes-0-responsible_org_id")
        body.update({"outcomes-0-id": str(scene.outcome.id), "photo_caption": caption})
        path, user = f"/dialogues/{scene.dialogue.id}/edit", scene.staff
    else:
        body = {"status": "in_progress", "progress": "50", "photo_caption": caption}
        path, user = outcome_path(scene, "progress"), scene.partner_staff
    body["photos"] = photo
    folder = Path(client.application.config["UPLOAD_FOLDER"]) / "photos"
    files_before = len(list(folder.glob("*"))) if folder.exists() else 0
    response, delta = post(client, user, path, body)
    files_after = len(list(folder.glob("*"))) if folder.exists() else 0
    if response.status_code >= 400:
        # Nothing reaches the record; a photo that passed its checks is kept pending for the
        # form's next submission (stripped, its uploader's only), with its upload audited.
        pending = db.session.scalar(
            sa.select(sa.func.count()).select_from(Photo).where(Photo.pending_key.is_not(None))
        )
        assert set(delta) <= {"photos", "audit_events"}, delta
        assert delta.get("photos", 0) <= pending
        assert files_after == files_before + 2 * delta.get("photos", 0)
    else:
        assert delta.get("photos") == 1, delta
        assert files_after == files_before + 2  # the photo and its thumbnail
