from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user

from app.audit import services as audit
from app.core.assets import VENDOR_PACKAGES
from app.core.forms import LanguageForm
from app.core.urls import is_safe_next
from app.dialogues import queries
from app.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    latest = queries.latest_visible_dialogues(current_user, limit=6)
    return render_template("core/home.html", latest=latest)


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.lang.data
    if current_user.is_authenticated and current_user.preferred_language != form.lang.data:
        audit.record(
            "update",
            current_user,
            user=current_user,
            changes={"preferred_language": [current_user.preferred_language, form.lang.data]},
        )
        current_user.preferred_language = form.lang.data
        db.session.commit()
    target = form.next.data
    return redirect(target if is_safe_next(target) else url_for("core.home"))


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(db.text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means the database is unavailable
        db.session.rollback()
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str):
    root = VENDOR_PACKAGES.get(package)
    if root is None:
        abort(404)
    response = send_from_directory(root, filename, max_age=7 * 24 * 3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.app_context_processor
def language_switch():
    current = request.full_path.rstrip("?") if request else "/"
    # formdata=None: the switch never reads the request's body (an error page for a body over
    # the size limit would read it again and fail: the 413 page must render).
    return {"language_form": LanguageForm(formdata=None, next=current)}
