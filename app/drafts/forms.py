from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, TextAreaField
from wtforms.validators import Optional


class ReportForm(FlaskForm):
    text = TextAreaField(
        _l("Paste the report"),
        description=_l(
            "A news report or minutes, in Arabic or English. Pasted HTML is read as text."
        ),
    )
    file = FileField(
        _l("Or upload it"),
        description=_l(".txt, a saved web page (.html), .docx, or a PDF with text; up to 5 MB."),
    )
    published_on = DateField(
        _l("Publication date"),
        validators=[Optional()],
        default=date.today,
        description=_l("Used for “today”, “yesterday” and weekdays when the text gives no date."),
    )
