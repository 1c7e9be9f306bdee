"""A map drawn on the server as SVG, for the printed dashboard: the outline of Syria and its
governorates (static/geo/syria-governorates.geojson) with the place's cities as circles sized by
their dialogues. No script and no tiles, so it prints and reads offline.

The markers come from one GROUP BY over the viewer's visible dialogues under the dashboard's
filters: a city the viewer may not see a dialogue in gets no marker.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.dialogues.filters import DialogueFilters, visible_filtered
from app.dialogues.models import Dialogue
from app.extensions import db
from app.i18n import localized
from app.places.models import Place, PlaceKind

OUTLINE = Path(__file__).resolve().parent.parent / "static" / "geo" / "syria-governorates.geojson"
WIDTH = 600  # SVG user units; the height follows the area shown
MIN_SPAN = 1.2  # degrees of longitude at least, so that a city's surroundings show
PADDING = 0.25  # of the span, on every side


@dataclass(frozen=True)
class Marker:
    name: str
    lat: float
    lon: float
    dialogues: int
    x: float = 0.0
    y: float = 0.0
    r: float = 0.0


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    path: str
    highlighted: bool


@dataclass(frozen=True)
class StaticMap:
    width: int
    height: int
    areas: list[Area]
    markers: list[Marker]


@functools.cache
def outline() -> dict:
    """The governorates as GeoJSON, read once per process."""
    return json.loads(OUTLINE.read_text(encoding="utf-8"))


def markers(user: Any, filters: DialogueFilters) -> list[Marker]:
    """The cities of the selection with their number of visible dialogues: one query."""
    selected = visible_filtered(user, filters, Dialogue.id, Dialogue.city_id, name="mapped")
    rows = db.session.execute(
        sa.select(Place.name_ar, Place.name_en, Place.lat, Place.lon, sa.func.count())
        .join(selected, selected.c.city_id == Place.id)
        .where(Place.lat.is_not(None), Place.lon.is_not(None))
        .group_by(Place.id, Place.name_ar, Place.name_en, Place.lat, Place.lon)
        .order_by(sa.func.count().desc(), Place.id)
    )
    return [
        Marker(name=localized(ar, en), lat=lat, lon=lon, dialogues=count)
        for ar, en, lat, lon, count in rows
    ]


def _bounds(features: list[dict]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def place_map(place: Place, found: list[Marker]) -> StaticMap:
    """The place's governorate (or the city's) and its surroundings, with the markers."""
    features = outline()["features"]
    gov_code = place.code if place.kind == PlaceKind.GOVERNORATE else place.code.split("-")[0]
    own = [f for f in features if f["properties"]["code"] == gov_code] or features
    west, south, east, north = _bounds(own)
    for marker in found:
        west, east = min(west, marker.lon), max(east, marker.lon)
        south, north = min(south, marker.lat), max(north, marker.lat)
    # Equirectangular, with longitude shrunk by the cosine of the middle latitude.
    squeeze = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * squeeze, north - south, MIN_SPAN * squeeze)
    centre_x, centre_y = (west + east) / 2 * squeeze, (south + north) / 2
    half = span * (0.5 + PADDING)
    wide = (east - west) * squeeze >= north - south
    half_x = half if wide else half * 1.25
    half_y = half * 0.75 if wide else half
    scale = WIDTH / (2 * half_x)
    height = round(2 * half_y * scale)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon * squeeze - centre_x + half_x) * scale, (centre_y - lat + half_y) * scale

    areas = []
    for feature in features:
        props = feature["properties"]
        parts = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                points = (project(lon, lat) for lon, lat in ring)
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        areas.append(
            Area(
                code=props["code"],
                name=localized(props["name_ar"], props["name_en"]),
                path="".join(parts),
                highlighted=props["code"] == gov_code,
            )
        )
    top = max((m.dialogues for m in found), default=1)
    placed = []
    for marker in found:
        x, y = project(marker.lon, marker.lat)
        radius = 4 + 12 * math.sqrt(marker.dialogues / top)
        placed.append(
            Marker(
                marker.name,
                marker.lat,
                marker.lon,
                marker.dialogues,
                round(x, 1),
                round(y, 1),
                round(radius, 1),
            )
        )
    return StaticMap(width=WIDTH, height=height, areas=areas, markers=placed)
