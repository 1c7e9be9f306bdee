"""What each kind of notification says, in the viewer's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.notifications.models import NotificationKind

KIND_LABELS = {
    NotificationKind.ASSIGNMENT: _l("An outcome was assigned to your organisation"),
    NotificationKind.ANSWER: _l("The responsible organisation answered an assignment"),
    NotificationKind.PROGRESS: _l("Progress was reported on an outcome"),
    NotificationKind.VERIFICATION: _l("A progress report was reviewed"),
    NotificationKind.COMMENT: _l("A comment was added to an outcome"),
}
