"""The dialogue layer, clustered on the server (issue 18): whatever the number of dialogues, one
request returns at most MAX_FEATURES features for the part of the map in view.

The visible dialogues are placed exactly as before (`dialogue_points`: the city's point nudged on
a spiral, the venue for the organiser's own staff only). They are binned on a grid aligned to the
whole world, so that panning does not reshuffle the clusters: a cell is CELL_PX pixels wide at the
requested zoom, and never narrower than a GRID_CELLS-th of the box in view, so a request spans at
most (GRID_CELLS + 1)² cells. A cell with one dialogue sends that dialogue; a cell with a few
(up to SPLIT; any number at the top zoom) sends them one by one while the total stays within
MAX_FEATURES; every other cell sends a cluster: its dialogues' mean position and their number.

Placing a city's dialogues on their spiral needs every visible dialogue of the selection once;
those positions are kept per process for the (audience, filters, language, data version) they
were computed for, so that panning and zooming only re-bin them. The response itself is kept in
the shared figure cache under the same key plus the box and the zoom, which is also its ETag.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from app.dialogues.filters import DialogueFilters
from app.maps.queries import DialoguePoints, dialogue_points
from app.maps.rendering import MAX_ZOOM, SYRIA_BOUNDS

CELL_PX = 50
GRID_CELLS = 16
SPLIT = 5
MAX_FEATURES = 300
DEFAULT_ZOOM = 7
MIN_ZOOM = 0
# What a request without a box gets: the country, as the national map opens.
DEFAULT_BOX = (SYRIA_BOUNDS[0][1], SYRIA_BOUNDS[0][0], SYRIA_BOUNDS[1][1], SYRIA_BOUNDS[1][0])


@dataclass(frozen=True)
class View:
    """The part of the map in view: zoom and box (west, south, east, north), rounded so that
    the same view makes the same cache key."""

    zoom: int
    west: float
    south: float
    east: float
    north: float

    @property
    def key(self) -> tuple:
        return (self.zoom, self.west, self.south, self.east, self.north)

    def cell(self) -> float:
        """The grid's cell size in degrees."""
        by_zoom = 360 / 2**self.zoom * CELL_PX / 256
        return max(
            by_zoom, (self.east - self.west) / GRID_CELLS, (self.north - self.south) / GRID_CELLS
        )

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def _number(value: str | None, low: float, high: float) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    if number is None or not math.isfinite(number):
        return None
    return min(max(number, low), high)


def parse_view(args: MultiDict) -> View:
    """zoom=<0..MAX_ZOOM>&bbox=<west,south,east,north> from the query string; a missing or
    malformed value falls back to the national map's view (never an error)."""
    zoom = _number(args.get("zoom"), MIN_ZOOM, MAX_ZOOM)
    zoom = DEFAULT_ZOOM if zoom is None else int(zoom)
    box = DEFAULT_BOX
    parts = (args.get("bbox") or "").split(",")
    if len(parts) == 4:
        west, east = (_number(parts[i], -180, 180) for i in (0, 2))
        south, north = (_number(parts[i], -90, 90) for i in (1, 3))
        if None not in (west, south, east, north) and west < east and south < north:
            box = (west, south, east, north)
    return View(zoom, *(round(value, 3) for value in box))


def cluster(found: DialoguePoints, view: View) -> dict[str, Any]:
    """The features of one view: {"points": [...rows as dialogue_points gives them],
    "clusters": [[lat, lon, count], ...], "organizations": [names the points refer to],
    "total": dialogues in view, "zoom": zoom}."""
    size = view.cell()
    cells: dict[tuple[int, int], list[list]] = {}
    for row in found.rows:
        lat, lon = row[1], row[2]
        if view.contains(lat, lon):
            cells.setdefault((math.floor(lon / size), math.floor(lat / size)), []).append(row)
    total = sum(len(rows) for rows in cells.values())
    # Cells one by one while the budget allows, the smallest first (ties: west to east, south to
    # north, so the same view always gives the same answer).
    # At the top zoom nobody can zoom further: every cell is sent one by one while the budget
    # allows.
    budget = MAX_FEATURES - len(cells)
    split = SPLIT if view.zoom < MAX_ZOOM else MAX_FEATURES
    points: list[list] = []
    clusters: list[list] = []
    for _cell, rows in sorted(cells.items(), key=lambda item: (len(item[1]), item[0])):
        extra = len(rows) - 1
        if len(rows) == 1 or (len(rows) <= split and extra <= budget):
            budget -= extra
            points.extend(rows)
        else:
            lat = sum(row[1] for row in rows) / len(rows)
            lon = sum(row[2] for row in rows) / len(rows)
            clusters.append([round(lat, 5), round(lon, 5), len(rows)])
    # Organisations: only those the points name, re-indexed.
    index: dict[int, int] = {}
    names: list[str] = []
    sent = []
    for row in sorted(points, key=lambda row: row[0]):
        if row[5] not in index:
            index[row[5]] = len(names)
            names.append(found.organizations[row[5]])
        sent.append([*row[:5], index[row[5]], row[6]])
    return {
        "zoom": view.zoom,
        "total": total,
        "organizations": names,
        "points": sent,
        "clusters": clusters,
    }


class _Positions:
    """Placed dialogues per (audience, filters, language, data version), a few per process."""

    def __init__(self, size: int = 8) -> None:
        self._kept: OrderedDict[str, DialoguePoints] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: str | None, user: Any, filters: DialogueFilters) -> DialoguePoints:
        if key is None:
            return dialogue_points(user, filters)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = dialogue_points(user, filters)
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


positions = _Positions()
