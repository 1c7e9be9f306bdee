"""Registering and editing dialogues: the form, its rules, conflicts, archive and history."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.dialogues.models import Dialogue, DialogueStatus, Sector, Visibility
from app.outcomes.models import Outcome
from tests.dialogues import test_views


@pytest.fixture
def setting(make):
    staff = make.user(role=Role.ORGANIZER)
    return {
        "staff": staff,
        "city": make.city(name_en="Homs", name_ar="حمص"),
        "theme": make.theme(),
        "partner": make.organization(name_en="Homs Youth"),
    }


def form_data(setting, **overrides):
    last_month = (date.today() - timedelta(days=30)).isoformat()
    data = {
        "title_ar": "السلامة المجتمعية في حمص",
        "title_en": "Community safety in Homs",
        "format": "session",
        "held_on": last_month,
        "city_id": str(setting["city"].id),
        "venue": "فندق",
        "status": "held",
        "visibility": "public",
        "participants_total": "40",
        "participants_women": "18",
        "participants_men": "22",
        "participants_youth": "12",
        "sectors-civil_society": "15",
        "sectors-local_authority": "5",
        "links-0-organization_id": str(setting["partner"].id),
        "links-0-role": "partner",
        "priorities-0-kind": "concern",
        "priorities-0-text": "الخوف من التنقل ليلاً",
        "priorities-0-theme_id": str(setting["theme"].id),
        "outcomes-0-kind": "commitment",
        "outcomes-0-text": "تشكيل لجنة أحياء",
        "outcomes-0-theme_id": str(setting["theme"].id),
        "outcomes-0-responsible_org_id": str(setting["partner"].id),
        "outcomes-0-due_on": (date.today() + timedelta(days=60)).isoformat(),
        "creation_key": "key-1",
    }
    for position in range(7):
        data[f"axes-{position}-title"] = f"محور {position + 1}"
        data[f"axes-{position}-theme_id"] = str(setting["theme"].id)
    data.update(overrides)
    return data


def dialogues(db):
    return db.session.scalars(sa.select(Dialogue)).all()


def test_an_organizer_registers_a_whole_dialogue(client, login, setting, db):
    login(setting["staff"])
    response = client.post("/dialogues/new", data=form_data(setting))
    assert response.status_code == 302, response.get_data(as_text=True)
    [dialogue] = dialogues(db)
    assert dialogue.organizer_org_id == setting["staff"].organization_id
    assert [axis.position for axis in dialogue.axes] == list(range(1, 8))
    assert dialogue.outcomes[0].responsible_org_id == setting["partner"].id
    assert {c.sector.value: c.count for c in dialogue.sector_counts} == {
        "civil_society": 15,
        "local_authority": 5,
    }
    assert "السلامه المجتمعيه" in dialogue.search_text
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "create"))
    assert event.entity_id == dialogue.id and "title_en" in event.changes


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title_ar": "", "title_en": ""}, "title_ar", "Give a title"),
        ({"participants_women": "30", "participants_men": "30"}, "participants_women", "exceed"),
        ({"participants_youth": "41"}, "participants_youth", "exceed"),
        ({"participants_total": "-3"}, "participants_total", "0 or more"),
        ({"participants_total": "12.5"}, "participants_total", "integer"),
        ({"sectors-civil_society": "40"}, "sectors", "sector counts"),
        ({"held_on": (date.today() + timedelta(days=3)).isoformat()}, "held_on", "future"),
        (
            {"outcomes-0-due_on": (date.today() - timedelta(days=90)).isoformat()},
            "outcomes-0-due_on",
            "before the dialogue",
        ),
        ({"city_id": "999999"}, "city_id", "Not a valid choice"),
        ({"outcomes-0-responsible_org_id": "999999"}, "outcomes-0-responsible_org_id", "valid"),
        ({"axes-0-theme_id": ""}, "axes-0-theme_id", "needed"),
        ({"source_links": "javascript:alert(1)"}, "source_links", "not a web address"),
    ],
)
def test_bad_input_gets_a_message_by_its_field_and_keeps_everything(
    client, login, setting, db, overrides, field, message
):
    login(setting["staff"])
    response = client.post(
        "/dialogues/new", data=form_data(setting, **overrides), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}' in html
    assert "محور 7" in html and "تشكيل لجنة أحياء" in html  # every repeating row kept
    assert dialogues(db) == []


def test_a_planned_dialogue_may_be_in_the_future(client, login, setting, db):
    login(setting["staff"])
    future = (date.today() + timedelta(days=20)).isoformat()
    no_outcome = {f"outcomes-0-{name}": "" for name in ("kind", "text", "theme_id", "due_on")}
    no_outcome["outcomes-0-responsible_org_id"] = ""
    response = client.post(
        "/dialogues/new", data=form_data(setting, status="planned", held_on=future, **no_outcome)
    )
    assert response.status_code == 302
    assert dialogues(db)[0].status == DialogueStatus.PLANNED


def test_a_planned_dialogue_cannot_have_outcomes_yet(client, login, setting, db):
    """Outcomes only exist for dialogues that took place: the form says so next to the row and
    keeps everything typed."""
    login(setting["staff"])
    future = (date.today() + timedelta(days=20)).isoformat()
    response = client.post(
        "/dialogues/new",
        data=form_data(setting, status="planned", held_on=future),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "A planned dialogue has no outcomes yet" in html
    assert "تشكيل لجنة أحياء" in html
    assert dialogues(db) == []


def test_the_service_refuses_outcomes_on_a_planned_dialogue_too(app, setting, db):
    from app.dialogues import services
    from app.dialogues.forms import DialogueForm

    future = (date.today() + timedelta(days=20)).isoformat()
    data = form_data(setting, status="planned", held_on=future)
    with app.test_request_context("/dialogues/new", method="POST", data=data):
        form = DialogueForm(organization=setting["staff"].organization)
        form.validate()  # refused, but a caller that skipped it must not get through either
        with pytest.raises(services.OutcomesNeedHeldDialogue):
            services.create_dialogue(
                form, user=setting["staff"], organizer_id=setting["staff"].organization_id
            )
    db.session.rollback()


def test_blank_counts_are_saved_as_not_recorded_and_zero_as_zero(client, login, setting, db):
    login(setting["staff"])
    blank = {
        "participants_total": "",
        "participants_women": "",
        "participants_men": "",
        "participants_youth": "",
    }
    blank.update({f"sectors-{s.value}": "" for s in Sector})
    blank["sectors-media"] = "0"
    response = client.post("/dialogues/new", data=form_data(setting, **blank))
    assert response.status_code == 400  # a sector recorded (0) needs its total
    blank["sectors-media"] = ""
    response = client.post("/dialogues/new", data=form_data(setting, **blank))
    assert response.status_code == 302
    (saved,) = dialogues(db)
    assert saved.participants_total is None and saved.participants_women is None
    assert saved.sector_counts == []
    edit = client.get(f"/dialogues/{saved.id}/edit").get_data(as_text=True)
    assert 'name="participants_total" type="number" value=""' in edit or (
        'name="participants_total"' in edit
        and 'value="0"' not in edit.split('name="participants_total"')[1][:80]
    )


def test_a_breakdown_without_its_total_is_refused_next_to_the_total(client, login, setting, db):
    login(setting["staff"])
    response = client.post(
        "/dialogues/new",
        data=form_data(setting, participants_total="", participants_women="4"),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "a breakdown needs its total" in response.get_data(as_text=True)
    assert dialogues(db) == []


def test_the_organiser_is_always_the_users_own_organisation(client, login, setting, db, make):
    other = make.organization()
    login(setting["staff"])
    client.post("/dialogues/new", data=form_data(setting, organizer_org_id=str(other.id)))
    assert dialogues(db)[0].organizer_org_id == setting["staff"].organization_id


def test_a_double_submit_creates_one_dialogue(client, login, setting, db):
    login(setting["staff"])
    first = client.post("/dialogues/new", data=form_data(setting))
    second = client.post("/dialogues/new", data=form_data(setting))
    assert len(dialogues(db)) == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_a_double_submit_at_the_same_moment_creates_one_dialogue(
    client, login, setting, db, monkeypatch
):
    """Two app servers both found no dialogue with the key; the unique key refuses the second
    insert, and the second submit lands on the first one's page instead of an error."""
    from app.dialogues import services

    login(setting["staff"])
    first = client.post("/dialogues/new", data=form_data(setting))
    lookups = iter([None])
    real = services.dialogue_with_creation_key
    monkeypatch.setattr(
        services, "dialogue_with_creation_key", lambda key: next(lookups, real(key))
    )
    second = client.post("/dialogues/new", data=form_data(setting))
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert len(dialogues(db)) == 1


