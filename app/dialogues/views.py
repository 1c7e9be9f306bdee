from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination

from app.dashboards import suppression
from app.dashboards.indicators import dialogue_participants
from app.dialogues import permissions, queries, services
from app.dialogues.filters import DialogueFilterForm
from app.dialogues.models import Dialogue
from app.dialogues.search import OnePassPagination
from app.dialogues.visibility import visibility_clause
from app.extensions import db
from app.maps import rendering
from app.outcomes import services as outcome_services
from app.routing import page_number

bp = Blueprint("dialogues", __name__)


@bp.route("/")
def index():
    form = DialogueFilterForm(request.args, user=current_user)
    filters = form.filters()
    # A search reads every visible row: count them in that same pass rather than a second one.
    paginate = OnePassPagination if filters.q else SelectPagination
    page = paginate(
        select=queries.dialogue_list(current_user, filters, sort=form.sort_order),
        session=db.session,
        page=page_number(),
        per_page=current_app.config["DIALOGUES_PER_PAGE"],
        max_per_page=current_app.config["DIALOGUES_PER_PAGE"],
        error_out=False,
    )
    return render_template("dialogues/list.html", page=page, form=form)


@bp.route("/<int:dialogue_id>")
def detail(dialogue_id: int):
    stmt = (
        db.select(Dialogue)
        .where(Dialogue.id == dialogue_id, visibility_clause(current_user, include_archived=True))
        .options(*queries.dialogue_detail_loads())
    )
    dialogue = db.session.scalars(stmt).unique().first()
    if dialogue is None:
        abort(404)
    return render_template(
        "dialogues/detail.html",
        dialogue=dialogue,
        statements=permissions.visible_statements(current_user, dialogue),
        can_manage=permissions.can_manage_dialogue(current_user, dialogue),
        can_edit=permissions.can_edit_dialogue(current_user, dialogue),
        can_restore=permissions.can_restore_dialogue(current_user, dialogue),
        followed_up=outcome_services.followed_up_outcomes(dialogue, current_user),
        history=services.history(dialogue)
        if permissions.can_manage_dialogue(current_user, dialogue)
        else [],
        show_venue_point=permissions.can_see_venue_coordinates(current_user, dialogue),
        participants=dialogue_participants(
            dialogue.id,
            dialogue.participants_total,
            dialogue.participants_women,
            dialogue.participants_men,
            dialogue.participants_youth,
            {str(count.sector): count.count for count in dialogue.sector_counts},
            suppressed=suppression.suppresses_for(current_user),
        ),
        **_small_map(dialogue),
    )


def _small_map(dialogue: Dialogue) -> dict:
    """The dialogue on a small map: at its venue for the organiser's own staff, as on the national
    map; at its city for everyone else."""
    venue = (
        permissions.is_organizer_staff(current_user, dialogue)
        and dialogue.venue_lat is not None
        and dialogue.venue_lon is not None
    )
    lat, lon = (
        (dialogue.venue_lat, dialogue.venue_lon)
        if venue
        else (dialogue.city.lat, dialogue.city.lon)
    )
    if lat is None or lon is None:
        return {"fmap": None, "venue_on_map": False}
    fmap = rendering.render_small_map(
        current_app.config["MAP_TILES"], lat=lat, lon=lon, name=dialogue.city.name, zoom=11
    )
    return {"fmap": fmap, "venue_on_map": venue}
