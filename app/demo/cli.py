import click


@click.command("demo")
@click.option("--dialogues", "count", type=int, default=0)
def demo_command(count):
    """Load the demo data (placeholder until the demo module lands)."""
