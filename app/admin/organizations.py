"""Organisations: the list with search, create, edit, deactivate and reactivate (admins)."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination

from app.accounts.views import show_field_errors
from app.admin import admin_required, bp
from app.admin.forms import MergeOrganizationForm, OrganizationForm
from app.auth.models import User
from app.extensions import db
from app.organizations import services
from app.organizations.models import Organization
from app.routing import page_number
from app.search.normalize import normalize

PER_PAGE = 50


def organization_list(q: str, status: str) -> sa.Select:
    stmt = sa.select(Organization)
    if status == "active":
        stmt = stmt.where(Organization.active.is_(True))
    elif status == "inactive":
        stmt = stmt.where(Organization.active.is_(False))
    elif status == "unconfirmed":
        stmt = stmt.where(Organization.confirmed.is_(False))
    if q:
        # Names are matched normalised on both sides (hamza, taa marbuta, diacritics...), as the
        # dialogue search does; organisations are few enough to compare in one pass.
        term = normalize(q)
        names = db.session.execute(
            sa.select(Organization.id, Organization.name_ar, Organization.name_en)
        )
        matching = [
            id_
            for id_, ar, en in names
            if term in normalize(ar or "") or term in normalize(en or "")
        ]
        stmt = stmt.where(Organization.id.in_(matching))
    stmt = stmt.options(
        so.joinedload(Organization.home_city), so.joinedload(Organization.proposed_by)
    )
    return stmt.order_by(
        Organization.confirmed,  # proposals waiting for an admin first
        Organization.active.desc(),
        Organization.name_en,
        Organization.name_ar,
    )


@bp.route("/organizations/")
@admin_required
def organizations():
    q = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "")
    stmt = organization_list(q, status if status in ("active", "inactive", "unconfirmed") else "")
    page = SelectPagination(
        select=stmt,
        session=db.session,
        page=page_number(),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
    )
    ids = [o.id for o in page.items]
    people = dict(
        db.session.execute(
            sa.select(User.organization_id, sa.func.count())
            .where(User.organization_id.in_(ids))
            .group_by(User.organization_id)
        ).all()
    )
    return render_template("admin/organizations.html", page=page, q=q, status=status, people=people)


@bp.route("/organizations/new", methods=["GET", "POST"])
@admin_required
def create_organization():
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            organization = services.create_organization(form.values(), actor=current_user)
        except services.OrganizationError as error:
            db.session.rollback()
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("The organisation was added."), "success")
            return redirect(url_for("organizations.detail", organization_id=organization.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/organization_form.html", form=form, organization=None), status


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    form = OrganizationForm(
        obj=organization,
        kind=organization.kind.value,
        home_city_id=str(organization.home_city_id or ""),
    )
    if form.validate_on_submit():
        try:
            changes = services.update_organization(organization, form.values(), actor=current_user)
        except services.OrganizationError as error:
            db.session.rollback()
            organization = db.get_or_404(Organization, organization_id)
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("organizations.detail", organization_id=organization.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/organization_form.html", form=form, organization=organization
    ), status


def _set_active(organization_id: int, active: bool):
    organization = db.get_or_404(Organization, organization_id)
    services.set_active(organization, active, actor=current_user)
    db.session.commit()
    flash(
        _("The organisation is active again.")
        if active
        else _("The organisation was deactivated; it is no longer offered in forms."),
        "success",
    )
    return redirect(url_for("organizations.detail", organization_id=organization_id))


@bp.route("/organizations/<int:organization_id>/deactivate", methods=["POST"])
@admin_required
def deactivate_organization(organization_id: int):
    return _set_active(organization_id, False)


@bp.route("/organizations/<int:organization_id>/reactivate", methods=["POST"])
@admin_required
def reactivate_organization(organization_id: int):
    return _set_active(organization_id, True)


@bp.route("/organizations/<int:organization_id>/confirm", methods=["POST"])
@admin_required
def confirm_organization(organization_id: int):
    """A proposed organisation joins the registry (correct its kind and names with Edit)."""
    organization = db.get_or_404(Organization, organization_id)
    services.confirm_organization(organization, actor=current_user)
    db.session.commit()
    flash(_("The organisation is confirmed and now in the registry."), "success")
    return redirect(url_for("admin.organizations", status="unconfirmed"))


@bp.route("/organizations/<int:organization_id>/merge", methods=["GET", "POST"])
@admin_required
def merge_organization(organization_id: int):
    """Merge a duplicate (typically a proposal) into the registry's organisation: every
    reference moves, then the duplicate is deleted."""
    organization = db.get_or_404(Organization, organization_id)
    form = MergeOrganizationForm(source=organization)
    if form.validate_on_submit():
        target = db.session.get(Organization, int(form.target_id.data))
        services.merge_organization(organization, target, actor=current_user)
        db.session.commit()
        flash(_("Merged: every reference now points to %(name)s.", name=target.name), "success")
        return redirect(url_for("organizations.detail", organization_id=target.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/organization_merge.html",
        form=form,
        organization=organization,
        references=services.references(organization),
        reference_labels=services.REFERENCE_LABELS,
    ), status
