"""Precision and recall of the extractor against a gold-annotated corpus of reports
(tests/fixtures/reports): used by `make bench-import` and by the tests."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

from app.drafts.readers import read_upload
from app.drafts.types import Draft
from app.search.normalize import normalize


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def load_corpus(folder: Path) -> list[tuple[str, str, dict]]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return [(name, read_upload(name, (folder / name).read_bytes()), gold[name]) for name in gold]


def published(gold: dict) -> date:
    return date.fromisoformat(gold["published_on"])


def _same_text(a: str | None, b: str | None, threshold: int = 85) -> bool:
    if not a or not b:
        return False
    return fuzz.token_set_ratio(normalize(a), normalize(b)) >= threshold


def _scalar(tally: Tally, name: str, got, want, same) -> None:
    if got is None and want is None:
        return
    if got is not None and want is not None and same(got, want):
        tally.tp += 1
        return
    if got is not None:
        tally.fp += 1
    if want is not None:
        tally.fn += 1
    tally.misses.append(f"{name}: got {got!r}, want {want!r}")


def _pairs(tally: Tally, name: str, got: list, want: list, same) -> None:
    unmatched = list(got)
    for item in want:
        match = next((g for g in unmatched if same(g, item)), None)
        if match is None:
            tally.fn += 1
            tally.misses.append(f"{name}: missed {item!r}")
        else:
            unmatched.remove(match)
            tally.tp += 1
    tally.fp += len(unmatched)
    tally.misses += [f"{name}: extra {g!r}" for g in unmatched]


def _organizer(draft: Draft):
    org = draft.organizer
    return (org.registry_name and org.registry_id, org.name) if org else None


def score(
    results: list[tuple[str, Draft, dict]], registry_names: dict[str, int]
) -> dict[str, Tally]:
    """Tallies per field; registry_names maps a gold registry name (English) to its id."""
    fields = [
        "title", "format", "city", "venue", "organizer", "held_on", "publisher",
        "participants_total", "participants_women", "participants_men", "participants_youth",
        "partners", "axes", "axes_themes", "priorities", "recommendations", "speakers", "sectors",
    ]  # fmt: skip
    tallies = {name: Tally() for name in fields}
    for file, draft, gold in results:
        t = tallies

        def value(found):
            return found.value if found is not None else None

        _scalar(t["title"], file, value(draft.title), gold["title"], _same_text)
        _scalar(t["format"], file, value(draft.format), gold["format"], lambda a, b: a == b)
        _scalar(t["city"], file, value(draft.city), gold["city"], lambda a, b: a == b)
        _scalar(t["venue"], file, value(draft.venue), gold["venue"], _same_text)
        want_org = gold["organizer"]
        want = (registry_names.get(want_org["registry"]), want_org["name"])

        def same_org(got, want):
            if want[0] is not None:
                return got[0] == want[0]
            return not got[0] and _same_text(got[1], want[1], 90)

        _scalar(t["organizer"], file, _organizer(draft), want, same_org)
        held = value(draft.held_on)
        _scalar(
            t["held_on"],
            file,
            held.isoformat() if held else None,
            gold["held_on"],
            lambda a, b: a == b,
        )
        _scalar(t["publisher"], file, value(draft.publisher), gold["publisher"], _same_text)
        for key in ("total", "women", "men", "youth"):
            _scalar(
                t[f"participants_{key}"], file, value(getattr(draft, f"participants_{key}")),
                gold["participants"].get(key), lambda a, b: a == b,
            )  # fmt: skip
        partners = [o.registry_id for o in draft.organizations if o.registry_id]
        _pairs(
            t["partners"],
            file,
            partners,
            [registry_names[n] for n in gold["partners"]],
            lambda a, b: a == b,
        )
        got_axes = [(a.text, a.theme_code) for a in draft.axes]
        _pairs(t["axes"], file, got_axes, gold["axes"], lambda g, w: _same_text(g[0], w[0], 80))
        # Themes: each gold axis with a theme, paired by text with an extracted axis.
        themed = [a for a in got_axes if a[1]]
        _pairs(
            t["axes_themes"], file, themed, [a for a in gold["axes"] if a[1]],
            lambda g, w: _same_text(g[0], w[0], 80) and g[1] == w[1],
        )  # fmt: skip
        _pairs(
            t["priorities"],
            file,
            [p.text for p in draft.priorities],
            gold["priorities"],
            lambda g, w: _same_text(g, w, 80),
        )
        _pairs(
            t["recommendations"],
            file,
            [r.text for r in draft.recommendations],
            gold["recommendations"],
            lambda g, w: _same_text(g, w, 80),
        )
        _pairs(
            t["speakers"], file, [s.speaker_name for s in draft.statements],
            [s["speaker"] for s in gold["statements"]], lambda g, w: _same_text(g, w, 90),
        )  # fmt: skip
        _pairs(
            t["sectors"],
            file,
            [s.value for s in draft.sectors],
            gold["sectors"],
            lambda a, b: a == b,
        )
    return tallies


def counts(results) -> Counter:
    return Counter(draft.language for _, draft, _ in results)
