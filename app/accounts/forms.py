from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.auth.passwords import MAX_LENGTH, MIN_LENGTH
from app.search.normalize import strip_bidi_controls


def clean_text(value):
    """Trim, and drop bidi override characters that could disguise a name."""
    return strip_bidi_controls(value).strip() if isinstance(value, str) else value


def strip(value):
    return value.strip() if isinstance(value, str) else value


PASSWORD_RULE = _l(
    "At least %(min)d and at most %(max)d characters; a long phrase is easiest to remember. "
    "Very common passwords are refused.",
    min=MIN_LENGTH,
    max=MAX_LENGTH,
)
LANGUAGE_CHOICES = [("", _l("As my browser asks")), ("ar", "العربية"), ("en", "English")]


def new_password_field(label=None):
    # No Length validator: the password policy says what is wrong, in one message.
    return PasswordField(
        label or _l("New password"), validators=[DataRequired()], description=PASSWORD_RULE
    )


class SetPasswordForm(FlaskForm):
    """Choosing a password from an invitation or a reset link."""

    password = new_password_field(_l("Password"))
    confirm = PasswordField(
        _l("Password, again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Save the password"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    submit = SubmitField(_l("Send me a link"))


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name"), filters=[clean_text], validators=[DataRequired(), Length(max=120)]
    )
    preferred_language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    new_password = new_password_field()
    confirm = PasswordField(
        _l("New password, again"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Change the password"))


class SignOutEverywhereForm(FlaskForm):
    revoke_tokens = BooleanField(_l("Also revoke all my API tokens"))
    submit = SubmitField(_l("Sign out everywhere"))
