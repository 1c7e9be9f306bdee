"""Marshmallow schemas of the API's JSON: they serialise the responses and, through
flask-smorest and apispec, are the OpenAPI document's components."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from app.dialogues.models import (
    ConsentLevel,
    DatePrecision,
    DialogueFormat,
    DialogueStatus,
    LinkRole,
    PriorityKind,
    Sector,
    Visibility,
)
from app.organizations.models import OrganizationKind
from app.outcomes.models import OutcomeKind, OutcomeStatus, UpdateKind
from app.places.models import PlaceKind


def _enum(enum_class, **kwargs) -> fields.String:
    """An enum as its plain value, with the values listed in the document."""
    return fields.String(validate=validate.OneOf([m.value for m in enum_class]), **kwargs)


def _held_on() -> fields.Date:
    return fields.Date(
        required=True,
        metadata={"description": "With held_on_precision 'month', the first day of the month"},
    )


def _held_on_precision() -> fields.String:
    return _enum(
        DatePrecision,
        required=True,
        metadata={"description": "'day', or 'month' when only the month is known"},
    )


def _nullable_enum(enum_class) -> fields.String:
    choices = [m.value for m in enum_class]
    return fields.String(allow_none=True, validate=validate.OneOf(choices))


class Schema(ma.Schema):
    class Meta:
        ordered = True


class ErrorBodySchema(Schema):
    code = fields.String(
        required=True, metadata={"description": "Machine-readable, e.g. not_found, invalid"}
    )
    message = fields.String(
        required=True, metadata={"description": "In the language of Accept-Language"}
    )
    field_errors = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={"description": "Messages per invalid field or parameter; empty otherwise"},
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class PageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    next = fields.String(required=True, allow_none=True, metadata={"description": "Next page"})
    previous = fields.String(required=True, allow_none=True)


class NamedSchema(Schema):
    """A reference to a record, with its names in both languages."""

    id = fields.Integer(required=True)
    name_ar = fields.String(required=True, allow_none=True)
    name_en = fields.String(required=True, allow_none=True)


class PlaceRefSchema(NamedSchema):
    code = fields.String(required=True)


class ThemeRefSchema(NamedSchema):
    code = fields.String(required=True)


class PlaceSchema(PlaceRefSchema):
    kind = _enum(PlaceKind, required=True)
    governorate_id = fields.Integer(required=True, allow_none=True)
    district_id = fields.Integer(required=True, allow_none=True)
    lat = fields.Float(required=True, allow_none=True)
    lon = fields.Float(required=True, allow_none=True)


class ThemeSchema(ThemeRefSchema):
    description_en = fields.String(required=True, allow_none=True)
    active = fields.Boolean(required=True)


class OrganizationSchema(NamedSchema):
    kind = _enum(OrganizationKind, required=True)
    home_city_id = fields.Integer(required=True, allow_none=True)
    website = fields.String(required=True, allow_none=True)


class DialogueSummarySchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "This dialogue in the API"})
    page_url = fields.String(required=True, metadata={"description": "Its page in Hiwar"})
    title_ar = fields.String(required=True, allow_none=True)
    title_en = fields.String(required=True, allow_none=True)
    format = _enum(DialogueFormat, required=True)
    status = _enum(DialogueStatus, required=True)
    visibility = _enum(Visibility, required=True)
    held_on = _held_on()
    held_on_precision = _held_on_precision()
    city = fields.Nested(PlaceRefSchema, required=True)
    organizer = fields.Nested(
        NamedSchema,
        required=True,
        metadata={"description": "The recording organisation: it owns the record"},
    )


class LinkedOrganizationSchema(Schema):
    organization = fields.Nested(NamedSchema, required=True)
    role = _enum(LinkRole, required=True)


class LocationSchema(Schema):
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


class AxisSchema(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    theme = fields.Nested(ThemeRefSchema, required=True)


class PrioritySchema(Schema):
    id = fields.Integer(required=True)
    rank = fields.Integer(required=True)
    kind = _enum(PriorityKind, required=True)
    text = fields.String(required=True)
    theme = fields.Nested(ThemeRefSchema, required=True)


class ConveningOrganizationSchema(NamedSchema):
    confirmed = fields.Boolean(
        required=True,
        metadata={"description": "False: proposed by name by the organiser, not yet confirmed"},
    )


class SourceSchema(Schema):
    publisher = fields.String(required=True, metadata={"description": "Publisher or document"})
    url = fields.String(required=True, allow_none=True)
    published_on = fields.Date(required=True, allow_none=True)


class StatementSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    consent_level = _enum(
        ConsentLevel,
        required=True,
        metadata={
            "description": "'named': publish with the name; 'anonymous': without it; "
            "'internal': not for publication (listed only for the organiser's staff)"
        },
    )
    speaker_name = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Only with consent to publish the name (or for the organiser's "
            "staff); null otherwise"
        },
    )
    speaker_role = fields.String(required=True, allow_none=True)
    speaker_organization = fields.Nested(NamedSchema, required=True, allow_none=True)


class OutcomeSummarySchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    page_url = fields.String(required=True)
    dialogue_id = fields.Integer(required=True)
    kind = _enum(OutcomeKind, required=True)
    text = fields.String(required=True)
    theme = fields.Nested(ThemeRefSchema, required=True)
    responsible_organization = fields.Nested(NamedSchema, required=True, allow_none=True)
    due_on = fields.Date(required=True, allow_none=True)
    status = _enum(OutcomeStatus, required=True)
    progress_reported = fields.Integer(required=True)
    progress_verified = fields.Integer(required=True)
    overdue = fields.Boolean(required=True)
    declined = fields.Boolean(required=True)


class DialogueDetailSchema(DialogueSummarySchema):
    starts_at = fields.String(
        required=True, allow_none=True, metadata={"description": "Local time, HH:MM"}
    )
    venue = fields.String(required=True, allow_none=True)
    venue_location = fields.Nested(
        LocationSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Only for the organiser's staff; null for everyone else"},
    )
    summary_ar = fields.String(required=True, allow_none=True)
    summary_en = fields.String(required=True, allow_none=True)
    participants = fields.Nested(
        "ParticipantFiguresSchema",
        required=True,
        metadata={
            "description": "As on the page: null where not recorded; for the public and donors "
            "rounded to a multiple of 5, counts under 5 withheld"
        },
    )
    convening_organization = fields.Nested(
        ConveningOrganizationSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Who held the dialogue, when not the recording organisation"},
    )
    organizations = fields.List(fields.Nested(LinkedOrganizationSchema), required=True)
    sources = fields.List(
        fields.Nested(SourceSchema),
        required=True,
        metadata={"description": "Citations: a publisher or document, its address, its date"},
    )
    source_links = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Deprecated: the addresses of `sources` that have one"},
    )
    axes = fields.List(fields.Nested(AxisSchema), required=True)
    priorities = fields.List(fields.Nested(PrioritySchema), required=True)
    outcomes = fields.List(fields.Nested(OutcomeSummarySchema), required=True)
    statements = fields.List(
        fields.Nested(StatementSchema),
        required=True,
        metadata={"description": "Statements without consent to publish are never listed"},
    )
    archived = fields.Boolean(required=True)
    updated_at = fields.DateTime(required=True)


class UpdateSchema(Schema):
    id = fields.Integer(required=True)
    kind = _enum(UpdateKind, required=True)
    created_at = fields.DateTime(required=True)
    organization = fields.Nested(NamedSchema, required=True, allow_none=True)
    status = _nullable_enum(OutcomeStatus)
    progress = fields.Integer(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)
    evidence_url = fields.String(required=True, allow_none=True)
    reported_on = fields.Date(required=True, allow_none=True)
    answers_update_id = fields.Integer(required=True, allow_none=True)


class DialogueRefSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    title_ar = fields.String(required=True, allow_none=True)
    title_en = fields.String(required=True, allow_none=True)
    held_on = fields.Date(required=True)
    city = fields.Nested(PlaceRefSchema, required=True)


class OutcomeDetailSchema(OutcomeSummarySchema):
    dialogue = fields.Nested(DialogueRefSchema, required=True)
    axis = fields.Nested(AxisSchema, required=True, allow_none=True)
    version = fields.Integer(
        required=True,
        metadata={"description": "Send it back with a verification to detect concurrent changes"},
    )
    timeline = fields.List(fields.Nested(UpdateSchema), required=True)


class DialoguePageSchema(PageSchema):
    items = fields.List(fields.Nested(DialogueSummarySchema), required=True)


class OutcomePageSchema(PageSchema):
    items = fields.List(fields.Nested(OutcomeSummarySchema), required=True)


class PlacePageSchema(PageSchema):
    items = fields.List(fields.Nested(PlaceSchema), required=True)


class ThemePageSchema(PageSchema):
    items = fields.List(fields.Nested(ThemeSchema), required=True)


class OrganizationPageSchema(PageSchema):
    items = fields.List(fields.Nested(OrganizationSchema), required=True)


# Query parameters and request bodies. They document what the shared WTForms forms accept
# (app.dialogues.filters, app.outcomes.forms), which do the validating; a test keeps the two equal.
class PagingQuerySchema(Schema):
    page = fields.Integer(validate=validate.Range(min=1), metadata={"description": "From 1"})
    per_page = fields.Integer(
        validate=validate.Range(min=1, max=200), metadata={"description": "Default 50"}
    )


class _DialogueFiltersMixin(Schema):
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Arabic-normalised search of titles, summaries and places"},
    )
    governorate = fields.Integer(metadata={"description": "A governorate id (see /places)"})
    city = fields.Integer(metadata={"description": "A city id (see /places)"})
    theme = fields.Integer(metadata={"description": "A theme id (see /themes)"})
    organization = fields.Integer(
        metadata={"description": "Organised by, or linked to, this organisation"}
    )
    held_from = fields.Date(data_key="from", metadata={"description": "Held on or after"})
    held_to = fields.Date(data_key="to", metadata={"description": "Held on or before"})


class StatisticsQuerySchema(Schema):
    """The city dashboard's filters (app.dashboards.forms)."""

    period = fields.String(
        validate=validate.OneOf(["all", "3", "6", "12", "custom"]),
        metadata={"description": "all (default), the last 3, 6 or 12 months, or custom"},
    )
    held_from = fields.Date(data_key="from", metadata={"description": "With period=custom"})
    held_to = fields.Date(data_key="to", metadata={"description": "With period=custom"})
    theme = fields.Integer(metadata={"description": "A theme id (see /themes)"})


