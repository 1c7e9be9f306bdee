"""The map itself: folium, rendered into our own page, with every script served by the app.

Popups and tooltips are built from text escaped by `popup_text`: folium puts their HTML inside a
JavaScript template string (`$(`...`)`), where `${...}` runs as code even after HTML escaping.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import folium
from flask import url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.core.labels import label
from app.maps.queries import CityAggregate

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


def _popup_html(city: CityAggregate, list_url: str) -> str:
    def row(name: object, value: object) -> str:
        return f"<tr><th>{popup_text(name)}</th><td>{popup_text(value)}</td></tr>"

    rows = [
        row(_("Dialogues"), format_decimal(city.dialogues)),
        row(_("Participants"), format_decimal(city.participants)),
        *(row(label(status), format_decimal(count)) for status, count in city.outcome_counts),
        row(_("Outcomes achieved (verified)"), share_shown(city.share_achieved)),
    ]
    themes_title = _("Most discussed themes")
    see_them = _("See these dialogues")
    themes = "".join(f"<li><bdi>{popup_text(name)}</bdi></li>" for name in city.top_themes)
    themes_html = (
        f"<p class='mb-0 small'>{popup_text(themes_title)}</p><ol>{themes}</ol>" if themes else ""
    )
    return (
        f"<div class='map-popup'><h2 class='h6'><bdi>{popup_text(city.name)}</bdi></h2>"
        f"<table class='table table-sm mb-1'>{''.join(rows)}</table>{themes_html}"
        f"<a href='{popup_text(list_url)}'>{popup_text(see_them)}</a></div>"
    )


@dataclass(frozen=True)
class RenderedMap:
    """The three parts of a folium map, for our own template."""

    header: Markup
    html: Markup
    script: Markup


def render_map(
    aggregates: Iterable[CityAggregate],
    tiles: str,
    *,
    list_url: Callable[[CityAggregate], str],
) -> RenderedMap:
    """One CircleMarker per city at the city's coordinates (never a venue's)."""
    options: dict = {"location": SYRIA_CENTRE, "zoom_start": 7, "max_zoom": MAX_ZOOM}
    if tiles == "none":
        fmap = folium.Map(tiles=None, **options)
    else:  # OpenStreetMap, whose attribution folium adds
        fmap = folium.Map(tiles="OpenStreetMap", **options)
    fmap.default_js = [
        ("leaflet", url_for("core.vendor", package="leaflet", filename="leaflet.js")),
        # folium's popups are built with jQuery's $(`...`)
        ("jquery", url_for("core.vendor", package="jquery", filename="jquery.min.js")),
    ]
    fmap.default_css = [
        ("leaflet_css", url_for("core.vendor", package="leaflet", filename="leaflet.css"))
    ]
    for city in aggregates:
        if city.lat is None or city.lon is None:
            continue  # still a row in the table under the map
        colour = share_colour(city.share_achieved)
        folium.CircleMarker(
            location=(city.lat, city.lon),
            radius=marker_radius(city.dialogues),
            color=colour,
            weight=2,
            fill=True,
            fill_color=colour,
            fill_opacity=0.6,
            popup=folium.Popup(folium.Html(_popup_html(city, list_url(city)), script=True)),
            tooltip=folium.Tooltip(popup_text(city.name)),
        ).add_to(fmap)
    # The whole country, whatever the data: the view itself says nothing about where dialogues are.
    fmap.fit_bounds(SYRIA_BOUNDS)
    root = fmap.get_root()
    root.render()
    header = _FULL_PAGE_HEADER.sub("", root.header.render())
    return RenderedMap(
        header=Markup(header),  # noqa: S704 - folium's output; user text went through popup_text
        html=Markup(root.html.render()),  # noqa: S704
        script=Markup(root.script.render()),  # noqa: S704
    )
