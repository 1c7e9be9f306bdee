"""`flask users create`: the operator's way to make accounts, the first admin included."""

import sqlalchemy as sa

from app.auth.models import Role, User
from app.auth.services import authenticate


def test_first_admin_is_created_without_an_organisation(db, runner):
    result = runner.invoke(
        args=["users", "create", "--email", "Admin@Example.org", "--role", "admin"],
        env={"HIWAR_NEW_USER_PASSWORD": "a long admin passphrase"},
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
    assert admin.role == Role.ADMIN and admin.organization_id is None
    assert authenticate("admin@example.org", "a long admin passphrase") == admin
    assert admin.password_hash.startswith("scrypt:")


def test_staff_need_an_existing_organisation(db, runner, make):
    org = make.organization(name_en="Homs Youth Network")
    db.session.commit()
    env = {"HIWAR_NEW_USER_PASSWORD": "a long partner passphrase"}
    missing = runner.invoke(
        args=["users", "create", "--email", "p@example.org", "--role", "partner"], env=env
    )
    assert missing.exit_code != 0
    assert "organisation" in missing.output
    unknown = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "p@example.org",
            "--role",
            "partner",
            "--org",
            "Nobody",
        ],
        env=env,
    )
    assert unknown.exit_code != 0
    created = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "p@example.org",
            "--role",
            "partner",
            "--org",
            "Homs Youth Network",
        ],
        env=env,
    )
    assert created.exit_code == 0, created.output
    assert (
        db.session.scalar(sa.select(User.organization_id).where(User.email == "p@example.org"))
        == org.id
    )


def test_weak_passwords_and_duplicates_are_refused(db, runner):
    args = ["users", "create", "--email", "a@example.org", "--role", "admin"]
    weak = runner.invoke(args=args, env={"HIWAR_NEW_USER_PASSWORD": "short"})
    assert weak.exit_code != 0 and "at least 10" in weak.output
    common = runner.invoke(args=args, env={"HIWAR_NEW_USER_PASSWORD": "password123"})
    assert common.exit_code != 0 and "common" in common.output
    assert (
        runner.invoke(
            args=args, env={"HIWAR_NEW_USER_PASSWORD": "a fine long passphrase"}
        ).exit_code
        == 0
    )
    again = runner.invoke(args=args, env={"HIWAR_NEW_USER_PASSWORD": "a fine long passphrase"})
    assert again.exit_code != 0 and "already exists" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
