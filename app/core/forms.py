from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired


class LanguageForm(FlaskForm):
    lang = SelectField(choices=[("ar", "العربية"), ("en", "English")], validators=[DataRequired()])
    next = HiddenField()
