"""The report a dialogue was drafted from: kept as its source, the text readable only by the
recording organisation (and admins)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.db import Base, utcnow


class DialogueReport(Base):
    __tablename__ = "dialogue_reports"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), unique=True
    )
    publisher: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    published_on: so.Mapped[date | None]
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
