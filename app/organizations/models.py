"""Organisations: dialogue centres, civil-society and community groups, institutions, donors."""

from __future__ import annotations

import enum

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.db import Base, TimestampMixin, enum_column
from app.i18n import BilingualName
from app.places.models import Place


class OrganizationKind(enum.StrEnum):
    CIVIL_SOCIETY = "civil_society"
    COMMUNITY = "community"
    PUBLIC_INSTITUTION = "public_institution"
    INTERNATIONAL = "international"
    DONOR = "donor"
    ACADEMIC = "academic"
    MEDIA = "media"


class Organization(BilingualName, TimestampMixin, Base):
    __tablename__ = "organizations"
    __table_args__ = (
        sa.CheckConstraint("name_ar IS NOT NULL OR name_en IS NOT NULL", name="has_name"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name_ar: so.Mapped[str | None] = so.mapped_column(sa.String(200), unique=True)
    name_en: so.Mapped[str | None] = so.mapped_column(sa.String(200), unique=True)
    kind: so.Mapped[OrganizationKind] = so.mapped_column(
        enum_column(OrganizationKind, "organization_kind")
    )
    home_city_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("places.id"))
    website: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    description: so.Mapped[str | None] = so.mapped_column(sa.Text)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # An organisation an organiser proposed by name (a dialogue's convening organisation not yet
    # in the registry) stays unconfirmed until an admin confirms it or merges it into another.
    # Until then it is offered in no form but its proposer's own, and shows as unconfirmed.
    confirmed: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    proposed_by_org_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )

    home_city: so.Mapped[Place | None] = so.relationship()
    proposed_by: so.Mapped[Organization | None] = so.relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name_en or self.name_ar}>"
