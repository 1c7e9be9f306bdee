"""Who hears about what: notify() per kind, and the unread counts."""

import pytest

from app.db import utcnow
from app.dialogues.models import Visibility
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.notifications.services import (
    mark_all_read,
    notify,
    unread_count,
    visible_unread_count,
)


def recipients(kind, scene, actor=None):
    return {n.user_id for n in notify(kind, scene.outcome, actor=actor)}


def ids(users):
    return {user.id for user in users}


@pytest.mark.parametrize("kind", [NotificationKind.ASSIGNMENT, NotificationKind.VERIFICATION])
def test_assignments_and_verifications_go_to_the_responsible_organisations_staff(scene, kind):
    actor = scene.organiser_staff[0]
    assert recipients(kind, scene, actor=actor) == ids(scene.partner_staff)


@pytest.mark.parametrize("kind", [NotificationKind.ANSWER, NotificationKind.PROGRESS])
def test_answers_and_progress_go_to_the_organisers_staff(scene, kind):
    actor = scene.partner_staff[0]
    assert recipients(kind, scene, actor=actor) == ids(scene.organiser_staff)


def test_comments_go_to_both_sides_but_never_to_the_actor(scene):
    actor = scene.partner_staff[0]
    expected = ids(scene.organiser_staff) | {scene.partner_staff[1].id}
    assert recipients(NotificationKind.COMMENT, scene, actor=actor) == expected


@pytest.mark.parametrize("kind", list(NotificationKind))
def test_inactive_users_and_outsiders_never_hear(scene, kind):
    heard = recipients(kind, scene)
    for user in (scene.organiser_inactive, scene.partner_inactive, scene.outsider, scene.admin):
        assert user.id not in heard


def test_an_outcome_without_responsible_organisation_notifies_nobody_on_assignment(scene):
    scene.outcome.responsible_org = None
    db.session.flush()
    assert notify(NotificationKind.ASSIGNMENT, scene.outcome) == []


def test_notify_records_the_actor_and_the_update_and_leaves_rows_unread(scene):
    actor = scene.organiser_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome, actor=actor)
    db.session.commit()
    rows = db.session.scalars(db.select(Notification)).all()
    assert {row.actor_id for row in rows} == {actor.id}
    assert all(row.read_at is None and row.emailed_at is None for row in rows)
    assert {row.outcome_id for row in rows} == {scene.outcome.id}


def test_counts_are_per_user_and_drop_when_read(scene):
    reader, other = scene.partner_staff
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    notify(NotificationKind.VERIFICATION, scene.outcome)
    db.session.commit()
    assert unread_count(reader) == visible_unread_count(reader) == 2
    assert unread_count(scene.organiser_staff[0]) == 0
    assert mark_all_read(reader) == 2
    db.session.commit()
    assert visible_unread_count(reader) == 0
    assert visible_unread_count(other) == 2


def test_the_visible_count_leaves_out_dialogues_the_user_can_no_longer_see(scene):
    reader = scene.partner_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    db.session.commit()
    assert visible_unread_count(reader) == 1
    scene.dialogue.visibility = Visibility.INTERNAL
    db.session.commit()
    assert visible_unread_count(reader) == 0
    assert visible_unread_count(scene.organiser_staff[0]) == 0  # nothing was addressed to them


def test_archived_dialogues_leave_the_count(scene):
    reader = scene.partner_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    scene.dialogue.archived_at = utcnow()
    db.session.commit()
    assert visible_unread_count(reader) == 0
