"""Edges of the record permissions (app/dialogues/permissions.py) that the visibility table does
not reach: creating, editing and restoring by role; reviewing an outcome by role, without a
responsible organisation, on an archived dialogue; who sees venue coordinates."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.auth.models import Role
from app.db import utcnow
from app.dialogues import permissions
from app.dialogues.models import Visibility

ROLES = [Role.ORGANIZER, Role.PARTNER, Role.DONOR]


@pytest.fixture
def scene(make):
    organiser = make.organization()
    responsible = make.organization()
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PUBLIC)
    outcome = make.outcome(dialogue=dialogue, responsible_org=responsible)
    people = {
        "anonymous": AnonymousUserMixin(),
        "admin": make.user(admin=True),
        **{f"organiser_{r.value}": make.user(role=r, organization=organiser) for r in ROLES},
        **{f"responsible_{r.value}": make.user(role=r, organization=responsible) for r in ROLES},
        "stranger": make.user(role=Role.ORGANIZER),
    }
    return {"dialogue": dialogue, "outcome": outcome, "people": people}


CREATE = {"admin", "organiser_organizer", "responsible_organizer", "stranger"}
EDIT = {"admin", "organiser_organizer"}
MANAGE = {"admin", "organiser_organizer", "organiser_partner", "organiser_donor"}
REVIEW = {"responsible_organizer", "responsible_partner"}


@pytest.mark.parametrize(
    "name",
    ["anonymous", "admin", "stranger"]
    + [f"{side}_{r.value}" for side in ("organiser", "responsible") for r in ROLES],
)
def test_what_each_may_do(scene, name):
    user, dialogue, outcome = scene["people"][name], scene["dialogue"], scene["outcome"]
    assert permissions.can_create_dialogue(user) is (name in CREATE)
    assert permissions.can_edit_dialogue(user, dialogue) is (name in EDIT)
    assert permissions.can_manage_dialogue(user, dialogue) is (name in MANAGE)
    assert permissions.can_see_venue_coordinates(user, dialogue) is (name in MANAGE)
    assert permissions.can_review_outcome(user, outcome) is (name in REVIEW)
    assert permissions.can_restore_dialogue(user, dialogue) is False  # it is not archived
    dialogue.archived_at = utcnow()
    assert permissions.can_restore_dialogue(user, dialogue) is (
        name in {"admin", "organiser_organizer"}
    )
    assert permissions.can_edit_dialogue(user, dialogue) is False
    assert permissions.can_review_outcome(user, outcome) is False
    assert permissions.can_view_dialogue(user, dialogue) is (name in MANAGE)


def test_without_a_responsible_organisation_nobody_reviews(scene):
    outcome = scene["outcome"]
    outcome.responsible_org = None
    outcome.responsible_org_id = None
    for user in scene["people"].values():
        assert not permissions.can_review_outcome(user, outcome)


def test_a_responsible_organisation_that_may_not_see_the_dialogue_does_not_review(scene):
    scene["dialogue"].visibility = Visibility.INTERNAL
    for role in ROLES:
        assert not permissions.can_review_outcome(
            scene["people"][f"responsible_{role.value}"], scene["outcome"]
        )
