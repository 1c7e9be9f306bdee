"""The dialogue form: the whole dialogue on one page, with repeating rows that work without JS."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Length as MaxLength
from wtforms.validators import NumberRange, Optional, ValidationError

from app.core.labels import choices
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
from app.extensions import db
from app.organizations.choices import convening_choices, registry_choices
from app.organizations.models import Organization
from app.outcomes.models import OutcomeKind
from app.photos.forms import PhotosField
from app.places.models import Place, PlaceAlias, PlaceKind
from app.search.normalize import normalize, strip_bidi_controls
from app.themes.models import Theme

COUNT = [
    Optional(),
    NumberRange(min=0, max=1_000_000, message=_l("Enter a whole number, 0 or more.")),
]
BLANK = ("", "—")


def clean_text(value):
    """Trim, and drop bidi override characters that could disguise a title or a name."""
    return strip_bidi_controls(value).strip() if isinstance(value, str) else value


def city_options() -> list[tuple[str, str, dict[str, str]]]:
    """Cities with both names and every alias, normalised, for the search box above the list."""
    cities = db.session.scalars(
        sa.select(Place).where(Place.kind == PlaceKind.CITY).order_by(Place.name_en)
    ).all()
    aliases: dict[int, list[str]] = {}
    for place_id, alias in db.session.execute(
        sa.select(PlaceAlias.place_id, PlaceAlias.normalized)
    ):
        aliases.setdefault(place_id, []).append(alias)
    # In the viewer's alphabet: Arabic names in Arabic order (hamza forms with alef, as the
    # search normalises them), English names in English order.
    cities = sorted(cities, key=lambda city: (normalize(city.name), city.name))
    return [
        (
            str(city.id),
            city.name,
            {
                "data-search": " ".join(
                    [normalize(city.name_ar), normalize(city.name_en), *aliases.get(city.id, [])]
                )
            },
        )
        for city in cities
    ]


def _row_id(row) -> str | None:
    field = getattr(row, "id", None)
    return field.data if field is not None else None


class RowForm(Form):
    """A repeating row; a row left entirely blank is ignored."""

    def is_blank(self) -> bool:
        return not any(
            field.data not in (None, "", 0)
            for name, field in self._fields.items()
            if name not in {"id", "position"}
        )


class LinkRowForm(RowForm):
    organization_id = SelectField(_l("Organisation"), coerce=str, validators=[Optional()])
    role = SelectField(_l("Role"), choices=[BLANK, *choices(LinkRole)], validators=[Optional()])


class AxisRowForm(RowForm):
    title = StringField(_l("Axis"), filters=[clean_text], validators=[MaxLength(max=500)])
    theme_id = SelectField(_l("Theme"), coerce=str, validators=[Optional()])


class PriorityRowForm(RowForm):
    kind = SelectField(_l("Kind"), choices=[BLANK, *choices(PriorityKind)], validators=[Optional()])
    text = TextAreaField(_l("Text"), filters=[clean_text], validators=[MaxLength(max=4000)])
    theme_id = SelectField(_l("Theme"), coerce=str, validators=[Optional()])


class OutcomeRowForm(RowForm):
    id = HiddenField()
    kind = SelectField(_l("Kind"), choices=[BLANK, *choices(OutcomeKind)], validators=[Optional()])
    text = TextAreaField(_l("Text"), filters=[clean_text], validators=[MaxLength(max=4000)])
    theme_id = SelectField(_l("Theme"), coerce=str, validators=[Optional()])
    responsible_org_id = SelectField(
        _l("Responsible organisation"), coerce=str, validators=[Optional()]
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])


def web_address(form, field) -> None:
    """Only http and https addresses (no javascript:, data: or file: links)."""
    url = (field.data or "").strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        raise ValidationError(_l("Enter a web address that starts with https:// or http://"))


CONSENT_CHOICES = [
    (ConsentLevel.INTERNAL.value, _l("Not for publication (our organisation only)")),
    (ConsentLevel.ANONYMOUS.value, _l("Publish without the name")),
    (ConsentLevel.NAMED.value, _l("Publish with the name")),
]


class StatementRowForm(RowForm):
    id = HiddenField()
    text = TextAreaField(_l("Statement"), filters=[clean_text], validators=[MaxLength(max=4000)])
    speaker_name = StringField(
        _l("Speaker's name"), filters=[clean_text], validators=[MaxLength(max=200)]
    )
    speaker_role = StringField(
        _l("Speaker's role"), filters=[clean_text], validators=[MaxLength(max=200)]
    )
    speaker_organization_id = SelectField(
        _l("Speaker's organisation"), coerce=str, validators=[Optional()]
    )
    consent_level = SelectField(
        _l("Consent recorded"), choices=CONSENT_CHOICES, default=ConsentLevel.INTERNAL.value
    )

    def is_blank(self) -> bool:
        # The consent select always has a value: a row is blank when nothing else was typed.
        return (
            not any(self[name].data for name in ("text", "speaker_name", "speaker_role"))
            and not self.speaker_organization_id.data
        )


class SourceRowForm(RowForm):
    publisher = StringField(
        _l("Publisher or document"),
        filters=[clean_text],
        validators=[MaxLength(max=300)],
        description=_l("For example: SANA — Homs"),
    )
    url = StringField(
        _l("Web address (optional)"),
        filters=[clean_text],
        validators=[MaxLength(max=1000), web_address],
    )
    published_on = DateField(_l("Date (optional)"), validators=[Optional()])


class SectorCountsForm(Form):
    pass


for _sector in Sector:
    setattr(SectorCountsForm, _sector.value, IntegerField(validators=COUNT))


class DialogueForm(FlaskForm):
    title_ar = StringField(
        _l("Title (Arabic)"), filters=[clean_text], validators=[MaxLength(max=300)]
    )
    title_en = StringField(
        _l("Title (English)"), filters=[clean_text], validators=[MaxLength(max=300)]
    )
    format = SelectField(_l("Format"), choices=choices(DialogueFormat))
    held_on = DateField(_l("Date"), validators=[Optional()])
    held_on_precision = SelectField(
        _l("Date known to"),
        choices=[
            (DatePrecision.DAY.value, _l("The day")),
            (DatePrecision.MONTH.value, _l("The month only (the day is not known)")),
        ],
        default=DatePrecision.DAY.value,
        description=_l("Month only: enter any day of that month; only the month is kept."),
    )
    starts_at = TimeField(_l("Start time"), validators=[Optional()])
    city_id = SelectField(_l("City"), coerce=str)
    venue = StringField(_l("Venue"), filters=[clean_text], validators=[MaxLength(max=300)])
    summary_ar = TextAreaField(
        _l("Summary (Arabic)"), filters=[clean_text], validators=[MaxLength(max=20000)]
    )
    summary_en = TextAreaField(
        _l("Summary (English)"), filters=[clean_text], validators=[MaxLength(max=20000)]
    )
    status = SelectField(_l("Status"), choices=choices(DialogueStatus))
    visibility = SelectField(
        _l("Who may see it"), choices=choices(Visibility), default=Visibility.PARTNERS.value
    )
    participants_total = IntegerField(_l("Participants in total"), validators=COUNT)
    participants_women = IntegerField(_l("Women"), validators=COUNT)
    participants_men = IntegerField(_l("Men"), validators=COUNT)
    participants_youth = IntegerField(_l("Youth (18–29)"), validators=COUNT)
    sectors = FormField(SectorCountsForm, label=_l("Participants by sector"))
    convening_org_id = SelectField(
        _l("Convening organisation"),
        coerce=str,
        validators=[Optional()],
        description=_l("The organisation that held the dialogue, when it is not yours."),
    )
    convening_org_name = StringField(
        _l("Not in the list? Its name"),
        filters=[clean_text],
        validators=[MaxLength(max=200)],
        description=_l(
            "Written as the report writes it. It is shown as unconfirmed until an administrator "
            "confirms it."
        ),
    )
    links = FieldList(FormField(LinkRowForm), min_entries=1)
    axes = FieldList(FormField(AxisRowForm), min_entries=1)
    priorities = FieldList(FormField(PriorityRowForm), min_entries=1)
    outcomes = FieldList(FormField(OutcomeRowForm), min_entries=1)
    statements = FieldList(FormField(StatementRowForm), min_entries=1)
    sources = FieldList(FormField(SourceRowForm), min_entries=1)
    photos = PhotosField(
        _l("Add photos"),
        description=_l(
            "Choose one or several: JPEG, PNG or WebP, up to 10 MB each. Location and camera data "
            "are removed on upload."
        ),
        render_kw={"multiple": True},
    )
    version = HiddenField()
    creation_key = HiddenField()
    # Photos uploaded with this form are kept under this key while the form is not yet saved.
    upload_key = HiddenField()
    # Only an admin, who belongs to no organisation, files a dialogue for one.
    organizer_org_id = SelectField(_l("Organising organisation"), coerce=str)

    def __init__(
        self,
        *args,
        organization: Organization | None = None,
        choose_organizer: bool = False,
        convening_current: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if not choose_organizer:
            del self.organizer_org_id
        city_choices = [BLANK, *city_options()]
        theme_choices = [BLANK] + [
            (str(t.id), t.name)
            for t in db.session.scalars(
                sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.code)
            )
        ]
        org_choices = [BLANK, *registry_choices()]
        self.convening_org_id.choices = [
            ("", _l("— the recording organisation held it")),
            *convening_choices(organization, current=convening_current),
        ]
        self.city_id.choices = city_choices
        if choose_organizer:
            self.organizer_org_id.choices = org_choices
        self._theme_choices = theme_choices
        self._org_choices = org_choices
        self.sector_errors = []
        self._set_row_choices()

    def _set_row_choices(self) -> None:
        for row in self.links:
            row.organization_id.choices = self._org_choices
        for rows in (self.axes, self.priorities, self.outcomes):
            for row in rows:
                row.theme_id.choices = self._theme_choices
        for row in self.outcomes:
            row.responsible_org_id.choices = self._org_choices
        for row in self.statements:
            row.speaker_organization_id.choices = self._org_choices

    def add_blank_rows(self) -> None:
        """Each list shows its filled rows and exactly one empty row (for adding without
        JavaScript): blank rows sent back by a failed save do not pile up."""
        for rows in (
            self.links,
            self.axes,
            self.priorities,
            self.outcomes,
            self.statements,
            self.sources,
        ):
            kept = [e for e in rows.entries if not (e.form.is_blank() and not _row_id(e.form))]
            if len(kept) != len(rows.entries):
                rows.entries = kept
                rows.last_index = max((int(e.name.rsplit("-", 1)[-1]) for e in kept), default=-1)
            rows.append_entry()
        self._set_row_choices()

    # -- whole-form rules: each message goes next to the field it is about --------------------

    def validate(self, extra_validators=None) -> bool:
        self.sector_errors: list = []  # a FormField's own errors cannot hold a whole-group message
        valid = super().validate(extra_validators)
        checks = [
            self._check_organizer,
            self._check_title,
            self._check_city,
            self._check_date,
            self._check_counts,
            self._check_outcomes_held,
            self._check_rows,
            self._check_links,
            self._check_convener,
        ]
        for check in checks:
            valid = check() and valid
        return valid

    def _fail(self, field, message) -> bool:
        field.errors = [*field.errors, message]
        return False

    def _check_organizer(self) -> bool:
        if "organizer_org_id" not in self._fields or self.organizer_org_id.data:
            return True
        return self._fail(self.organizer_org_id, _l("Choose the organisation that held it."))

    def _check_title(self) -> bool:
        if self.title_ar.data or self.title_en.data:
            return True
        return self._fail(self.title_ar, _l("Give a title in Arabic, in English, or both."))

    def _check_city(self) -> bool:
        return bool(self.city_id.data) or self._fail(self.city_id, _l("Choose the city."))

    def _check_date(self) -> bool:
        if self.held_on.data is None:
            if not self.held_on.errors:
                return self._fail(self.held_on, _l("Give the date of the dialogue."))
            return False
        held = self.status.data in (DialogueStatus.HELD.value, DialogueStatus.REPORTED.value)
        if self.month_only():
            if not held:
                return self._fail(
                    self.held_on_precision,
                    _l("Only a dialogue that was held can be recorded with the month only."),
                )
            self.held_on.data = self.held_on.data.replace(day=1)
        if held and self.held_on.data > date.today():
            return self._fail(
                self.held_on, _l("A dialogue that was held cannot have a date in the future.")
            )
        return True

    def _count(self, field) -> int:
        return field.data or 0

    def _check_counts(self) -> bool:
        """Blank means "not recorded"; a recorded breakdown needs a recorded total."""
        total = self.participants_total.data
        parts = (self.participants_women, self.participants_men, self.participants_youth)
        sectors_given = any(f.data is not None for f in self.sectors.form)
        if total is None:
            if any(f.data is not None for f in parts) or sectors_given:
                return self._fail(
                    self.participants_total,
                    _l("Enter the total (or clear the breakdown): a breakdown needs its total."),
                )
            return True
        ok = True
        if self._count(self.participants_women) + self._count(self.participants_men) > total:
            ok = self._fail(
                self.participants_women, _l("Women and men together cannot exceed the total.")
            )
        if self._count(self.participants_youth) > total:
            ok = self._fail(self.participants_youth, _l("Youth cannot exceed the total."))
        if sum(self._count(f) for f in self.sectors.form) > total:
            self.sector_errors.append(_l("The sector counts together cannot exceed the total."))
            ok = False
        return ok

    def _check_outcomes_held(self) -> bool:
        """Outcomes only exist for dialogues that took place (app.dialogues.held)."""
        if self.status.data != DialogueStatus.PLANNED.value:
            return True
        filled = [row for row in self.outcomes if not row.form.is_blank()]
        if not filled:
            return True
        return self._fail(
            filled[0].form.text,
            _l(
                "A planned dialogue has no outcomes yet: set its status to held once it has "
                "taken place, or remove the outcome."
            ),
        )

    def _check_rows(self) -> bool:
        ok = True
        required = {
            "axes": ("title", "theme_id"),
            "priorities": ("kind", "text", "theme_id"),
            "outcomes": ("kind", "text", "theme_id"),
            "links": ("organization_id", "role"),
            "statements": ("text",),
            "sources": ("publisher",),
        }
        for list_name, names in required.items():
            for row in getattr(self, list_name):
                if row.form.is_blank():
                    continue
                for name in names:
                    if not row.form[name].data:
                        ok = self._fail(
                            row.form[name], _l("This is needed for the row to be kept.")
                        )
        for row in self.outcomes:
            due = row.form.due_on.data
            if due and self.held_on.data and due < self.held_on.data:
                ok = self._fail(row.form.due_on, _l("The due date cannot be before the dialogue."))
        return ok

    def _check_links(self) -> bool:
        seen: set[str] = set()
        ok = True
        for row in self.links:
            org = row.form.organization_id.data
            if not org:
                continue
            if org in seen:
                ok = self._fail(row.form.organization_id, _l("This organisation is listed twice."))
            if self.organization is not None and org == str(self.organization.id):
                ok = self._fail(
                    row.form.organization_id,
                    _l("The organiser is already part of the dialogue; list other organisations."),
                )
            seen.add(org)
        return ok

    def _check_convener(self) -> bool:
        if self.convening_org_id.data and self.convening_org_name.data:
            return self._fail(
                self.convening_org_name,
                _l("Choose the organisation from the list or write its name, not both."),
            )
        chosen = self.convening_org_id.data
        if self.organization is not None and chosen == str(self.organization.id):
            self.convening_org_id.data = ""  # the recording organisation held it: nothing to add
        return True

    def month_only(self) -> bool:
        return self.held_on_precision.data == DatePrecision.MONTH.value

    def filled_rows(self, list_name: str) -> list[dict]:
        return [row.form.data for row in getattr(self, list_name) if not row.form.is_blank()]

    def sector_counts(self) -> dict[str, int]:
        """The sectors recorded (0 included); a blank sector is not recorded."""
        return {name: value for name, value in self.sectors.data.items() if value is not None}
