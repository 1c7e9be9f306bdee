"""Places and themes shipped with the app: loaded idempotently, changed rows updated."""

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.places.models import Place, PlaceAlias, PlaceKind
from app.places.services import load_places
from app.themes.models import Theme
from app.themes.services import load_themes


def count(db, model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_places_load_every_governorate_district_and_city(db):
    report = load_places()
    assert count(db, Place, Place.kind == PlaceKind.GOVERNORATE) == 14
    assert count(db, Place, Place.kind == PlaceKind.DISTRICT) == 62
    assert count(db, Place, Place.kind == PlaceKind.CITY) == 69
    assert report.created == 145


def test_cities_know_their_governorate_district_and_coordinates(db):
    load_places()
    homs = db.session.scalar(sa.select(Place).where(Place.code == "SY04-HOMS"))
    assert homs.name_ar == "حمص"
    assert homs.governorate.code == "SY04"
    assert homs.district.code == "SY0401"
    assert 34 < homs.lat < 35 and 36 < homs.lon < 37


def test_loading_twice_changes_nothing(db, runner):
    first = runner.invoke(args=["places", "load"])
    second = runner.invoke(args=["places", "load"])
    assert "145 created" in first.output
    assert "0 created, 0 updated, 145 unchanged" in second.output
    assert count(db, Place) == 145
    assert count(db, PlaceAlias) > 100
    loads = db.session.scalars(
        sa.select(AuditEvent.changes).where(AuditEvent.action == "load").order_by(AuditEvent.id)
    ).all()
    assert loads == [{"created": 145, "updated": 0}, {"created": 0, "updated": 0}]


def test_loading_again_restores_a_changed_row(db):
    load_places()
    homs = db.session.scalar(sa.select(Place).where(Place.code == "SY04-HOMS"))
    homs.name_en = "Hims (edited)"
    homs.lat = 1.0
    db.session.flush()
    report = load_places()
    assert report.updated == 1
    assert homs.name_en == "Homs"
    assert homs.lat > 34


def test_aliases_are_normalised_for_search(db):
    load_places()
    aliases = {a.alias: a.normalized for a in db.session.scalars(sa.select(PlaceAlias))}
    assert aliases["Palmyra"] == "palmyra"
    assert "حماه" in aliases.values()


def test_themes_load_idempotently_and_update_names(db, runner):
    assert "28 created" in runner.invoke(args=["themes", "load"]).output
    theme = db.session.scalar(sa.select(Theme).where(Theme.code == "community_safety"))
    theme.name_en = "Something else"
    db.session.commit()
    report = load_themes()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 27)
    assert theme.name_en == "Security and community safety"
