"""The OpenAPI document: generated from the code, valid, in step with the forms that validate,
and a bounded schemathesis run against the test app that finds no 500 and no response that
breaks the document."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.auth.models import Role
from app.dashboards.forms import DashboardFilterForm
from app.dialogues.filters import DialogueFilterForm
from app.dialogues.models import LinkRole, Visibility
from app.outcomes.forms import ProgressForm, ReviewForm
from app.outcomes.queue import OutcomeQueueForm
from tests import factories
from tests.core.test_pages import foreign_references


def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_describes_every_endpoint(client):
    spec = document(client)
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/v1/dialogues",
        "/api/v1/dialogues/{dialogue_id}",
        "/api/v1/outcomes",
        "/api/v1/outcomes/{outcome_id}",
        "/api/v1/outcomes/{outcome_id}/progress-reports",
        "/api/v1/outcomes/{outcome_id}/verifications",
        "/api/v1/places",
        "/api/v1/themes",
        "/api/v1/organizations",
        "/api/v1/cities/{code}/statistics",
        "/api/v1/dialogue-drafts",
    }
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    error = spec["components"]["schemas"]["ErrorBody"]
    assert set(error["properties"]) == {"code", "message", "fields"}


def _query_names(spec, path):
    return {p["name"] for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def _body_names(spec, path):
    ref = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return set(spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]["properties"])


def test_documented_parameters_are_the_forms_fields(app, client, db):
    """The forms validate, the schemas document: neither may drift from the other."""
    spec = document(client)
    with app.test_request_context("/?x=1"):
        dialogue_form = DialogueFilterForm(
            {}, user=factories.user.build(role=Role.ORGANIZER, active=True)
        )
        outcome_form = OutcomeQueueForm(
            {}, user=factories.user.build(role=Role.ORGANIZER, active=True)
        )
        progress, review = ProgressForm(meta={"csrf": False}), ReviewForm(meta={"csrf": False})
        dashboard_form = DashboardFilterForm({})
    paging = {"page", "per_page"}
    assert _query_names(spec, "/api/v1/dialogues") == {f.name for f in dialogue_form} | paging
    assert _query_names(spec, "/api/v1/outcomes") == {f.name for f in outcome_form} | paging | {
        "queue"
    }
    statistics = _query_names(spec, "/api/v1/cities/{code}/statistics")
    assert statistics == {f.name for f in dashboard_form}
    reports = _body_names(spec, "/api/v1/outcomes/{outcome_id}/progress-reports")
    assert reports == {f.name for f in progress} - {"photos", "upload_key"}
    verifications = _body_names(spec, "/api/v1/outcomes/{outcome_id}/verifications")
    assert verifications == {f.name for f in review}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_documentation_page_loads_nothing_from_another_host(client, language):
    response = client.get("/api/v1/docs", headers={"Accept-Language": language})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'lang="{language}"' in html
    assert "/api/v1/dialogues/{dialogue_id}" in html and "openapi.json" in html
    assert "<script" not in html.split("</main>")[0].split("<main", 1)[1]
    assert foreign_references(html) == []


@pytest.fixture
def api_schema(app, make, db):
    """The document, loaded from the app itself; requests carry an organiser's read-write
    token and each runs in an application context of its own, as in production."""
    organiser, partner = make.organization(), make.organization()
    for visibility in Visibility:
        d = make.dialogue(organizer=organiser, visibility=visibility)
        make.link(dialogue=d, organization=partner, role=LinkRole.PARTNER)
        make.axis(dialogue=d)
        make.statement(dialogue=d)
        make.outcome(dialogue=d, responsible_org=partner)
        make.outcome(dialogue=d, responsible_org=organiser)
    token = factories.api_token(make.user(role=Role.ORGANIZER, organization=organiser))
    db.session.commit()

    def isolated(environ, start_response):
        with app.app_context():
            return list(app(environ, start_response))

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated)
    # identity: schemathesis's WSGI transport reads the body as sent and does not undo the
    # br/gzip that Flask-Compress applies for clients asking for it (any HTTP client does).
    schema.config.headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    return schema


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_api_keeps_to_its_document(api_schema):
    """Every operation, a bounded number of generated requests each. (Driven by hand rather than
    through schemathesis's pytest plugin, whose fixture loader does not run on pytest 9.2.)"""
    headers = api_schema.config.headers
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 11
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=50,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_the_document(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_to_the_document()
