"""Creating and editing organisations; every change is audited. The caller commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit import services as audit
from app.auth.services import AccountError
from app.extensions import db
from app.organizations.models import Organization, OrganizationKind
from app.search.normalize import normalize

FIELDS = ("name_ar", "name_en", "kind", "home_city_id", "website", "description")


class OrganizationError(AccountError):
    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def _name_taken(column, value: str | None, organization_id: int | None) -> bool:
    if not value:
        return False
    stmt = sa.select(Organization.id).where(sa.func.lower(column) == value.lower())
    if organization_id is not None:
        stmt = stmt.where(Organization.id != organization_id)
    return db.session.scalar(stmt) is not None


def _check(values: dict[str, Any], organization_id: int | None) -> None:
    errors: dict[str, Any] = {}
    if not values.get("name_ar") and not values.get("name_en"):
        errors["name_ar"] = _l("Give the organisation a name, in Arabic or English or both.")
    for name in ("name_ar", "name_en"):
        if _name_taken(getattr(Organization, name), values.get(name), organization_id):
            errors[name] = _l("Another organisation already has this name.")
    if errors:
        raise OrganizationError(errors)


def create_organization(values: dict[str, Any], *, actor: Any) -> Organization:
    values = {key: values.get(key) for key in FIELDS}
    _check(values, None)
    organization = Organization(**values)
    changes = audit.changed_fields(organization)  # before the flush, which clears the history
    db.session.add(organization)
    db.session.flush()
    audit.record("create", organization, user=actor, changes=changes)
    return organization


def update_organization(organization: Organization, values: dict[str, Any], *, actor: Any):
    values = {key: values.get(key) for key in FIELDS}
    _check(values, organization.id)
    for key, value in values.items():
        setattr(organization, key, value)
    changes = audit.changed_fields(organization)
    if changes:
        audit.record("update", organization, user=actor, changes=changes)
    return changes


def set_active(organization: Organization, active: bool, *, actor: Any) -> None:
    if organization.active == active:
        return
    organization.active = active
    audit.record(
        "reactivate" if active else "deactivate",
        organization,
        user=actor,
        changes={"active": [not active, active]},
    )


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def find_by_name(name: str) -> Organization | None:
    """The organisation whose Arabic or English name is this one, normalised (hamza, taa
    marbuta, case...): confirmed ones first."""
    term = normalize(name)
    if not term:
        return None
    rows = db.session.execute(
        sa.select(Organization.id, Organization.name_ar, Organization.name_en).order_by(
            Organization.confirmed.desc(), Organization.id
        )
    )
    for id_, name_ar, name_en in rows:
        if term in (normalize(name_ar or ""), normalize(name_en or "")):
            return db.session.get(Organization, id_)
    return None


def propose_organization(name: str, *, proposed_by: int, user: Any) -> Organization:
    """The organisation of that name, or a new unconfirmed one proposed by this organisation.

    Reusing a name that exists reveals nothing: the user typed the name themselves."""
    existing = find_by_name(name)
    if existing is not None:
        return existing
    field = "name_ar" if _is_arabic(name) else "name_en"
    organization = Organization(
        **{field: name[:200]},
        kind=OrganizationKind.CIVIL_SOCIETY,  # the admin corrects it when confirming
        confirmed=False,
        proposed_by_org_id=proposed_by,
    )
    changes = audit.changed_fields(organization)
    db.session.add(organization)
    db.session.flush()
    audit.record("propose", organization, user=user, changes=changes)
    return organization


def confirm_organization(organization: Organization, *, actor: Any) -> None:
    if organization.confirmed:
        return
    organization.confirmed = True
    audit.record("confirm", organization, user=actor, changes={"confirmed": [False, True]})


def merge_organization(source: Organization, target: Organization, *, actor: Any) -> dict:
    """Move every reference to `source` onto `target`, then delete `source`.

    Every foreign key to organizations.id in the schema is followed, so a table added later is
    moved too. A dialogue linked to both keeps the target's link (a link's key is the pair)."""
    from app.dialogues.models import Dialogue, DialogueOrganization

    if source.id == target.id:
        raise ValueError("an organisation cannot be merged into itself")
    moved: dict[str, int] = {}
    both = sa.select(DialogueOrganization.dialogue_id).where(
        DialogueOrganization.organization_id == target.id
    )
    dropped = db.session.execute(
        sa.delete(DialogueOrganization).where(
            DialogueOrganization.organization_id == source.id,
            DialogueOrganization.dialogue_id.in_(both),
        )
    ).rowcount
    if dropped:
        moved["dialogue_organizations (already linked)"] = dropped
    for table in Organization.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is not Organization.__table__.c.id:
                continue
            column = fk.parent
            count = db.session.execute(
                sa.update(table).where(column == source.id).values({column.name: target.id})
            ).rowcount
            if count:
                moved[f"{table.name}.{column.name}"] = count
    # A dialogue now convened by its own recording organisation simply has no convener.
    db.session.execute(
        sa.update(Dialogue)
        .where(Dialogue.convening_org_id == Dialogue.organizer_org_id)
        .values(convening_org_id=None)
        .execution_options(synchronize_session=False)
    )
    summary = {
        "merged_into": target.id,
        "name_ar": source.name_ar,
        "name_en": source.name_en,
        "confirmed": source.confirmed,
        "moved": moved,
    }
    audit.record("merge", source, user=actor, changes=summary)
    audit.record("merge_in", target, user=actor, changes={"merged_from": source.id, "moved": moved})
    db.session.expire_all()
    db.session.delete(db.session.get(Organization, source.id))
    db.session.flush()
    return moved


REFERENCE_LABELS = {
    "users.organization_id": _l("People"),
    "dialogues.organizer_org_id": _l("Dialogues it recorded"),
    "dialogues.convening_org_id": _l("Dialogues it convened"),
    "dialogue_organizations.organization_id": _l("Dialogues it is linked to"),
    "outcomes.responsible_org_id": _l("Outcomes it is responsible for"),
    "outcome_updates.organization_id": _l("Steps of outcome timelines"),
    "statements.speaker_organization_id": _l("Statements of its speakers"),
    "audit_events.organization_id": _l("Audit events"),
    "organizations.proposed_by_org_id": _l("Organisations it proposed"),
}


def references(organization: Organization) -> dict[str, int]:
    """How many rows refer to the organisation, per table and column (what a merge moves)."""
    counts = {}
    for table in Organization.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is Organization.__table__.c.id:
                count = db.session.scalar(
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(fk.parent == organization.id)
                )
                if count:
                    counts[f"{table.name}.{fk.parent.name}"] = count
    return counts