def test_html_and_bidi_controls_are_kept_as_text(client, login, setting, db):
    login(setting["staff"])
    title = "<script>alert(1)</script> \u202eحوار"
    client.post("/dialogues/new", data=form_data(setting, title_ar=title))
    dialogue = dialogues(db)[0]
    assert dialogue.title_ar == "<script>alert(1)</script> حوار"
    page = client.get(f"/dialogues/{dialogue.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_a_10000_character_title_is_refused_politely(client, login, setting, db):
    login(setting["staff"])
    response = client.post("/dialogues/new", data=form_data(setting, title_en="x" * 10_000))
    assert response.status_code == 400
    assert dialogues(db) == []


class TestEditing:
    @pytest.fixture
    def saved(self, client, login, setting, db):
        login(setting["staff"])
        client.post("/dialogues/new", data=form_data(setting))
        return dialogues(db)[0]

    def test_the_edit_form_shows_what_is_stored_plus_empty_rows(self, client, saved):
        html = client.get(f"/dialogues/{saved.id}/edit").get_data(as_text=True)
        assert "محور 7" in html and 'name="axes-7-title"' in html
        assert f'name="version" type="hidden" value="{saved.version}"' in html

    def test_an_edit_keeps_outcomes_and_records_what_changed(self, client, setting, saved, db):
        outcome_id = saved.outcomes[0].id
        data = form_data(
            setting,
            title_en="Community safety in Homs, revised",
            version=str(saved.version),
            **{"outcomes-0-id": str(outcome_id), "axes-6-title": "", "axes-6-theme_id": ""},
        )
        response = client.post(f"/dialogues/{saved.id}/edit", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
        db.session.refresh(saved)
        assert saved.title_en.endswith("revised")
        assert len(saved.axes) == 6
        assert [o.id for o in saved.outcomes] == [outcome_id]
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "update"))
        assert event.changes["title_en"] == ["Community safety in Homs", saved.title_en]
        assert "axes" in event.changes

    def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_input(
        self, client, setting, saved, db
    ):
        loaded = str(saved.version)
        kept = {"outcomes-0-id": str(saved.outcomes[0].id)}
        first = form_data(setting, title_en="First editor's title", version=loaded, **kept)
        second = form_data(setting, title_en="Second editor's title", version=loaded, **kept)
        assert client.post(f"/dialogues/{saved.id}/edit", data=first).status_code == 302
        response = client.post(
            f"/dialogues/{saved.id}/edit", data=second, headers={"Accept-Language": "en"}
        )
        assert response.status_code == 409
        html = response.get_data(as_text=True)
        assert "Someone else saved this dialogue" in html and "Title (English)" in html
        assert "Second editor&#39;s title" in html
        db.session.refresh(saved)
        assert saved.title_en == "First editor's title"

    def test_a_save_compares_with_the_version_stored_at_save_time(self, app, setting, saved, db):
        """Another app server saved after this request loaded the dialogue: the save is refused
        as a conflict, on the version read under the row's lock (which also makes concurrent
        saves of one dialogue take turns instead of deadlocking on PostgreSQL)."""
        from app.dialogues import services
        from app.dialogues.forms import DialogueForm

        loaded = saved.version
        with db.engine.begin() as other_server:
            other_server.execute(
                sa.update(Dialogue)
                .where(Dialogue.id == saved.id)
                .values(version=Dialogue.version + 1)
            )
        data = form_data(setting, title_en="Stale", version=str(loaded))
        data["outcomes-0-id"] = str(saved.outcomes[0].id)
        with app.test_request_context(f"/dialogues/{saved.id}/edit", method="POST", data=data):
            form = DialogueForm(organization=saved.organizer)
            assert form.validate(), form.errors
            with pytest.raises(services.EditConflict):
                services.update_dialogue(saved, form, user=setting["staff"])
        db.session.rollback()
        db.session.refresh(saved)
        assert saved.title_en == "Community safety in Homs"

    def test_archive_hides_and_restore_brings_back(self, client, login, setting, saved, db):
        client.post(f"/dialogues/{saved.id}/archive")
        assert "Community safety" not in client.get("/dialogues/").get_data(as_text=True)
        client.post("/auth/logout")
        assert client.get(f"/dialogues/{saved.id}").status_code == 404
        login(setting["staff"])
        client.post(f"/dialogues/{saved.id}/restore")
        assert "Community safety" in client.get(
            "/dialogues/", headers={"Accept-Language": "en"}
        ).get_data(as_text=True)
        actions = db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.entity_type == "dialogues")
            .order_by(AuditEvent.id)
        ).all()
        assert actions == ["create", "archive", "restore"]

    def test_history_shows_to_the_organiser_only(self, client, login, saved, make):
        html = client.get(f"/dialogues/{saved.id}").get_data(as_text=True)
        assert 'data-testid="history"' in html
        login(make.user(role=Role.DONOR))
        html = client.get(f"/dialogues/{saved.id}").get_data(as_text=True)
        assert 'data-testid="history"' not in html

    def test_an_outcome_with_follow_up_cannot_be_dropped_from_the_form(
        self, client, setting, saved, db
    ):
        from app.outcomes.models import OutcomeUpdate, UpdateKind

        db.session.add(OutcomeUpdate(outcome_id=saved.outcomes[0].id, kind=UpdateKind.COMMENT))
        data = form_data(
            setting,
            version=str(saved.version),
            **{
                "outcomes-0-kind": "",
                "outcomes-0-text": "",
                "outcomes-0-theme_id": "",
                "outcomes-0-responsible_org_id": "",
                "outcomes-0-due_on": "",
            },
        )
        response = client.post(f"/dialogues/{saved.id}/edit", data=data)
        assert response.status_code == 400
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 1


