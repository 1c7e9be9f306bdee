"""`flask demo`: the demo data, idempotently; `--dialogues N` adds synthetic ones on top;
`--logins` prints the demo logins."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask import current_app

from app.demo.content import DEMO_PASSWORD, LOGINS
from app.demo.loader import load_demo
from app.demo.synthetic import SYNTHETIC_SEED, add_synthetic_dialogues
from app.extensions import db


def print_logins() -> None:
    click.echo("  Demo logins (the password is the same for all):")
    for login in LOGINS:
        click.echo(f"    {login.email:<26} {login.role.value:<10} {DEMO_PASSWORD}")


@click.command("demo")
@click.option(
    "--dialogues",
    "count",
    type=click.IntRange(min=0),
    default=0,
    help="Also add this many synthetic dialogues (for load tests), after the demo itself.",
)
@click.option(
    "--seed",
    type=int,
    default=SYNTHETIC_SEED,
    show_default=True,
    help="Seed of the synthetic dialogues: the same seed adds the same dialogues.",
)
@click.option("--logins", is_flag=True, help="Print the demo logins and do nothing else.")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Load the demo even with HIWAR_ENV=production (its logins' password is public).",
)
def demo_command(count: int, seed: int, logins: bool, allow_production: bool) -> None:
    """Load the demo: places, themes, organisations, one login per role and ~40 dialogues."""
    if logins:
        print_logins()
        return
    if current_app.config.get("ENV_NAME") == "production" and not allow_production:
        raise click.ClickException(
            "Refusing to load the demo with HIWAR_ENV=production: it creates an admin account "
            "whose password is printed in the README. Pass --allow-production to do it anyway."
        )
    report = load_demo()
    db.session.commit()
    click.echo(str(report))
    if count:
        started = time.perf_counter()
        with click.progressbar(length=count, label="Synthetic dialogues") as bar:
            added = add_synthetic_dialogues(count, seed=seed, progress=bar.update)
        db.session.commit()
        refresh_planner_statistics()
        click.echo(f"{added} ({time.perf_counter() - started:.1f} s)")


def refresh_planner_statistics() -> None:
    """After a bulk load the query planner still believes the tables are tiny; without fresh
    statistics SQLite sorts whole tables instead of using the list indexes."""
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
