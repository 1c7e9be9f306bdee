"""Account operations. They flush and audit; the request handler commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from app.accounts import permissions
from app.audit import services as audit
from app.auth.models import Role, User
from app.auth.passwords import password_problem
from app.auth.services import AccountError, normalize_email, security_log
from app.db import utcnow
from app.extensions import db
from app.organizations.models import Organization

# Never written into an audit event: secrets, and bookkeeping users do not think of as a change.
UNAUDITED = {"password_hash", "session_version", "last_login_at"}


def audited_changes(user: User) -> dict[str, list[Any]]:
    return {key: value for key, value in audit.changed_fields(user).items() if key not in UNAUDITED}


def end_sessions(user: User) -> None:
    """Every signed-in session of the user ends on its next request (get_id carries this)."""
    user.session_version = (user.session_version or 1) + 1


def _check_assignment(
    actor: Any, role: Role, organization: Organization | None, *, field_errors: dict
) -> None:
    if role not in permissions.assignable_roles(actor):
        field_errors["role"] = (
            _l("Only an admin may create or change a donor account.")
            if role == Role.DONOR
            else _l("You may not give this role.")
        )
    if role != Role.ADMIN and organization is None:
        field_errors["organization_id"] = _l("Choose the organisation this person works for.")
    elif (
        organization is not None
        and role != Role.ADMIN
        and "role" not in field_errors
        and role not in permissions.fitting_roles(organization.kind)
    ):
        field_errors["role"] = (
            _l("Donor accounts belong to donor organisations.")
            if role == Role.DONOR
            else _l("The people of a donor organisation have the donor role.")
        )
    if organization is not None and not db.session.scalar(
        permissions.assignable_organizations(actor)
        .where(Organization.id == organization.id)
        .with_only_columns(Organization.id)
    ):
        field_errors["organization_id"] = _l("You may not add people to this organisation.")


class FieldErrors(AccountError):
    """Errors that belong next to particular fields of the form."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def invite_user(
    *,
    email: str,
    name: str,
    role: Role,
    organization: Organization | None,
    is_manager: bool,
    preferred_language: str | None,
    invited_by: Any,
) -> User:
    """A new account without a password; the invitation link lets its owner choose one."""
    email = normalize_email(email)
    errors: dict[str, Any] = {}
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        errors["email"] = _l("An account with this e-mail address already exists.")
    _check_assignment(invited_by, role, organization, field_errors=errors)
    if is_manager and not permissions.is_admin(invited_by):
        errors["is_manager"] = _l("Only an admin may make someone a manager.")
    if errors:
        raise FieldErrors(errors)
    user = User(
        email=email,
        name=name,
        role=role,
        organization=organization,
        is_manager=bool(is_manager) and role != Role.ADMIN,
        preferred_language=preferred_language,
        password_hash=None,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "invite",
        user,
        user=invited_by,
        changes={
            "email": email,
            "name": name,
            "role": role,
            "organization_id": user.organization_id,
            "is_manager": user.is_manager,
        },
    )
    return user


def renew_invitation(user: User, actor: Any) -> None:
    """A new invitation link; the older ones stop working."""
    if not permissions.may_change(actor, user):
        raise AccountError(_l("Only an admin may send this person a new invitation."))
    if user.password_hash:
        raise AccountError(_l("This person has already accepted the invitation."))
    end_sessions(user)
    audit.record("reinvite", user, user=actor)


