"""How the pages scale from 1,000 to 20,000 dialogues: the dialogue list, a filtered list, a
search (issue 3), the map page and its points endpoint (issue 5), the dashboards' overview and a
large and a small city's dashboard (issue 6).

For each N it builds a fresh SQLite database in a temporary folder (`flask db upgrade`,
`flask demo --dialogues N`), then times requests through the Flask test client, as anonymous
(public dialogues only), as the demo organiser (the visibility rule at its most complex) and as
the demo admin (every dialogue). Each figure is the median of REPEAT requests after WARM_UP.

The yardstick, "bare", is a page that renders only base.html. It is a route added to the bench's
own app instance (nothing is added to the application), so it pays what every page pays: the
request, the session, loading the signed-in user, the context processors and the layout.

Aim (issues 3 and 6): at 20,000 dialogues every page within 10x bare and within 2x its own
figure at 1,000. Timings are printed, never asserted. "kB" is the size of the body sent: the map
page must stay the same size whatever the number of dialogues; the points endpoint grows with
them (one compact row per visible dialogue). The "shown" column says how many dialogues matched:
a filtered list that fills less than a page at 1,000 renders fewer rows than at 20,000.

`make bench` runs it all (a few minutes); `--sizes 1000` is a quick run; `--keep FOLDER` keeps
the databases and measures them again next time (to try an index or ANALYZE by hand).
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
from app.extensions import db  # noqa: E402
from app.places.models import Place  # noqa: E402

WARM_UP = 3
REPEAT = 20
SIGN_INS = {
    "anonymous": None,
    "organiser": "organizer@demo.hiwar.org",
    "admin": "admin@demo.hiwar.org",
}
SEARCH_WORD = "المياه"  # "water": in a few of the demo's themes and phrases
FILTER_CITY = "SY04-HOMS"
FILTER_STATUS = "held"
SMALL_CITY = "SY14-KHANARNABAH"  # few dialogues in the demo's spread
TOTAL = re.compile(r'data-testid="total">([^<]*)<')
TEN_TIMES_BARE = 10
TWICE_THE_SMALL = 2


def build_database(folder: Path, dialogues: int) -> str:
    path = folder / f"bench-{dialogues}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():  # --keep: measure the database built last time (indexes added since too)
        print(f"  reusing {path}", flush=True)
        return url
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi", "HIWAR_ENV": "development"}
    flask = [sys.executable, "-m", "flask"]
    started = time.perf_counter()
    for command in (["db", "upgrade"], ["demo", "--dialogues", str(dialogues)]):
        done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            [*flask, *command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    print(f"  built {dialogues} dialogues in {time.perf_counter() - started:.0f} s", flush=True)
    return url


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


def median_ms(client, paths: dict[str, str]) -> dict[str, tuple[float, str, int]]:
    """Median time of each page; pages take turns, so a busy machine slows them all alike."""
    for path in paths.values():
        for _ in range(WARM_UP):
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
    times: dict[str, list[float]] = {page: [] for page in paths}
    shown: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for _ in range(REPEAT):
        for page, path in paths.items():
            started = time.perf_counter()
            response = client.get(path)
            times[page].append((time.perf_counter() - started) * 1000)
            sizes[page] = len(response.data)
            total = TOTAL.search(response.get_data(as_text=True))
            shown[page] = total.group(1) if total else ""
    return {page: (statistics.median(times[page]), shown[page], sizes[page]) for page in paths}


def measure(url: str) -> dict[tuple[str, str], tuple[float, str, int]]:
    app = bench_app(url)
    paths = pages(app)
    results = {}
    for who, email in SIGN_INS.items():
        for page, figures in median_ms(client_for(app, email), paths).items():
            results[who, page] = figures
    with app.app_context():
        db.engine.dispose()
    return results


def report(sizes: list[int], results: dict[int, dict]) -> None:
    small, large = sizes[0], sizes[-1]
    header = f"{'user':<10} {'page':<10}"
    for size in sizes:
        header += f" {f'ms @{size}':>11} {'x bare':>7} {'kB':>7}"
    if len(sizes) > 1:
        header += f" {f'{large}/{small}':>11}"
    header += "  shown" + "".join(f" @{size}" for size in sizes)
    print(header)
    print("-" * len(header))
    flagged = []
    for who, page in results[small]:
        line = f"{who:<10} {page:<10}"
        for size in sizes:
            ms, _shown, body = results[size][who, page]
            bare = results[size][who, "bare"][0]
            line += f" {ms:>11.1f} {ms / bare:>7.1f} {body / 1024:>7.1f}"
            if page != "bare" and size == large and ms / bare > TEN_TIMES_BARE:
                flagged.append(f"{who} {page}: {ms / bare:.1f}x bare at {size}")
        if len(sizes) > 1:
            growth = results[large][who, page][0] / results[small][who, page][0]
            line += f" {growth:>11.2f}"
            # The points endpoint sends one row per visible dialogue: it grows by design.
            if page not in ("bare", "points") and growth > TWICE_THE_SMALL:
                flagged.append(f"{who} {page}: {growth:.1f}x its time at {small}")
        if page != "bare":
            line += "  " + " / ".join(results[size][who, page][1] for size in sizes)
        print(line)
    print()
    print("Above the aim:" if flagged else "Every page within the aim.")
    for line in flagged:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="build the databases in FOLDER and keep them; reuse them when they are there",
    )
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        print(f"N = {size}", flush=True)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            results[size] = measure(build_database(args.keep, size))
            continue
        with tempfile.TemporaryDirectory(prefix="hiwar-bench-") as folder:
            results[size] = measure(build_database(Path(folder), size))
    print()
    print(f"Median of {REPEAT} requests through the test client, SQLite; search q={SEARCH_WORD!r}")
    report(args.sizes, results)


if __name__ == "__main__":
    main()
