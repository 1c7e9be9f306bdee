"""The map itself: folium, rendered into our own page, with every script served by the app.

Popups and tooltips are built from text escaped by `popup_text`: folium puts their HTML inside a
JavaScript template string (`$(`...`)`), where `${...}` runs as code even after HTML escaping.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import folium
from flask import url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from folium.plugins import MarkerCluster
from markupsafe import Markup

from app.core.labels import label
from app.i18n import current_language
from app.maps.queries import CityAggregate, Label

SYRIA_CENTRE = (35.0, 38.5)
SYRIA_BOUNDS = [(32.3, 35.6), (37.35, 42.4)]
MAX_ZOOM = 12

# Colour by the share of outcomes achieved (verified); (lower bound, colour, legend label).
SHARE_BANDS = (
    (0.75, "#1a7f37", _l("At least 75 % achieved")),
    (0.50, "#7cb342", _l("50–75 % achieved")),
    (0.25, "#f0a202", _l("25–50 % achieved")),
    (0.0, "#c0392b", _l("Under 25 % achieved")),
)
NO_OUTCOMES_COLOUR = "#8a8f98"

_JS_TEMPLATE_SPECIALS = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;"})
# What folium's header adds for a full-page map and a page of ours must not have: a viewport that
# forbids zooming (an accessibility failure) and html/body/#map rules that would restyle the page.
_FULL_PAGE_HEADER = re.compile(
    r'<meta name="viewport"[^>]*/>|<style>\s*html, body \{[^}]*\}\s*</style>'
    r"|<style>\s*#map \{[^}]*\}\s*</style>"
)


def popup_text(value: object) -> str:
    """Text for folium's popups and tooltips: HTML-escaped, then `$`, backticks and backslashes
    as character references, so that nothing can end or interpolate the JS template string."""
    return html.escape(str(value), quote=True).translate(_JS_TEMPLATE_SPECIALS)


def share_colour(share: float | None) -> str:
    if share is None:
        return NO_OUTCOMES_COLOUR
    for lower, colour, _label in SHARE_BANDS:
        if share >= lower:
            return colour
    return SHARE_BANDS[-1][1]


def legend() -> list[tuple[str, str]]:
    """(colour, label) for the legend beside the map."""
    return [(colour, str(text)) for _lower, colour, text in SHARE_BANDS] + [
        (NO_OUTCOMES_COLOUR, _("No outcomes yet"))
    ]


def marker_radius(dialogues: int) -> float:
    """Area grows with the number of dialogues; capped so a big city does not hide its region."""
    return min(6 + 4 * math.sqrt(dialogues), 30)


def share_shown(share: float | None) -> str:
    return format_percent(share) if share is not None else _("No outcomes yet")


def city_feature(
    city: CityAggregate,
    list_url: str,
    dashboard_url: str | None,
    colours: ThemeColours | None = None,
) -> dict:
    """One city as data for static/js/hiwar-map.js, which draws its circle in both colourings
    and builds its popup from text nodes: names and themes never become HTML."""
    rows = [
        (_("Dialogues"), format_decimal(city.dialogues)),
        (_("Participants"), city.participants_shown.text()),
        *((label(status), format_decimal(count)) for status, count in city.outcome_counts),
        (_("Outcomes achieved (verified)"), share_shown(city.share_achieved)),
    ]
    return {
        "name": city.name,
        "lat": city.lat,
        "lon": city.lon,
        "radius": round(marker_radius(city.dialogues), 1),
        "share_colour": share_colour(city.share_achieved),
        "theme_colour": (colours or theme_colours([city])).of(city),
        "rows": [[str(name), str(value)] for name, value in rows],
        "themes": city.top_themes,
        "dashboard": dashboard_url,
        "list": list_url,
    }


@dataclass(frozen=True)
class RenderedMap:
    """The parts of a folium map, for our own template. `names` gives the JavaScript names of the
    map and of its dialogue cluster, for static/js/hiwar-map.js."""

    header: Markup
    html: Markup
    script: Markup
    map_name: str
    cluster_name: str | None = None
    # the two colourings of the national map (folium FeatureGroups our script fills)
    share_layer: str | None = None
    theme_layer: str | None = None


# The theme colouring: Okabe & Ito's colour-blind-safe categorical palette. The themes that lead
# in the most cities get its colours, in that order; every other leading theme is "other".
THEME_PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermilion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
OTHER_THEME_COLOUR = "#4d4d4d"
NO_THEME_COLOUR = "#bdbdbd"


@dataclass(frozen=True)
class ThemeColours:
    """Which colour each city's most discussed theme gets, and the legend that explains it."""

    colours: dict[int, str]  # theme id -> colour, for the top themes only
    legend: list[tuple[str, str]]  # (colour, label) in rank order, then other, then none

    def of(self, city: CityAggregate) -> str:
        if not city.themes:
            return NO_THEME_COLOUR
        return self.colours.get(city.themes[0][0], OTHER_THEME_COLOUR)


def theme_colours(aggregates: Iterable[CityAggregate]) -> ThemeColours:
    """Rank the themes that lead somewhere by the number of cities they lead, then by the
    dialogues in those cities, then by theme id (the same order in both languages)."""
    led: dict[int, list] = {}  # theme id -> [cities, dialogues, name]
    without = False
    for city in aggregates:
        if not city.themes:
            without = True
            continue
        theme_id = city.themes[0][0]
        entry = led.setdefault(theme_id, [0, 0, city.top_theme])
        entry[0] += 1
        entry[1] += city.themes[0][3]
    ranked = sorted(led, key=lambda theme_id: (-led[theme_id][0], -led[theme_id][1], theme_id))
    top = ranked[: len(THEME_PALETTE)]
    colours = {theme_id: THEME_PALETTE[rank] for rank, theme_id in enumerate(top)}
    legend = [(colours[theme_id], str(led[theme_id][2])) for theme_id in top]
    if len(ranked) > len(top):
        legend.append((OTHER_THEME_COLOUR, _("Other themes")))
    if without:
        legend.append((NO_THEME_COLOUR, _("No theme recorded")))
    return ThemeColours(colours=colours, legend=legend)


