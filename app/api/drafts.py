"""POST /api/v1/dialogue-drafts: the draft of a dialogue from a report's text, as JSON, every
field with the sentence it came from. The same extraction as "Start from a report"; nothing is
stored. An organiser's (or admin's) read-write token: the draft can carry names."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.api.auth import api_user, require_write_token
from app.api.blueprint import NOT_A_DATE, NOT_AN_OBJECT, NUL_CHARACTER, bp
from app.api.errors import ApiError
from app.api.schemas import ErrorSchema, Schema
from app.dialogues import permissions
from app.drafts import services
from app.drafts.readers import MAX_TEXT_CHARS, ReportError


class DraftRequestSchema(Schema):
    text = fields.String(
        required=True,
        metadata={
            "description": f"The report's text (Arabic or English), "
            f"at most {MAX_TEXT_CHARS} characters"
        },
    )
    published_on = fields.Date(
        metadata={
            "description": "Publication date, for اليوم/أمس/weekdays when the text has "
            "none; default today"
        }
    )


class FoundSchema(Schema):
    value = fields.Raw(required=True, metadata={"description": "The value found"})
    evidence = fields.String(required=True, metadata={"description": "The sentence it came from"})


class OrganizationMentionSchema(Schema):
    name = fields.String(required=True, metadata={"description": "As written in the report"})
    evidence = fields.String(required=True)
    registry_id = fields.Integer(
        allow_none=True,
        metadata={"description": "The matched organisation, or null: proposed by name"},
    )
    registry_name = fields.String(allow_none=True)
    role = fields.String(
        allow_none=True,
        metadata={"description": "convening, co_organizer, partner, participant or funder"},
    )


class AxisDraftSchema(Schema):
    text = fields.String(required=True)
    evidence = fields.String(required=True)
    theme_code = fields.String(
        allow_none=True, metadata={"description": "null: no theme matched well"}
    )
    theme_id = fields.Integer(allow_none=True)


class ItemDraftSchema(AxisDraftSchema):
    kind = fields.String(
        required=True, metadata={"description": "concern, gap, risk, priority or recommendation"}
    )


class StatementDraftSchema(Schema):
    text = fields.String(required=True)
    evidence = fields.String(required=True)
    speaker_name = fields.String(allow_none=True)
    speaker_role = fields.String(allow_none=True)
    consent = fields.String(required=True, metadata={"description": "Always not_for_publication"})


def _found(**kwargs):
    return fields.Nested(FoundSchema, allow_none=True, **kwargs)


class DraftSchema(Schema):
    language = fields.String(required=True)
    published_on = fields.String(required=True, metadata={"format": "date"})
    title = _found()
    format = _found()
    city = _found(metadata={"description": "value: the city's code"})
    city_id = fields.Integer(allow_none=True)
    governorate = _found(
        metadata={"description": "A governorate named without a city (no city is inferred)"}
    )
    venue = _found()
    held_on = _found(metadata={"description": "value: YYYY-MM-DD"})
    organizer = fields.Nested(OrganizationMentionSchema, allow_none=True)
    organizations = fields.List(fields.Nested(OrganizationMentionSchema), required=True)
    axes = fields.List(fields.Nested(AxisDraftSchema), required=True)
    priorities = fields.List(fields.Nested(ItemDraftSchema), required=True)
    recommendations = fields.List(fields.Nested(ItemDraftSchema), required=True)
    statements = fields.List(fields.Nested(StatementDraftSchema), required=True)
    participants_total = _found()
    participants_women = _found()
    participants_men = _found()
    participants_youth = _found()
    sectors = fields.List(
        fields.Nested(FoundSchema),
        required=True,
        metadata={"description": "Sectors named, never with a number"},
    )
    notes = fields.List(fields.Nested(FoundSchema), required=True)
    publisher = _found()
    summary = _found()
    missing = fields.List(
        fields.String(), required=True, metadata={"description": "Fields not found in the report"}
    )


ONLY_ORGANISERS = _l("Only organisers and admins may draft dialogues.")
NOT_TEXT = _l("Give the report's text as a string.")


@bp.route("/dialogue-drafts", methods=["POST"], tags=["dialogues"])
@bp.doc(
    requestBody={"required": True, "content": {"application/json": {"schema": DraftRequestSchema}}}
)
@bp.response(200, DraftSchema)
@bp.alt_response(401, schema=ErrorSchema, description="No token, or one that does not work")
@bp.alt_response(403, schema=ErrorSchema, description="A read-only token, or not an organiser")
@bp.alt_response(415, schema=ErrorSchema, description="Not a JSON body")
@bp.alt_response(422, schema=ErrorSchema, description="No text, too long, or a bad date")
def dialogue_draft():
    """Draft a dialogue from a report's text: each field with its evidence; nothing stored."""
    require_write_token()
    if not permissions.can_create_dialogue(api_user()):
        raise ApiError(403, ONLY_ORGANISERS)
    if not request.is_json:
        raise ApiError(415)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(422, NOT_AN_OBJECT)
    text, published = body.get("text"), body.get("published_on")
    errors: dict[str, list] = {}
    if not isinstance(text, str):
        errors["text"] = [NOT_TEXT]
    elif "\x00" in text:
        errors["text"] = [NUL_CHARACTER]
    published_on = None
    if published is not None:
        try:
            published_on = date.fromisoformat(published) if isinstance(published, str) else None
        except ValueError:
            published_on = None
        if published_on is None:
            errors["published_on"] = [NOT_A_DATE]
    if errors:
        raise ApiError(422, fields=errors)
    try:
        user = api_user()
        organization_id = user.organization.id if user.organization is not None else None
        draft = services.draft_report(text, published_on, organization_id)
    except ReportError as error:
        raise ApiError(422, fields={"text": [error.message]}) from error
    return draft.as_json()
