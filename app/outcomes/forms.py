"""Forms of the outcome page: answer an assignment, report progress, verify, comment, link."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.core.labels import LABELS
from app.dialogues.forms import clean_text
from app.outcomes.services import REPORTABLE_STATUSES
from app.photos.forms import PhotosField


def own_id(field, new_id: str) -> None:
    """The outcome page holds several forms with a `note`: each box gets an id, and its label
    the same `for`, of its own (the field's name, which the server reads, stays `note`)."""
    field.id = new_id
    field.label.field_id = new_id


class VersionedForm(FlaskForm):
    version = HiddenField()

    def loaded_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class AcceptForm(VersionedForm):
    pass


class DeclineForm(VersionedForm):
    reason = TextAreaField(
        _l("Why your organisation declines"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Say why, so the organiser can find someone else.")),
            Length(max=2000),
        ],
    )


class ProgressForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[(s.value, LABELS[s]) for s in REPORTABLE_STATUSES])
    progress = IntegerField(
        _l("Progress (%)"),
        validators=[
            InputRequired(_l("Give the progress, 0 to 100.")),  # 0 is an answer: not DataRequired
            NumberRange(min=0, max=100, message=_l("Give a whole number from 0 to 100.")),
        ],
    )
    reported_on = DateField(_l("Date of the progress"), default=date.today, validators=[Optional()])
    note = TextAreaField(_l("What was done"), filters=[clean_text], validators=[Length(max=4000)])
    evidence_url = StringField(
        _l("Evidence link"),
        filters=[clean_text],
        validators=[Optional(), URL(message=_l("Give a web address.")), Length(max=500)],
    )
    photos = PhotosField(
        _l("Evidence photos"),
        description=_l("One or several; location and camera data are removed on upload."),
        render_kw={"multiple": True},
    )
    # Photos chosen with this form are kept under this key while the form is not yet saved.
    upload_key = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own_id(self.note, "progress-note")

    def validate_reported_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("Progress cannot be reported for a future date."))


class ReviewForm(VersionedForm):
    update_id = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Comment"), filters=[clean_text], validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own_id(self.note, "review-note")


class CommentForm(FlaskForm):
    note = TextAreaField(
        _l("Comment"),
        filters=[clean_text],
        validators=[DataRequired(_l("Write the comment.")), Length(max=4000)],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own_id(self.note, "comment-note")


class FollowUpForm(FlaskForm):
    dialogue_id = SelectField(_l("Discussed again in"), coerce=str, validators=[DataRequired()])