class DialogueQuerySchema(_DialogueFiltersMixin, PagingQuerySchema):
    format = _enum(DialogueFormat)
    status = _enum(DialogueStatus)
    visibility = _enum(Visibility, metadata={"description": "Ignored for anonymous requests"})
    sort = fields.String(
        validate=validate.OneOf(["date", "city"]),
        metadata={"description": "date (newest first, the default) or city (by name)"},
    )


class OutcomeQuerySchema(_DialogueFiltersMixin, PagingQuerySchema):
    status = _enum(OutcomeStatus, metadata={"description": "The outcome's status"})
    queue = fields.Boolean(
        metadata={
            "description": "Only the outcomes of your organisation's list (/outcomes/): those "
            "it is responsible for (all, for an admin)"
        }
    )


class ProgressReportSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(
            [
                s.value
                for s in (
                    OutcomeStatus.IN_PROGRESS,
                    OutcomeStatus.ACHIEVED,
                    OutcomeStatus.STALLED,
                    OutcomeStatus.DROPPED,
                )
            ]
        ),
    )
    progress = fields.Integer(required=True, validate=validate.Range(min=0, max=100))
    reported_on = fields.Date(metadata={"description": "Not in the future; default today"})
    note = fields.String(validate=validate.Length(max=4000))
    evidence_url = fields.String(
        validate=validate.Length(max=500), metadata={"description": "A web address"}
    )


