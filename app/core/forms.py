from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import AnyOf, DataRequired

from app.config import Config

# Fields no label points at. A page holds several forms (the language switch, sign-out, a step's
# form, a comment form), and each would give its CSRF token, its hidden `next` or `version` and
# its submit button the same id: invalid HTML. They need no id, so they get none unless asked.
WITHOUT_ID = frozenset({"HiddenField", "CSRFTokenField", "SubmitField"})


def _render_field(meta, field, render_kw):
    if field.type in WITHOUT_ID and "id" not in render_kw:
        render_kw = {**render_kw, "id": False}
    return DefaultMeta.render_field(meta, field, render_kw)


def render_hidden_fields_without_ids() -> None:
    """Installed once by create_app (register_template_helpers) for every FlaskForm."""
    FlaskForm.Meta.render_field = _render_field


class LanguageForm(FlaskForm):
    lang = StringField(validators=[DataRequired(), AnyOf(Config.LANGUAGES)])
    next = HiddenField()
