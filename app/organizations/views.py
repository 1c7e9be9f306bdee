"""An organisation's page: its people, its dialogues and the outcomes it is responsible for,
each within what the viewer may see."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from app.accounts.permissions import is_admin
from app.auth.models import User
from app.dialogues.models import Dialogue, DialogueOrganization
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.organizations.models import Organization
from app.outcomes.models import Outcome
from app.outcomes.queries import visible_outcomes

bp = Blueprint("organizations", __name__)

ROWS = 50


def may_see_people(viewer, organization: Organization) -> bool:
    """Names and addresses of staff: admins, and the organisation's own staff."""
    return is_admin(viewer) or viewer.organization_id == organization.id


@bp.route("/<int:organization_id>")
@login_required
def detail(organization_id: int):
    organization = db.session.get(Organization, organization_id)
    if organization is None or (not organization.active and not is_admin(current_user)):
        abort(404)
    if not organization.confirmed and not (
        is_admin(current_user) or current_user.organization_id == organization.proposed_by_org_id
    ):
        abort(404)  # a proposal is its proposer's business until an admin confirms it
    linked = sa.select(DialogueOrganization.dialogue_id).where(
        DialogueOrganization.organization_id == organization.id
    )
    dialogues = db.session.scalars(
        visible_dialogues(current_user)
        .where(
            sa.or_(
                Dialogue.organizer_org_id == organization.id,
                Dialogue.convening_org_id == organization.id,
                Dialogue.id.in_(linked),
            )
        )
        .options(so.joinedload(Dialogue.city))
        .order_by(Dialogue.held_on.desc(), Dialogue.id.desc())
        .limit(ROWS)
    ).all()
    outcomes = db.session.scalars(
        visible_outcomes(current_user)
        .where(Outcome.responsible_org_id == organization.id)
        .options(so.contains_eager(Outcome.dialogue))
        .order_by(Outcome.due_on.is_(None), Outcome.due_on, Outcome.id)
        .limit(ROWS)
    ).all()
    people = []
    if may_see_people(current_user, organization):
        people = db.session.scalars(
            sa.select(User)
            .where(User.organization_id == organization.id)
            .order_by(User.active.desc(), User.name)
        ).all()
    return render_template(
        "organizations/detail.html",
        organization=organization,
        dialogues=dialogues,
        outcomes=outcomes,
        people=people,
        show_people=may_see_people(current_user, organization),
    )
