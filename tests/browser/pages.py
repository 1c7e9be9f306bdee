"""Every kind of page a person opens (GET), with real ids from the demo data and the role that
uses it: the one list that the accessibility, markup, phone-layout and screenshot checks share.

`demo_world()` loads the demo (places, themes, organisations, the four logins, the curated
dialogues) and adds what the demo does not leave lying around (a pending invitation, a reset
link, an unread notification); `page_list()` then names each page with a path into that data.
Both work on the test database and on a served demo (tests/browser/shoot_pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts import tokens as link_tokens
from app.auth.models import Role, User
from app.demo.content import DEMO_PASSWORD, LOGINS
from app.dialogues.models import Dialogue, Visibility
from app.extensions import db
from app.organizations.models import Organization
from app.outcomes.models import Outcome, OutcomeStatus, OutcomeUpdate, UpdateKind
from app.places.models import Place
from app.themes.models import Theme

INVITEE_EMAIL = "invitee@demo.hiwar.org"
PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class Page:
    name: str  # a short slug, used in test ids and screenshot file names
    path: str
    role: str | None  # "organizer", "partner", "donor", "admin" or None (signed out)
    table: bool = False  # the page holds a list that turns into cards on a phone

    @property
    def email(self) -> str | None:
        return login_email(self.role) if self.role else None


def login_email(role: str) -> str:
    return next(login.email for login in LOGINS if login.role.value == role)


ROLES = ("organizer", "partner", "donor", "admin")


def demo_world() -> None:
    """The demo plus a pending invitation and a notification; commits."""
    from app.demo.loader import load_demo

    load_demo()
    db.session.flush()
    if db.session.scalar(sa.select(User.id).where(User.email == INVITEE_EMAIL)) is None:
        partner_org = db.session.scalar(
            sa.select(User.organization_id).where(User.email == login_email("partner"))
        )
        db.session.add(
            User(
                email=INVITEE_EMAIL,
                name="Invitee",
                role=Role.PARTNER,
                organization_id=partner_org,
                preferred_language="ar",
            )
        )
    _notifications()
    db.session.commit()


def _notifications() -> None:
    """Unread notifications for the organiser and the partner, from the demo's own steps."""
    from app.notifications.models import Notification, NotificationKind

    organizer, partner = _user("organizer"), _user("partner")
    if db.session.scalar(sa.select(Notification.id).where(Notification.user_id == organizer.id)):
        return
    wanted = [
        (organizer, NotificationKind.ANSWER, UpdateKind.ACCEPTANCE),
        (organizer, NotificationKind.PROGRESS, UpdateKind.PROGRESS),
        (partner, NotificationKind.ASSIGNMENT, UpdateKind.ASSIGNMENT),
        (partner, NotificationKind.VERIFICATION, UpdateKind.VERIFICATION),
        (partner, NotificationKind.VERIFICATION, UpdateKind.EVIDENCE_REQUEST),
    ]
    for user, kind, step in wanted:
        update = db.session.scalars(
            sa.select(OutcomeUpdate)
            .join(OutcomeUpdate.outcome)
            .where(OutcomeUpdate.kind == step)
            .where(Outcome.responsible_org_id == partner.organization_id)
            .order_by(OutcomeUpdate.id.desc())
            .limit(1)
        ).first()
        if update is not None:
            db.session.add(
                Notification(
                    user_id=user.id,
                    kind=kind,
                    outcome_id=update.outcome_id,
                    update_id=update.id,
                    actor_id=update.author_id,
                )
            )


def _first(stmt):
    value = db.session.scalar(stmt.limit(1))
    if value is None:
        raise LookupError(f"the demo data has no row for {stmt}")
    return value


def _user(role: str) -> User:
    return db.session.scalars(sa.select(User).where(User.email == login_email(role))).one()


