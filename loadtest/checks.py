"""The load test's database checks, run after the servers stop, through the app's own models.

Reads what the servers acknowledged (JSON on stdin, written by loadtest/run.py) and prints one
JSON line: [name, passed, detail] per check."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict

import sqlalchemy as sa

from app import create_app
from app.audit.models import AuditEvent
from app.auth.models import User
from app.dialogues.models import Dialogue
from app.extensions import db
from app.outcomes.models import OutcomeUpdate, UpdateKind


def new_values(changes: dict) -> str:
    """The "after" side of an audit event's changed fields, as text to look for markers in."""
    after = {
        name: value[1] if isinstance(value, list) and len(value) == 2 else value
        for name, value in (changes or {}).items()
        if not name.startswith("_")
    }
    return json.dumps(after, ensure_ascii=False)


def check_creations(data) -> list:
    acknowledged: dict[str, int] = data["creations"]
    rows = db.session.execute(
        sa.select(Dialogue.id, Dialogue.creation_key, Dialogue.title_ar)
        .join(User, User.id == Dialogue.created_by_id)
        .where(User.email.like("lt-%@loadtest.hiwar.org"))
    ).all()
    by_key = {key: dialogue_id for dialogue_id, key, _title in rows}
    # The Arabic title keeps the marker it was registered with (editors change the English one).
    markers = Counter(title.rsplit(" ", 1)[-1] for _id, _key, title in rows)
    missing = [key for key, dialogue_id in acknowledged.items() if by_key.get(key) != dialogue_id]
    duplicated = [marker for marker, n in markers.items() if n > 1]
    unacknowledged = [
        key for key in by_key if key not in acknowledged and key not in set(data["unknown"])
    ]
    return [
        (
            "every acknowledged dialogue is stored once, under its creation key and id",
            not missing and not duplicated,
            f"{len(acknowledged)} acknowledged, {len(rows)} stored; missing {missing[:3]}, "
            f"duplicated {duplicated[:3]}",
        ),
        (
            "no dialogue was stored that the server refused",
            not unacknowledged,
            f"{len(unacknowledged)} stored without acknowledgement "
            f"({len(data['unknown'])} requests had no clear answer)",
        ),
    ]


def check_edits(data) -> list:
    results = []
    edits_ok = [tuple(e) for e in data["edits_ok"]]
    refused = [tuple(e) for e in data["edits_conflict"]]
    unknown = [tuple(e) for e in data["edits_unknown"]]
    lost, broken_chain, landed_refused, same_base, final_wrong = [], [], [], [], []
    for dialogue_id in data["contested"]:
        dialogue = db.session.get(Dialogue, dialogue_id)
        events = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.entity_type == "dialogues", AuditEvent.entity_id == dialogue_id)
            .order_by(AuditEvent.id)
        ).all()
        created = next(e for e in events if e.action == "create")
        updates = [(e.changes.get("_version"), new_values(e.changes)) for e in events[1:]]
        mine = sorted((e for e in edits_ok if e[0] == dialogue_id), key=lambda e: e[1])
        # The version each acknowledged save produced, read from its audit event.
        produced = {}
        for _d, _version, marker in mine:
            found = [v for v, text in updates if marker in text]
            if len(found) != 1:
                lost.append(marker)
            else:
                produced[marker] = found[0]
        # The saves form one chain: each was made on the version the one before produced (the
        # first on the version registered). A save made on an older version overwrote a save it
        # had not seen: a lost update.
        previous = created.changes["_version"]
        for _d, version, marker in mine:
            if version != previous:
                broken_chain.append((dialogue_id, marker, version, previous))
            previous = produced.get(marker, previous)
        for _d, _version, marker in (e for e in refused if e[0] == dialogue_id):
            if any(marker in text for _v, text in updates):
                landed_refused.append(marker)
        bases = Counter(version for _d, version, _m in mine)
        same_base += [(dialogue_id, v) for v, n in bases.items() if n > 1]
        landed_unknown = sum(
            1
            for d, _v, marker in unknown
            if d == dialogue_id and any(marker in text for _v2, text in updates)
        )
        if len(updates) != len(mine) + landed_unknown:
            final_wrong.append((dialogue_id, "saves in the history", len(updates), len(mine)))
        if mine and not landed_unknown:
            last = mine[-1][2]
            shown = json.dumps(
                [dialogue.title_en, [axis.title for axis in dialogue.axes]], ensure_ascii=False
            )
            if last not in shown or dialogue.version != produced.get(last):
                final_wrong.append((dialogue_id, "last acknowledged edit not current", last))
    results.append(
        (
            "every acknowledged edit is in the history once, each made on the version the "
            "previous one produced",
            not lost and not broken_chain,
            f"{len(edits_ok)} acknowledged; lost {lost[:3]}, out of chain {broken_chain[:3]}",
        )
    )
    results.append(
        (
            "no edit was lost silently: no two saves on the same version, refused edits left "
            "no trace, each dialogue's version counts its saves and shows the last",
            not same_base and not landed_refused and not final_wrong,
            f"{len(refused)} refused with 409; same version saved twice {same_base[:3]}, "
            f"refused but stored {landed_refused[:3]}, final state {final_wrong[:3]}",
        )
    )
    return results


def check_reports(data) -> list:
    updates = db.session.execute(
        sa.select(OutcomeUpdate.outcome_id, OutcomeUpdate.note).where(
            OutcomeUpdate.kind == UpdateKind.PROGRESS,
            OutcomeUpdate.note.like("Load test report %"),
        )
    ).all()
    stored: dict[str, list[int]] = defaultdict(list)
    for outcome_id, note in updates:
        stored[note.rsplit(" ", 1)[-1]].append(outcome_id)
    missing = [m for o, m in data["reports_ok"] if stored.get(m) != [o]]
    refused_stored = [m for _o, m, _s in data["reports_refused"] if m in stored]
    known = {m for _o, m in data["reports_ok"]} | {m for _o, m in data["reports_unknown"]}
    strays = [m for m in stored if m not in known]
    return [
        (
            "every acknowledged progress report is stored once, on its outcome",
            not missing,
            f"{len(data['reports_ok'])} acknowledged, {len(updates)} stored; "
            f"missing or doubled {missing[:3]}",
        ),
        (
            "no progress report was stored that the server refused",
            not refused_stored and not strays,
            f"{len(data['reports_refused'])} refused; stored anyway {refused_stored[:3]}, "
            f"unexplained {strays[:3]}",
        ),
    ]


def main() -> None:
    data = json.load(sys.stdin)
    app = create_app()
    with app.app_context():
        results = check_creations(data) + check_edits(data) + check_reports(data)
    print(json.dumps(results, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
