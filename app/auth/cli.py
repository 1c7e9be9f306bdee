"""`flask users create`: how operators make the first admin and other accounts."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.auth.models import Role
from app.auth.services import AccountError, create_user
from app.extensions import db
from app.organizations.models import Organization

users_cli = AppGroup("users", help="Manage user accounts.")


def find_organization(reference: str) -> Organization | None:
    if reference.isdigit():
        return db.session.get(Organization, int(reference))
    return db.session.scalar(
        sa.select(Organization).where(
            sa.or_(Organization.name_en == reference, Organization.name_ar == reference)
        )
    )


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default=None, help="Display name; defaults to the e-mail's local part.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--org", "org_ref", default=None, help="Organisation id or exact name.")
@click.option("--lang", type=click.Choice(["ar", "en"]), default=None)
@click.password_option(envvar="HIWAR_NEW_USER_PASSWORD")
def create_user_command(email, name, role, org_ref, lang, password):
    """Create a user (the first admin: --role admin, no --org)."""
    organization = None
    if org_ref:
        organization = find_organization(org_ref)
        if organization is None:
            raise click.ClickException(f"No organisation {org_ref!r}.")
    try:
        user = create_user(
            email=email,
            name=name or email.split("@")[0],
            role=Role(role),
            password=password,
            organization=organization,
            preferred_language=lang,
        )
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
