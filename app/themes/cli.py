import click
from flask.cli import AppGroup

from app.audit import services as audit
from app.extensions import db
from app.themes.services import load_themes

themes_cli = AppGroup("themes", help="Reference data: discussion themes.")


@themes_cli.command("load")
def load_command():
    """Load or update the theme taxonomy (idempotent)."""
    report = load_themes()
    audit.record(
        "load",
        entity_type="themes",
        changes={"created": report.created, "updated": report.updated},
    )
    db.session.commit()
    click.echo(f"Themes: {report}.")
