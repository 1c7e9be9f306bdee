"""Loading the places shipped with the app: idempotent, updating rows that changed."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.places.models import Place, PlaceAlias, PlaceKind
from app.search.normalize import normalize

DATA_DIR = Path(__file__).parent / "data"
COD_SOURCE = "OCHA COD-AB (open-admin-data)"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _coordinate(value: str) -> float | None:
    return float(value) if value.strip() else None


def _upsert(by_code: dict[str, Place], values: dict, report: LoadReport) -> Place:
    place = by_code.get(values["code"])
    if place is None:
        place = Place(**values)
        db.session.add(place)
        by_code[place.code] = place
        report.created += 1
        return place
    changed = False
    for key, value in values.items():
        if getattr(place, key) != value:
            setattr(place, key, value)
            changed = True
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1
    return place


def load_places() -> LoadReport:
    """Governorates, districts, cities and aliases from the CSV files in app/places/data."""
    report = LoadReport()
    by_code = {p.code: p for p in db.session.scalars(sa.select(Place))}
    city_sources = {row["city_code"]: row for row in _read("syria_city_districts.csv")}

    rows = _read("syria_places.csv")
    for row in (r for r in rows if r["kind"] == "governorate"):
        _upsert(by_code, _values(row, PlaceKind.GOVERNORATE, COD_SOURCE), report)
    db.session.flush()
    for row in _read("syria_districts.csv"):
        values = _values(row, PlaceKind.DISTRICT, COD_SOURCE)
        values["governorate_id"] = by_code[row["governorate_code"]].id
        _upsert(by_code, values, report)
    db.session.flush()
    for row in (r for r in rows if r["kind"] != "governorate"):
        link = city_sources.get(row["code"], {})
        source = {"G": "GeoNames", "S": "seed file (±2 km)"}.get(link.get("coord_source", ""))
        values = _values(row, PlaceKind.CITY, source)
        values["governorate_id"] = by_code[row["governorate_code"]].id
        district = by_code.get(link.get("district_code", ""))
        values["district_id"] = district.id if district else None
        _upsert(by_code, values, report)
    db.session.flush()
    _load_aliases(by_code)
    return report


def _values(row: dict[str, str], kind: PlaceKind, source: str | None) -> dict:
    return {
        "code": row["code"],
        "kind": kind,
        "name_en": row["name_en"],
        "name_ar": row["name_ar"],
        "lat": _coordinate(row["lat"]),
        "lon": _coordinate(row["lon"]),
        "source": source,
    }


def _load_aliases(by_code: dict[str, Place]) -> None:
    existing = {(a.place_id, a.alias): a for a in db.session.scalars(sa.select(PlaceAlias))}
    for row in _read("syria_place_aliases.csv"):
        place = by_code.get(row["code"])
        if place is None:
            continue
        alias = existing.get((place.id, row["alias"]))
        if alias is None:
            alias = PlaceAlias(place_id=place.id, alias=row["alias"])
            db.session.add(alias)
            existing[(place.id, row["alias"])] = alias
        alias.lang = row["lang"]
        alias.normalized = normalize(row["alias"])
    db.session.flush()


def cities() -> sa.Select[tuple[Place]]:
    return sa.select(Place).where(Place.kind == PlaceKind.CITY)


# Syria's bounding box (Natural Earth, rounded outwards): a new town must fall inside it.
SYRIA_LAT = (32.3, 37.4)
SYRIA_LON = (35.6, 42.4)


def inside_syria(lat: float, lon: float) -> bool:
    return SYRIA_LAT[0] <= lat <= SYRIA_LAT[1] and SYRIA_LON[0] <= lon <= SYRIA_LON[1]


def new_city_code(governorate: Place, name_en: str) -> str:
    """Our own code for a city (OCHA codes only governorates and districts): SY04-NAME."""
    base = f"{governorate.code}-" + (re.sub(r"[^A-Z0-9]+", "-", name_en.upper()).strip("-") or "X")
    base = base[:36]
    code, n = base, 2
    while db.session.scalar(sa.select(Place.id).where(Place.code == code)) is not None:
        code, n = f"{base}-{n}", n + 1
    return code


def create_city(
    *,
    name_ar: str,
    name_en: str,
    governorate: Place,
    district: Place | None,
    lat: float,
    lon: float,
    actor=None,
) -> Place:
    """A city or town added by an admin; the caller has checked the coordinates and names."""
    from app.audit import services as audit

    place = Place(
        code=new_city_code(governorate, name_en),
        kind=PlaceKind.CITY,
        name_ar=name_ar,
        name_en=name_en,
        governorate_id=governorate.id,
        district_id=district.id if district else None,
        lat=lat,
        lon=lon,
        source="added in Hiwar",
    )
    changes = {
        "code": place.code,
        "name_ar": name_ar,
        "name_en": name_en,
        "governorate_id": governorate.id,
        "district_id": place.district_id,
        "lat": lat,
        "lon": lon,
    }
    db.session.add(place)
    db.session.flush()
    audit.record("create", place, user=actor, changes=changes)
    return place