ROLES = test_views.ROLES


@pytest.fixture
def cast(make):
    organiser = make.organization()
    partner = make.organization()
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner)
    return dialogue, {
        "organizer_same_org": make.user(role=Role.ORGANIZER, organization=organiser),
        "organizer_other_org": make.user(role=Role.ORGANIZER),
        "partner_linked": make.user(role=Role.PARTNER, organization=partner),
        "partner_unlinked": make.user(role=Role.PARTNER),
        "donor": make.user(role=Role.DONOR),
        "admin": make.user(admin=True),
    }


# role -> status of GET edit, POST archive (on a partners-visibility dialogue)
EDIT_EXPECTED = {
    "anonymous": (302, 302),
    "organizer_same_org": (200, 302),
    "organizer_other_org": (404, 404),
    "partner_linked": (403, 403),
    "partner_unlinked": (404, 404),
    "donor": (404, 404),
    "admin": (200, 302),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_and_archive(client, login, cast, role):
    dialogue, users = cast
    if role != "anonymous":
        login(users[role])
    expected_edit, expected_archive = EDIT_EXPECTED[role]
    assert client.get(f"/dialogues/{dialogue.id}/edit").status_code == expected_edit
    assert client.post(f"/dialogues/{dialogue.id}/archive").status_code == expected_archive


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("organizer_same_org", 200),
        ("partner_linked", 403),
        ("donor", 403),
        ("admin", 200),
    ],
)
def test_who_may_open_the_registration_form(client, login, cast, role, expected):
    _, users = cast
    if role != "anonymous":
        login(users[role])
    assert client.get("/dialogues/new").status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_restore(client, login, cast, role, db):
    from app.db import utcnow

    dialogue, users = cast
    dialogue.archived_at = utcnow()
    if role != "anonymous":
        login(users[role])
    response = client.post(f"/dialogues/{dialogue.id}/restore")
    expected = {"anonymous": 302, "organizer_same_org": 302, "admin": 302}.get(role, 404)
    assert response.status_code == expected
    db.session.refresh(dialogue)
    assert (dialogue.archived_at is None) is (role in {"organizer_same_org", "admin"})