def update_user(
    user: User,
    *,
    actor: Any,
    name: str,
    role: Role,
    organization: Organization | None,
    is_manager: bool,
) -> dict[str, list[Any]]:
    errors: dict[str, Any] = {}
    if not permissions.may_change(actor, user):
        raise FieldErrors({"role": _l("Only an admin may change this account.")})
    _check_assignment(actor, role, organization, field_errors=errors)
    if user.id == getattr(actor, "id", None) and role != user.role:
        errors["role"] = _l("You cannot change your own role.")
    if is_manager != user.is_manager and not permissions.is_admin(actor):
        errors["is_manager"] = _l("Only an admin may make someone a manager.")
    if errors:
        raise FieldErrors(errors)
    user.name = name
    user.role = role
    # The column, not the relationship: its history is what the audit event records.
    user.organization_id = organization.id if organization is not None else None
    user.is_manager = bool(is_manager) and role != Role.ADMIN
    changes = audited_changes(user)
    if changes:
        audit.record("update", user, user=actor, changes=changes)
    return changes


def deactivate_user(user: User, actor: Any) -> None:
    if user.id == getattr(actor, "id", None):
        raise AccountError(_l("You cannot deactivate your own account."))
    if not user.active:
        return
    user.active = False
    end_sessions(user)
    audit.record("deactivate", user, user=actor, changes={"active": [True, False]})
    security_log.info("user %s deactivated by user %s", user.id, getattr(actor, "id", None))


def reactivate_user(user: User, actor: Any) -> None:
    if user.active:
        return
    if not permissions.may_change(actor, user):
        raise AccountError(_l("Only an admin may reactivate this account."))
    user.active = True
    audit.record("reactivate", user, user=actor, changes={"active": [False, True]})


def set_new_password(user: User, password: str, *, action: str) -> None:
    """From an invitation or a reset link: the password, and every other session ends."""
    problem = password_problem(password)
    if problem:
        raise FieldErrors({"password": problem})
    user.set_password(password)
    end_sessions(user)
    user.last_login_at = utcnow()
    audit.record(action, user, user=user)
    security_log.info("%s: user %s set a password", action, user.id)


def change_password(user: User, *, current: str, new: str) -> None:
    if not user.check_password(current):
        raise FieldErrors({"current_password": _l("This is not your current password.")})
    problem = password_problem(new)
    if problem:
        raise FieldErrors({"new_password": problem})
    if user.check_password(new):
        raise FieldErrors({"new_password": _l("Choose a password different from the current one.")})
    user.set_password(new)
    end_sessions(user)
    audit.record("password_change", user, user=user)
    security_log.info("password changed: user %s", user.id)
    login_user(user)  # this device stays signed in, under the new session version


def sign_out_everywhere(user: User, *, revoke_tokens: bool) -> int:
    """Every session of the user ends, this one included; with revoke_tokens, every API token
    too (tokens otherwise survive, as they do a password change). How many were revoked."""
    from app.auth.services import end_session
    from app.tokens import services as token_services

    revoked = token_services.revoke_all(user) if revoke_tokens else 0
    end_sessions(user)
    audit.record("sign_out_everywhere", user, user=user, changes={"tokens_revoked": revoked})
    security_log.info("user %s signed out everywhere (%d tokens revoked)", user.id, revoked)
    end_session(user)
    return revoked


def update_profile(user: User, *, name: str, preferred_language: str | None) -> dict:
    user.name = name
    user.preferred_language = preferred_language
    changes = audited_changes(user)
    if changes:
        audit.record("update", user, user=user, changes=changes)
    return changes


def find_account_for_reset(email: str) -> User | None:
    """An active account with this address; None (and the same answer to the visitor) if not."""
    return db.session.scalar(
        sa.select(User).where(User.email == normalize_email(email), User.active.is_(True))
    )


RESET_REQUESTS_PER_HOUR = 3


def may_send_reset(user: User) -> bool:
    """At most a few reset e-mails an hour per account, counted from the audit log (which every
    app server shares), so the form cannot be used to flood someone's inbox."""
    from datetime import timedelta

    from app.audit.models import AuditEvent

    recent = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.entity_type == "users",
            AuditEvent.entity_id == user.id,
            AuditEvent.action == "reset_requested",
            AuditEvent.created_at >= utcnow() - timedelta(hours=1),
        )
    )
    return (recent or 0) < RESET_REQUESTS_PER_HOUR
