"""The normalised search text of a dialogue: what `q` searches, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable

from app.search.normalize import normalize


def build_search_text(
    *,
    titles: Iterable[str | None],
    summaries: Iterable[str | None] = (),
    axes: Iterable[str | None] = (),
    priorities: Iterable[str | None] = (),
    outcomes: Iterable[str | None] = (),
    venue: str | None = None,
) -> str:
    """One normalised string; parts are separated by a newline so words never run together."""
    parts = [*titles, *summaries, *axes, *priorities, *outcomes, venue]
    return "\n".join(normalize(part) for part in parts if part)


def dialogue_search_text(dialogue) -> str:
    return build_search_text(
        titles=(dialogue.title_ar, dialogue.title_en),
        summaries=(dialogue.summary_ar, dialogue.summary_en),
        axes=(axis.title for axis in dialogue.axes),
        priorities=(priority.text for priority in dialogue.priorities),
        outcomes=(outcome.text for outcome in dialogue.outcomes),
        venue=dialogue.venue,
    )
