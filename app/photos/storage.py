"""Photo files under UPLOAD_FOLDER, kept in step with the database transaction.

A file written for a new photo is removed again unless the transaction that added its row
commits; the files of a deleted photo are removed only once the deletion commits (however it was
deleted: delete_photo, or a cascade from its dialogue). So a failed or rolled-back request leaves
no file behind, and a committed row always has its files. Rows removed by bulk SQL (not through
the ORM) and savepoints rolled back inside a transaction that commits are not tracked.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from app.dialogues.models import Photo

log = logging.getLogger("hiwar.photos")

SUBFOLDER = "photos"
_WRITTEN = "hiwar.photos.written"  # session.info keys
_TO_REMOVE = "hiwar.photos.to_remove"
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def photo_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def random_name(extension: str) -> str:
    """A name nobody can guess and that owes nothing to the uploaded file's name."""
    return f"{secrets.token_urlsafe(24)}.{extension}"


def write_new_file(session: so.Session, name: str, data: bytes) -> Path:
    """Write a new file (never over an existing one); it lives only if the session commits."""
    path = photo_folder() / name
    descriptor = os.open(path, _CREATE_NEW, 0o640)
    session.info.setdefault(_WRITTEN, []).append(path)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except BaseException:
        discard_new_files(session, [path])
        raise
    return path


def discard_new_files(session: so.Session, paths: Iterable[Path]) -> None:
    """Remove files written in this transaction now, rather than at its end."""
    paths = list(paths)
    written = session.info.get(_WRITTEN, [])
    session.info[_WRITTEN] = [path for path in written if path not in paths]
    _remove(paths)


def remove_after_commit(session: so.Session, names: Iterable[str]) -> None:
    folder = photo_folder()
    session.info.setdefault(_TO_REMOVE, []).extend(folder / name for name in names)


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove photo file %s", path.name, exc_info=True)


@sa.event.listens_for(so.Session, "after_commit")
def _keep_written_remove_deleted(session: so.Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint was released; the real commit is still to come
    session.info.pop(_WRITTEN, None)
    _remove(session.info.pop(_TO_REMOVE, []))


@sa.event.listens_for(so.Session, "after_transaction_end")
def _drop_uncommitted_files(session: so.Session, transaction: so.SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    # After a commit both lists are already empty; anything left was never committed.
    _remove(session.info.pop(_WRITTEN, []))
    session.info.pop(_TO_REMOVE, None)


@sa.event.listens_for(Photo, "after_delete")
def _schedule_file_removal(mapper, connection, photo: Photo) -> None:
    session = so.object_session(photo)
    if session is not None:
        remove_after_commit(session, [photo.stored_name, photo.thumbnail_name])
