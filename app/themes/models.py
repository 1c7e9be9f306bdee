"""The shared taxonomy of discussion themes, so that axes and outcomes aggregate across cities."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.db import Base
from app.i18n import BilingualName


class Theme(BilingualName, Base):
    __tablename__ = "themes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(60), unique=True)
    name_en: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_ar: so.Mapped[str] = so.mapped_column(sa.String(200))
    description_en: so.Mapped[str | None] = so.mapped_column(sa.Text)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # A theme merged into another stays (inactive), so that `flask themes load` does not
    # bring its code back as a new theme, and old audit events still name it.
    merged_into_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("themes.id"))

    merged_into: so.Mapped[Theme | None] = so.relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Theme {self.code}>"
