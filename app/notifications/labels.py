"""What each notification says, in the viewer's language: what happened, to which outcome."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.notifications.models import NotificationKind

# The kind alone, where no sentence fits (a filter, a count).
KIND_LABELS = {
    NotificationKind.ASSIGNMENT: _l("An outcome was assigned to your organisation"),
    NotificationKind.ANSWER: _l("The responsible organisation answered an assignment"),
    NotificationKind.PROGRESS: _l("Progress was reported on an outcome"),
    NotificationKind.VERIFICATION: _l("A progress report was reviewed"),
    NotificationKind.COMMENT: _l("A comment was added to an outcome"),
}
TITLE_LENGTH = 90


def short_title(outcome: Any) -> str:
    text = " ".join((getattr(outcome, "text", "") or "").split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


def headline(notification: Any, outcome: Any = None, actor: Any = None) -> str:
    """One sentence: who did what to which outcome ("Homs Network accepted “Open a hotline”")."""
    from app.notifications.links import actor_name

    outcome = outcome if outcome is not None else notification.outcome
    actor = actor if actor is not None else notification.actor
    title = short_title(outcome)
    who = actor_name(actor) if actor is not None else _("Hiwar")
    step = getattr(getattr(notification, "update", None), "kind", None)
    step = getattr(step, "value", step)
    kind = notification.kind
    if kind == NotificationKind.ASSIGNMENT:
        return _(
            "%(organisation)s assigned “%(title)s” to your organisation",
            organisation=who,
            title=title,
        )
    if kind == NotificationKind.ANSWER:
        if step == "decline":
            return _("%(organisation)s declined “%(title)s”", organisation=who, title=title)
        if step == "acceptance":
            return _("%(organisation)s accepted “%(title)s”", organisation=who, title=title)
        return _("%(organisation)s answered about “%(title)s”", organisation=who, title=title)
    if kind == NotificationKind.PROGRESS:
        progress = getattr(notification.update, "progress", None)
        if progress is not None:
            return _(
                "%(organisation)s reported %(progress)s%% progress on “%(title)s”",
                organisation=who,
                progress=progress,
                title=title,
            )
        return _("%(organisation)s reported progress on “%(title)s”", organisation=who, title=title)
    if kind == NotificationKind.VERIFICATION:
        if step == "evidence_request":
            return _(
                "%(organisation)s asked for more evidence on “%(title)s”",
                organisation=who,
                title=title,
            )
        if step == "verification":
            return _(
                "%(organisation)s verified your report on “%(title)s”",
                organisation=who,
                title=title,
            )
        return _(
            "%(organisation)s reviewed your report on “%(title)s”", organisation=who, title=title
        )
    if kind == NotificationKind.COMMENT:
        return _("%(organisation)s commented on “%(title)s”", organisation=who, title=title)
    return str(KIND_LABELS.get(kind, ""))
