"""Themes (add, rename, merge without losing a row) and places (inside Syria only)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.dialogues.models import Axis, Priority
from app.extensions import db
from app.outcomes.models import Outcome
from app.places.models import Place, PlaceKind
from app.themes.models import Theme
from app.themes.services import load_themes


def test_admin_adds_and_renames_a_theme(client, login, people):
    login(people.admin)
    data = {"name_ar": "المياه", "name_en": "Water", "description_en": ""}
    assert client.post("/admin/themes/new", data=data).status_code == 302
    theme = db.session.scalar(sa.select(Theme).where(Theme.name_en == "Water"))
    assert theme.code == "water" and theme.active
    data = {"name_ar": "المياه والصرف الصحي", "name_en": "Water and sanitation"}
    assert client.post(f"/admin/themes/{theme.id}/edit", data=data).status_code == 302
    assert theme.name_en == "Water and sanitation"
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "themes")
    ).all()
    assert actions == ["create", "update"]


def test_a_duplicate_theme_name_is_refused(client, login, people, make):
    make.theme(name_en="Water", name_ar="المياه")
    login(people.admin)
    response = client.post("/admin/themes/new", data={"name_ar": "مياه", "name_en": "water"})
    assert response.status_code == 400
    assert "Another theme already has this name." in response.get_data(as_text=True)


def rows_by_theme() -> dict[int, int]:
    counts: dict[int, int] = {}
    for model in (Axis, Priority, Outcome):
        for theme_id, n in db.session.execute(
            sa.select(model.theme_id, sa.func.count()).group_by(model.theme_id)
        ):
            counts[theme_id] = counts.get(theme_id, 0) + n
    return counts


def test_merging_moves_every_axis_priority_and_outcome(client, login, people, make):
    source, target, bystander = make.theme(), make.theme(), make.theme()
    dialogue = make.dialogue(organizer=people.home)
    for theme in (source, source, target, bystander):
        make.axis(dialogue=dialogue, theme=theme)
        make.priority(dialogue=dialogue, theme=theme)
        make.outcome(dialogue=dialogue, theme=theme)
    totals = {
        model: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Axis, Priority, Outcome)
    }
    login(people.admin)
    response = client.post(f"/admin/themes/{source.id}/merge", data={"target_id": str(target.id)})
    assert response.status_code == 302
    counts = rows_by_theme()
    assert source.id not in counts
    assert counts[target.id] == 9 and counts[bystander.id] == 3
    for model, total in totals.items():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == total
    assert not source.active and source.merged_into_id == target.id
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "merge"))
    assert event.changes["axes"] == 2 and event.changes["outcomes"] == 2


def test_merging_a_theme_into_itself_changes_nothing(client, login, people, make):
    theme = make.theme()
    make.outcome(theme=theme)
    login(people.admin)
    response = client.post(f"/admin/themes/{theme.id}/merge", data={"target_id": str(theme.id)})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.get_data(as_text=True)
    assert theme.active and theme.merged_into_id is None
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "merge")) is None


def test_a_merged_shipped_theme_does_not_come_back_on_reload(client, login, people, db):
    load_themes()
    first, second = db.session.scalars(sa.select(Theme).order_by(Theme.id).limit(2)).all()
    login(people.admin)
    client.post(f"/admin/themes/{first.id}/merge", data={"target_id": str(second.id)})
    report = load_themes()
    assert report.created == 0
    assert not first.active


@pytest.fixture
def homs(make):
    return make.governorate(code="SY04", name_en="Homs", name_ar="حمص")


def test_admin_adds_a_town_inside_syria(client, login, people, homs):
    login(people.admin)
    data = {
        "name_ar": "الرستن",
        "name_en": "Ar-Rastan",
        "governorate_id": str(homs.id),
        "district_id": "",
        "lat": "34.9267",
        "lon": "36.7325",
    }
    assert client.post("/admin/places/new", data=data).status_code == 302
    town = db.session.scalar(sa.select(Place).where(Place.name_en == "Ar-Rastan"))
    assert town.kind == PlaceKind.CITY and town.code == "SY04-AR-RASTAN"
    assert town.governorate_id == homs.id
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "places"))


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [("48.85", "36.7", "lat"), ("34.9", "2.35", "lon"), ("abc", "36.7", "lat"), ("", "", "lat")],
)
def test_coordinates_outside_syria_are_refused(client, login, people, homs, lat, lon, field):
    login(people.admin)
    data = {
        "name_ar": "مكان",
        "name_en": "Somewhere",
        "governorate_id": str(homs.id),
        "district_id": "",
        "lat": lat,
        "lon": lon,
    }
    response = client.post("/admin/places/new", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-errors"' in html
    assert 'value="Somewhere"' in html
    assert db.session.scalar(sa.select(Place).where(Place.name_en == "Somewhere")) is None
