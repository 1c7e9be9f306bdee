import json

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from app.caching import figures
from app.dialogues.filters import DialogueFilterForm
from app.maps import clusters, rendering
from app.maps.queries import city_aggregates, governorate_labels

bp = Blueprint("maps", __name__)


@bp.route("/map")
def national():
    form = DialogueFilterForm(request.args, user=current_user)
    filters = form.filters()
    aggregates = figures.cached(
        "cities", current_user, lambda: city_aggregates(current_user, filters), filters
    )
    args = form.query_args(without="city")
    tiles = current_app.config["MAP_TILES"]
    colours = rendering.theme_colours(aggregates)
    cities = {
        "cities": [
            rendering.city_feature(
                city,
                list_url=url_for("dialogues.index", city=city.city_id, **args),
                dashboard_url=url_for("dashboards.city", code=city.code),
                colours=colours,
            )
            for city in aggregates
            if city.lat is not None and city.lon is not None  # still rows in the table
        ],
        # Governorate names only on a plain background: tiles carry their own.
        "labels": [vars(label) for label in governorate_labels()] if tiles == "none" else [],
    }
    return render_template(
        "maps/map.html",
        form=form,
        aggregates=aggregates,
        fmap=rendering.render_map(tiles),
        cities=cities,
        points_url=url_for("maps.points", **form.query_args()),
        legend=rendering.legend(),
        theme_legend=colours.legend,
        share_shown=rendering.share_shown,
    )


@bp.route("/map/points.json")
def points():
    """The visible dialogues, filtered as the map is, clustered for the view asked for
    (?zoom=&bbox=west,south,east,north; app.maps.clusters): at most a few hundred features."""
    form = DialogueFilterForm(request.args, user=current_user)
    filters = form.filters()
    view = clusters.parse_view(request.args)
    key = figures.key_for("points", current_user, filters, view.key) if figures.enabled() else None
    etag = key.rsplit(":", 1)[1][:32] if key else None
    # Flask-Compress sends the ETag as "<etag>:br" or "<etag>:gzip" with a compressed body.
    asked = {tag.split(":", 1)[0] for tag in request.if_none_match.as_set()}
    if etag and etag in asked:
        return _points_response(b"", etag, status=304)
    body = figures.cached(
        "points",
        current_user,
        lambda: _points_body(filters, view),
        filters,
        view.key,
    )
    return _points_response(body, etag)


def _points_body(filters, view) -> bytes:
    rows_key = figures.key_for("point-rows", current_user, filters) if figures.enabled() else None
    found = clusters.positions.get(rows_key, current_user, filters)
    # Compact: UTF-8 rather than \u escapes (a third of the size for Arabic), no spaces.
    return json.dumps(
        clusters.cluster(found, view), ensure_ascii=False, separators=(",", ":")
    ).encode()


def _points_response(body: bytes, etag: str | None, status: int = 200):
    response = current_app.response_class(body, status=status, mimetype="application/json")
    response.cache_control.private = True  # what one viewer may see is not for a shared cache
    response.cache_control.no_cache = True  # but the browser may keep it and ask with its ETag
    response.vary.add("Cookie")
    if etag:
        response.set_etag(etag)
    return response
