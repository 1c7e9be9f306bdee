"""Edges of the visibility rule that the role-by-visibility table does not reach: a link to one
dialogue opens no other; the clause on its own leaves archived dialogues out; the one-dialogue
loader finds that dialogue, archived ones included for those who manage them, and no other."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from app.auth.models import Role
from app.db import utcnow
from app.dialogues import permissions
from app.dialogues.models import Dialogue, LinkRole, Visibility
from app.dialogues.visibility import get_visible_dialogue, visibility_clause, visible_dialogues
from app.extensions import db


def ids(stmt):
    return sorted(db.session.scalars(stmt.with_only_columns(Dialogue.id)))


def test_a_link_to_one_dialogue_opens_no_other(make):
    organiser = make.organization()
    partner = make.organization()
    shared = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    not_shared = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    donors_only = make.dialogue(organizer=organiser, visibility=Visibility.DONORS)
    make.link(dialogue=shared, organization=partner, role=LinkRole.PARTNER)
    for role in (Role.PARTNER, Role.ORGANIZER):
        user = make.user(role=role, organization=partner)
        assert ids(visible_dialogues(user)) == [shared.id]
        assert permissions.can_view_dialogue(user, shared)
        assert not permissions.can_view_dialogue(user, not_shared)
        assert not permissions.can_view_dialogue(user, donors_only)


def test_the_clause_alone_leaves_archived_dialogues_out(make):
    staff = make.user(role=Role.ORGANIZER)
    live = make.dialogue(organizer=staff.organization)
    archived = make.dialogue(organizer=staff.organization, archived_at=utcnow())
    listed = db.session.scalars(sa.select(Dialogue.id).where(visibility_clause(staff))).all()
    assert listed == [live.id]
    with_archived = sa.select(Dialogue.id).where(visibility_clause(staff, include_archived=True))
    assert sorted(db.session.scalars(with_archived)) == sorted([live.id, archived.id])


def test_one_dialogue_is_found_by_its_id_and_no_other(make):
    staff = make.user(role=Role.ORGANIZER)
    first = make.dialogue(organizer=staff.organization)
    second = make.dialogue(organizer=staff.organization)
    assert get_visible_dialogue(staff, first.id) is first
    assert get_visible_dialogue(staff, second.id) is second
    assert get_visible_dialogue(staff, second.id + 1000) is None


def test_an_archived_dialogue_is_found_only_by_those_who_manage_it(make):
    staff = make.user(role=Role.ORGANIZER)
    archived = make.dialogue(organizer=staff.organization, archived_at=utcnow())
    assert get_visible_dialogue(staff, archived.id) is archived
    assert get_visible_dialogue(make.user(admin=True), archived.id) is archived
    assert get_visible_dialogue(make.user(role=Role.ORGANIZER), archived.id) is None
    assert get_visible_dialogue(AnonymousUserMixin(), archived.id) is None
    assert get_visible_dialogue(None, archived.id) is None


def test_a_missing_viewer_sees_what_the_public_sees(make):
    public = make.dialogue(visibility=Visibility.PUBLIC)
    make.dialogue(visibility=Visibility.DONORS)
    assert ids(visible_dialogues(None)) == ids(visible_dialogues(AnonymousUserMixin()))
    assert ids(visible_dialogues(None)) == [public.id]
