"""Users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from app.db import Base, TimestampMixin, enum_column, utcnow
from app.organizations.models import Organization


class Role(enum.StrEnum):
    ORGANIZER = "organizer"
    PARTNER = "partner"
    DONOR = "donor"
    ADMIN = "admin"


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role = 'admin' OR organization_id IS NOT NULL", name="staff_have_organization"
        ),
        sa.CheckConstraint(
            "preferred_language IS NULL OR preferred_language IN ('ar', 'en')",
            name="preferred_language_known",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    role: so.Mapped[Role] = so.mapped_column(enum_column(Role, "user_role"))
    organization_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organizations.id"), index=True
    )
    # An organisation's manager may invite and manage its own staff (the administration issue).
    is_manager: so.Mapped[bool] = so.mapped_column(default=False)
    preferred_language: so.Mapped[str | None] = so.mapped_column(sa.String(5))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # Bumped to end every session of the user at once (deactivation, password reset).
    session_version: so.Mapped[int] = so.mapped_column(default=1)
    last_login_at: so.Mapped[datetime | None]

    organization: so.Mapped[Organization | None] = so.relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    # Not a column: the key of the signed-in session this object was loaded for (or signed in
    # with), so that Flask-Login stores "id:version:key" in the session and the remember-me
    # cookie, and signing out can end exactly that session (app.auth.services).
    session_key = None

    def get_id(self) -> str:
        if self.session_key:
            return f"{self.id}:{self.session_version}:{self.session_key}"
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class EndedSession(Base):
    """A session that was signed out: a copy of its session or remember-me cookie no longer
    signs anyone in. Keys carry their creation time and expire (SESSION_MAX_AGE), so a row can
    be forgotten once its session would have expired anyway."""

    __tablename__ = "ended_sessions"

    key: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    ended_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
