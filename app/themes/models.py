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

    def __repr__(self) -> str:
        return f"<Theme {self.code}>"