def _new_map(tiles: str, *, location: tuple[float, float], zoom_start: int) -> folium.Map:
    rtl = current_language() == "ar"
    # Controls on the side where the page starts reading: the zoom buttons follow the text.
    options: dict = {
        "location": location,
        "zoom_start": zoom_start,
        "max_zoom": MAX_ZOOM,
        "zoom_control": "topright" if rtl else "topleft",
    }
    fmap = folium.Map(tiles=None, **options)
    # folium gives max_zoom to its tile layer only; without tiles the map itself needs it, or
    # MarkerCluster has no zoom level to start from.
    fmap.options["maxZoom"] = MAX_ZOOM
    if tiles != "none":  # OpenStreetMap, whose attribution folium adds; not a layer to switch off
        folium.TileLayer("OpenStreetMap", control=False).add_to(fmap)
    fmap.default_js = [
        ("leaflet", url_for("core.vendor", package="leaflet", filename="leaflet.js")),
        # folium's popups are built with jQuery's $(`...`)
        ("jquery", url_for("core.vendor", package="jquery", filename="jquery.min.js")),
    ]
    fmap.default_css = [
        ("leaflet_css", url_for("core.vendor", package="leaflet", filename="leaflet.css"))
    ]
    return fmap


def _cluster(name: str, *, show: bool) -> MarkerCluster:
    """An empty cluster layer; static/js/hiwar-map.js fills it from the points endpoint
    the first time it is shown."""
    cluster = MarkerCluster(name=name, overlay=True, control=True, show=show)
    vendor = functools.partial(url_for, "core.vendor", package="leaflet-markercluster")
    cluster.default_js = [("markerclusterjs", vendor(filename="leaflet.markercluster.js"))]
    cluster.default_css = [
        ("markerclustercss", vendor(filename="MarkerCluster.css")),
        ("markerclusterdefaultcss", vendor(filename="MarkerCluster.Default.css")),
    ]
    return cluster


def _add_labels(fmap: folium.Map, labels: Iterable[Label]) -> None:
    for place in labels:
        folium.Marker(
            location=(place.lat, place.lon),
            icon=folium.DivIcon(
                html=f"<span>{popup_text(place.name)}</span>",
                class_name="map-label",
                icon_size=(0, 0),
            ),
            interactive=False,
            keyboard=False,
        ).add_to(fmap)


def _finish(fmap: folium.Map, cluster: MarkerCluster | None = None, **layers: str) -> RenderedMap:
    root = fmap.get_root()
    root.render()
    header = _FULL_PAGE_HEADER.sub("", root.header.render())
    return RenderedMap(
        header=Markup(header),  # noqa: S704 - folium's output; user text went through popup_text
        html=Markup(root.html.render()),  # noqa: S704
        script=Markup(root.script.render()),  # noqa: S704
        map_name=fmap.get_name(),
        cluster_name=cluster.get_name() if cluster is not None else None,
        **layers,
    )


def render_map(tiles: str) -> RenderedMap:
    """The national map: the base map, two switchable colourings of the cities (share achieved;
    most discussed theme) and a cluster layer of individual dialogues that loads when switched on.
    The cities themselves arrive as data (`city_feature`), drawn by static/js/hiwar-map.js:
    folium would spend two milliseconds per marker, twice per city, on every request."""
    fmap = _new_map(tiles, location=SYRIA_CENTRE, zoom_start=7)
    by_share = folium.FeatureGroup(name=_("Colour: outcomes achieved"), overlay=False)
    by_theme = folium.FeatureGroup(
        name=_("Colour: most discussed theme"), overlay=False, show=False
    )
    by_share.add_to(fmap)
    by_theme.add_to(fmap)
    cluster = _cluster(_("Individual dialogues"), show=False)
    cluster.add_to(fmap)
    folium.LayerControl(
        position="topleft" if current_language() == "ar" else "topright", collapsed=False
    ).add_to(fmap)
    # The whole country, whatever the data: the view itself says nothing about where dialogues are.
    fmap.fit_bounds(SYRIA_BOUNDS)
    return _finish(fmap, cluster, share_layer=by_share.get_name(), theme_layer=by_theme.get_name())


def render_small_map(
    tiles: str,
    *,
    lat: float,
    lon: float,
    name: str,
    zoom: int = 10,
    with_dialogues: bool = False,
) -> RenderedMap:
    """A small map around one place: a dialogue's point, or a city with its dialogues."""
    fmap = _new_map(tiles, location=(lat, lon), zoom_start=zoom)
    folium.CircleMarker(
        location=(lat, lon),
        radius=8,
        color="#0b5394",
        weight=2,
        fill=True,
        fill_opacity=0.5,
        tooltip=folium.Tooltip(popup_text(name)),
    ).add_to(fmap)
    cluster = None
    if with_dialogues:
        cluster = _cluster(_("Individual dialogues"), show=True)
        cluster.add_to(fmap)
    if tiles == "none":
        _add_labels(fmap, [Label(name=name, lat=lat, lon=lon)])
    return _finish(fmap, cluster)
