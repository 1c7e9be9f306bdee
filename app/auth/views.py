from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import services
from app.auth.forms import LoginForm, LogoutForm
from app.auth.landing import landing_url
from app.core.urls import is_safe_next
from app.extensions import db

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.values.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_next(next_url) else url_for("core.home"))
    form = LoginForm(next=next_url)
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.sign_in(user, remember=form.remember.data)
            db.session.commit()
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(next_url if is_safe_next(next_url) else landing_url(user))
        flash(_("The e-mail address or password is not right."), "danger")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        # Ends this session server-side: a copy of its cookies no longer works either.
        services.end_session(current_user._get_current_object())
        db.session.commit()
        flash(_("You have signed out."), "info")
    return redirect(url_for("core.home"))
