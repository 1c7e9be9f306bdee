"""`flask backup` and `flask restore`: what an operator runs, with plain messages and a non-zero
exit code on every refusal (click.ClickException: no traceback)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from app.backup.archive import BackupError
from app.backup.services import create_backup, restore_backup


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the archive here (default: HIWAR_BACKUP_FOLDER/hiwar-backup-<time>.tar.gz).",
)
def backup_command(output: Path | None) -> None:
    """Write the database and the uploaded files into one archive (keep it private)."""
    try:
        report = create_backup(current_app, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:  # disk full, no permission: the operator's to fix, not a bug
        raise click.ClickException(f"The backup could not be written: {error}") from error
    manifest = report.manifest
    uploads = manifest.upload_files
    click.echo(f"Backup written to {report.path} ({_size(report.archive_size)}).")
    click.echo(
        f"  database: {report.database}, schema revision {manifest.alembic_revision or 'unknown'}"
    )
    click.echo(f"  uploaded files: {len(uploads)} ({_size(sum(f.size for f in uploads))})")
    click.echo("  The archive holds personal data: keep it where only operators can read it.")


@click.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(archive: Path) -> None:
    """Restore an archive written by `flask backup` into an empty database and upload folder."""
    try:
        report = restore_backup(current_app, archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"The restore stopped: {error}") from error
    manifest = report.manifest
    click.echo(f"Restored the backup of {manifest.created_at} into the {report.database}.")
    click.echo(f"  uploaded files: {len(manifest.upload_files)} into {report.upload_folder}")
    click.echo(
        f"  schema revision {manifest.alembic_revision or 'unknown'}; run `flask db upgrade` if "
        "this version of Hiwar is newer than the one that wrote the backup."
    )
