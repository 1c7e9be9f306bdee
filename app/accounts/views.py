"""The user's own account, and the links that let someone choose a password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import mail, services, tokens
from app.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    ProfileForm,
    SetPasswordForm,
    SignOutEverywhereForm,
)
from app.audit import services as audit
from app.auth.landing import landing_url
from app.auth.services import AccountError, end_session, start_session
from app.extensions import db
from app.tokens import services as token_services

bp = Blueprint("accounts", __name__)


def show_field_errors(form, error: AccountError) -> None:
    for name, message in getattr(error, "errors", {}).items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            flash(str(message), "danger")


def _account_page(profile: ProfileForm, password: ChangePasswordForm, status: int = 200):
    return render_template(
        "accounts/settings.html",
        profile=profile,
        password_form=password,
        everywhere_form=SignOutEverywhereForm(formdata=None),
        tokens=token_services.usable_tokens(current_user),
    ), status


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    """Every session of the user ends, this one included (and, if asked, every API token)."""
    form = SignOutEverywhereForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.settings"))
    revoked = services.sign_out_everywhere(
        current_user._get_current_object(), revoke_tokens=form.revoke_tokens.data
    )
    db.session.commit()
    if revoked:
        flash(
            _(
                "You are signed out everywhere, and %(count)d API token(s) were revoked.",
                count=revoked,
            ),
            "info",
        )
    else:
        flash(_("You are signed out everywhere."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    profile = ProfileForm(
        obj=current_user, preferred_language=current_user.preferred_language or ""
    )
    if request.method == "POST":
        if not profile.validate_on_submit():
            return _account_page(profile, ChangePasswordForm(formdata=None), 400)
        changes = services.update_profile(
            current_user,
            name=profile.name.data,
            preferred_language=profile.preferred_language.data or None,
        )
        db.session.commit()
        flash(_("Saved.") if changes else _("Nothing was changed."), "success")
        return redirect(url_for("accounts.settings"))
    return _account_page(profile, ChangePasswordForm(formdata=None))


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    profile = ProfileForm(formdata=None, obj=current_user)
    if not form.validate_on_submit():
        return _account_page(profile, form, 400)
    try:
        services.change_password(
            current_user._get_current_object(),  # login_user() needs the user, not the proxy
            current=form.current_password.data,
            new=form.new_password.data,
        )
    except AccountError as error:
        db.session.rollback()
        show_field_errors(form, error)
        return _account_page(profile, form, 400)
    db.session.commit()
    flash(_("Your password was changed. Your other devices have been signed out."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/auth/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if mail.mail_configured():
            # Everything that depends on the address (looking it up, the hourly cap, the audit
            # event, the link, the message) happens after the response has gone: the request
            # does the same work, and answers as fast, whether or not the address has an account.
            mail.after_response(_send_reset_link, form.email.data)
        # The same answer whether or not the address has an account.
        return render_template("accounts/forgot_sent.html", mail_on=mail.mail_configured())
    status = 400 if request.method == "POST" else 200
    return render_template(
        "accounts/forgot.html", form=form, mail_on=mail.mail_configured()
    ), status


def _send_reset_link(email: str) -> None:
    """After the "forgot password" response: e-mail a reset link if the address has an active
    account that has not had too many this hour."""
    user = services.find_account_for_reset(email)
    if user is None or not services.may_send_reset(user):
        return
    audit.record("reset_requested", user)
    db.session.commit()
    mail.send_password_reset(user, mail.reset_url(user), now=True)


def _password_from_link(token: str, purpose: str, template: str, action: str):
    try:
        user = tokens.read_link_token(token, purpose)
    except tokens.LinkError as error:
        return render_template("accounts/link_error.html", message=error.args[0]), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_new_password(user, form.password.data, action=action)
        except AccountError as error:
            db.session.rollback()
            show_field_errors(form, error)
        else:
            if current_user.is_authenticated:
                end_session(current_user._get_current_object())
            start_session(user)
            db.session.commit()
            return user
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, invitee=user), status


@bp.route("/auth/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    result = _password_from_link(
        token, tokens.INVITATION, "accounts/invitation.html", "accept_invitation"
    )
    if isinstance(result, tuple):
        return result
    flash(_("Welcome to Hiwar, %(name)s. Your password is saved.", name=result.name), "success")
    return redirect(landing_url(result))


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    result = _password_from_link(
        token, tokens.PASSWORD_RESET, "accounts/reset.html", "password_reset"
    )
    if isinstance(result, tuple):
        return result
    flash(_("Your new password is saved. Your other devices have been signed out."), "success")
    return redirect(landing_url(result))
