import json

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from app.dialogues.filters import DialogueFilterForm
from app.maps import rendering
from app.maps.queries import city_aggregates, dialogue_points, governorate_labels

bp = Blueprint("maps", __name__)


@bp.route("/map")
def national():
    form = DialogueFilterForm(request.args, user=current_user)
    aggregates = city_aggregates(current_user, form.filters())
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
    """The visible dialogues, filtered as the map is, in a compact form for the cluster layer."""
    form = DialogueFilterForm(request.args, user=current_user)
    found = dialogue_points(current_user, form.filters())
    # Compact: UTF-8 rather than \u escapes (a third of the size for Arabic), no spaces.
    body = json.dumps(
        {"organizations": found.organizations, "points": found.rows},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    response = current_app.response_class(body, mimetype="application/json")
    response.cache_control.private = True  # what one viewer may see is not for a shared cache
    response.vary.add("Cookie")
    return response
