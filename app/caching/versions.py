"""The data version: one counter, bumped in the same transaction as every write that can change a
figure on the map or the dashboards, so that a cached figure is never served for data that
changed since.

The bump is a SQLAlchemy session hook, not a call in each service: a flush that inserts, updates
or deletes a row of any table but the few that no figure reads (users, audit events,
notifications, API tokens), or an ORM bulk UPDATE/DELETE/INSERT on such a table, marks the
transaction; just before it commits, one upsert adds 1 to the counter. The upsert is the
transaction's last statement, so its row lock is held only for the commit itself and nothing
waits on it while holding another lock (no deadlock with the dialogue row lock of the editing
code).

The counter lives in the database rather than in Redis: it commits or rolls back with the data
it describes, every app server reads the same one, and a reader sees the version and the data of
one snapshot (REPEATABLE READ on PostgreSQL, app.caching.snapshot). Its first value is random, so
a table emptied and started again (the tests do) does not meet its old keys in the cache.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from app.db import Base

# Tables that no map or dashboard figure reads: writing them does not bump the version.
UNCOUNTED_TABLES = frozenset(
    {"users", "audit_events", "notifications", "api_tokens", "data_versions"}
)
_MARK = "hiwar_data_changed"
ROW_ID = 1


class DataVersion(Base):
    """One row (id 1): the version of the data the figures are computed from."""

    __tablename__ = "data_versions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    version: so.Mapped[int] = so.mapped_column(sa.BigInteger)


def first_version() -> int:
    return secrets.randbelow(2**52) + 1


def current_version(session: so.Session) -> int | None:
    """The committed version as this transaction sees it; None when there is no row yet."""
    return session.scalar(sa.select(DataVersion.version).where(DataVersion.id == ROW_ID))


def _upsert(dialect_name: str) -> sa.Insert:
    module = postgresql if dialect_name == "postgresql" else sqlite
    stmt = module.insert(DataVersion).values(id=ROW_ID, version=first_version())
    return stmt.on_conflict_do_update(
        index_elements=[DataVersion.id], set_={"version": DataVersion.version + 1}
    )


def bump(session: so.Session) -> None:
    """Add 1 to the version inside the session's transaction (or start it at a random value)."""
    session.execute(_upsert(session.get_bind().dialect.name))


def _counted(table: sa.Table | None) -> bool:
    return table is None or table.name not in UNCOUNTED_TABLES


def _mark(session: so.Session) -> None:
    # Marked on the root transaction object: a mark left by a rolled-back transaction is ignored.
    session.info[_MARK] = session.get_transaction()


def _after_flush(session: so.Session, flush_context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(sa.inspect(instance).mapper, "local_table", None)
        if _counted(table) and (instance not in session.dirty or session.is_modified(instance)):
            _mark(session)
            return


def _after_bulk(state: so.ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if isinstance(table, sa.Table) and _counted(table):
        _mark(state.session)


def _before_commit(session: so.Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the root transaction bumps when it commits
    session.flush()  # the last flush may mark the transaction
    root = session.get_transaction()
    if root is not None and session.info.get(_MARK) is root:
        del session.info[_MARK]
        bump(session)


def install(session_class) -> None:
    """Listen on every session made by `session_class` (the Flask-SQLAlchemy session)."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _after_bulk),
        ("before_commit", _before_commit),
    ):
        if not sa.event.contains(session_class, name, listener):  # one app or several
            sa.event.listen(session_class, name, listener)
