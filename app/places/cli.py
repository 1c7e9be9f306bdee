import click
from flask.cli import AppGroup

from app.audit import services as audit
from app.extensions import db
from app.places.services import load_places

places_cli = AppGroup("places", help="Reference data: places.")


@places_cli.command("load")
def load_command():
    """Load or update governorates, districts, cities and their aliases (idempotent)."""
    report = load_places()
    audit.record(
        "load",
        entity_type="places",
        changes={"created": report.created, "updated": report.updated},
    )
    db.session.commit()
    click.echo(f"Places: {report}.")
