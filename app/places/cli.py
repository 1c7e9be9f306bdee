import click
from flask.cli import AppGroup

from app.extensions import db
from app.places.services import load_places

places_cli = AppGroup("places", help="Reference data: places.")


@places_cli.command("load")
def load_command():
    """Load or update governorates, districts, cities and their aliases (idempotent)."""
    report = load_places()
    db.session.commit()
    click.echo(f"Places: {report}.")
