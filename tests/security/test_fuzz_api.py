"""Hostile bodies for the API's writes (progress reports, verifications): every answer is one of
the documented statuses, never a server error, and a refused write leaves nothing behind."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility
from app.extensions import db
from app.outcomes.models import OutcomeUpdate, UpdateKind
from tests import factories
from tests.security.payloads import FUZZ, changed, hostile_text, json_values, row_counts

DOCUMENTED = {201, 401, 403, 404, 409, 415, 422}


@pytest.fixture
def scene(make):
    organiser = make.organization()
    partner = make.organization()
    staff = make.user(role=Role.ORGANIZER, organization=organiser)
    partner_staff = make.user(role=Role.PARTNER, organization=partner)
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner, role=LinkRole.PARTNER)
    outcome = make.outcome(dialogue=dialogue, responsible_org=partner)
    report = OutcomeUpdate(
        outcome=outcome,
        kind=UpdateKind.PROGRESS,
        author=partner_staff,
        organization=partner,
        progress=40,
        note="Two trainings held",
    )
    db.session.add(report)
    db.session.flush()
    scene = SimpleNamespace(
        outcome=outcome,
        report=report,
        partner_token=factories.api_token(partner_staff),
        staff_token=factories.api_token(staff),
    )
    db.session.commit()
    return scene


BODIES = {
    "progress-reports": (
        "partner_token",
        lambda s: {
            "status": "in_progress",
            "progress": 40,
            "reported_on": date.today().isoformat(),
            "note": "Two of five trainings held",
            "evidence_url": "https://example.org/report",
        },
    ),
    "verifications": (
        "staff_token",
        lambda s: {"update_id": s.report.id, "note": "Seen it", "version": s.outcome.version},
    ),
}


def hostile_body(valid: dict):
    """The valid object with fields kept, left out, of the wrong type or hostile; extra fields;
    or no object at all."""
    field = st.one_of(json_values(), hostile_text())
    fields = st.fixed_dictionaries(
        {key: st.one_of(st.just(value), field, st.just(None)) for key, value in valid.items()}
    )
    objects = st.builds(
        lambda kept, dropped, extra: {
            **extra,
            **{k: v for k, v in kept.items() if k not in dropped},
        },
        fields,
        st.sets(st.sampled_from(sorted(valid)), max_size=2),
        st.dictionaries(
            st.sampled_from(["id", "author_id", "kind", "outcome_id"]), field, max_size=2
        ),
    )
    return st.one_of(objects, json_values())


def send(client, path, token, payload, *, raw=None, content_type="application/json"):
    before = row_counts()
    response = client.post(
        path,
        data=raw if raw is not None else json.dumps(payload),
        content_type=content_type,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )
    return response, changed(before, row_counts())


@pytest.mark.parametrize("write", list(BODIES))
@given(data=st.data())
@FUZZ
def test_api_writes_with_hostile_bodies(client, scene, write, data):
    token_name, valid = BODIES[write]
    db.session.refresh(scene.outcome)
    payload = data.draw(hostile_body(valid(scene)))
    path = f"/api/v1/outcomes/{scene.outcome.id}/{write}"
    response, delta = send(client, path, getattr(scene, token_name), payload)
    assert response.status_code in DOCUMENTED, (response.status_code, payload)
    assert response.is_json
    if response.status_code == 201:
        assert delta.get("outcome_updates") == 1, delta
        assert delta.get("audit_events", 0) >= 1, delta
    else:
        assert not delta, delta


@pytest.mark.parametrize("write", list(BODIES))
@given(
    raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded", ""]
    ),
)
@FUZZ
def test_api_writes_with_bodies_that_are_not_json(client, scene, write, raw, content_type):
    token_name, _ = BODIES[write]
    path = f"/api/v1/outcomes/{scene.outcome.id}/{write}"
    response, delta = send(
        client, path, getattr(scene, token_name), None, raw=raw, content_type=content_type
    )
    assert response.status_code in DOCUMENTED | {400}, response.status_code
    if response.status_code != 201:
        assert not delta, delta
