"""Places (admins): the cities and towns, and adding one inside Syria."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination

from app.admin import admin_required, bp
from app.admin.forms import CityForm
from app.extensions import db
from app.places import services
from app.places.models import Place, PlaceKind
from app.routing import page_number

PER_PAGE = 100


@bp.route("/places/")
@admin_required
def places():
    q = request.args.get("q", "").strip()[:100]
    stmt = sa.select(Place).where(Place.kind == PlaceKind.CITY)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(
            sa.or_(sa.func.lower(Place.name_en).like(pattern), Place.name_ar.like(f"%{q}%"))
        )
    page = SelectPagination(
        select=stmt.options(so.joinedload(Place.governorate)).order_by(Place.code),
        session=db.session,
        page=page_number(),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("admin/places.html", page=page, q=q)


@bp.route("/places/new", methods=["GET", "POST"])
@admin_required
def create_place():
    form = CityForm()
    if form.validate_on_submit():
        governorate = db.session.get(Place, int(form.governorate_id.data))
        district = (
            db.session.get(Place, int(form.district_id.data)) if form.district_id.data else None
        )
        place = services.create_city(
            name_ar=form.name_ar.data,
            name_en=form.name_en.data,
            governorate=governorate,
            district=district,
            lat=form.lat.data,
            lon=form.lon.data,
            actor=current_user,
        )
        db.session.commit()
        flash(_("%(name)s was added.", name=place.name), "success")
        return redirect(url_for("admin.places", q=place.name_en))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/place_form.html", form=form), status
