"""A page of figures reads one snapshot (app.caching.snapshot): a write committed by another
connection while the page runs its GROUP BY queries shows in none of them, and in the next page."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.dialogues.models import Dialogue
from tests.caching.test_figure_cache import _figures

# (/map/points.json reads its dialogues in one query: one statement, one state.)
PAGES = ["/dashboard", "/map", "/cities/{code}"]


@pytest.mark.parametrize("path", PAGES)
def test_a_write_during_the_page_shows_in_none_of_its_figures(app, client, db, world, path):
    path = path.format(code=world["homs"].code)
    engine = db.engine
    public = world["homs"].id
    target = db.session.scalar(
        sa.select(sa.func.min(Dialogue.id)).where(Dialogue.city_id == public)
    )
    app.config["FIGURE_CACHE"] = False  # every query runs, so each could see the write
    writer = threading.Thread(
        target=lambda: _archive(engine, target), name="concurrent-writer", daemon=True
    )

    def write_after_the_first_aggregate(conn, cursor, statement, parameters, context, many):
        if threading.current_thread() is writer or writer.is_alive() or writer.ident:
            return
        if re.search(r"\bcount\(", statement, re.I):
            writer.start()
            # PostgreSQL: the writer commits at once. SQLite: it waits for the page's read lock;
            # without the snapshot it would have committed within this half second.
            writer.join(timeout=0.5)

    try:
        before = _figures(client.get(path).get_data(as_text=True))
        sa.event.listen(engine, "after_cursor_execute", write_after_the_first_aggregate)
        try:
            during = _figures(client.get(path).get_data(as_text=True))
        finally:
            sa.event.remove(engine, "after_cursor_execute", write_after_the_first_aggregate)
        if writer.ident is not None:
            writer.join(timeout=10)
        assert not writer.is_alive()
        after = _figures(client.get(path).get_data(as_text=True))
    finally:
        app.config["FIGURE_CACHE"] = True
    assert writer.ident is not None  # the write did happen during the page
    assert during == before
    assert after != before  # and the next page shows it


def _archive(engine, dialogue_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.update(Dialogue).where(Dialogue.id == dialogue_id).values(archived_at=utcnow())
        )
