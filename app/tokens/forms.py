"""Forms of the token page: create one, revoke one."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.dialogues.forms import clean_text
from app.tokens.models import TokenScope


class CreateTokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("What the token is for, e.g. the system that will use it."),
        filters=[clean_text],
        validators=[DataRequired(_l("Give the token a name.")), Length(max=100)],
    )
    expires_on = DateField(
        _l("Expires on (optional)"),
        description=_l("The token stops working at the end of this day (UTC)."),
        validators=[Optional()],
        invalid_value_message=_l("Enter a date as YYYY-MM-DD."),
    )
    scope = RadioField(
        _l("Access"),
        choices=[
            (TokenScope.READ.value, _l("Read only")),
            (TokenScope.READ_WRITE.value, _l("Read and write (report progress, verify)")),
        ],
        default=TokenScope.READ.value,
        validators=[DataRequired(_l("Choose the access."))],
    )

    def validate_expires_on(self, field: DateField) -> None:
        if field.data and field.data < date.today():
            raise ValidationError(_l("Choose today or a later day."))


class RevokeTokenForm(FlaskForm):
    pass
