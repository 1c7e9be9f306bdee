"""Users: admins manage everyone; an organisation's manager its own staff."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination

from app.accounts import mail, permissions, services, tokens
from app.accounts.views import show_field_errors
from app.admin import bp, user_managers_required
from app.admin.forms import InviteForm, UserEditForm
from app.auth.models import Role, User
from app.auth.services import AccountError
from app.extensions import db
from app.organizations.models import Organization
from app.routing import page_number, query_id

PER_PAGE = 50


def get_manageable_user(user_id: int) -> User:
    """Through the actor's scope: someone else's staff is a 404, not a 403."""
    user = db.session.scalar(permissions.manageable_users(current_user).where(User.id == user_id))
    if user is None:
        abort(404)
    return user


def organization_or_none(organization_id: int | None) -> Organization | None:
    return db.session.get(Organization, organization_id) if organization_id else None


@bp.route("/users/")
@user_managers_required
def users():
    q = request.args.get("q", "").strip()[:100]
    organization_id = query_id("organization")
    stmt = permissions.manageable_users(current_user)
    if organization_id:
        stmt = stmt.where(User.organization_id == organization_id)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(
            sa.or_(sa.func.lower(User.email).like(pattern), sa.func.lower(User.name).like(pattern))
        )
    page = SelectPagination(
        select=stmt.options(so.joinedload(User.organization)).order_by(
            User.active.desc(), User.name, User.id
        ),
        session=db.session,
        page=page_number(),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
    )
    organization = organization_or_none(organization_id)
    args = {k: v for k, v in {"q": q, "organization": organization_id}.items() if v}
    return render_template("admin/users.html", page=page, q=q, organization=organization, args=args)


def _send_invitation(user: User, *, renewed: bool = False) -> None:
    link = mail.invitation_url(user)
    sent = mail.send_invitation(user, current_user, link)
    if sent:
        flash(_("The invitation was sent to %(email)s.", email=user.email), "success")
    elif not mail.mail_configured():
        # No mail server on this installation: handing the link over is the normal way.
        flash(
            _(
                "Copy this link and send it to %(email)s yourself (by e-mail or a messaging "
                "app). It works once and expires in %(days)s days.",
                email=user.email,
                days=mail.invitation_days(),
            ),
            "info",
        )
    else:
        flash(
            _(
                "The e-mail could not be sent. Copy this link and send it to %(email)s yourself; "
                "it works once and expires in %(days)s days.",
                email=user.email,
                days=mail.invitation_days(),
            ),
            "warning",
        )
    if not sent:
        flash(link, "link")


@bp.route("/users/invite", methods=["GET", "POST"])
@user_managers_required
def invite_user():
    if not permissions.assignable_roles(current_user):
        abort(403)  # a donor organisation's manager: donor accounts are made by admins
    form = InviteForm(actor=current_user)
    if not form.is_submitted():
        wanted = query_id("organization") or current_user.organization_id
        form.organization_id.data = str(wanted or "")
        form.preferred_language.data = current_user.preferred_language or "ar"
    if form.validate_on_submit():
        try:
            user = services.invite_user(
                email=form.email.data,
                name=form.name.data,
                role=form.chosen_role(),
                organization=organization_or_none(form.chosen_organization_id()),
                is_manager=form.wants_manager(),
                preferred_language=form.preferred_language.data,
                invited_by=current_user,
            )
        except AccountError as error:
            db.session.rollback()
            show_field_errors(form, error)
        else:
            db.session.commit()
            _send_invitation(user)
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/user_form.html",
        form=form,
        user=None,
        invitation_days=tokens.max_age(tokens.INVITATION).days,
    ), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@user_managers_required
def user_detail(user_id: int):
    user = get_manageable_user(user_id)
    form = UserEditForm(
        obj=user,
        actor=current_user,
        role=user.role.value,
        organization_id=str(user.organization_id or ""),
    )
    if form.validate_on_submit():
        try:
            changes = services.update_user(
                user,
                actor=current_user,
                name=form.name.data,
                role=form.chosen_role(),
                organization=organization_or_none(form.chosen_organization_id()),
                is_manager=form.wants_manager() if "is_manager" in form else user.is_manager,
            )
        except AccountError as error:
            db.session.rollback()
            user = get_manageable_user(user_id)
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_form.html", form=form, user=user), status


def _user_action(user_id: int, action) -> User:
    user = get_manageable_user(user_id)
    try:
        action(user, current_user)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return user
    db.session.commit()
    return user


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@user_managers_required
def deactivate_user(user_id: int):
    user = _user_action(user_id, services.deactivate_user)
    if not user.active:
        flash(
            _("%(name)s can no longer sign in; their sessions have ended.", name=user.name),
            "success",
        )
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@user_managers_required
def reactivate_user(user_id: int):
    user = _user_action(user_id, services.reactivate_user)
    if user.active:
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/reinvite", methods=["POST"])
@user_managers_required
def reinvite_user(user_id: int):
    user = get_manageable_user(user_id)
    try:
        services.renew_invitation(user, current_user)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        _send_invitation(user, renewed=True)
    return redirect(url_for("admin.user_detail", user_id=user_id))


# Roles are listed on the page in this order.
ROLE_ORDER = (Role.ADMIN, Role.ORGANIZER, Role.PARTNER, Role.DONOR)
