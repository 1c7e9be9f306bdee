"""The dialogue form: the whole dialogue on one page, with repeating rows that work without JS."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
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
    DialogueFormat,
    DialogueStatus,
    LinkRole,
    PriorityKind,
    Sector,
    Visibility,
)
from app.extensions import db
from app.organizations.models import Organization
from app.outcomes.models import OutcomeKind
from app.photos.forms import PhotoField
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


class StatementRowForm(RowForm):
    id = HiddenField()
    text = TextAreaField(_l("Statement"), filters=[clean_text], validators=[MaxLength(max=4000)])
    speaker_role = StringField(
        _l("Speaker's role"), filters=[clean_text], validators=[MaxLength(max=200)]
    )
    speaker_organization_id = SelectField(
        _l("Speaker's organisation"), coerce=str, validators=[Optional()]
    )
    consent_to_publish = BooleanField(_l("Consent to publish recorded"))


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
    source_links = TextAreaField(
        _l("Source links"),
        description=_l("One web address per line."),
        validators=[MaxLength(max=4000)],
    )
    links = FieldList(FormField(LinkRowForm), min_entries=1)
    axes = FieldList(FormField(AxisRowForm), min_entries=1)
    priorities = FieldList(FormField(PriorityRowForm), min_entries=1)
    outcomes = FieldList(FormField(OutcomeRowForm), min_entries=1)
    statements = FieldList(FormField(StatementRowForm), min_entries=1)
    photo = PhotoField(
        _l("Add a photo"),
        description=_l(
            "JPEG, PNG or WebP, up to 10 MB. Location and camera data are removed on upload."
        ),
    )
    photo_caption = StringField(
        _l("Caption"), filters=[clean_text], validators=[MaxLength(max=500)]
    )
    version = HiddenField()
    creation_key = HiddenField()
    # Only an admin, who belongs to no organisation, files a dialogue for one.
    organizer_org_id = SelectField(_l("Organising organisation"), coerce=str)

    def __init__(
        self,
        *args,
        organization: Organization | None = None,
        choose_organizer: bool = False,
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
        org_choices = [BLANK] + [
            (str(o.id), o.name)
            for o in db.session.scalars(
                sa.select(Organization)
                .where(Organization.active.is_(True))
                .order_by(Organization.name_en)
            )
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
        """Without JavaScript, each page offers one more empty row in every repeating list."""
        for rows in (self.links, self.axes, self.priorities, self.outcomes, self.statements):
            if not rows.entries or not rows[-1].form.is_blank():
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

    def validate_source_links(self, field) -> None:
        for line in (field.data or "").splitlines():
            url = line.strip()
            if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
                raise ValidationError(_l("“%(url)s” is not a web address.", url=url[:80]))

    def filled_rows(self, list_name: str) -> list[dict]:
        return [row.form.data for row in getattr(self, list_name) if not row.form.is_blank()]

    def sector_counts(self) -> dict[str, int]:
        """The sectors recorded (0 included); a blank sector is not recorded."""
        return {name: value for name, value in self.sectors.data.items() if value is not None}
