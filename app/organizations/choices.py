"""Which organisations a form may offer. The registry is the confirmed organisations; an
unconfirmed one (proposed by name) is offered only to staff of the organisation that proposed it,
so that one organisation's proposals (which may name a group it works with) never appear in
another's forms, filters or the API."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.organizations.models import Organization


def in_registry() -> sa.ColumnElement[bool]:
    return Organization.confirmed.is_(True)


def registry_choices() -> list[tuple[str, str]]:
    """Active, confirmed organisations, for every organisation select of the dialogue form."""
    return [
        (str(o.id), o.name)
        for o in db.session.scalars(
            sa.select(Organization)
            .where(Organization.active.is_(True), in_registry())
            .order_by(Organization.name_en, Organization.name_ar)
        )
    ]


def unconfirmed_label(organization: Organization) -> str:
    return _("%(name)s (unconfirmed)", name=organization.name)


def convening_choices(
    organization: Organization | None, *, current: int | None = None
) -> list[tuple[str, str]]:
    """The registry, then the recording organisation's own proposals, then the dialogue's
    current convening organisation (already on the record this user edits) if it is neither."""
    proposals = []
    if organization is not None:
        proposals = list(
            db.session.scalars(
                sa.select(Organization)
                .where(
                    Organization.confirmed.is_(False),
                    Organization.proposed_by_org_id == organization.id,
                )
                .order_by(Organization.name_en, Organization.name_ar)
            )
        )
    choices = registry_choices()
    offered = {value for value, _label in choices}
    for proposal in proposals:
        choices.append((str(proposal.id), unconfirmed_label(proposal)))
        offered.add(str(proposal.id))
    if current is not None and str(current) not in offered:
        existing = db.session.get(Organization, current)
        if existing is not None:
            label = existing.name if existing.confirmed else unconfirmed_label(existing)
            choices.append((str(existing.id), label))
    return choices


def may_offer(organization_id: int, proposer: Any) -> bool:
    """Server-side check of a chosen id (the select's choices already enforce it)."""
    org = db.session.get(Organization, organization_id)
    return org is not None and (org.confirmed or org.proposed_by_org_id == proposer)
