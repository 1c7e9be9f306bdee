"""The signed-in user's notifications: the list, opening one, marking all read, the nav count."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.notifications import services
from app.notifications.labels import headline
from app.notifications.links import actor_name, outcome_url
from app.routing import page_number

bp = Blueprint("notifications", __name__)
log = logging.getLogger(__name__)

PER_PAGE = 50


@bp.app_context_processor
def notification_count():
    """The unread count for the navigation bar, computed only when a page uses it."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        try:
            return services.visible_unread_count(current_user)
        except SQLAlchemyError:  # the error page for a failing database must still render
            log.warning("Could not count unread notifications", exc_info=True)
            return 0

    return {"unread_notifications": unread_notifications}


@bp.route("/")
@login_required
def index():
    per_page = current_app.config.get("NOTIFICATIONS_PER_PAGE", PER_PAGE)
    page = SelectPagination(
        select=services.notification_list(current_user),
        session=db.session,
        page=page_number(),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )
    return render_template(
        "notifications/list.html",
        page=page,
        headline=headline,
        actor_name=actor_name,
    )


@bp.route("/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    notification = services.get_own_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    target = outcome_url(notification.outcome)
    db.session.commit()
    return redirect(target)


@bp.route("/read", methods=["POST"])
@login_required
def mark_all_read():
    services.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


from app.notifications import cli  # noqa: E402, F401 - adds `flask notifications email-unsent`
