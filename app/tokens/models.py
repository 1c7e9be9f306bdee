"""Personal API tokens: the secret is shown once and stored only as a hash."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.auth.models import User
from app.db import Base, enum_column, utcnow


class TokenScope(enum.StrEnum):
    READ = "read"
    READ_WRITE = "read_write"


class ApiToken(Base):
    __tablename__ = "api_tokens"
    __table_args__ = (sa.Index("ix_api_tokens_user_created", "user_id", "created_at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    # SHA-256 of the whole secret, hex. The secret is 256 random bits: a slow hash adds nothing.
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The first characters of the secret, so that its owner can tell tokens apart.
    prefix: so.Mapped[str] = so.mapped_column(sa.String(16))
    scope: so.Mapped[TokenScope] = so.mapped_column(enum_column(TokenScope, "token_scope"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    expires_at: so.Mapped[datetime | None]
    last_used_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship()

    def is_usable(self, now: datetime) -> bool:
        """Neither revoked nor expired, and its user still active."""
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.active
        )

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix} {self.scope}>"