def test_statements_are_recorded_with_their_consent(client, login, setting, db):
    login(setting["staff"])
    data = form_data(
        setting,
        **{
            "statements-0-text": "نريد أن نشعر بالأمان في الليل",
            "statements-0-speaker_role": "Community volunteer",
            "statements-0-consent_to_publish": "y",
            "statements-1-text": "لا تنشروا اسمي",
            "statements-1-speaker_organization_id": str(setting["partner"].id),
        },
    )
    assert client.post("/dialogues/new", data=data).status_code == 302
    consented, quiet = dialogues(db)[0].statements
    assert consented.consent_to_publish and consented.consent_recorded_at is not None
    assert not quiet.consent_to_publish and quiet.consent_recorded_at is None
    assert quiet.speaker_organization_id == setting["partner"].id
    client.post("/auth/logout")
    public_page = client.get(f"/dialogues/{dialogues(db)[0].id}").get_data(as_text=True)
    assert "نريد أن نشعر بالأمان في الليل" in public_page
    assert "لا تنشروا اسمي" not in public_page


def test_the_city_list_carries_every_spelling_for_the_city_search(
    client, login, reference_data, make
):
    login(make.user(role=Role.ORGANIZER))
    html = client.get("/dialogues/new").get_data(as_text=True)
    palmyra = next(line for line in html.splitlines() if ">Palmyra<" in line or ">تدمر<" in line)
    assert "tadmur" in palmyra and "تدمر" in palmyra
    assert "data-city-search" in html