class VerificationSchema(Schema):
    update_id = fields.Integer(
        required=True, metadata={"description": "The progress report verified (timeline id)"}
    )
    note = fields.String(validate=validate.Length(max=2000))
    version = fields.Integer(
        metadata={"description": "The outcome's version as you read it; 409 if it changed"}
    )


class CountSchema(Schema):
    """A participant figure as the viewer may see it. For anonymous requests and donors every
    figure is rounded to a multiple of 5 (consistently: the same dialogues always give the same
    figure) and counts from 1 to 4 are withheld; organisations' staff get exact figures."""

    value = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "null when withheld (small) or not recorded; never 0 for unknown"},
    )
    suppressed = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(["small"]),
        metadata={"description": "small: under the threshold, withheld (the value is null)"},
    )
    rounded = fields.Boolean(
        required=True, metadata={"description": "The value is rounded to a multiple of 5"}
    )
    recorded = fields.Boolean(
        required=True,
        metadata={"description": "false: nobody recorded this figure (unknown, not zero)"},
    )


def _counts(keys: list[str]) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(keys)),
        values=fields.Nested(CountSchema),
        required=True,
    )


class ParticipantFiguresSchema(Schema):
    total = fields.Nested(CountSchema, required=True)
    women = fields.Nested(CountSchema, required=True)
    men = fields.Nested(CountSchema, required=True)
    sex_not_recorded = fields.Nested(CountSchema, required=True)
    youth = fields.Nested(CountSchema, required=True)
    by_sector = _counts([s.value for s in Sector] + ["not_recorded"])
    share_women = fields.Float(
        required=True,
        allow_none=True,
        metadata={
            "description": "Women over the participants of the dialogues that recorded both "
            "numbers (from the figures as you see them)"
        },
    )
    share_youth = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "Youth over the participants of the dialogues that recorded both"},
    )
    dialogues = fields.Integer(
        required=True, metadata={"description": "Dialogues held that these figures cover"}
    )
    dialogues_recorded = fields.Integer(
        required=True, metadata={"description": "Of them, those that recorded attendance"}
    )
    dialogues_sex_recorded = fields.Integer(
        required=True, metadata={"description": "Of them, those that recorded women or men"}
    )
    dialogues_youth_recorded = fields.Integer(
        required=True, metadata={"description": "Of them, those that recorded youth"}
    )
    dialogues_sectors_recorded = fields.Integer(
        required=True, metadata={"description": "Of them, those that recorded sectors"}
    )


