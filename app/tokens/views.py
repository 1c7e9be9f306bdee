"""The signed-in user's API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.db import utcnow
from app.extensions import db
from app.tokens import services
from app.tokens.forms import CreateTokenForm, RevokeTokenForm
from app.tokens.models import TokenScope

bp = Blueprint("tokens", __name__)


def _page(form: CreateTokenForm, *, secret: str | None = None, status: int = 200):
    return (
        render_template(
            "tokens/list.html",
            tokens=services.tokens_of(current_user),
            form=form,
            revoke_form=RevokeTokenForm(),
            secret=secret,
            now=utcnow(),
        ),
        status,
    )


@bp.route("/")
@login_required
def index():
    return _page(CreateTokenForm())


@bp.route("/", methods=["POST"])
@login_required
def create():
    form = CreateTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    token, secret = services.create_token(
        current_user,
        name=form.name.data,
        scope=TokenScope(form.scope.data),
        expires_on=form.expires_on.data,
    )
    db.session.commit()
    # Rendered, not redirected: the secret must not travel through the session or a URL.
    response = _page(CreateTokenForm(formdata=None), secret=secret)
    return response[0], 201, {"Cache-Control": "no-store"}


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    token = services.token_of(current_user, token_id)
    if token is None:
        abort(404)
    services.revoke_token(token, user=current_user)
    db.session.commit()
    flash(_("The token “%(name)s” is revoked.", name=token.name), "success")
    return redirect(url_for("tokens.index"))
