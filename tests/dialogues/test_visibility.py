"""The one visibility rule, for every role against every visibility: the SQL query and the
Python permission checks must agree with the table below and with each other."""

import pytest
from flask_login import AnonymousUserMixin

from app.auth.models import Role
from app.db import utcnow
from app.dialogues import permissions
from app.dialogues.models import LinkRole, Visibility
from app.dialogues.visibility import visible_dialogues

VIEWERS = [
    "anonymous",
    "organizer_same_org",
    "organizer_other_org",
    "partner_linked",
    "partner_unlinked",
    "donor",
    "donor_linked",
    "admin",
]

# viewer -> the visibilities whose (live) dialogues that viewer sees
EXPECTED = {
    "anonymous": {"public"},
    "organizer_same_org": {"public", "donors", "partners", "internal"},
    "organizer_other_org": {"public"},
    "partner_linked": {"public", "donors", "partners"},
    "partner_unlinked": {"public"},
    "donor": {"public", "donors"},
    "donor_linked": {"public", "donors", "partners"},
    "admin": {"public", "donors", "partners", "internal"},
}


@pytest.fixture
def world(make):
    organiser = make.organization(name_en="Dialogue Centre")
    partner_org = make.organization(name_en="Linked partner")
    funder_org = make.organization(name_en="Linked funder")
    city = make.city()
    dialogues = {}
    for visibility in Visibility:
        dialogue = make.dialogue(organizer=organiser, city=city, visibility=visibility)
        make.link(dialogue=dialogue, organization=partner_org, role=LinkRole.PARTNER)
        make.link(dialogue=dialogue, organization=funder_org, role=LinkRole.FUNDER)
        dialogues[visibility.value] = dialogue
    viewers = {
        "anonymous": AnonymousUserMixin(),
        "organizer_same_org": make.user(role=Role.ORGANIZER, organization=organiser),
        "organizer_other_org": make.user(role=Role.ORGANIZER),
        "partner_linked": make.user(role=Role.PARTNER, organization=partner_org),
        "partner_unlinked": make.user(role=Role.PARTNER),
        "donor": make.user(role=Role.DONOR),
        "donor_linked": make.user(role=Role.DONOR, organization=funder_org),
        "admin": make.user(admin=True),
    }
    return dialogues, viewers


def visible_visibilities(db, user):
    return {d.visibility.value for d in db.session.scalars(visible_dialogues(user))}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_visibility_query_matches_the_table(db, world, viewer):
    _, viewers = world
    assert visible_visibilities(db, viewers[viewer]) == EXPECTED[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", [v.value for v in Visibility])
def test_permission_check_agrees_with_the_query(world, viewer, visibility):
    dialogues, viewers = world
    expected = visibility in EXPECTED[viewer]
    assert permissions.can_view_dialogue(viewers[viewer], dialogues[visibility]) is expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_archived_dialogues_leave_every_list(db, world, viewer):
    dialogues, viewers = world
    for dialogue in dialogues.values():
        dialogue.archived_at = utcnow()
    db.session.flush()
    assert visible_visibilities(db, viewers[viewer]) == set()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_organiser_and_admin_can_still_open_an_archived_dialogue(db, world, viewer):
    dialogues, viewers = world
    dialogue = dialogues["public"]
    dialogue.archived_at = utcnow()
    db.session.flush()
    user = viewers[viewer]
    may_open = viewer in {"organizer_same_org", "admin"}
    found = db.session.scalars(visible_dialogues(user, include_archived=True)).all()
    assert (dialogue in found) is may_open
    assert permissions.can_view_dialogue(user, dialogue) is may_open


@pytest.mark.parametrize(
    ("viewer", "may_edit"),
    [
        ("anonymous", False),
        ("organizer_same_org", True),
        ("organizer_other_org", False),
        ("partner_linked", False),
        ("partner_unlinked", False),
        ("donor", False),
        ("donor_linked", False),
        ("admin", True),
    ],
)
def test_only_the_organisers_organizers_and_admins_edit(world, viewer, may_edit):
    dialogues, viewers = world
    for dialogue in dialogues.values():
        assert permissions.can_edit_dialogue(viewers[viewer], dialogue) is may_edit


@pytest.mark.parametrize("viewer", VIEWERS)
def test_statement_without_consent_stays_with_the_organiser(make, world, viewer):
    dialogues, viewers = world
    dialogue = dialogues["public"]
    quiet = make.statement(dialogue=dialogue, consent_to_publish=False)
    consented = make.statement(dialogue=dialogue, consent_to_publish=True)
    shown = permissions.visible_statements(viewers[viewer], dialogue)
    assert consented in shown
    assert (quiet in shown) is (viewer in {"organizer_same_org", "admin"})


class TestOutcomePermissions:
    @pytest.fixture
    def outcome(self, make, world):
        dialogues, viewers = world
        partner_org = viewers["partner_linked"].organization
        return make.outcome(dialogue=dialogues["partners"], responsible_org=partner_org)

    @pytest.mark.parametrize("viewer", VIEWERS)
    def test_only_the_responsible_organisation_reviews(self, world, outcome, viewer):
        _, viewers = world
        assert permissions.can_review_outcome(viewers[viewer], outcome) is (
            viewer == "partner_linked"
        )

    @pytest.mark.parametrize("viewer", VIEWERS)
    def test_only_the_organisers_staff_verify(self, world, outcome, viewer):
        _, viewers = world
        assert permissions.can_verify_outcome(viewers[viewer], outcome) is (
            viewer == "organizer_same_org"
        )

    def test_nobody_verifies_a_self_reported_outcome(self, make, world):
        dialogues, viewers = world
        organiser_staff = viewers["organizer_same_org"]
        outcome = make.outcome(
            dialogue=dialogues["internal"], responsible_org=organiser_staff.organization
        )
        assert permissions.is_self_reported(outcome)
        assert permissions.can_review_outcome(organiser_staff, outcome)
        assert not permissions.can_verify_outcome(organiser_staff, outcome)