def page_list() -> list[Page]:
    """Every GET page type, in the demo's data; call inside an application context."""
    organizer, partner, admin = _user("organizer"), _user("partner"), _user("admin")
    own = (
        sa.select(Dialogue.id)
        .where(Dialogue.organizer_org_id == organizer.organization_id)
        .where(Dialogue.archived_at.is_(None))
        .order_by(Dialogue.id)
    )
    public_dialogue = _first(own.where(Dialogue.visibility == Visibility.PUBLIC))
    editable = _first(own.where(Dialogue.outcomes.any()).order_by(None).order_by(Dialogue.id))
    responsible = (
        sa.select(Outcome.id)
        .join(Outcome.dialogue)
        .where(Outcome.responsible_org_id == partner.organization_id)
        .where(Dialogue.archived_at.is_(None), Outcome.declined_at.is_(None))
        .order_by(Outcome.id)
    )
    proposed = _first(responsible.where(Outcome.status == OutcomeStatus.PROPOSED))
    in_progress = _first(responsible.where(Outcome.status == OutcomeStatus.IN_PROGRESS))
    reports = sa.select(OutcomeUpdate.answers_update_id).where(
        OutcomeUpdate.answers_update_id.is_not(None)
    )
    to_verify = _first(
        sa.select(Outcome.id)
        .join(Outcome.dialogue)
        .join(Outcome.updates)
        .where(Dialogue.organizer_org_id == organizer.organization_id)
        .where(OutcomeUpdate.kind == UpdateKind.PROGRESS, OutcomeUpdate.id.not_in(reports))
        .order_by(Outcome.id)
    )
    city = _first(
        sa.select(Place.code)
        .join(Dialogue, Dialogue.city_id == Place.id)
        .where(Dialogue.visibility == Visibility.PUBLIC)
        .group_by(Place.code)
        .order_by(sa.func.count().desc(), Place.code)
    )
    governorate = city.split("-")[0]
    organisation = organizer.organization_id
    other_org = _first(
        sa.select(Organization.id).where(Organization.id != organisation).order_by(Organization.id)
    )
    theme = _first(sa.select(Theme.id).order_by(Theme.id))
    invitee = db.session.scalars(sa.select(User).where(User.email == INVITEE_EMAIL)).one()
    invitation = link_tokens.make_link_token(invitee, link_tokens.INVITATION)
    reset = link_tokens.make_link_token(partner, link_tokens.PASSWORD_RESET)
    staff = _first(sa.select(User.id).where(User.id != admin.id).order_by(User.id))
    return [
        # Signed out: the public pages and the ways in.
        Page("home", "/", None),
        Page("login", "/auth/login", None),
        Page("forgot", "/auth/forgot", None),
        Page("invitation", f"/auth/invitation/{invitation}", None),
        Page("reset", f"/auth/reset/{reset}", None),
        Page("dialogues", "/dialogues/", None),
        Page("dialogue", f"/dialogues/{public_dialogue}", None),
        Page("map", "/map", None),
        Page("api-docs", "/api/v1/docs", None),
        Page("not-found", "/dialogues/999999999", None),
        # Donors: the overview, a city and a governorate.
        Page("overview", "/dashboard", "donor", table=True),
        Page("city", f"/cities/{city}", "donor"),
        Page("governorate", f"/cities/{governorate}", "donor"),
        # Organisers: their dialogues, the form, what needs attention, verifying.
        Page("home-organizer", "/", "organizer"),
        Page("dialogues-organizer", "/dialogues/", "organizer"),
        Page("new-dialogue", "/dialogues/new", "organizer"),
        Page("edit-dialogue", f"/dialogues/{editable}/edit", "organizer"),
        Page("dialogue-organizer", f"/dialogues/{editable}", "organizer", table=True),
        Page("attention", "/outcomes/attention", "organizer", table=True),
        Page("outcome-verify", f"/outcomes/{to_verify}", "organizer"),
        Page("organization", f"/organizations/{organisation}", "organizer"),
        Page("notifications", "/notifications/", "organizer"),
        Page("account", "/account", "organizer"),
        Page("tokens", "/account/tokens/", "organizer"),
        # Partners: their queue, accepting and reporting.
        Page("queue", "/outcomes/", "partner", table=True),
        Page("attention-partner", "/outcomes/attention", "partner", table=True),
        Page("outcome-accept", f"/outcomes/{proposed}", "partner"),
        Page("outcome-report", f"/outcomes/{in_progress}", "partner"),
        Page("notifications-partner", "/notifications/", "partner"),
        # Admins.
        Page("admin-organizations", "/admin/organizations/", "admin", table=True),
        Page("admin-organization-new", "/admin/organizations/new", "admin"),
        Page("admin-organization-edit", f"/admin/organizations/{other_org}/edit", "admin"),
        Page("admin-users", "/admin/users/", "admin", table=True),
        Page("admin-user-invite", "/admin/users/invite", "admin"),
        Page("admin-user", f"/admin/users/{staff}", "admin"),
        Page("admin-themes", "/admin/themes/", "admin", table=True),
        Page("admin-theme-new", "/admin/themes/new", "admin"),
        Page("admin-theme-edit", f"/admin/themes/{theme}/edit", "admin"),
        Page("admin-places", "/admin/places/", "admin", table=True),
        Page("admin-place-new", "/admin/places/new", "admin"),
        Page("admin-audit", "/admin/audit/", "admin", table=True),
        Page("admin-map", "/map", "admin"),
    ]
