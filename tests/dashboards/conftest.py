"""A small world whose indicators are counted by hand in the tests.

Governorate Homs: city Homs and city Talkalakh. Governorate Hama: city Hama.
    d1 Homs, public, 2026-10-05: 40 people (15 women, 25 men, 10 youth); sectors civil society 20,
       local authority 10, community 10; organiser A (civil society), linked B (public
       institution); axes T1, T2; priorities T1 concern, T1 priority, T2 gap; outcomes: achieved
       and verified 100, in progress verified 40 and overdue, proposed.
    d2 Homs, donors, 2026-08-10: 12 people (3 women, 9 men, 2 youth); civil society 12;
       organiser A; axis T1; outcome accepted.
    d3 Homs, internal, 2026-07-01: 20 people (10 women, 10 men, 0 youth); organiser A; axis T2;
       outcome dropped.
    d4 Talkalakh, public, 2026-09-01: 3 people (1 woman, 2 men); organiser C (community).
    d5 Hama, public, 2025-01-10: 30 people (3 women, 27 men, 0 youth); organiser C.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.auth.models import Role
from app.dialogues.models import PriorityKind, Sector, SectorCount, Visibility
from app.organizations.models import OrganizationKind
from app.outcomes.models import OutcomeStatus

TODAY = date(2026, 11, 29)


def people(total, women, men, youth):
    return {
        "participants_total": total,
        "participants_women": women,
        "participants_men": men,
        "participants_youth": youth,
    }


@pytest.fixture
def world(make, db):
    homs_gov = make.governorate(code="SY04", name_en="Homs", name_ar="حمص")
    hama_gov = make.governorate(code="SY05", name_en="Hama", name_ar="حماة")
    homs = make.city(code="SY04-HOMS", name_en="Homs", name_ar="حمص", governorate=homs_gov)
    talkalakh = make.city(
        code="SY04-TALLKALAKH", name_en="Talkalakh", name_ar="تلكلخ", governorate=homs_gov
    )
    hama = make.city(code="SY05-HAMA", name_en="Hama", name_ar="حماة", governorate=hama_gov)
    org_a = make.organization(name_en="A", kind=OrganizationKind.CIVIL_SOCIETY)
    org_b = make.organization(name_en="B", kind=OrganizationKind.PUBLIC_INSTITUTION)
    org_c = make.organization(name_en="C", kind=OrganizationKind.COMMUNITY)
    t1 = make.theme(code="community_safety", name_en="Safety")
    t2 = make.theme(code="protection", name_en="Protection")

    d1 = make.dialogue(
        city=homs, organizer=org_a, held_on=date(2026, 10, 5), **people(40, 15, 25, 10)
    )
    make.link(dialogue=d1, organization=org_b)
    for sector, count in (
        (Sector.CIVIL_SOCIETY, 20),
        (Sector.LOCAL_AUTHORITY, 10),
        (Sector.COMMUNITY, 10),
    ):
        db.session.add(SectorCount(dialogue=d1, sector=sector, count=count))
    make.axis(dialogue=d1, theme=t1)
    make.axis(dialogue=d1, theme=t2)
    make.priority(dialogue=d1, theme=t1, kind=PriorityKind.CONCERN)
    make.priority(dialogue=d1, theme=t1, kind=PriorityKind.PRIORITY)
    make.priority(dialogue=d1, theme=t2, kind=PriorityKind.GAP)
    make.outcome(dialogue=d1, theme=t1, status=OutcomeStatus.ACHIEVED, progress_verified=100)
    make.outcome(
        dialogue=d1,
        theme=t1,
        status=OutcomeStatus.IN_PROGRESS,
        progress_verified=40,
        due_on=date(2026, 1, 1),
    )
    make.outcome(dialogue=d1, theme=t2, status=OutcomeStatus.PROPOSED)

    d2 = make.dialogue(
        city=homs,
        organizer=org_a,
        visibility=Visibility.DONORS,
        held_on=date(2026, 8, 10),
        **people(12, 3, 9, 2),
    )
    db.session.add(SectorCount(dialogue=d2, sector=Sector.CIVIL_SOCIETY, count=12))
    make.axis(dialogue=d2, theme=t1)
    make.outcome(dialogue=d2, theme=t1, status=OutcomeStatus.ACCEPTED)

    d3 = make.dialogue(
        city=homs,
        organizer=org_a,
        visibility=Visibility.INTERNAL,
        held_on=date(2026, 7, 1),
        **people(20, 10, 10, 0),
    )
    make.axis(dialogue=d3, theme=t2)
    make.outcome(dialogue=d3, theme=t2, status=OutcomeStatus.DROPPED)

    d4 = make.dialogue(
        city=talkalakh, organizer=org_c, held_on=date(2026, 9, 1), **people(3, 1, 2, 0)
    )
    d5 = make.dialogue(
        city=hama, organizer=org_c, held_on=date(2025, 1, 10), **people(30, 3, 27, 0)
    )
    users = {
        "anonymous": None,
        "donor": make.user(role=Role.DONOR, organization=make.organization(kind="donor")),
        "partner": make.user(role=Role.PARTNER, organization=org_b),
        "organizer": make.user(organization=org_a),
        "admin": make.user(role=Role.ADMIN),
    }
    db.session.commit()
    return {
        "homs_gov": homs_gov,
        "hama_gov": hama_gov,
        "homs": homs,
        "talkalakh": talkalakh,
        "hama": hama,
        "t1": t1,
        "t2": t2,
        "dialogues": [d1, d2, d3, d4, d5],
        "users": users,
        "orgs": (org_a, org_b, org_c),
    }