def test_an_admin_files_a_dialogue_for_a_chosen_organisation(client, login, setting, db, make):
    login(make.user(admin=True))
    missing = client.post("/dialogues/new", data=form_data(setting))
    assert missing.status_code == 400
    organiser = setting["staff"].organization
    data = form_data(setting, organizer_org_id=str(organiser.id))
    assert client.post("/dialogues/new", data=data).status_code == 302
    assert dialogues(db)[0].organizer_org_id == organiser.id


class TestPhotosOnTheForm:
    def test_a_photo_sent_with_the_form_is_stored_without_its_metadata(
        self, client, login, setting, db, app
    ):
        import io
        from pathlib import Path

        from PIL import Image

        from tests.photos.images import jpeg_with_everything

        login(setting["staff"])
        data = form_data(
            setting,
            photo=(io.BytesIO(jpeg_with_everything()), "IMG_2041.jpg"),
            photo_caption="القاعة قبل الجلسة",
        )
        response = client.post("/dialogues/new", data=data, content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)
        [photo] = dialogues(db)[0].photos
        assert photo.caption == "القاعة قبل الجلسة"
        assert "IMG_2041" not in photo.stored_name
        stored = Image.open(Path(app.config["UPLOAD_FOLDER"]) / "photos" / photo.stored_name)
        assert not stored.getexif()
        page = client.get(
            f"/dialogues/{dialogues(db)[0].id}", headers={"Accept-Language": "en"}
        ).get_data(as_text=True)
        assert f"/photos/{photo.id}/thumbnail" in page
        assert "Photo added" in page  # in the history

    def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(
        self, client, login, setting, db
    ):
        import io

        login(setting["staff"])
        data = form_data(setting, photo=(io.BytesIO(b"not an image at all"), "notes.jpg"))
        response = client.post(
            "/dialogues/new",
            data=data,
            content_type="multipart/form-data",
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert 'id="photo-errors"' in html
        assert "محور 7" in html
        assert dialogues(db) == []


@pytest.mark.parametrize("role", ROLES)
def test_who_may_remove_a_photo(client, login, cast, role, db, app):
    import io

    from app.photos.services import store_photo
    from tests.photos.images import jpeg

    dialogue, users = cast
    photo = store_photo(io.BytesIO(jpeg()), dialogue=dialogue, user=None)
    db.session.commit()
    photo_id, photo_model = photo.id, type(photo)
    if role != "anonymous":
        login(users[role])
    response = client.post(f"/dialogues/{dialogue.id}/photos/{photo_id}/delete")
    expected_edit, _ = EDIT_EXPECTED[role]
    removed = role in {"organizer_same_org", "admin"}
    assert response.status_code == (302 if removed else expected_edit)
    db.session.expunge_all()
    assert (db.session.get(photo_model, photo_id) is None) is removed


@pytest.mark.parametrize("visibility", [v.value for v in Visibility])
@pytest.mark.parametrize("role", ROLES)
def test_every_writing_route_for_every_role_and_visibility(client, login, cast, role, visibility):
    """Unseen is 404 (ids reveal nothing); seen but not theirs is 403; editors get through."""
    dialogue, users = cast
    dialogue.visibility = Visibility(visibility)
    if role != "anonymous":
        login(users[role])
    if role == "anonymous":
        expected_get, expected_post = 302, 302
    elif role in {"organizer_same_org", "admin"}:
        expected_get, expected_post = 200, 302
    elif role in test_views.MAY_OPEN[visibility]:
        expected_get, expected_post = 403, 403
    else:
        expected_get, expected_post = 404, 404
    assert client.get(f"/dialogues/{dialogue.id}/edit").status_code == expected_get
    assert client.post(f"/dialogues/{dialogue.id}/edit", data={}).status_code in (
        {400, 302} if expected_get == 200 else {expected_get}
    )
    editor = role in {"organizer_same_org", "admin"}
    assert client.post(f"/dialogues/{dialogue.id}/photos/999/delete").status_code == (
        404 if editor else expected_post  # an editor asking for a photo that is not there
    )
    assert client.post(f"/dialogues/{dialogue.id}/archive").status_code == expected_post


def test_choice_labels_follow_the_viewers_language(client, login, setting):
    login(setting["staff"])
    english = client.get("/dialogues/new", headers={"Accept-Language": "en"}).get_data(as_text=True)
    setting["staff"].preferred_language = "ar"
    arabic = client.get("/dialogues/new").get_data(as_text=True)
    assert ">Commitment</option>" in english and ">Planned</option>" in english
    assert ">Commitment</option>" not in arabic and ">Planned</option>" not in arabic


def test_giving_an_outcome_a_responsible_organisation_assigns_it(client, login, setting, db, make):
    from app.notifications.models import Notification
    from app.outcomes.models import OutcomeUpdate, UpdateKind

    partner_staff = make.user(role=Role.PARTNER, organization=setting["partner"])
    login(setting["staff"])
    client.post("/dialogues/new", data=form_data(setting))
    [outcome] = dialogues(db)[0].outcomes
    kinds = db.session.scalars(
        sa.select(OutcomeUpdate.kind).where(OutcomeUpdate.outcome_id == outcome.id)
    ).all()
    assert kinds == [UpdateKind.ASSIGNMENT]
    [notice] = db.session.scalars(sa.select(Notification)).all()
    assert notice.user_id == partner_staff.id and notice.outcome_id == outcome.id


def test_a_mistaken_outcome_can_be_removed_until_the_partner_acts(client, login, setting, db):
    login(setting["staff"])
    client.post("/dialogues/new", data=form_data(setting))
    dialogue = dialogues(db)[0]
    blank = {
        f"outcomes-0-{name}": ""
        for name in ("kind", "text", "theme_id", "responsible_org_id", "due_on")
    }
    data = form_data(setting, version=str(dialogue.version), **blank)
    assert client.post(f"/dialogues/{dialogue.id}/edit", data=data).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 0
