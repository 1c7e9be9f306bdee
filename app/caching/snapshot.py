"""One snapshot per page of figures (issue 18): the map's and the dashboards' several GROUP BY
queries, and the data version that keys their cache, read the same committed state, so that a
page computed while others write is internally consistent.

PostgreSQL: the request's transaction starts at REPEATABLE READ (a read-only page cannot fail a
serialisation check). SQLite: the reads run inside one explicit BEGIN, which keeps the database
file's read lock, hence one state, until the request ends (writers wait for it, at most the
page's time, under the busy timeout).
"""

from __future__ import annotations

from flask import Flask, request

from app.extensions import db

# The pages and endpoints whose figures come from several queries.
SNAPSHOT_ENDPOINTS = frozenset(
    {"dashboards.overview", "dashboards.city", "maps.national", "maps.points"}
)


def begin_snapshot() -> None:
    if request.method not in ("GET", "HEAD") or request.endpoint not in SNAPSHOT_ENDPOINTS:
        return
    session = db.session()  # this request's session
    if session.in_transaction():
        return  # something already read in this request: too late to choose the isolation
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    elif dialect == "sqlite":
        session.connection().exec_driver_sql("BEGIN")


def register(app: Flask) -> None:
    app.before_request(begin_snapshot)
