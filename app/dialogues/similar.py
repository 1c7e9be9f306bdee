"""The "possibly the same dialogue" hint: while a dialogue is registered, others in the same city
within a few days whose title is similar once normalised (app.search.normalize). Only dialogues
the user may see are ever compared, so a hint never reveals one they may not see. Saving stays
possible."""

from __future__ import annotations

from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

from app.dialogues.models import Dialogue
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.search.normalize import normalize

DAYS = 3
THRESHOLD = 0.6
LIMIT = 5


def _words(title: str) -> set[str]:
    return {word for word in normalize(title).split() if len(word) > 1}


def title_similarity(one: str | None, other: str | None) -> float:
    """0 to 1: the better of the characters' and the words' agreement, on normalised titles."""
    a, b = normalize(one or ""), normalize(other or "")
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    words_a, words_b = _words(a), _words(b)
    overlap = len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0
    return max(ratio, overlap)


def find_similar(
    user: Any,
    *,
    city_id: int | None,
    held_on: date | None,
    titles: tuple[str | None, ...],
    exclude_id: int | None = None,
) -> list[Dialogue]:
    """Visible dialogues in the city within ±3 days whose Arabic or English title is similar to
    one of `titles`; most similar first. One query."""
    if not city_id or held_on is None or not any(titles):
        return []
    stmt = (
        visible_dialogues(user)
        .where(
            Dialogue.city_id == city_id,
            Dialogue.held_on.between(
                held_on - timedelta(days=DAYS), held_on + timedelta(days=DAYS)
            ),
        )
        .order_by(Dialogue.held_on, Dialogue.id)
        .limit(200)
    )
    if exclude_id is not None:
        stmt = stmt.where(Dialogue.id != exclude_id)
    scored = []
    for candidate in db.session.scalars(stmt):
        score = max(
            title_similarity(mine, theirs)
            for mine in titles
            for theirs in (candidate.title_ar, candidate.title_en)
        )
        if score >= THRESHOLD:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for _score, candidate in scored[:LIMIT]]


def similar_dialogues(user: Any, form: Any, *, exclude: Dialogue | None = None) -> list[Dialogue]:
    """For the form: the hint is about registering, so only on the new-dialogue form or when the
    date, city or title of an existing one is being changed to look like another."""
    city = form.city_id.data
    return find_similar(
        user,
        city_id=int(city) if str(city or "").isdigit() else None,
        held_on=form.held_on.data if isinstance(form.held_on.data, date) else None,
        titles=(form.title_ar.data, form.title_en.data),
        exclude_id=exclude.id if exclude is not None else None,
    )
