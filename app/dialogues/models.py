"""A dialogue session and what it records: linked organisations, counts, axes, priorities,
statements and photos. (Never "Session": Flask and SQLAlchemy already use that word.)"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.db import Base, TimestampMixin, enum_column, utcnow
from app.i18n import localized
from app.organizations.models import Organization
from app.places.models import Place
from app.themes.models import Theme

if TYPE_CHECKING:
    from app.auth.models import User
    from app.outcomes.models import Outcome


class DialogueFormat(enum.StrEnum):
    SESSION = "session"
    WORKSHOP = "workshop"
    ROUNDTABLE = "roundtable"
    CONSULTATION = "consultation"
    FORUM = "forum"
    ONLINE = "online"


class DialogueStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    REPORTED = "reported"


class Visibility(enum.StrEnum):
    """From widest to narrowest audience."""

    PUBLIC = "public"
    DONORS = "donors"
    PARTNERS = "partners"
    INTERNAL = "internal"


class LinkRole(enum.StrEnum):
    CO_ORGANIZER = "co_organizer"
    PARTNER = "partner"
    PARTICIPANT = "participant"
    FUNDER = "funder"


class Sector(enum.StrEnum):
    """Stakeholder sectors of participants (NOTES.md §b, output indicator 2)."""

    CIVIL_SOCIETY = "civil_society"
    COMMUNITY = "community"
    RELIGIOUS = "religious"
    TRIBAL_NOTABLE = "tribal_notable"
    LOCAL_AUTHORITY = "local_authority"
    SECURITY = "security"
    MEDIA = "media"
    ACADEMIA = "academia"
    PRIVATE_SECTOR = "private_sector"
    DISPLACED = "displaced"
    DISABILITY = "disability"


class PriorityKind(enum.StrEnum):
    CONCERN = "concern"
    GAP = "gap"
    RISK = "risk"
    PRIORITY = "priority"


class Dialogue(TimestampMixin, Base):
    __tablename__ = "dialogues"
    __table_args__ = (
        sa.CheckConstraint("title_ar IS NOT NULL OR title_en IS NOT NULL", name="has_title"),
        sa.CheckConstraint("participants_total >= 0", name="total_not_negative"),
        sa.CheckConstraint("participants_women >= 0", name="women_not_negative"),
        sa.CheckConstraint("participants_men >= 0", name="men_not_negative"),
        sa.CheckConstraint("participants_youth >= 0", name="youth_not_negative"),
        # Participant counts are unknown (NULL) unless recorded; a breakdown needs its total.
        sa.CheckConstraint(
            "COALESCE(participants_women, 0) + COALESCE(participants_men, 0) <= participants_total",
            name="sexes_within_total",
        ),
        sa.CheckConstraint("participants_youth <= participants_total", name="youth_within_total"),
        sa.CheckConstraint(
            "participants_total IS NOT NULL OR (participants_women IS NULL"
            " AND participants_men IS NULL AND participants_youth IS NULL)",
            name="breakdown_needs_total",
        ),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        sa.Index("ix_dialogues_city_held_on", "city_id", "held_on"),
        sa.Index("ix_dialogues_organizer_held_on", "organizer_org_id", "held_on"),
        # The list's shapes (measured with bench/pages.py at 20,000 dialogues): live dialogues by
        # date; the public's live dialogues by date; an organisation's own live dialogues.
        sa.Index("ix_dialogues_archived_held_on", "archived_at", "held_on"),
        sa.Index(
            "ix_dialogues_visibility_archived_held_on", "visibility", "archived_at", "held_on"
        ),
        sa.Index(
            "ix_dialogues_archived_visibility_organizer",
            "archived_at",
            "visibility",
            "organizer_org_id",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title_ar: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    title_en: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    format: so.Mapped[DialogueFormat] = so.mapped_column(
        enum_column(DialogueFormat, "dialogue_format")
    )
    held_on: so.Mapped[date] = so.mapped_column(index=True)
    starts_at: so.Mapped[time | None]
    city_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("places.id"))
    venue: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    # Exact venue coordinates: shown only to the organiser's staff, never on public maps.
    venue_lat: so.Mapped[float | None]
    venue_lon: so.Mapped[float | None]
    organizer_org_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organizations.id"))
    summary_ar: so.Mapped[str | None] = so.mapped_column(sa.Text)
    summary_en: so.Mapped[str | None] = so.mapped_column(sa.Text)
    status: so.Mapped[DialogueStatus] = so.mapped_column(
        enum_column(DialogueStatus, "dialogue_status"), index=True
    )
    visibility: so.Mapped[Visibility] = so.mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.PARTNERS
    )
    # None: not recorded (unknown), never the same as 0.
    participants_total: so.Mapped[int | None]
    participants_women: so.Mapped[int | None]
    participants_men: so.Mapped[int | None]
    participants_youth: so.Mapped[int | None]
    source_links: so.Mapped[str | None] = so.mapped_column(sa.Text)  # one URL per line
    # Normalised text of titles, summary, axes, priorities and outcomes (app.search.normalize).
    search_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    archived_at: so.Mapped[datetime | None] = so.mapped_column(index=True)
    # The random key of the form that created it: a double submit cannot create a twin.
    creation_key: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    version: so.Mapped[int] = so.mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    city: so.Mapped[Place] = so.relationship()
    organizer: so.Mapped[Organization] = so.relationship()
    created_by: so.Mapped[User | None] = so.relationship()
    links: so.Mapped[list[DialogueOrganization]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan"
    )
    sector_counts: so.Mapped[list[SectorCount]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan"
    )
    axes: so.Mapped[list[Axis]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="Axis.position"
    )
    priorities: so.Mapped[list[Priority]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="Priority.rank"
    )
    outcomes: so.Mapped[list[Outcome]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="Outcome.id"
    )
    statements: so.Mapped[list[Statement]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="Statement.id"
    )
    photos: so.Mapped[list[Photo]] = so.relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="Photo.id"
    )

    @property
    def title(self) -> str:
        return localized(self.title_ar, self.title_en)

    @property
    def summary(self) -> str:
        return localized(self.summary_ar, self.summary_en)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Dialogue {self.id}>"


class DialogueOrganization(Base):
    """An organisation linked to a dialogue, in one role."""

    __tablename__ = "dialogue_organizations"
    __table_args__ = (sa.Index("ix_dialogue_organizations_org", "organization_id", "dialogue_id"),)

    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organizations.id"), primary_key=True
    )
    role: so.Mapped[LinkRole] = so.mapped_column(enum_column(LinkRole, "link_role"))

    dialogue: so.Mapped[Dialogue] = so.relationship(back_populates="links")
    organization: so.Mapped[Organization] = so.relationship()


class SectorCount(Base):
    """How many participants came from one stakeholder sector; no row: not recorded."""

    __tablename__ = "dialogue_sector_counts"
    __table_args__ = (sa.CheckConstraint("count >= 0", name="count_not_negative"),)

    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), primary_key=True
    )
    sector: so.Mapped[Sector] = so.mapped_column(enum_column(Sector, "sector"), primary_key=True)
    count: so.Mapped[int]

    dialogue: so.Mapped[Dialogue] = so.relationship(back_populates="sector_counts")


class Axis(Base):
    """An ordered discussion axis of a dialogue, tagged with a theme."""

    __tablename__ = "axes"
    __table_args__ = (
        sa.UniqueConstraint("dialogue_id", "position"),
        sa.CheckConstraint("position >= 1", name="position_positive"),
        # Covers the maps' and dashboards' themes per dialogue without reading the rows.
        sa.Index("ix_axes_dialogue_theme", "dialogue_id", "theme_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE")
    )
    position: so.Mapped[int]
    title: so.Mapped[str] = so.mapped_column(sa.String(500))
    theme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("themes.id"), index=True)

    dialogue: so.Mapped[Dialogue] = so.relationship(back_populates="axes")
    theme: so.Mapped[Theme] = so.relationship()


class Priority(Base):
    """A concern, gap, risk or priority raised in a dialogue, ranked."""

    __tablename__ = "priorities"
    __table_args__ = (sa.CheckConstraint("rank >= 1", name="rank_positive"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[PriorityKind] = so.mapped_column(enum_column(PriorityKind, "priority_kind"))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    theme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("themes.id"), index=True)
    rank: so.Mapped[int]

    dialogue: so.Mapped[Dialogue] = so.relationship(back_populates="priorities")
    theme: so.Mapped[Theme] = so.relationship()


class Statement(Base):
    """A quoted statement. Shown beyond the organiser only with recorded consent."""

    __tablename__ = "statements"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), index=True
    )
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    speaker_role: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    speaker_organization_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organizations.id")
    )
    consent_to_publish: so.Mapped[bool] = so.mapped_column(default=False)
    consent_recorded_at: so.Mapped[datetime | None]

    dialogue: so.Mapped[Dialogue] = so.relationship(back_populates="statements")
    speaker_organization: so.Mapped[Organization | None] = so.relationship()


class Photo(Base):
    """An uploaded image, re-encoded so that no metadata survives; stored under a random name."""

    __tablename__ = "photos"
    __table_args__ = (
        sa.CheckConstraint(
            "(dialogue_id IS NULL) <> (outcome_update_id IS NULL)", name="one_owner"
        ),
        sa.CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),
        sa.CheckConstraint(
            "mime_type IN ('image/jpeg', 'image/png', 'image/webp')", name="mime_type_known"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    dialogue_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), index=True
    )
    outcome_update_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("outcome_updates.id", ondelete="CASCADE"), index=True
    )
    stored_name: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    thumbnail_name: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    mime_type: so.Mapped[str] = so.mapped_column(sa.String(20))
    width: so.Mapped[int]
    height: so.Mapped[int]
    size_bytes: so.Mapped[int]
    caption: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    dialogue: so.Mapped[Dialogue | None] = so.relationship(back_populates="photos")


@sa.event.listens_for(Dialogue.__table__, "after_create")
def _create_search_index(target, connection, **kw) -> None:
    """create_all builds the substring index too, as the migration does (app.search.index)."""
    from app.search.index import create_search_index

    create_search_index(connection)