class BilingualNameSchema(Schema):
    name_ar = fields.String(required=True, allow_none=True)
    name_en = fields.String(required=True, allow_none=True)


class ThemeCountSchema(Schema):
    theme = fields.Nested(BilingualNameSchema, required=True)
    dialogues = fields.Integer(required=True)


class PriorityCountSchema(Schema):
    theme = fields.Nested(BilingualNameSchema, required=True)
    counts = fields.Dict(
        keys=fields.String(validate=validate.OneOf([k.value for k in PriorityKind])),
        values=fields.Integer(),
        required=True,
    )


class MonthSchema(Schema):
    month = fields.Date(required=True, metadata={"description": "Its first day"})
    dialogues = fields.Integer(required=True)


class LatestDialogueSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    title_ar = fields.String(required=True, allow_none=True)
    title_en = fields.String(required=True, allow_none=True)
    held_on = _held_on()
    held_on_precision = _held_on_precision()
    city = fields.Nested(BilingualNameSchema, required=True)


def _per_status(enum_class) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf([m.value for m in enum_class])),
        values=fields.Integer(),
        required=True,
    )


class CityStatisticsSchema(Schema):
    place = fields.Nested(PlaceRefSchema, required=True)
    kind = _enum(PlaceKind, required=True)
    held_from = fields.Date(required=True, allow_none=True)
    held_to = fields.Date(required=True, allow_none=True)
    suppressed = fields.Boolean(
        required=True,
        metadata={
            "description": "Whether participant figures are protected for you: rounded to a "
            "multiple of `rounding_base`, counts under `threshold` withheld"
        },
    )
    threshold = fields.Integer(required=True)
    rounding_base = fields.Integer(required=True)
    dialogues = fields.Integer(
        required=True,
        metadata={"description": "Dialogues held (held or reported, date not in the future)"},
    )
    upcoming = fields.Integer(
        required=True,
        metadata={"description": "Planned dialogues on today's date or later, counted apart"},
    )
    participants = fields.Nested(ParticipantFiguresSchema, required=True)
    organizations = fields.Integer(required=True)
    organizations_by_kind = _per_status(OrganizationKind)
    bridging_sessions = fields.Integer(required=True)
    outcomes = fields.Integer(required=True)
    outcomes_by_status = _per_status(OutcomeStatus)
    funnel = _per_status(OutcomeStatus)
    overdue = fields.Integer(required=True)
    verified_outcomes = fields.Integer(required=True)
    achieved_verified = fields.Integer(required=True)
    share_achieved = fields.Float(required=True, allow_none=True)
    average_verified_progress = fields.Float(required=True, allow_none=True)
    per_month = fields.List(fields.Nested(MonthSchema), required=True)
    themes = fields.List(fields.Nested(ThemeCountSchema), required=True)
    priorities = fields.List(fields.Nested(PriorityCountSchema), required=True)
    latest_dialogues = fields.List(fields.Nested(LatestDialogueSchema), required=True)
