"""The maps' world: two cities, four visibilities, four viewers."""

import pytest

from app.auth.models import Role
from app.dialogues.models import Visibility
from app.outcomes.models import OutcomeStatus

ANONYMOUS = None


def people(total):
    return {
        "participants_total": total,
        "participants_women": 0,
        "participants_men": 0,
        "participants_youth": 0,
    }


@pytest.fixture
def world(make):
    """Two cities. Homs: public d1, donors d2, internal d3 (all by `organizer_org`).
    Hama: public d4 (another organiser), partners d5 linked to `partner_org`."""
    homs = make.city(name_en="Homs", name_ar="حمص", lat=34.73, lon=36.71)
    hama = make.city(name_en="Hama", name_ar="حماة", lat=35.13, lon=36.75)
    organizer_org, partner_org = make.organization(), make.organization()
    t1, t2 = make.theme(name_en="Safety"), make.theme(name_en="Water")
    d1 = make.dialogue(city=homs, organizer=organizer_org, **people(30))
    d2 = make.dialogue(
        city=homs, organizer=organizer_org, visibility=Visibility.DONORS, **people(20)
    )
    d3 = make.dialogue(
        city=homs, organizer=organizer_org, visibility=Visibility.INTERNAL, **people(10)
    )
    make.dialogue(city=hama, **people(5))
    d5 = make.dialogue(
        city=hama, organizer=organizer_org, visibility=Visibility.PARTNERS, **people(7)
    )
    make.link(dialogue=d5, organization=partner_org)
    achieved = OutcomeStatus.ACHIEVED
    make.outcome(dialogue=d1, status=achieved, progress_verified=100)
    make.outcome(dialogue=d1, status=achieved, progress_verified=50)  # achieved, not verified
    make.outcome(dialogue=d1, status=OutcomeStatus.IN_PROGRESS)
    make.outcome(dialogue=d2, status=achieved, progress_verified=100)
    make.outcome(dialogue=d3, status=OutcomeStatus.STALLED)
    make.axis(dialogue=d1, theme=t1)
    make.axis(dialogue=d2, theme=t2)
    make.axis(dialogue=d3, theme=t2)
    users = {
        "anonymous": ANONYMOUS,
        "organizer": make.user(organization=organizer_org),
        "donor": make.user(role=Role.DONOR),
        "partner": make.user(role=Role.PARTNER, organization=partner_org),
    }
    return {"homs": homs, "hama": hama, "t1": t1, "t2": t2, "users": users}
