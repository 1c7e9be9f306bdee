from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

from app.config import Config


class LanguageForm(FlaskForm):
    lang = StringField(validators=[DataRequired(), AnyOf(Config.LANGUAGES)])
    next = HiddenField()
