"""`flask backup` and `flask restore`: the round trip brings back every row and every file; a
damaged archive, a non-empty target or another database kind are refused and change nothing."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import stat
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.backup.database import Target
from tests.backup.conftest import (
    PG_TOOLS,
    Site,
    app_for,
    empty_database,
    folder_files,
    kind_of,
    table_rows,
)

PASSWORD = "Pa55-SECRET-w0rd"  # noqa: S105 - the test checks it is never printed


def back_up(source: Site, path: Path) -> Path:
    result = source.invoke("backup", "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


def rewrite(archive: Path, change) -> Path:
    """A copy of the archive whose members (name -> bytes) went through `change`."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(members)
    altered = archive.with_name("altered.tar.gz")
    with tarfile.open(altered, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return altered


def assert_refused(result, message: str) -> None:
    """Exit code 1 and the message, without a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in result.output
    assert "Traceback" not in result.output


def assert_untouched(target: Site) -> None:
    """The refused restore created no table and no file."""
    with target.engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []
    assert not target.upload_folder.exists() or folder_files(target.upload_folder) == {}


@pytest.mark.parametrize("source", ["sqlite", "postgresql"], indirect=True)
def test_round_trip_brings_back_every_table_and_file(source, records, target, tmp_path):
    archive = back_up(source, tmp_path / "hiwar.tar.gz")

    result = target.invoke("restore", str(archive))

    assert result.exit_code == 0, result.output
    assert "Restored the backup of" in result.output
    expected, restored = table_rows(source.engine), table_rows(target.engine)
    for name in ("dialogues", "axes", "outcome_updates", "photos", "users", "audit_events"):
        assert expected[name], f"the test data should fill {name}"
    for name, rows in expected.items():
        assert restored[name] == rows, name
    files = folder_files(source.upload_folder)
    assert len([name for name in files if name.startswith("photos/")]) >= 6
    assert folder_files(target.upload_folder) == files
    assert_search_index_restored(source, target)


def assert_search_index_restored(source: Site, target: Site) -> None:
    """The search index lives outside the metadata (FTS5 table and triggers; a pg_trgm index)."""
    with source.engine.connect() as original, target.engine.connect() as restored:
        if restored.dialect.name == "sqlite":
            schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
            objects = original.exec_driver_sql(schema).all()
            assert {"dialogue_search", "dialogues_search_insert"} <= {row.name for row in objects}
            assert restored.exec_driver_sql(schema).all() == objects
        else:
            indexes = {i["name"] for i in sa.inspect(restored).get_indexes("dialogues")}
            assert "ix_dialogues_search_text_trgm" in indexes


def test_backup_writes_a_private_archive_with_a_manifest(source, records, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    monkeypatch.setitem(source.app.config, "BACKUP_FOLDER", str(folder))

    result = source.invoke("backup")

    assert result.exit_code == 0, result.output
    (archive,) = folder.iterdir()
    assert re.fullmatch(r"hiwar-backup-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert str(archive) in result.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: m for m in tar.getmembers()}
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert all(stat.S_IMODE(m.mode) == 0o600 for m in members.values())
    assert manifest["format"] == "hiwar-backup" and manifest["format_version"] == 1
    assert manifest["database_kind"] == kind_of(source.app)
    assert {"created_at", "alembic_revision", "hiwar_version"} <= set(manifest)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json"}
    assert manifest["database_file"] in listed
    uploads = folder_files(source.upload_folder)
    for name, data in uploads.items():
        assert listed[f"uploads/{name}"]["size"] == len(data)
    assert f"uploaded files: {len(uploads)}" in result.output


def _change_a_photo(members):
    name = next(n for n in members if n.startswith("uploads/"))
    data = bytearray(members[name])
    data[len(data) // 2] ^= 0xFF
    members[name] = bytes(data)


def _add_a_file(members):
    members["uploads/photos/planted.jpg"] = b"not in the manifest"


def _drop_a_file(members):
    del members[next(n for n in members if n.startswith("uploads/"))]


def _escape_the_folder(members):
    manifest = json.loads(members["manifest.json"])
    manifest["files"].append({"path": "uploads/../../evil", "size": 1, "sha256": "0" * 64})
    members["manifest.json"] = json.dumps(manifest).encode()
    members["uploads/../../evil"] = b"x"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_change_a_photo, "does not match its checksum"),
        (_add_a_file, "which its manifest does not list"),
        (_drop_a_file, "lacks 1 file"),
        (_escape_the_folder, "unsafe name"),
        ("truncate", "truncated"),
    ],
)
def test_damaged_archive_is_refused_and_changes_nothing(
    source, records, target, tmp_path, damage, message
):
    archive = back_up(source, tmp_path / "hiwar.tar.gz")
    if damage == "truncate":
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        archive = rewrite(archive, damage)

    result = target.invoke("restore", str(archive))

    assert_refused(result, message)
    assert_untouched(target)


def test_restore_refuses_a_database_that_is_not_empty(source, records, tmp_path):
    archive = back_up(source, tmp_path / "hiwar.tar.gz")
    before = table_rows(source.engine)

    result = source.invoke("restore", str(archive))

    assert_refused(result, "is not empty")
    assert "Nothing was changed" in result.output
    assert table_rows(source.engine) == before


def test_restore_accepts_a_database_holding_only_alembics_table(source, records, target, tmp_path):
    """`flask db` may have created its (empty) table on the new server before the restore."""
    with target.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
        )
    archive = back_up(source, tmp_path / "hiwar.tar.gz")

    result = target.invoke("restore", str(archive))

    assert result.exit_code == 0, result.output
    assert table_rows(target.engine) == table_rows(source.engine)


def test_restore_refuses_an_upload_folder_that_is_not_empty(source, records, target, tmp_path):
    archive = back_up(source, tmp_path / "hiwar.tar.gz")
    (target.upload_folder / "photos").mkdir(parents=True)
    (target.upload_folder / "photos" / "left-over.jpg").write_bytes(b"x")

    result = target.invoke("restore", str(archive))

    assert_refused(result, f"upload folder {target.upload_folder} is not empty")
    with target.engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []


def test_restore_refuses_a_snapshot_of_another_database_kind(source, records, target, tmp_path):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[kind_of(source.app)]

    def claim_other_kind(members):
        manifest = json.loads(members["manifest.json"])
        manifest["database_kind"] = other
        members["manifest.json"] = json.dumps(manifest).encode()

    archive = rewrite(back_up(source, tmp_path / "hiwar.tar.gz"), claim_other_kind)

    result = target.invoke("restore", str(archive))

    assert_refused(result, f"holds a {'PostgreSQL' if other == 'postgresql' else 'SQLite'}")
    assert_untouched(target)


def test_restore_of_something_else_says_so(target, tmp_path):
    not_a_backup = tmp_path / "photo.tar.gz"
    not_a_backup.write_bytes(b"\x89PNG not a gzip")

    result = target.invoke("restore", str(not_a_backup))

    assert_refused(result, "cannot be read")
    assert_refused(target.invoke("restore", str(tmp_path / "missing.tar.gz")), "is not a file")


def test_backup_into_the_upload_folder_leaves_earlier_backups_out(source, tmp_path, monkeypatch):
    monkeypatch.setitem(source.app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    (tmp_path / "uploads" / "photos").mkdir(parents=True)
    (tmp_path / "uploads" / "photos" / "a.jpg").write_bytes(b"a photo")
    back_up(source, tmp_path / "uploads" / "backups" / "first.tar.gz")

    back_up(source, tmp_path / "uploads" / "backups" / "second.tar.gz")

    with tarfile.open(tmp_path / "uploads" / "backups" / "second.tar.gz", "r:gz") as tar:
        uploads = [name for name in tar.getnames() if name.startswith("uploads/")]
    assert uploads == ["uploads/photos/a.jpg"]


def test_backup_refuses_to_overwrite_an_archive(source, tmp_path):
    existing = tmp_path / "hiwar.tar.gz"
    existing.write_bytes(b"an older backup")

    result = source.invoke("backup", "--output", str(existing))

    assert_refused(result, "already exists")
    assert existing.read_bytes() == b"an older backup"


def test_backup_where_no_folder_can_be_made_says_so(source, tmp_path):
    (tmp_path / "a-file").write_bytes(b"")

    result = source.invoke("backup", "--output", str(tmp_path / "a-file" / "hiwar.tar.gz"))

    assert_refused(result, "could not be written")


def test_sqlite_snapshot_leaves_out_a_write_not_yet_committed(tmp_path):
    """The backup API copies one consistent state while another connection is writing."""
    path = tmp_path / "busy.sqlite3"
    busy_app = app_for(f"sqlite:///{path}", tmp_path / "uploads")
    from app.extensions import db

    with busy_app.app_context():
        db.create_all()
        engine = db.engine
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO organizations (name_en, kind, active, created_at, updated_at) "
        "VALUES ('Half', 'civil_society', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    try:
        result = Site(busy_app, engine).invoke("backup", "--output", str(tmp_path / "b.tar.gz"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        engine.dispose()
    assert result.exit_code == 0, result.output
    with tarfile.open(tmp_path / "b.tar.gz", "r:gz") as tar:
        (tmp_path / "snapshot.sqlite3").write_bytes(
            tar.extractfile("database/hiwar.sqlite3").read()
        )
    with sqlite3.connect(tmp_path / "snapshot.sqlite3") as snapshot:
        assert snapshot.execute("SELECT count(*) FROM organizations").fetchone() == (0,)


def test_libpq_url_leaves_the_driver_and_the_password_out():
    target = Target(
        sa.make_url(f"postgresql+psycopg://hiwar:{PASSWORD}@db.internal:5433/hiwar?sslmode=require")
    )

    url, environment = target.libpq()

    assert url == "postgresql://hiwar@db.internal:5433/hiwar?sslmode=require"
    assert environment["PGPASSWORD"] == PASSWORD
    assert PASSWORD not in target.description
    assert target.hide_secrets(f"failed for {PASSWORD}") == "failed for ***"


@pytest.mark.skipif(not PG_TOOLS, reason="pg_dump and pg_restore are not installed")
def test_a_failing_backup_prints_no_password(tmp_path):
    unreachable = f"postgresql+psycopg://hiwar:{PASSWORD}@127.0.0.1:1/hiwar_backup_nowhere"
    site = Site(app_for(unreachable, tmp_path / "uploads"), None)

    result = site.invoke("backup", "--output", str(tmp_path / "b.tar.gz"))

    assert_refused(result, "pg_dump failed")
    assert PASSWORD not in result.output
    assert not (tmp_path / "b.tar.gz").exists()


@pytest.mark.skipif(not PG_TOOLS, reason="pg_dump and pg_restore are not installed")
def test_a_postgresql_backup_prints_no_password(app, source, records, tmp_path):
    if kind_of(app) != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL to point at PostgreSQL")
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(password=PASSWORD)
    with_password = app_for(url.render_as_string(hide_password=False), source.upload_folder)
    # The server trusts local connections, so the password is sent and ignored.
    backup = Site(with_password, None).invoke("backup", "--output", str(tmp_path / "b.tar.gz"))
    assert backup.exit_code == 0, backup.output
    assert PASSWORD not in backup.output

    with empty_database("postgresql", tmp_path) as target_url:
        unreachable = sa.make_url(target_url).set(password=PASSWORD, port=1)
        site = Site(
            app_for(unreachable.render_as_string(hide_password=False), tmp_path / "u"), None
        )
        result = site.invoke("restore", str(tmp_path / "b.tar.gz"))
    assert_refused(result, "Cannot open the PostgreSQL database")
    assert PASSWORD not in result.output
