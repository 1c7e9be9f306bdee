"""Places: governorates, districts and cities, with P-codes and coordinates."""

from __future__ import annotations

import enum

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.db import Base, enum_column
from app.i18n import BilingualName


class PlaceKind(enum.StrEnum):
    GOVERNORATE = "governorate"
    DISTRICT = "district"
    CITY = "city"


class Place(BilingualName, Base):
    __tablename__ = "places"
    __table_args__ = (
        sa.CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="lat_range"),
        sa.CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="lon_range"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    kind: so.Mapped[PlaceKind] = so.mapped_column(enum_column(PlaceKind, "place_kind"), index=True)
    name_en: so.Mapped[str] = so.mapped_column(sa.String(120))
    name_ar: so.Mapped[str] = so.mapped_column(sa.String(120))
    governorate_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("places.id"), index=True)
    district_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("places.id"))
    lat: so.Mapped[float | None]
    lon: so.Mapped[float | None]
    # Which COD-AB release a P-code came from: boundaries get redrawn (NOTES.md §1.3).
    source: so.Mapped[str | None] = so.mapped_column(sa.String(60))

    governorate: so.Mapped[Place | None] = so.relationship(
        remote_side=[id], foreign_keys=[governorate_id]
    )
    district: so.Mapped[Place | None] = so.relationship(
        remote_side=[id], foreign_keys=[district_id]
    )
    aliases: so.Mapped[list[PlaceAlias]] = so.relationship(
        back_populates="place", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Place {self.code}>"


class PlaceAlias(Base):
    """Another spelling of a place (Palmyra = Tadmur = تدمر), for search."""

    __tablename__ = "place_aliases"
    __table_args__ = (sa.UniqueConstraint("place_id", "alias"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    place_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("places.id", ondelete="CASCADE"))
    alias: so.Mapped[str] = so.mapped_column(sa.String(120))
    lang: so.Mapped[str] = so.mapped_column(sa.String(8))
    normalized: so.Mapped[str] = so.mapped_column(sa.String(120), index=True)

    place: so.Mapped[Place] = so.relationship(back_populates="aliases")
