from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from app.dialogues.filters import DialogueFilterForm
from app.maps import rendering
from app.maps.queries import city_aggregates

bp = Blueprint("maps", __name__)


@bp.route("/map")
def national():
    form = DialogueFilterForm(request.args, user=current_user)
    aggregates = city_aggregates(current_user, form.filters())
    args = form.query_args(without="city")
    fmap = rendering.render_map(
        aggregates,
        current_app.config["MAP_TILES"],
        list_url=lambda city: url_for("dialogues.index", city=city.city_id, **args),
    )
    return render_template(
        "maps/map.html",
        form=form,
        aggregates=aggregates,
        fmap=fmap,
        legend=rendering.legend(),
        share_shown=rendering.share_shown,
    )
