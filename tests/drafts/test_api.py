"""POST /api/v1/dialogue-drafts: the same extraction as JSON, nothing stored; who may call it;
its errors; its place in the OpenAPI document."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.dialogues.models import Dialogue
from app.drafts.models import DialogueReport
from app.extensions import db
from app.tokens.models import TokenScope
from tests import factories
from tests.drafts.conftest import CORPUS

REPORT = (CORPUS / "en03_deir_workshop.txt").read_text(encoding="utf-8")


@pytest.fixture
def token(organiser):
    secret = factories.api_token(organiser, scope=TokenScope.READ_WRITE)
    db.session.commit()
    return secret


def test_the_draft_as_json_with_evidence(api, token):
    response = api.post(
        "/dialogue-drafts", token=token, json={"text": REPORT, "published_on": "2026-10-21"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["language"] == "en"
    assert body["city"]["value"] == "SY09-DEIREZZOR"
    assert "DEIR EZZOR" in body["city"]["evidence"]
    assert body["held_on"] == {"value": "2026-10-19", "evidence": body["held_on"]["evidence"]}
    assert body["format"]["value"] == "workshop"
    assert body["organizer"]["name"] == "Euphrates Civic Forum"
    assert body["organizer"]["registry_id"] is None  # proposed by name
    assert [a["theme_code"] for a in body["axes"]] == [
        "erw_mine_action",
        "return_displacement",
        "hlp",
    ]
    assert body["participants_women"]["value"] == 14
    assert body["statements"][0]["speaker_name"] == "Ahmad Al-Hussein"
    assert body["statements"][0]["consent"] == "not_for_publication"
    assert "venue" not in body["missing"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Dialogue)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DialogueReport)) == 0


def test_the_registry_match_gives_the_organisations_id(api, token, registry):
    text = (CORPUS / "ar09_homs_waer.txt").read_text(encoding="utf-8")
    body = api.post("/dialogue-drafts", token=token, json={"text": text}).get_json()
    assert body["organizer"]["registry_id"] == registry["Homs Civil Peace Network"].id
    roles = {o["registry_id"]: o["role"] for o in body["organizations"]}
    assert roles[registry["Homs City Council"].id] == "co_organizer"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 60_001}, "text"),
        ({"text": 42}, "text"),
        ({}, "text"),
        ({"text": REPORT, "published_on": "yesterday"}, "published_on"),
        ({"text": "a\x00b"}, "text"),
    ],
)
def test_bad_bodies_are_422_with_the_field(api, token, payload, field):
    response = api.post("/dialogue-drafts", token=token, json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_messages_in_the_callers_language(api, token):
    response = api.post("/dialogue-drafts", token=token, json={"text": ""}, language="ar")
    assert "فارغ" in response.get_json()["error"]["fields"]["text"][0]


def test_not_json_is_415(api, token):
    assert api.post("/dialogue-drafts", token=token, data="text").status_code == 415


def test_who_may_draft(api, organiser, make):
    assert api.post("/dialogue-drafts", json={"text": REPORT}).status_code == 401
    read_only = factories.api_token(organiser, scope=TokenScope.READ)
    partner = factories.api_token(make.user(role=Role.PARTNER))
    donor = factories.api_token(make.user(role=Role.DONOR))
    db.session.commit()
    assert api.post("/dialogue-drafts", token=read_only, json={"text": REPORT}).status_code == 403
    assert api.post("/dialogue-drafts", token=partner, json={"text": REPORT}).status_code == 403
    assert api.post("/dialogue-drafts", token=donor, json={"text": REPORT}).status_code == 403


def test_the_openapi_document_describes_it(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/dialogue-drafts"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert set(spec["components"]["schemas"][body.rsplit("/", 1)[-1]]["properties"]) == {
        "text",
        "published_on",
    }
    assert {"200", "401", "403", "415", "422"} <= set(operation["responses"])
    draft = spec["components"]["schemas"]["Draft"]["properties"]
    assert {"city", "held_on", "organizer", "axes", "statements", "missing"} <= set(draft)
