"""Database snapshots: SQLite through its online backup API, PostgreSQL through pg_dump.

Both give a consistent snapshot while the app keeps writing: SQLite's backup API copies the pages
of one read transaction (and starts again if another connection writes meanwhile), and pg_dump
reads everything in one repeatable-read transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.backup.archive import BackupError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
SNAPSHOT_NAMES = {SQLITE: "hiwar.sqlite3", POSTGRESQL: "hiwar.pgdump"}
ALEMBIC_TABLE = "alembic_version"
# Where Debian and Ubuntu keep the client programs when no pg_dump is on the PATH.
_PG_BIN_FOLDERS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


@dataclass(frozen=True)
class Target:
    """The configured database, as the backup needs it (never printed: the URL holds secrets)."""

    url: sa.URL

    @property
    def kind(self) -> str:
        backend = self.url.get_backend_name()
        if backend not in SNAPSHOT_NAMES:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {backend}.")
        return backend

    @property
    def sqlite_path(self) -> Path:
        database = self.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            raise BackupError("Backups need an SQLite database in a file.")
        return Path(database)

    @property
    def description(self) -> str:
        """What the operator may see: the file, or the database name and host (no user, no
        password)."""
        if self.kind == SQLITE:
            return f"SQLite database {self.sqlite_path}"
        return f"PostgreSQL database {self.url.database} on {self.url.host or 'the local socket'}"

    def hide_secrets(self, text: str) -> str:
        """Remove the password from a message, e.g. an error that quotes the connection string."""
        password = self.url.password
        return text.replace(str(password), "***") if password else text

    def libpq(self) -> tuple[str, dict[str, str]]:
        """The URL for pg_dump and pg_restore, and their environment.

        libpq knows neither SQLAlchemy's `postgresql+psycopg://` scheme nor driver options, so
        the driver goes. The password goes too: on a command line every user of the server sees
        it in `ps`; PGPASSWORD is visible to the same user only. (A ~/.pgpass still works.)
        """
        url = sa.URL.create(  # URL.set(password=None) would keep the password
            "postgresql",
            username=self.url.username,
            host=self.url.host,
            port=self.url.port,
            database=self.url.database,
            query=self.url.query,
        )
        environment = dict(os.environ)
        if self.url.password is not None:
            environment["PGPASSWORD"] = str(self.url.password)
        return url.render_as_string(hide_password=False), environment


def is_empty(target: Target, engine: sa.Engine) -> bool:
    """No tables at all, or Alembic's table only (`flask db` may have created it)."""
    if target.kind == SQLITE and not target.sqlite_path.exists():
        return True  # and inspecting it would create the file
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
    return tables <= {ALEMBIC_TABLE}


def alembic_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table(ALEMBIC_TABLE):
            return None
        alembic = sa.table(ALEMBIC_TABLE, sa.column("version_num"))
        revisions = connection.execute(sa.select(alembic.c.version_num))
        return ",".join(sorted(revisions.scalars())) or None


def snapshot(target: Target, into: Path) -> None:
    if target.kind == SQLITE:
        _sqlite_snapshot(target.sqlite_path, into)
    else:
        _run_pg(
            target,
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-password", f"--file={into}"],
        )


def restore(target: Target, engine: sa.Engine, snapshot_file: Path) -> None:
    """Bring the snapshot into the configured, empty database."""
    engine.dispose()  # no pooled connection may keep the old (empty) file or schema open
    if target.kind == SQLITE:
        _sqlite_restore(snapshot_file, target.sqlite_path)
        return
    with engine.begin() as connection:
        # The snapshot brings its own Alembic table; an empty one here would clash with it.
        connection.execute(sa.text(f"DROP TABLE IF EXISTS {ALEMBIC_TABLE}"))
    engine.dispose()
    contents = snapshot_file.with_name("contents.list")
    contents.write_text(_restorable_contents(snapshot_file))
    # One transaction: if any statement fails, the database is left as it was (empty).
    _run_pg(
        target,
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",  # the roles of the old server need not exist on the new one
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--use-list={contents}",
            str(snapshot_file),
        ],
    )


def _restorable_contents(snapshot_file: Path) -> str:
    """The dump's table of contents without `COMMENT ON EXTENSION`: only the extension's owner
    may set that comment, so a database owner restoring without superuser rights (pg_trgm is a
    trusted extension, which they may create) would otherwise fail on a line nobody needs."""
    listing = subprocess.run(  # noqa: S603 - fixed program, no shell, our own arguments
        [pg_program("pg_restore"), "--list", str(snapshot_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise BackupError(f"pg_restore cannot read the snapshot: {listing.stderr.strip()}")
    return "".join(
        line
        for line in listing.stdout.splitlines(keepends=True)
        if " COMMENT - EXTENSION " not in line
    )


def _sqlite_snapshot(source: Path, into: Path) -> None:
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    _sqlite_copy(source, into)
    into.chmod(0o600)


def _sqlite_restore(snapshot_file: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_copy(snapshot_file, target)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy every page with the backup API; the source is opened read-only, so that a wrong path
    can never create or change a database. (sqlite3's own `with` commits but does not close.)"""
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    with closing(reader) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def pg_program(name: str) -> str:
    found = shutil.which(name) or next(
        (str(folder / name) for folder in _PG_BIN_FOLDERS if (folder / name).is_file()), None
    )
    if found is None:
        raise BackupError(
            f"{name} is not installed; install the PostgreSQL client programs "
            "(Debian: apt install postgresql-client) of the server's major version or newer."
        )
    return found


def _run_pg(target: Target, program: str, options: list[str]) -> None:
    conninfo, environment = target.libpq()
    command = [pg_program(program), *options, f"--dbname={conninfo}"]
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, no shell, our own arguments
            command, env=environment, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{program} could not be started: {error}") from error
    if result.returncode != 0:
        message = target.hide_secrets(result.stderr.strip() or f"exit code {result.returncode}")
        raise BackupError(f"{program} failed: {message}")
