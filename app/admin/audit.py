"""The audit log (admins): every event, filterable; read-only, as the app has no way to change
or delete an event."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import render_template, request
from flask_sqlalchemy.pagination import SelectPagination

from app.admin import admin_required, audit_changes, bp
from app.admin.forms import ENTITY_LABELS, AuditFilterForm
from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.routing import page_number

PER_PAGE = 50


def filtered_events(form: AuditFilterForm) -> sa.Select:
    stmt = sa.select(AuditEvent)
    if form.user.data:
        matching = sa.select(User.id).where(
            sa.func.lower(User.email).like(f"%{form.user.data.lower()}%")
        )
        stmt = stmt.where(AuditEvent.user_id.in_(matching))
    if form.organization.data:
        org_id = int(form.organization.data)
        stmt = stmt.where(
            sa.or_(
                AuditEvent.organization_id == org_id,
                sa.and_(AuditEvent.entity_type == "organizations", AuditEvent.entity_id == org_id),
            )
        )
    if form.entity.data:
        stmt = stmt.where(AuditEvent.entity_type == form.entity.data)
    if form.entity_id.data:
        stmt = stmt.where(AuditEvent.entity_id == form.entity_id.data)
    if form.since.data:
        stmt = stmt.where(AuditEvent.created_at >= form.since.data)
    if form.until.data:
        stmt = stmt.where(AuditEvent.created_at < form.until.data + timedelta(days=1))
    return stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


@bp.route("/audit/")
@admin_required
def audit_log():
    entity_types = sorted(
        set(db.session.scalars(sa.select(AuditEvent.entity_type).distinct())) | set(ENTITY_LABELS)
    )
    form = AuditFilterForm(request.args, entity_types=entity_types)
    valid = form.validate()
    if not valid:  # a wrong filter is shown next to its field; the others still apply
        for field in form:
            if field.errors:
                field.data = None
    page = SelectPagination(
        select=filtered_events(form),
        session=db.session,
        page=page_number(),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
    )
    user_ids = {event.user_id for event in page.items if event.user_id}
    users = {
        u.id: u
        for u in db.session.scalars(
            sa.select(User).where(User.id.in_(user_ids)).options(so.joinedload(User.organization))
        )
    }
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        users=users,
        entity_labels=ENTITY_LABELS,
        changes=audit_changes.describe(page.items),
    )
