"""Loading the theme taxonomy shipped with the app: idempotent, updating rows that changed."""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.places.services import LoadReport
from app.themes.models import Theme

DATA_FILE = Path(__file__).parent / "data" / "themes.csv"


def load_themes() -> LoadReport:
    report = LoadReport()
    by_code = {t.code: t for t in db.session.scalars(sa.select(Theme))}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "description_en": row["description_en"] or None,
            }
            theme = by_code.get(row["code"])
            if theme is None:
                db.session.add(Theme(code=row["code"], **values))
                report.created += 1
            elif any(getattr(theme, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(theme, key, value)
                report.updated += 1
            else:
                report.unchanged += 1
    db.session.flush()
    return report
