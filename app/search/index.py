"""A substring index over Dialogue.search_text, so that `q` need not read every dialogue.

Search matches normalised substrings (LIKE '%term%'), the same on both databases. Each database
gets an index that answers exactly that question:
- PostgreSQL: a GIN trigram index (pg_trgm) on dialogues.search_text, used by LIKE directly;
- SQLite: an FTS5 table with the trigram tokenizer, kept in step with dialogues by triggers,
  which answers LIKE on its own column; search asks it for the matching rowids.
Neither is part of the SQLAlchemy metadata: they are created after the dialogues table (here,
for create_all) and by a migration, and Alembic is told to leave them alone (`is_search_index`).
Terms shorter than three characters cannot use a trigram index; they still match, by a scan.

Alembic's batch mode on SQLite rebuilds a table to alter it, which drops its triggers: a
migration that alters `dialogues` in batch must call `create_sqlite_index(op.get_bind())` again
(tests/migrations checks that the triggers exist after upgrading).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

log = logging.getLogger(__name__)

SQLITE_TABLE = "dialogue_search"
TRIGRAM = 3
POSTGRES_INDEX = "ix_dialogues_search_text_trgm"
SQLITE_TRIGGERS = ("dialogues_search_insert", "dialogues_search_delete", "dialogues_search_update")

_SQLITE_DDL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(
        search_text, content='dialogues', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS dialogues_search_insert AFTER INSERT ON dialogues BEGIN
        INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS dialogues_search_delete AFTER DELETE ON dialogues BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS dialogues_search_update AFTER UPDATE OF search_text
        ON dialogues BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]


def create_sqlite_index(connection: sa.Connection) -> None:
    for statement in _SQLITE_DDL:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')")


def drop_sqlite_index(connection: sa.Connection) -> None:
    for trigger in SQLITE_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


def create_postgres_index(connection: sa.Connection) -> None:
    """Needs the pg_trgm extension; without the right to create it, search still works, slower."""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        log.warning("pg_trgm is not available: search will scan instead of using an index")
        return
    connection.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON dialogues "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_postgres_index(connection: sa.Connection) -> None:
    connection.exec_driver_sql(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")


def create_search_index(connection: sa.Connection) -> None:
    if connection.dialect.name == "sqlite":
        create_sqlite_index(connection)
    elif connection.dialect.name == "postgresql":
        create_postgres_index(connection)


def drop_search_index(connection: sa.Connection) -> None:
    if connection.dialect.name == "sqlite":
        drop_sqlite_index(connection)
    elif connection.dialect.name == "postgresql":
        drop_postgres_index(connection)


def is_search_index(name: str | None, type_: str) -> bool:
    """Alembic's autogenerate must neither drop nor recreate what this module manages."""
    if not name:
        return False
    if type_ == "table":
        return name == SQLITE_TABLE or name.startswith(f"{SQLITE_TABLE}_")
    return type_ == "index" and name == POSTGRES_INDEX


def include_object(object_, name, type_, reflected, compare_to) -> bool:
    return not is_search_index(name, type_)


def matching_ids(connection_dialect: str, term: str) -> sa.Select | None:
    """On SQLite, the rowids whose search text contains the term; None elsewhere (use LIKE).

    With the trigram tokenizer a quoted phrase of three or more characters matches exactly the
    texts that contain it, straight from the index (LIKE would re-read every candidate's text).
    Shorter terms have no trigram; they fall back to LIKE, which scans.
    """
    if connection_dialect != "sqlite":
        return None
    fts = sa.table(SQLITE_TABLE, sa.column("rowid"), sa.column("search_text"))
    if len(term) >= TRIGRAM:
        phrase = '"' + term.replace('"', '""') + '"'
        return sa.select(fts.c.rowid).where(fts.c.search_text.op("MATCH")(phrase))
    return sa.select(fts.c.rowid).where(fts.c.search_text.contains(term, autoescape=True))
