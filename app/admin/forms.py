"""Forms of the administration pages. Choices come from what the actor may choose."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.accounts import permissions
from app.accounts.forms import clean_text, strip
from app.auth.models import Role
from app.core.labels import LABELS
from app.core.labels import choices as enum_choices
from app.dialogues.filters import within_period
from app.extensions import db
from app.organizations.models import Organization, OrganizationKind
from app.places.models import Place, PlaceKind
from app.places.services import SYRIA_LAT, SYRIA_LON

BLANK = ("", "—")


def organization_choices(actor: Any) -> list[tuple[str, str]]:
    return [
        (str(o.id), o.name) for o in db.session.scalars(permissions.assignable_organizations(actor))
    ]


class OrganizationForm(FlaskForm):
    name_ar = StringField(
        _l("Name in Arabic"), filters=[clean_text], validators=[Optional(), Length(max=200)]
    )
    name_en = StringField(
        _l("Name in English"), filters=[clean_text], validators=[Optional(), Length(max=200)]
    )
    kind = SelectField(_l("Kind"), choices=enum_choices(OrganizationKind))
    home_city_id = SelectField(_l("Home city"), choices=[])
    website = StringField(
        _l("Website"),
        filters=[strip],
        validators=[Optional(), Length(max=300)],
        description=_l("For example https://example.org"),
    )
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=[Optional(), Length(max=5000)]
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cities = db.session.scalars(
            sa.select(Place).where(Place.kind == PlaceKind.CITY).order_by(Place.name_en)
        )
        self.home_city_id.choices = [BLANK] + [(str(c.id), c.name) for c in cities]

    def validate_website(self, field) -> None:
        parts = urlsplit(field.data or "")
        if field.data and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ValidationError(_l("Enter a web address that starts with https:// or http://"))

    def values(self) -> dict[str, Any]:
        return {
            "name_ar": self.name_ar.data or None,
            "name_en": self.name_en.data or None,
            "kind": OrganizationKind(self.kind.data),
            "home_city_id": int(self.home_city_id.data) if self.home_city_id.data else None,
            "website": self.website.data or None,
            "description": self.description.data or None,
        }


class MergeOrganizationForm(FlaskForm):
    target_id = SelectField(
        _l("Merge into"),
        choices=[],
        validators=[DataRequired(_l("Choose the organisation to keep."))],
    )
    submit = SubmitField(_l("Merge"))

    def __init__(self, *args: Any, source: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registry = db.session.scalars(
            sa.select(Organization)
            .where(Organization.confirmed.is_(True), Organization.id != source.id)
            .order_by(Organization.name_en, Organization.name_ar)
        )
        self.target_id.choices = [BLANK] + [(str(o.id), o.name) for o in registry]


class UserFields(FlaskForm):
    name = StringField(
        _l("Name"), filters=[clean_text], validators=[DataRequired(), Length(max=120)]
    )
    role = SelectField(_l("Role"), choices=[])
    organization_id = SelectField(_l("Organisation"), choices=[])
    is_manager = BooleanField(
        _l("Manager: may invite and manage the organisation's staff"),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [(r.value, LABELS[r]) for r in permissions.assignable_roles(actor)]
        orgs = organization_choices(actor)
        self.organization_id.choices = ([BLANK] if permissions.is_admin(actor) else []) + orgs
        if not permissions.is_admin(actor):
            del self.is_manager

    def chosen_role(self) -> Role:
        return Role(self.role.data)

    def chosen_organization_id(self) -> int | None:
        return int(self.organization_id.data) if self.organization_id.data else None

    def wants_manager(self) -> bool:
        return bool(self.is_manager.data) if "is_manager" in self else False


class InviteForm(UserFields):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    preferred_language = SelectField(
        _l("Language of the invitation"),
        choices=[("ar", "العربية"), ("en", "English")],
    )
    submit = SubmitField(_l("Send the invitation"))


class UserEditForm(UserFields):
    submit = SubmitField(_l("Save"))


class ThemeForm(FlaskForm):
    name_ar = StringField(
        _l("Name in Arabic"), filters=[clean_text], validators=[DataRequired(), Length(max=200)]
    )
    name_en = StringField(
        _l("Name in English"), filters=[clean_text], validators=[DataRequired(), Length(max=200)]
    )
    description_en = TextAreaField(
        _l("Description"), filters=[strip], validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Save"))


class MergeForm(FlaskForm):
    target_id = SelectField(_l("Merge into"), choices=[])
    submit = SubmitField(_l("Merge"))


COORDINATE_HINT = _l("Decimal degrees, for example 34.7268 (latitude) and 36.7234 (longitude).")


class CityForm(FlaskForm):
    name_ar = StringField(
        _l("Name in Arabic"), filters=[clean_text], validators=[DataRequired(), Length(max=120)]
    )
    name_en = StringField(
        _l("Name in English"), filters=[clean_text], validators=[DataRequired(), Length(max=120)]
    )
    governorate_id = SelectField(_l("Governorate"), choices=[], validators=[DataRequired()])
    district_id = SelectField(_l("District"), choices=[])
    lat = FloatField(
        _l("Latitude"),
        validators=[DataRequired(message=_l("Enter the latitude as a number."))],
        description=COORDINATE_HINT,
    )
    lon = FloatField(
        _l("Longitude"), validators=[DataRequired(message=_l("Enter the longitude as a number."))]
    )
    submit = SubmitField(_l("Add the place"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = db.session.scalars(
            sa.select(Place)
            .where(Place.kind.in_([PlaceKind.GOVERNORATE, PlaceKind.DISTRICT]))
            .order_by(Place.code)
        ).all()
        self.governorate_id.choices = [BLANK] + [
            (str(p.id), p.name) for p in places if p.kind == PlaceKind.GOVERNORATE
        ]
        self.district_id.choices = [BLANK] + [
            (str(p.id), p.name) for p in places if p.kind == PlaceKind.DISTRICT
        ]
        self._districts = {p.id: p for p in places if p.kind == PlaceKind.DISTRICT}

    def validate_lat(self, field) -> None:
        if field.data is not None and not SYRIA_LAT[0] <= field.data <= SYRIA_LAT[1]:
            raise ValidationError(
                _l(
                    "This latitude is outside Syria (between %(low)s and %(high)s).",
                    low=SYRIA_LAT[0],
                    high=SYRIA_LAT[1],
                )
            )

    def validate_lon(self, field) -> None:
        if field.data is not None and not SYRIA_LON[0] <= field.data <= SYRIA_LON[1]:
            raise ValidationError(
                _l(
                    "This longitude is outside Syria (between %(low)s and %(high)s).",
                    low=SYRIA_LON[0],
                    high=SYRIA_LON[1],
                )
            )

    def validate_district_id(self, field) -> None:
        if not field.data or not self.governorate_id.data:
            return
        district = self._districts.get(int(field.data)) if field.data.isdigit() else None
        if district is None or str(district.governorate_id) != self.governorate_id.data:
            raise ValidationError(_l("This district is not in the chosen governorate."))


class AuditFilterForm(FlaskForm):
    """GET filters of the audit log."""

    class Meta:
        csrf = False

    user = StringField(
        _l("User's e-mail"), filters=[strip], validators=[Optional(), Length(max=254)]
    )
    organization = SelectField(_l("Organisation"), choices=[], validators=[Optional()])
    entity = SelectField(_l("Kind of record"), choices=[], validators=[Optional()])
    entity_id = IntegerField(
        _l("Record number"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    since = DateField(_l("From"), validators=[Optional(), within_period])
    until = DateField(_l("Until"), validators=[Optional(), within_period])

    def __init__(self, formdata: Any, *, entity_types: list[str], **kwargs: Any) -> None:
        super().__init__(formdata, **kwargs)
        orgs = db.session.scalars(sa.select(Organization).order_by(Organization.name_en))
        self.organization.choices = [BLANK] + [(str(o.id), o.name) for o in orgs]
        self.entity.choices = [BLANK] + [
            (name, ENTITY_LABELS.get(name, name)) for name in entity_types
        ]

    def query_args(self, without: str | None = None) -> dict[str, Any]:
        args = {}
        for name in ("user", "organization", "entity", "entity_id", "since", "until"):
            value = self[name].raw_data[0] if self[name].raw_data else ""
            if name != without and value and not self[name].errors:
                args[name] = value
        return args


ENTITY_LABELS = {
    "users": _l("Users"),
    "organizations": _l("Organisations"),
    "themes": _l("Themes"),
    "places": _l("Places"),
    "dialogues": _l("Dialogues"),
    "outcomes": _l("Outcomes"),
    "outcome_updates": _l("Outcome updates"),
    "photos": _l("Photos"),
    "statements": _l("Statements"),
    "system": _l("System"),
}
