"""What reports contain, on the record: the convening organisation (chosen, or proposed and
unconfirmed), speakers with a consent level, sources as citations, month-only dates, several
photos at once (kept when the form does not save), and the "possibly the same dialogue" hint."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.dialogues.models import (
    ConsentLevel,
    DatePrecision,
    Dialogue,
    DialogueOrganization,
    LinkRole,
    Photo,
    Source,
    Visibility,
)
from app.organizations.models import Organization
from tests.dialogues.test_editing import dialogues, form_data
from tests.photos.images import jpeg, jpeg_with_everything, png

EN = {"Accept-Language": "en"}


@pytest.fixture
def setting(make):
    """As in test_editing: an organiser, Homs, a theme and a partner organisation."""
    return {
        "staff": make.user(role=Role.ORGANIZER),
        "city": make.city(name_en="Homs", name_ar="حمص"),
        "theme": make.theme(),
        "partner": make.organization(name_en="Homs Youth"),
    }


def only_dialogue(db) -> Dialogue:
    [dialogue] = dialogues(db)
    return dialogue


# -- the convening organisation ----------------------------------------------------------------


def test_a_convening_organisation_proposed_by_name_is_unconfirmed_and_shown_so(
    client, login, setting, db
):
    login(setting["staff"])
    data = form_data(setting, convening_org_name="مركز الحوار السوري")
    assert client.post("/dialogues/new", data=data).status_code == 302
    dialogue = only_dialogue(db)
    convener = dialogue.convening_organization
    assert convener.name_ar == "مركز الحوار السوري" and convener.name_en is None
    assert not convener.confirmed
    assert convener.proposed_by_org_id == setting["staff"].organization_id
    assert dialogue.organizer_org_id == setting["staff"].organization_id  # the record's owner
    proposed = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "propose", AuditEvent.entity_id == convener.id
        )
    )
    assert proposed is not None and proposed.user_id == setting["staff"].id
    client.post("/auth/logout")
    page = client.get(f"/dialogues/{dialogue.id}", headers=EN).get_data(as_text=True)
    assert "Convened by" in page and "مركز الحوار السوري" in page and "unconfirmed" in page


def test_a_name_already_in_the_registry_is_reused_whatever_its_hamza(
    client, login, setting, db, make
):
    existing = make.organization(name_ar="مركز أبحاث الحوار", name_en="Dialogue Research")
    login(setting["staff"])
    data = form_data(setting, convening_org_name="مركز ابحاث الحوار")
    assert client.post("/dialogues/new", data=data).status_code == 302
    assert only_dialogue(db).convening_org_id == existing.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == len(
        {existing.id, setting["partner"].id, setting["staff"].organization_id}
    )


def test_choosing_and_naming_a_convener_at_once_is_refused_next_to_the_field(
    client, login, setting, db, make
):
    other = make.organization()
    login(setting["staff"])
    data = form_data(setting, convening_org_id=str(other.id), convening_org_name="Another")
    response = client.post("/dialogues/new", data=data, headers=EN)
    assert response.status_code == 400
    assert 'id="convening_org_name-errors"' in response.get_data(as_text=True)
    assert dialogues(db) == []


def test_another_organisations_proposal_is_offered_nowhere_and_refused_if_posted(
    client, login, setting, db, make
):
    proposer = make.organization(name_en="Proposer")
    secret = make.organization(
        name_en="Quiet neighbourhood group", confirmed=False, proposed_by_org_id=proposer.id
    )
    own = make.organization(
        name_en="Our own proposal",
        confirmed=False,
        proposed_by_org_id=setting["staff"].organization_id,
    )
    login(setting["staff"])
    form = client.get("/dialogues/new", headers=EN).get_data(as_text=True)
    assert "Quiet neighbourhood group" not in form
    assert "Our own proposal (unconfirmed)" in form
    for page in ("/dialogues/", "/api/v1/organizations?per_page=200"):
        assert "Quiet neighbourhood group" not in client.get(page).get_data(as_text=True)
    assert client.get(f"/organizations/{secret.id}").status_code == 404
    assert client.get(f"/organizations/{own.id}").status_code == 200
    response = client.post(
        "/dialogues/new", data=form_data(setting, convening_org_id=str(secret.id)), headers=EN
    )
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
    ok = client.post("/dialogues/new", data=form_data(setting, convening_org_id=str(own.id)))
    assert ok.status_code == 302 and only_dialogue(db).convening_org_id == own.id


def test_the_organisation_filter_finds_dialogues_it_convened(client, make):
    convener = make.organization(name_en="Convener")
    held = make.dialogue(convening_organization=convener, visibility=Visibility.PUBLIC)
    make.dialogue(visibility=Visibility.PUBLIC)
    page = client.get(f"/dialogues/?organization={convener.id}").get_data(as_text=True)
    assert f"/dialogues/{held.id}" in page and page.count('href="/dialogues/') >= 1


class TestAdminConfirmsOrMerges:
    def test_confirming_puts_the_proposal_in_the_registry(self, client, login, make, db):
        proposal = make.organization(name_en="Proposed", confirmed=False)
        login(make.user(admin=True))
        listing = client.get("/admin/organizations/?status=unconfirmed", headers=EN)
        assert "Proposed" in listing.get_data(as_text=True)
        response = client.post(f"/admin/organizations/{proposal.id}/confirm")
        assert response.status_code == 302
        db.session.refresh(proposal)
        assert proposal.confirmed
        assert db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.action == "confirm", AuditEvent.entity_id == proposal.id
            )
        )

    def test_merging_moves_every_reference_and_deletes_the_proposal(self, client, login, make, db):
        recorder = make.organization()
        registry = make.organization(name_en="Syrian Dialogue Center")
        proposal = make.organization(
            name_en="Syrian Dialog Centre", confirmed=False, proposed_by_org_id=recorder.id
        )
        convened = make.dialogue(organizer=recorder, convening_organization=proposal)
        both = make.dialogue(organizer=recorder)
        make.link(dialogue=both, organization=proposal, role=LinkRole.PARTNER)
        make.link(dialogue=both, organization=registry, role=LinkRole.FUNDER)
        statement = make.statement(dialogue=convened, speaker_organization=proposal)
        outcome = make.outcome(dialogue=convened, responsible_org=proposal)
        proposal_id = proposal.id
        login(make.user(admin=True))
        page = client.get(f"/admin/organizations/{proposal_id}/merge", headers=EN)
        assert page.status_code == 200 and "Dialogues it convened" in page.get_data(as_text=True)
        response = client.post(
            f"/admin/organizations/{proposal_id}/merge", data={"target_id": str(registry.id)}
        )
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.get(Organization, proposal_id) is None
        assert db.session.get(Dialogue, convened.id).convening_org_id == registry.id
        links = db.session.scalars(
            sa.select(DialogueOrganization).where(DialogueOrganization.dialogue_id == both.id)
        ).all()
        assert [(link.organization_id, link.role) for link in links] == [
            (registry.id, LinkRole.FUNDER)
        ]
        assert db.session.get(type(statement), statement.id).speaker_organization_id == registry.id
        assert db.session.get(type(outcome), outcome.id).responsible_org_id == registry.id
        merged = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "merge"))
        assert merged.entity_id == proposal_id
        assert merged.changes["merged_into"] == registry.id
        assert merged.changes["name_en"] == "Syrian Dialog Centre"

    def test_a_merge_needs_a_target(self, client, login, make):
        proposal = make.organization(confirmed=False)
        login(make.user(admin=True))
        response = client.post(f"/admin/organizations/{proposal.id}/merge", data={}, headers=EN)
        assert response.status_code == 400


# -- speakers ----------------------------------------------------------------------------------


@pytest.fixture
def spoken(make):
    dialogue = make.dialogue(visibility=Visibility.PUBLIC)
    make.statement(
        dialogue=dialogue,
        text="Dialogue eases conflicts",
        speaker_name="Nawras Named",
        speaker_role="Head of a unit",
        consent_level=ConsentLevel.NAMED,
    )
    make.statement(
        dialogue=dialogue,
        text="We need to know whom to call",
        speaker_name="Hala Hidden",
        speaker_role="Volunteer",
        consent_level=ConsentLevel.ANONYMOUS,
    )
    make.statement(
        dialogue=dialogue,
        text="Not for anyone outside",
        speaker_name="Omar Internal",
        consent_level=ConsentLevel.INTERNAL,
    )
    from app.search.indexing import dialogue_search_text

    dialogue.search_text = dialogue_search_text(dialogue)
    return dialogue


def test_a_speakers_name_is_shown_only_with_consent_to_publish_it(client, login, make, spoken):
    page = client.get(f"/dialogues/{spoken.id}", headers=EN).get_data(as_text=True)
    assert "Nawras Named" in page and "Dialogue eases conflicts" in page
    assert "We need to know whom to call" in page and "Volunteer" in page
    assert "Hala Hidden" not in page
    assert "Omar Internal" not in page and "Not for anyone outside" not in page
    login(make.user(role=Role.ORGANIZER, organization=spoken.organizer))
    own = client.get(f"/dialogues/{spoken.id}", headers=EN).get_data(as_text=True)
    assert "Hala Hidden" in own and "Published without the name" in own
    assert "Omar Internal" in own


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("Nawras Named", True),
        ("Hala Hidden", False),
        ("Omar Internal", False),
        ("whom to call", True),
        ("anyone outside", False),
    ],
)
def test_search_finds_names_and_words_only_where_consent_allows(client, spoken, term, found):
    page = client.get("/dialogues/", query_string={"q": term}).get_data(as_text=True)
    assert (f"/dialogues/{spoken.id}" in page) is found


def test_the_consent_level_is_recorded_with_its_time(client, login, setting, db):
    login(setting["staff"])
    data = form_data(
        setting,
        **{
            "statements-0-text": "قول",
            "statements-0-speaker_name": "نورس العبد الله",
            "statements-0-speaker_role": "مدير وحدة",
            "statements-0-consent_level": "named",
        },
    )
    assert client.post("/dialogues/new", data=data).status_code == 302
    [statement] = only_dialogue(db).statements
    assert statement.speaker_name == "نورس العبد الله"
    assert statement.consent_level == ConsentLevel.NAMED
    assert statement.consent_recorded_at is not None


# -- sources -----------------------------------------------------------------------------------


def test_a_citation_without_a_web_address_is_stored_and_shown(client, login, setting, db):
    login(setting["staff"])
    data = form_data(
        setting,
        **{
            "sources-0-publisher": "SANA — Homs",
            "sources-0-published_on": "2026-11-29",
            "sources-1-publisher": "Centre's own report",
            "sources-1-url": "https://example.org/report",
        },
    )
    assert client.post("/dialogues/new", data=data).status_code == 302
    dialogue = only_dialogue(db)
    assert [(s.publisher, s.url, s.published_on) for s in dialogue.sources] == [
        ("SANA — Homs", None, date(2026, 11, 29)),
        ("Centre's own report", "https://example.org/report", None),
    ]
    page = client.get(f"/dialogues/{dialogue.id}", headers=EN).get_data(as_text=True)
    assert "SANA — Homs" in page and 'href="https://example.org/report"' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org"])
def test_only_web_addresses_are_accepted(client, login, setting, db, url):
    login(setting["staff"])
    data = form_data(setting, **{"sources-0-publisher": "X", "sources-0-url": url})
    response = client.post("/dialogues/new", data=data, headers=EN)
    assert response.status_code == 400
    assert 'id="sources-0-url' in response.get_data(as_text=True)
    assert dialogues(db) == []


def test_the_database_refuses_a_source_address_that_is_not_a_web_one(make, db):
    dialogue = make.dialogue()
    db.session.add(Source(dialogue=dialogue, position=1, publisher="X", url="javascript:x"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


# -- month-only dates --------------------------------------------------------------------------


def test_a_month_only_date_is_stored_as_the_first_day_and_shown_as_the_month(
    client, login, setting, db
):
    login(setting["staff"])
    data = form_data(setting, held_on="2026-11-17", held_on_precision="month")
    assert client.post("/dialogues/new", data=data).status_code == 302
    dialogue = only_dialogue(db)
    assert dialogue.held_on == date(2026, 11, 1)
    assert dialogue.held_on_precision == DatePrecision.MONTH
    english = client.get(f"/dialogues/{dialogue.id}", headers=EN).get_data(as_text=True)
    assert "November 2026" in english and 'datetime="2026-11"' in english
    arabic = client.get(f"/dialogues/{dialogue.id}", headers={"Accept-Language": "ar"})
    assert "تشرين الثاني 2026" in arabic.get_data(as_text=True)  # Levantine month names
    listing = client.get("/dialogues/", headers=EN).get_data(as_text=True)
    assert "November 2026" in listing


def test_a_month_only_date_counts_in_that_month(client, make):
    held = make.dialogue(
        held_on=date(2026, 11, 1),
        held_on_precision=DatePrecision.MONTH,
        visibility=Visibility.PUBLIC,
    )
    november = client.get("/dialogues/?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    october = client.get("/dialogues/?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert f"/dialogues/{held.id}" in november and f"/dialogues/{held.id}" not in october


def test_a_month_only_date_shows_as_the_month_on_the_city_dashboard_and_in_its_statistics(
    client, make
):
    held = make.dialogue(
        held_on=date(2026, 11, 1),
        held_on_precision=DatePrecision.MONTH,
        visibility=Visibility.PUBLIC,
    )
    code = held.city.code
    page = client.get(f"/cities/{code}?period=all", headers=EN).get_data(as_text=True)
    latest = page.split('data-testid="latest"', 1)[1].split("</ul>", 1)[0]
    assert f"/dialogues/{held.id}" in latest and "November 2026" in latest
    assert "Nov 1, 2026" not in latest and "1 Nov 2026" not in latest
    body = client.get(f"/api/v1/cities/{code}/statistics?period=all").get_json()
    (entry,) = body["latest_dialogues"]
    assert entry["held_on"] == "2026-11-01" and entry["held_on_precision"] == "month"


# -- several photos at once ---------------------------------------------------------------------


def test_several_photos_at_once_each_with_its_caption(client, login, setting, db, app):
    login(setting["staff"])
    data = form_data(
        setting,
        photos=[
            (io.BytesIO(jpeg_with_everything()), "IMG_1.jpg"),
            (io.BytesIO(png()), "IMG_2.png"),
        ],
        photo_caption=["القاعة", "الطاولة المستديرة"],
    )
    response = client.post("/dialogues/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    photos = only_dialogue(db).photos
    assert [p.caption for p in photos] == ["القاعة", "الطاولة المستديرة"]
    folder = Path(app.config["UPLOAD_FOLDER"]) / "photos"
    assert not Image.open(folder / photos[0].stored_name).getexif()


def test_photos_chosen_with_a_form_that_did_not_save_are_kept_and_attached_later(
    client, login, setting, db, make
):
    login(setting["staff"])
    broken = form_data(
        setting,
        title_ar="",
        title_en="",
        upload_key="upload-key-for-this-form-1",
        photos=[(io.BytesIO(jpeg()), "a.jpg"), (io.BytesIO(png()), "b.png")],
        photo_caption=["first caption", "second caption"],
    )
    response = client.post("/dialogues/new", data=broken, content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    pending = db.session.scalars(sa.select(Photo).order_by(Photo.id)).all()
    kept, left_out = pending[0].id, pending[1].id
    assert [p.pending_key for p in pending] == ["upload-key-for-this-form-1"] * 2
    assert all(p.dialogue_id is None for p in pending)
    assert 'value="first caption"' in html and 'value="second caption"' in html
    assert f"/photos/pending/{kept}/thumbnail" in html
    assert client.get(f"/photos/pending/{kept}/thumbnail").status_code == 200
    assert client.get(f"/photos/{kept}/thumbnail").status_code == 404  # no dialogue yet
    login(make.user(role=Role.ORGANIZER))
    assert client.get(f"/photos/pending/{kept}/thumbnail").status_code == 404  # not theirs
    login(setting["staff"])
    fixed = form_data(
        setting,
        upload_key="upload-key-for-this-form-1",
        **{
            f"pending_caption-{kept}": "first caption, corrected",
            f"pending_caption-{left_out}": "second caption",
            "discard_pending": str(left_out),
        },
    )
    assert client.post("/dialogues/new", data=fixed).status_code == 302
    dialogue = only_dialogue(db)
    assert [(p.id, p.caption) for p in dialogue.photos] == [(kept, "first caption, corrected")]
    assert db.session.get(Photo, left_out) is None
    assert client.get(f"/photos/pending/{kept}/thumbnail").status_code == 404  # attached now
    assert client.get(f"/photos/{kept}/thumbnail").status_code == 200


def test_another_user_cannot_attach_someone_elses_pending_photos(client, login, setting, db, make):
    from app.photos.services import store_photo

    stranger = make.user(role=Role.ORGANIZER)
    theirs = store_photo(jpeg(), pending_key="their-upload-key-000001", user=stranger)
    db.session.commit()
    login(setting["staff"])
    data = form_data(setting, upload_key="their-upload-key-000001")
    assert client.post("/dialogues/new", data=data).status_code == 302
    assert only_dialogue(db).photos == []
    db.session.refresh(theirs)
    assert theirs.pending_key == "their-upload-key-000001" and theirs.dialogue_id is None


def test_captions_of_saved_photos_can_be_changed_on_the_edit_form(client, login, setting, db):
    from app.photos.services import store_photo

    login(setting["staff"])
    assert client.post("/dialogues/new", data=form_data(setting)).status_code == 302
    dialogue = only_dialogue(db)
    photo = store_photo(jpeg(), dialogue=dialogue, user=setting["staff"])
    db.session.commit()
    edit = client.get(f"/dialogues/{dialogue.id}/edit").get_data(as_text=True)
    assert f'name="existing_caption-{photo.id}"' in edit
    data = form_data(
        setting, version=str(dialogue.version), **{f"existing_caption-{photo.id}": "Later caption"}
    )
    data.pop("creation_key")
    assert client.post(f"/dialogues/{dialogue.id}/edit", data=data).status_code == 302
    db.session.refresh(photo)
    assert photo.caption == "Later caption"


# -- possibly the same dialogue ----------------------------------------------------------------


@pytest.fixture
def earlier(make, setting):
    return make.dialogue(
        city=setting["city"],
        held_on=date.today() - timedelta(days=31),
        title_ar="السلامة المجتمعية في حمص",
        title_en="Community safety: Homs",
        visibility=Visibility.PUBLIC,
    )


def test_the_form_says_possibly_the_same_dialogue_and_still_saves(
    client, login, setting, db, earlier
):
    login(setting["staff"])
    # "السلامه" (taa marbuta written as haa) still matches once normalised.
    data = form_data(setting, title_ar="السلامه المجتمعيه في حمص", title_en="")
    response = client.post("/dialogues/new", data=data, follow_redirects=True, headers=EN)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Possibly the same dialogue" in page and f"#{earlier.id}" in page
    assert len(dialogues(db)) == 2


def test_the_hint_endpoint_finds_similar_visible_dialogues(client, login, setting, earlier):
    login(setting["staff"])
    held = (date.today() - timedelta(days=29)).isoformat()
    found = client.get(
        "/dialogues/similar",
        query_string={"city": setting["city"].id, "date": held, "title_ar": "السلامة المجتمعية"},
    ).get_json()
    assert [item["id"] for item in found] == [earlier.id]
    assert found[0]["url"] == f"/dialogues/{earlier.id}"
    far = (date.today() - timedelta(days=40)).isoformat()
    assert (
        client.get(
            "/dialogues/similar",
            query_string={"city": setting["city"].id, "date": far, "title_ar": "السلامة المجتمعية"},
        ).get_json()
        == []
    )
    other = client.get(
        "/dialogues/similar",
        query_string={"city": setting["city"].id, "date": held, "title_en": "Water prices"},
    ).get_json()
    assert other == []


def test_the_hint_never_reveals_a_dialogue_the_user_may_not_see(client, login, setting, make):
    hidden = make.dialogue(
        city=setting["city"],
        held_on=date.today() - timedelta(days=30),
        title_en="Community safety in Homs",
        visibility=Visibility.INTERNAL,
    )
    login(setting["staff"])
    found = client.get(
        "/dialogues/similar",
        query_string={
            "city": setting["city"].id,
            "date": hidden.held_on.isoformat(),
            "title_en": "Community safety in Homs",
        },
    ).get_json()
    assert found == []
    data = form_data(setting, title_en="Community safety in Homs")
    page = client.post("/dialogues/new", data=data, follow_redirects=True, headers=EN)
    assert "Possibly the same dialogue" not in page.get_data(as_text=True)
    assert f"/dialogues/{hidden.id}" not in page.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.PARTNER, Role.DONOR])
def test_only_those_who_register_dialogues_use_the_hint(client, login, make, role):
    login(make.user(role=role))
    assert client.get("/dialogues/similar").status_code == 403


# -- exports -----------------------------------------------------------------------------------


def test_exports_carry_the_convener_and_the_citations_never_a_speaker(client, make, spoken):
    convener = make.organization(name_en="Syrian Dialogue Center", confirmed=False)
    spoken.convening_organization = convener
    spoken.sources = [Source(position=1, publisher="SANA — Homs", published_on=date(2026, 11, 29))]
    text = client.get("/exports/dialogues.csv", headers=EN).get_data(as_text=True)
    assert "Syrian Dialogue Center (unconfirmed)" in text
    assert "SANA — Homs — 2026-11-29" in text
    assert "#org+convener+name" in text and "#meta+source" in text
    for name in ("Nawras Named", "Hala Hidden", "Omar Internal"):
        assert name not in text


def test_pending_photos_of_an_abandoned_form_go_after_a_day(make, db, app):
    from app.db import utcnow
    from app.photos.services import discard_stale_pending_photos, store_photo

    user = make.user()
    old = store_photo(jpeg(), pending_key="abandoned-form-key-0001", user=user)
    fresh = store_photo(jpeg(), pending_key="current-form-key-000001", user=user)
    old.created_at = utcnow() - timedelta(days=2)
    old_id, stored = old.id, old.stored_name
    db.session.commit()
    assert discard_stale_pending_photos() == 1
    db.session.commit()
    assert db.session.get(Photo, old_id) is None and db.session.get(Photo, fresh.id) is not None
    assert not (Path(app.config["UPLOAD_FOLDER"]) / "photos" / stored).exists()
    expired = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "expire"))
    assert expired.entity_id == old_id
