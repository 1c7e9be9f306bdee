"""`load_demo()`: reference data, the demo organisations and logins, and the curated dialogues.

Idempotent: organisations are keyed by their English (or Arabic) name, users by e-mail and
dialogues by English title, so a second run finds everything and adds nothing. Like every service
it flushes and leaves the commit to its caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from app.audit import services as audit
from app.auth.models import User
from app.auth.services import create_user
from app.demo.builder import DialogueBuilder, References
from app.demo.catalogue import CURATED_DIALOGUES
from app.demo.content import DEMO_PASSWORD, LOGINS, ORGANIZATIONS
from app.demo.specs import DialogueSpec
from app.dialogues.models import Dialogue
from app.extensions import db
from app.organizations.models import Organization
from app.places.models import Place
from app.places.services import LoadReport, cities, load_places
from app.themes.models import Theme
from app.themes.services import load_themes


@dataclass
class DemoReport:
    places: LoadReport = field(default_factory=LoadReport)
    themes: LoadReport = field(default_factory=LoadReport)
    organizations_created: int = 0
    users_created: int = 0
    dialogues_created: int = 0
    dialogues_total: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.organizations_created or self.users_created or self.dialogues_created)

    def __str__(self) -> str:
        return (
            f"Places: {self.places}. Themes: {self.themes}.\n"
            f"Demo: {self.organizations_created} organisations, {self.users_created} users and "
            f"{self.dialogues_created} dialogues created; "
            f"{self.dialogues_total} demo dialogues in all."
        )


def load_demo(today: date | None = None) -> DemoReport:
    """Load whatever part of the demo is missing; dates are relative to today."""
    today = today or date.today()
    report = DemoReport(places=load_places(), themes=load_themes())
    organizations = _ensure_organizations(report)
    staff = _ensure_users(organizations, report)
    refs = References(
        organizations=organizations,
        cities={city.code: city for city in db.session.scalars(cities())},
        themes={theme.code: theme for theme in db.session.scalars(sa.select(Theme))},
        staff=staff,
    )
    _ensure_dialogues(refs, today, report)
    if report.created_anything:
        audit.record(
            "demo_load",
            entity_type="system",
            changes={
                "organizations": report.organizations_created,
                "users": report.users_created,
                "dialogues": report.dialogues_created,
            },
        )
    db.session.flush()
    return report


def _ensure_organizations(report: DemoReport) -> dict[str, Organization]:
    names_en = [org.name_en for org in ORGANIZATIONS]
    names_ar = [org.name_ar for org in ORGANIZATIONS]
    existing = db.session.scalars(
        sa.select(Organization).where(
            sa.or_(Organization.name_en.in_(names_en), Organization.name_ar.in_(names_ar))
        )
    ).all()
    by_name = {org.name_en: org for org in existing} | {org.name_ar: org for org in existing}
    home_cities = {
        place.code: place
        for place in db.session.scalars(
            sa.select(Place).where(
                Place.code.in_([o.home_city for o in ORGANIZATIONS if o.home_city])
            )
        )
    }
    organizations: dict[str, Organization] = {}
    for demo in ORGANIZATIONS:
        organization = by_name.get(demo.name_en) or by_name.get(demo.name_ar)
        if organization is None:
            organization = Organization(
                name_en=demo.name_en,
                name_ar=demo.name_ar,
                kind=demo.kind,
                home_city=home_cities.get(demo.home_city or ""),
                description=demo.description,
            )
            db.session.add(organization)
            report.organizations_created += 1
        organizations[demo.key] = organization
    db.session.flush()
    return organizations


def _ensure_users(organizations: dict[str, Organization], report: DemoReport) -> dict[int, User]:
    """The four demo logins; returns the staff member who acts for each organisation."""
    emails = [login.email for login in LOGINS]
    existing = {
        user.email: user
        for user in db.session.scalars(sa.select(User).where(User.email.in_(emails)))
    }
    staff: dict[int, User] = {}
    for login in LOGINS:
        organization = organizations[login.organization] if login.organization else None
        user = existing.get(login.email)
        if user is None:
            user = create_user(
                email=login.email,
                name=login.name,
                role=login.role,
                password=DEMO_PASSWORD,
                organization=organization,
                preferred_language=login.preferred_language,
            )
            report.users_created += 1
        if user.organization_id is not None:
            staff[user.organization_id] = user
    return staff


def _ensure_dialogues(refs: References, today: date, report: DemoReport) -> None:
    titles = [spec.title_en for spec in CURATED_DIALOGUES]
    present = {
        dialogue.title_en: dialogue
        for dialogue in db.session.scalars(sa.select(Dialogue).where(Dialogue.title_en.in_(titles)))
    }
    builder = DialogueBuilder(refs, today)
    for spec in CURATED_DIALOGUES:
        if spec.title_en in present:
            continue
        dialogue = builder.build(spec)
        db.session.add(dialogue)
        present[spec.title_en] = dialogue
        _link_follow_up(spec, dialogue, present)
        report.dialogues_created += 1
    db.session.flush()
    builder.link_answers()
    report.dialogues_total = len(present)


def _link_follow_up(spec: DialogueSpec, dialogue: Dialogue, present: dict[str, Dialogue]) -> None:
    """A follow-up session lists the earlier session's outcomes it reviewed."""
    earlier = present.get(spec.follows_up or "")
    if earlier is None:
        return
    for outcome in earlier.outcomes:
        outcome.followed_up_in.append(dialogue)
