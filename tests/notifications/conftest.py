"""One outcome and the people around it: the organiser's staff, the responsible organisation's
staff, an outsider, an admin; an inactive member on each side."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility


@pytest.fixture
def scene(make):
    organiser = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    responsible = make.organization(name_en="Safe Streets Network", name_ar="شبكة الشوارع الآمنة")
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=responsible, role=LinkRole.PARTNER)
    outcome = make.outcome(
        dialogue=dialogue, responsible_org=responsible, text="Open a women's safety hotline"
    )
    return SimpleNamespace(
        organiser=organiser,
        responsible=responsible,
        dialogue=dialogue,
        outcome=outcome,
        organiser_staff=[make.user(role=Role.ORGANIZER, organization=organiser) for _ in range(2)],
        organiser_inactive=make.user(role=Role.ORGANIZER, organization=organiser, active=False),
        partner_staff=[make.user(role=Role.PARTNER, organization=responsible) for _ in range(2)],
        partner_inactive=make.user(role=Role.PARTNER, organization=responsible, active=False),
        outsider=make.user(role=Role.PARTNER),
        donor=make.user(role=Role.DONOR),
        admin=make.user(admin=True),
    )
