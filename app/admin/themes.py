"""Themes (admins): add, rename, merge one into another."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.views import show_field_errors
from app.admin import admin_required, bp
from app.admin.forms import MergeForm, ThemeForm
from app.extensions import db
from app.themes import editing
from app.themes.models import Theme


@bp.route("/themes/")
@admin_required
def themes():
    rows = db.session.scalars(sa.select(Theme).order_by(Theme.active.desc(), Theme.name_en)).all()
    return render_template("admin/themes.html", themes=rows, counts=editing.tagged_counts())


@bp.route("/themes/new", methods=["GET", "POST"])
@admin_required
def create_theme():
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            editing.create_theme(
                name_ar=form.name_ar.data,
                name_en=form.name_en.data,
                description_en=form.description_en.data,
                actor=current_user,
            )
        except editing.ThemeError as error:
            db.session.rollback()
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("The theme was added."), "success")
            return redirect(url_for("admin.themes"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/theme_form.html", form=form, theme=None), status


@bp.route("/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeForm(obj=theme)
    merge = merge_form(theme)
    if form.validate_on_submit():
        try:
            changes = editing.update_theme(
                theme,
                name_ar=form.name_ar.data,
                name_en=form.name_en.data,
                description_en=form.description_en.data,
                actor=current_user,
            )
        except editing.ThemeError as error:
            db.session.rollback()
            theme = db.get_or_404(Theme, theme_id)
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("admin.themes"))
    status = 400 if request.method == "POST" else 200
    return _theme_page(theme, form, merge, status)


def merge_form(theme: Theme, formdata=None) -> MergeForm:
    form = MergeForm(formdata=formdata)
    targets = db.session.scalars(
        sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.name_en)
    )
    # The theme itself stays among the choices so that choosing it gets a clear message.
    form.target_id.choices = [("", "—")] + [(str(t.id), t.name) for t in targets]
    return form


def _theme_page(theme, form, merge, status=200):
    counts = editing.tagged_counts([theme.id]).get(theme.id, {})
    return render_template(
        "admin/theme_form.html", form=form, theme=theme, merge=merge, counts=counts
    ), status


@bp.route("/themes/<int:theme_id>/merge", methods=["POST"])
@admin_required
def merge_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    merge = merge_form(theme, request.form)
    if merge.validate_on_submit() and merge.target_id.data:
        target = db.session.get(Theme, int(merge.target_id.data))
        try:
            moved = editing.merge_theme(theme, target, actor=current_user)
        except editing.ThemeError as error:
            db.session.rollback()
            theme = db.get_or_404(Theme, theme_id)
            show_field_errors(merge, error)
        else:
            db.session.commit()
            flash(
                _(
                    "Merged: %(axes)d axes, %(priorities)d priorities and %(outcomes)d outcomes "
                    "now carry the theme “%(name)s”.",
                    name=target.name,
                    **moved,
                ),
                "success",
            )
            return redirect(url_for("admin.themes"))
    elif not merge.target_id.data:
        merge.target_id.errors = [*merge.target_id.errors, _("Choose the theme to merge into.")]
    return _theme_page(theme, ThemeForm(obj=theme, formdata=None), merge, 400)
