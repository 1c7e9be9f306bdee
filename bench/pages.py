"""How the pages scale from 1,000 to 20,000 dialogues: the dialogue list, a filtered list, a
search (issue 3), the map page and its points endpoint (issue 5), the dashboards' overview and a
large and a small city's dashboard (issue 6), on SQLite or PostgreSQL (issue 18).

For each N it builds a database (`flask db upgrade`, `flask demo --dialogues N`): SQLite in a
temporary folder (or in --keep FOLDER, reused next time), PostgreSQL as <--pg-prefix>_<N> on
--pg-url (reused when it already holds the dialogues). It times requests through the Flask test
client for every audience: anonymous (public dialogues only), the demo donor, partner and
organiser (the visibility rule at its most complex) and the demo admin (every dialogue).

Three figures per page:
- "warm": the median of REPEAT requests after WARM_UP, the figures cache filled;
- "cold": the median of COLD requests, each the first after a write (a dialogue touched and
  committed, which moves the data version: nothing cached for the page can be used);
- "br kB": the body as sent to a browser that accepts brotli (Flask-Compress).

The yardstick, "bare", is a page that renders only base.html. It is a route added to the bench's
own app instance (nothing is added to the application), so it pays what every page pays: the
request, the session, loading the signed-in user, the context processors and the layout.

Aim (issue 18): at 20,000 dialogues every page within 10x bare and within 1.5x its own figure at
1,000 (warm). Timings are printed, never asserted. The "shown" column says how many dialogues
matched: a filtered list that fills less than a page at 1,000 renders fewer rows than at 20,000.

`make bench` runs it all on SQLite; `--database postgresql` on PostgreSQL; `--sizes 1000` is a
quick run. bench/serve.py measures requests per second through gunicorn.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import render_template  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.db import utcnow  # noqa: E402
from app.dialogues.models import Dialogue  # noqa: E402
from app.extensions import db  # noqa: E402
from app.places.models import Place  # noqa: E402

WARM_UP = 3
REPEAT = 20
COLD = 5
SIGN_INS = {
    "anonymous": None,
    "donor": "donor@demo.hiwar.org",
    "partner": "partner@demo.hiwar.org",
    "organiser": "organizer@demo.hiwar.org",
    "admin": "admin@demo.hiwar.org",
}
SEARCH_WORD = "المياه"  # "water": in a few of the demo's themes and phrases
FILTER_CITY = "SY04-HOMS"
FILTER_STATUS = "held"
SMALL_CITY = "SY14-KHANARNABAH"  # few dialogues in the demo's spread
TOTAL = re.compile(r'data-testid="total">([^<]*)<')
TEN_TIMES_BARE = 10
GROWTH_AIM = 1.5
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"


def build_database(folder: Path, dialogues: int) -> str:
    path = folder / f"bench-{dialogues}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():  # --keep: measure the database built last time (indexes added since too)
        print(f"  reusing {path}", flush=True)
        _migrate(url)
        return url
    _load(url, dialogues)
    return url


def build_postgresql(server: str, prefix: str, dialogues: int) -> str:
    """<prefix>_<dialogues> on the server: created and loaded unless it holds them already."""
    name = f"{prefix}_{dialogues}"
    url = f"{server}/{name}"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    if exists:
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            try:
                held = connection.scalar(sa.text("SELECT count(*) FROM dialogues"))
            except sa.exc.ProgrammingError:
                held = 0
        engine.dispose()
        if held >= dialogues * 0.9:
            print(f"  reusing {name} ({held} dialogues)", flush=True)
            _migrate(url)
            return url
    _load(url, dialogues)
    return url


def _flask(url: str, *command: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi", "HIWAR_ENV": "development"}
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [sys.executable, "-m", "flask", *command],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def _migrate(url: str) -> None:
    _flask(url, "db", "upgrade")  # a database kept from before gets this branch's migrations


def _load(url: str, dialogues: int) -> None:
    started = time.perf_counter()
    _flask(url, "db", "upgrade")
    _flask(url, "demo", "--dialogues", str(dialogues))
    print(f"  built {dialogues} dialogues in {time.perf_counter() - started:.0f} s", flush=True)


def bench_app(url: str):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: render_template("base.html"))
    return app


def pages(app) -> dict[str, str]:
    with app.app_context():
        city_id = db.session.scalar(sa.select(Place.id).where(Place.code == FILTER_CITY))
    return {
        "bare": "/_bench/bare",
        "list": "/dialogues/",
        "filtered": "/dialogues/?" + urlencode({"city": city_id, "status": FILTER_STATUS}),
        "search": "/dialogues/?" + urlencode({"q": SEARCH_WORD}),
        "map": "/map",
        "points": "/map/points.json",
        "overview": "/dashboard",
        "city-large": f"/cities/{FILTER_CITY}",
        "city-small": f"/cities/{SMALL_CITY}",
    }


def client_for(app, email: str | None):
    client = app.test_client()
    if email is not None:
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email))
            if user is None:
                raise SystemExit(f"no demo user {email}: did `flask demo` change its logins?")
            user_id = user.get_id()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    return client


def set_repeats(repeat: int, cold: int) -> None:
    global REPEAT, COLD  # noqa: PLW0603 - the script's own settings, set once from its options
    REPEAT, COLD = repeat, cold


def touch(app) -> None:
    """A write that changes no figure but moves the data version, as any saved dialogue does."""
    with app.app_context():
        first = db.session.scalar(sa.select(sa.func.min(Dialogue.id)))
        db.session.execute(
            sa.update(Dialogue).where(Dialogue.id == first).values(updated_at=utcnow())
        )
        db.session.commit()


def median_ms(app, client, paths: dict[str, str]) -> dict[str, dict]:
    """Median time of each page, warm and first after a write; pages take turns, so a busy
    machine slows them all alike."""
    for path in paths.values():
        for _ in range(WARM_UP):
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
    times: dict[str, list[float]] = {page: [] for page in paths}
    colds: dict[str, list[float]] = {page: [] for page in paths}
    figures: dict[str, dict] = {page: {} for page in paths}
    for _ in range(REPEAT):
        for page, path in paths.items():
            started = time.perf_counter()
            response = client.get(path)
            times[page].append((time.perf_counter() - started) * 1000)
            figures[page]["kB"] = len(response.data) / 1024
            total = TOTAL.search(response.get_data(as_text=True))
            figures[page]["shown"] = total.group(1) if total else ""
    for _ in range(COLD):
        for page, path in paths.items():
            touch(app)
            started = time.perf_counter()
            client.get(path)
            colds[page].append((time.perf_counter() - started) * 1000)
    for page, path in paths.items():
        packed = client.get(path, headers={"Accept-Encoding": "br, gzip"})
        figures[page]["br kB"] = len(packed.data) / 1024
        figures[page]["ms"] = statistics.median(times[page])
        figures[page]["cold"] = statistics.median(colds[page])
    return figures


def measure(url: str, audiences: list[str]) -> dict[tuple[str, str], dict]:
    app = bench_app(url)
    paths = pages(app)
    results = {}
    for who in audiences:
        for page, figures in median_ms(app, client_for(app, SIGN_INS[who]), paths).items():
            results[who, page] = figures
    with app.app_context():
        db.engine.dispose()
    return results


def report(sizes: list[int], results: dict[int, dict]) -> None:
    small, large = sizes[0], sizes[-1]
    header = f"{'user':<10} {'page':<10}"
    for size in sizes:
        header += f" {f'ms @{size}':>10} {'x bare':>6} {'cold':>7} {'kB':>7} {'br kB':>6}"
    if len(sizes) > 1:
        header += f" {f'{large}/{small}':>10}"
    header += "  shown" + "".join(f" @{size}" for size in sizes)
    print(header)
    print("-" * len(header))
    flagged = []
    for who, page in results[small]:
        line = f"{who:<10} {page:<10}"
        for size in sizes:
            figures = results[size][who, page]
            ms, bare = figures["ms"], results[size][who, "bare"]["ms"]
            line += (
                f" {ms:>10.1f} {ms / bare:>6.1f} {figures['cold']:>7.1f}"
                f" {figures['kB']:>7.1f} {figures['br kB']:>6.1f}"
            )
            if page != "bare" and size == large and ms / bare > TEN_TIMES_BARE:
                flagged.append(f"{who} {page}: {ms / bare:.1f}x bare at {size}")
        if len(sizes) > 1:
            growth = results[large][who, page]["ms"] / results[small][who, page]["ms"]
            line += f" {growth:>10.2f}"
            if page != "bare" and growth > GROWTH_AIM:
                flagged.append(f"{who} {page}: {growth:.1f}x its time at {small}")
        if page != "bare":
            line += "  " + " / ".join(results[size][who, page]["shown"] for size in sizes)
        print(line)
    print()
    print("Above the aim (warm):" if flagged else "Every page within the aim (warm).")
    for line in flagged:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="SQLite: build the databases in FOLDER and keep them; reuse them when they are there",
    )
    parser.add_argument("--pg-url", default=PG_URL, help="PostgreSQL server, without a database")
    parser.add_argument("--pg-prefix", default="hiwar_bench", help="PostgreSQL databases' prefix")
    parser.add_argument(
        "--audiences", nargs="+", choices=list(SIGN_INS), default=list(SIGN_INS), metavar="WHO"
    )
    parser.add_argument("--repeat", type=int, default=REPEAT, help="warm requests per page")
    parser.add_argument("--cold", type=int, default=COLD, help="first requests after a write")
    args = parser.parse_args()
    set_repeats(args.repeat, args.cold)
    results = {}
    for size in args.sizes:
        print(f"N = {size}", flush=True)
        if args.database == "postgresql":
            url = build_postgresql(args.pg_url, args.pg_prefix, size)
            results[size] = measure(url, args.audiences)
        elif args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            results[size] = measure(build_database(args.keep, size), args.audiences)
        else:
            with tempfile.TemporaryDirectory(prefix="hiwar-bench-") as folder:
                results[size] = measure(build_database(Path(folder), size), args.audiences)
    print()
    print(
        f"Median of {REPEAT} warm requests and {COLD} first-after-a-write through the test "
        f"client, {args.database}; search q={SEARCH_WORD!r}"
    )
    report(args.sizes, results)


if __name__ == "__main__":
    main()
