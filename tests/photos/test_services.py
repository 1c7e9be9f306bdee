"""store_photo and delete_photo: rows, audit events, and files that live exactly as long as rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.audit.models import AuditEvent
from app.dialogues.models import Photo
from app.photos import services, storage
from app.photos.services import PhotoError, delete_photo, store_photo
from tests.photos import images


def audit_events(db, action):
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_stored_photo_has_its_row_files_and_audit_event(db, make, photo_folder):
    dialogue, user = make.dialogue(), make.user()
    photo = store_photo(images.png(), dialogue=dialogue, caption=" The hall ", user=user)
    assert photo.id is not None and photo in dialogue.photos
    assert (photo.mime_type, photo.width, photo.height) == ("image/png", 200, 100)
    assert photo.caption == "The hall" and photo.uploaded_by_id == user.id
    assert (photo_folder / photo.stored_name).is_file()
    assert (photo_folder / photo.thumbnail_name).is_file()
    [event] = audit_events(db, "upload")
    assert (event.entity_type, event.entity_id, event.user_id) == ("photos", photo.id, user.id)
    assert event.organization_id == user.organization_id
    assert event.changes["dialogue_id"] == dialogue.id
    assert event.changes["mime_type"] == "image/png"


def test_store_photo_flushes_but_leaves_the_commit_to_the_caller(db, make):
    store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    assert db.session().in_transaction()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0


def test_an_evidence_photo_belongs_to_its_outcome_update(db, make, progress_report):
    update = progress_report()
    photo = store_photo(images.webp(), outcome_update=update, user=update.author)
    assert photo.outcome_update_id == update.id and photo.dialogue_id is None
    assert update.photos == [photo]
    [event] = audit_events(db, "upload")
    assert event.changes["outcome_update_id"] == update.id


@pytest.mark.parametrize("owners", ["none", "both"])
def test_a_photo_needs_exactly_one_owner(make, progress_report, nothing_stored, owners):
    dialogue = make.dialogue()
    extra = {"outcome_update": progress_report(dialogue)} if owners == "both" else {}
    with pytest.raises(ValueError, match="a dialogue, to an outcome update, or is pending"):
        store_photo(
            images.jpeg(),
            dialogue=dialogue if owners == "both" else None,
            user=make.user(),
            **extra,
        )
    nothing_stored()


def test_captions_lose_bidi_controls_and_blanks(make):
    photo = store_photo(
        images.jpeg(), dialogue=make.dialogue(), caption="\u202eقاعة\u202c  ", user=make.user()
    )
    assert photo.caption == "قاعة"
    blank = store_photo(images.jpeg(), dialogue=make.dialogue(), caption="  ", user=make.user())
    assert blank.caption is None


def test_a_caption_over_500_characters_is_refused(make, nothing_stored):
    with pytest.raises(PhotoError) as refusal:
        store_photo(images.jpeg(), dialogue=make.dialogue(), caption="x" * 501, user=make.user())
    with force_locale("en"):
        assert "at most 500 characters" in str(refusal.value)
    nothing_stored()


def test_a_rolled_back_upload_leaves_no_file(db, make, stored_files):
    before = stored_files()
    store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    assert len(stored_files() - before) == 2
    db.session.rollback()
    assert stored_files() == before


def test_an_upload_the_request_never_commits_leaves_no_file(db, make, stored_files):
    before = stored_files()
    store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    db.session.close()  # what the end of a request does to a session nobody committed
    assert stored_files() == before


def test_a_committed_upload_keeps_its_files(db, make, stored_files):
    before = stored_files()
    photo = store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    names = {photo.stored_name, photo.thumbnail_name}
    db.session.commit()
    db.session.close()
    assert {path.name for path in stored_files() - before} == names


def test_a_failure_after_the_first_file_removes_it_at_once(
    make, monkeypatch, nothing_stored, stored_files
):
    real_write = storage.write_new_file
    calls = []

    def write_then_fail(session, name, data):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_write(session, name, data)

    monkeypatch.setattr(storage, "write_new_file", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    nothing_stored()


def test_a_database_failure_removes_both_files_at_once(db, make, monkeypatch, stored_files):
    before = stored_files()

    def broken_record(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    assert stored_files() == before  # before any rollback
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0


def test_deleting_a_photo_removes_its_files_when_the_deletion_commits(db, make, stored_files):
    user = make.user()
    photo = store_photo(images.jpeg(), dialogue=make.dialogue(), user=user)
    db.session.commit()
    files = stored_files()
    photo_id = photo.id
    delete_photo(photo, user=user)
    assert stored_files() == files  # not yet: the caller may still roll back
    db.session.commit()
    assert {path.name for path in files - stored_files()} == {
        photo.stored_name,
        photo.thumbnail_name,
    }
    assert db.session.get(Photo, photo_id) is None
    [event] = audit_events(db, "delete")
    assert (event.entity_type, event.entity_id, event.user_id) == ("photos", photo_id, user.id)


def test_a_rolled_back_deletion_keeps_the_photo_and_its_files(db, make, stored_files):
    user = make.user()
    photo = store_photo(images.jpeg(), dialogue=make.dialogue(), user=user)
    db.session.commit()
    files = stored_files()
    delete_photo(photo, user)
    db.session.rollback()
    assert stored_files() == files
    assert db.session.get(Photo, photo.id) is not None


def test_deleting_the_dialogue_removes_its_photo_files(db, make, stored_files):
    dialogue = make.dialogue()
    store_photo(images.jpeg(), dialogue=dialogue, user=make.user())
    db.session.commit()
    files = stored_files()
    db.session.delete(dialogue)
    db.session.commit()
    assert len(files - stored_files()) == 2


def test_a_savepoint_does_not_count_as_the_commit(db, make, stored_files):
    before = stored_files()
    with db.session.begin_nested():
        store_photo(images.jpeg(), dialogue=make.dialogue(), user=make.user())
    assert len(stored_files() - before) == 2  # the savepoint was released: still pending
    db.session.rollback()
    assert stored_files() == before


def test_a_file_that_fails_halfway_through_writing_is_removed(db, stored_files):
    before = stored_files()
    with pytest.raises(TypeError):
        storage.write_new_file(db.session(), storage.random_name("jpg"), "not bytes")
    assert stored_files() == before
