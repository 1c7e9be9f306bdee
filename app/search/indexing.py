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
    statements: Iterable[str | None] = (),
) -> str:
    """One normalised string; parts are separated by a newline so words never run together."""
    parts = [*titles, *summaries, *axes, *priorities, *outcomes, venue, *statements]
    return "\n".join(normalize(part) for part in parts if part)


def dialogue_search_text(dialogue) -> str:
    return build_search_text(
        titles=(dialogue.title_ar, dialogue.title_en),
        summaries=(dialogue.summary_ar, dialogue.summary_en),
        axes=(axis.title for axis in dialogue.axes),
        priorities=(priority.text for priority in dialogue.priorities),
        outcomes=(outcome.text for outcome in dialogue.outcomes),
        venue=dialogue.venue,
        statements=published_statement_text(dialogue),
    )


def published_statement_text(dialogue) -> list[str | None]:
    """What of the statements anyone who finds the dialogue may read: the words of those with
    consent to publish, and the speaker's name only with consent to publish the name. (The index
    is one per dialogue, shared by every viewer: nothing narrower may enter it.)"""
    parts: list[str | None] = []
    for statement in dialogue.statements:
        if statement.consent_to_publish:
            parts.append(statement.text)
            parts.append(statement.publishable_name)
    return parts
