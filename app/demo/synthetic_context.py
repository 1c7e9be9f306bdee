"""What the synthetic generator draws from, read once: cities weighted by size, themes weighted by
how often sessions take them up, organisers weighted toward the busiest demo organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa

from app.auth.models import User
from app.demo.content import DONOR_ORG, ORGANIZATIONS
from app.extensions import db
from app.organizations.models import Organization, OrganizationKind
from app.places.models import Place, PlaceKind
from app.themes.models import Theme

# Roughly by population and by how much dialogue work happens there; other towns weigh 1.
CITY_WEIGHTS = {
    "SY01-DAMASCUS": 22,
    "SY02-ALEPPO": 20,
    "SY04-HOMS": 16,
    "SY05-HAMA": 9,
    "SY06-LATTAKIA": 7,
    "SY09-DEIREZZOR": 5,
    "SY07-IDLEB": 5,
    "SY11-ARRAQQA": 4,
    "SY08-ALHASAKEH": 4,
    "SY10-TARTOUS": 4,
    "SY12-DARA": 4,
    "SY13-ASSWEIDA": 3,
    "SY08-QAMISHLI": 3,
    "SY03-DOUMA": 3,
    "SY03-JARAMANA": 3,
    "SY02-MANBIJ": 2,
    "SY10-BANIYAS": 2,
}
THEME_WEIGHTS = {
    "community_safety": 10,
    "social_cohesion": 10,
    "needs_priorities": 6,
    "hate_speech": 6,
    "public_services": 6,
    "livelihoods": 6,
    "local_mediation": 5,
    "return_displacement": 5,
    "hlp": 5,
    "youth": 5,
    "women_participation": 5,
    "protection": 5,
    "roles_coordination": 4,
    "civil_society_role": 4,
    "solutions_tools": 4,
    "transitional_justice": 4,
}
ORGANIZER_WEIGHTS = {
    "centre": 8,
    "levant_partners": 5,
    "homs_network": 4,
    "coastal_forum": 3,
    "aleppo_women": 3,
    "hama_council": 3,
}
NOT_ORGANIZERS = frozenset({OrganizationKind.DONOR})


class CityRef(NamedTuple):
    id: int
    code: str
    name_en: str
    name_ar: str


class ThemeRef(NamedTuple):
    id: int
    code: str
    name_en: str
    name_ar: str


class OrganizationRef(NamedTuple):
    id: int
    name_en: str
    name_ar: str
    kind: OrganizationKind


@dataclass(frozen=True)
class Context:
    cities: list[CityRef]
    city_weights: list[int]
    themes: list[ThemeRef]
    theme_weights: list[int]
    organizers: list[OrganizationRef]
    organizer_weights: list[int]
    linkable: list[OrganizationRef]  # may be linked as partner or participant
    donor_id: int | None  # linked as funder
    staff: dict[int, int]  # organisation id -> the user id who acts for it


class MissingDemoDataError(RuntimeError):
    """The synthetic dialogues need the demo's places, themes and organisations."""


def load_context() -> Context:
    cities = [
        CityRef(*row)
        for row in db.session.execute(
            sa.select(Place.id, Place.code, Place.name_en, Place.name_ar)
            .where(Place.kind == PlaceKind.CITY)
            .order_by(Place.code)
        )
    ]
    themes = [
        ThemeRef(*row)
        for row in db.session.execute(
            sa.select(Theme.id, Theme.code, Theme.name_en, Theme.name_ar)
            .where(Theme.active.is_(True))
            .order_by(Theme.code)
        )
    ]
    organizations = [
        OrganizationRef(*row)
        for row in db.session.execute(
            sa.select(
                Organization.id, Organization.name_en, Organization.name_ar, Organization.kind
            )
            .where(Organization.active.is_(True), Organization.name_en.is_not(None))
            .order_by(Organization.id)
        )
    ]
    key_by_name = {demo.name_en: demo.key for demo in ORGANIZATIONS}
    organizers = [org for org in organizations if org.kind not in NOT_ORGANIZERS]
    if not cities or not themes or len(organizers) < 4:
        raise MissingDemoDataError("Load the demo first: `flask demo`.")
    donor = next((o for o in organizations if key_by_name.get(o.name_en) == DONOR_ORG), None)
    staff_rows = db.session.execute(
        sa.select(User.organization_id, sa.func.min(User.id))
        .where(User.organization_id.is_not(None), User.active.is_(True))
        .group_by(User.organization_id)
    )
    return Context(
        cities=cities,
        city_weights=[CITY_WEIGHTS.get(city.code, 1) for city in cities],
        themes=themes,
        theme_weights=[THEME_WEIGHTS.get(theme.code, 2) for theme in themes],
        organizers=organizers,
        organizer_weights=[
            ORGANIZER_WEIGHTS.get(key_by_name.get(org.name_en, ""), 1) for org in organizers
        ],
        linkable=organizers,
        donor_id=donor.id if donor else None,
        staff={org_id: user_id for org_id, user_id in staff_rows},
    )
