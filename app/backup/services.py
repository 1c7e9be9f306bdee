"""Writing a backup archive and restoring one. Both work on the configured database and
UPLOAD_FOLDER of the app they are given; refusals raise BackupError before anything changes."""

from __future__ import annotations

import logging
import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from flask import Flask

from app.backup import database
from app.backup.archive import (
    DATABASE_FOLDER,
    FILE_MODE,
    FOLDER_MODE,
    UPLOADS_FOLDER,
    ArchiveWriter,
    BackupError,
    Manifest,
    copy_tree,
    read_manifest,
    uploaded_files,
    verify_and_extract,
)
from app.extensions import db

log = logging.getLogger("hiwar.backup")


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: Manifest
    database: str  # the operator-facing description, without secrets

    @property
    def archive_size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    database: str
    upload_folder: Path


def default_archive_path(app: Flask, now: datetime) -> Path:
    return Path(app.config["BACKUP_FOLDER"]) / f"hiwar-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(app: Flask, output: Path | None = None) -> BackupReport:
    """Snapshot the database, then archive every uploaded file, then the manifest.

    The database goes first: a photo added afterwards only adds a file no row mentions, whereas
    files taken first could miss a photo whose row the snapshot then holds.
    """
    target = _configured_database()
    now = datetime.now(UTC).replace(microsecond=0)
    path = Path(output) if output else default_archive_path(app, now)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another --output.")
    _make_private_folder(path.parent)
    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    # Written under a temporary name and renamed when complete, so that a backup cut short
    # (disk full, interrupted) never leaves a file that looks like a finished archive.
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(prefix="hiwar-backup-") as work:
        snapshot = Path(work) / database.SNAPSHOT_NAMES[target.kind]
        database.snapshot(target, snapshot)
        manifest = Manifest(
            created_at=now.isoformat(),
            database_kind=target.kind,
            database_file=f"{DATABASE_FOLDER}/{snapshot.name}",
            alembic_revision=database.alembic_revision(db.engine),
            hiwar_version=_hiwar_version(),
        )
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError as error:
            raise BackupError(
                f"{partial} exists: another backup is writing {path.name}, or one was "
                "interrupted (then remove that file)."
            ) from error
        try:
            with (
                os.fdopen(descriptor, "wb") as file,
                tarfile.open(fileobj=file, mode="w:gz") as tar,
            ):
                writer = ArchiveWriter(tar)
                writer.add_file(manifest.database_file, snapshot)
                for name, upload in uploaded_files(upload_folder, leaving_out=path.parent):
                    writer.add_file(name, upload)
                manifest.files = writer.entries
                writer.add_manifest(manifest)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    log.info("backup written: %s (%d files)", path, len(manifest.files))
    return BackupReport(path, manifest, target.description)


def restore_backup(app: Flask, archive: Path) -> RestoreReport:
    """Check the archive and the targets, then restore the database, then the files."""
    target = _configured_database()
    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    manifest = read_manifest(archive)
    if manifest.database_kind != target.kind:
        raise BackupError(
            f"This backup holds a {_kind_name(manifest.database_kind)} database and the configured "
            f"database is {_kind_name(target.kind)}: restore it into a "
            f"{_kind_name(manifest.database_kind)} database (set DATABASE_URL)."
        )
    with tempfile.TemporaryDirectory(prefix="hiwar-restore-") as work:
        os.chmod(work, FOLDER_MODE)
        extracted = verify_and_extract(archive, manifest, Path(work))
        _check_targets_are_empty(target, upload_folder)
        database.restore(target, db.engine, extracted.database_path)
        uploads = extracted.folder / UPLOADS_FOLDER
        if uploads.is_dir():
            upload_folder.mkdir(parents=True, exist_ok=True)
            copy_tree(uploads, upload_folder)
    log.info("backup of %s restored from %s", manifest.created_at, archive)
    return RestoreReport(manifest, target.description, upload_folder)


def _configured_database() -> database.Target:
    """The engine's URL rather than the setting: Flask-SQLAlchemy reads a relative SQLite path
    (sqlite:///hiwar.sqlite3) as relative to the instance folder, not to where flask runs."""
    return database.Target(db.engine.url)


def _check_targets_are_empty(target: database.Target, upload_folder: Path) -> None:
    try:
        empty = database.is_empty(target, db.engine)
    except Exception as error:  # connecting failed: say why, without the URL's password
        message = target.hide_secrets(str(getattr(error, "orig", None) or error)).strip()
        raise BackupError(f"Cannot open the {target.description}: {message}") from error
    if not empty:
        raise BackupError(
            f"The {target.description} is not empty. Restore only into an empty database: "
            "create a new one (without running `flask db upgrade`) and point DATABASE_URL at it. "
            "Nothing was changed."
        )
    if upload_folder.exists() and any(p.is_file() for p in upload_folder.rglob("*")):
        raise BackupError(
            f"The upload folder {upload_folder} is not empty. Restore only into an empty upload "
            "folder (HIWAR_UPLOAD_FOLDER). Nothing was changed."
        )


def _make_private_folder(folder: Path) -> None:
    """Backups folders are created readable by their owner only; an existing folder is left as
    the operator set it up."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)


def _kind_name(kind: str) -> str:
    return {database.SQLITE: "SQLite", database.POSTGRESQL: "PostgreSQL"}.get(kind, kind)


def _hiwar_version() -> str | None:
    try:
        return metadata.version("hiwar")
    except metadata.PackageNotFoundError:
        return None
