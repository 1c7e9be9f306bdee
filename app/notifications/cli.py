"""`flask notifications email-unsent`: send what a failed mail server left behind."""

from datetime import timedelta

import click
from flask import current_app

from app.db import utcnow
from app.extensions import db
from app.notifications import email
from app.notifications.views import bp


@bp.cli.command("email-unsent")
@click.option("--hours", default=48, show_default=True, help="Look this far back.")
def email_unsent_command(hours: int):
    """E-mail the recent notifications that have not gone out yet (links use HIWAR_BASE_URL)."""
    if email.SmtpSettings.from_config(current_app.config) is None:
        raise click.ClickException("Set HIWAR_SMTP_HOST to send e-mail.")
    queued = email.queue_unsent(db.session, utcnow() - timedelta(hours=hours))
    db.session.commit()  # sends them, once committed, as for any action
    click.echo(f"Notifications to e-mail: {queued}.")
