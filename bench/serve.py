"""Requests per second through gunicorn (issue 18): /dashboard, /map, a city page and the bare
page side by side, as a visitor and as the demo organiser.

It starts gunicorn (2 workers, 1 thread each) on the app with a bare page added
(bench/wsgi_bench.py), against a database built by bench/pages.py (--url), waits for it, then runs
`wrk` (apt-get install wrk) for DURATION seconds per page with CONNECTIONS connections, after one
warming pass. The organiser's session cookie is made with the bench's own SECRET_KEY. Each page
is measured warm (the figures cache filled on every worker); "after a write" would need a write
per request, which pages.py measures instead.

    python bench/serve.py --url sqlite:////tmp/bench/bench-20000.sqlite3
    python bench/serve.py --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_20000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

SECRET = "bench-secret-key"  # noqa: S105 - the bench's own throwaway server
PAGES = {
    "bare": "/_bench/bare",
    "dashboard": "/dashboard",
    "map": "/map",
    "city": "/cities/SY04-HOMS",
}
WHO = {"anonymous": None, "organiser": "organizer@demo.hiwar.org"}


def session_cookie(url: str, email: str) -> str:
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = SECRET
    import sqlalchemy as sa

    from app import create_app
    from app.auth.models import User
    from app.extensions import db

    app = create_app()
    with app.app_context():
        user_id = db.session.scalar(sa.select(User).where(User.email == email)).get_id()
        db.engine.dispose()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client.get_cookie("session").value


def wait_for(base: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - local
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def wrk(base: str, path: str, cookie: str | None, seconds: int, connections: int) -> tuple:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-H", "Accept-Encoding: br, gzip", "-H", "Accept-Language: en"]
    if cookie:
        command += ["-H", f"Cookie: session={cookie}"]
    done = subprocess.run(  # noqa: S603 - wrk, fixed arguments
        [*command, base + path], capture_output=True, text=True, check=True
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(ms|s|us)", done.stdout)
    p99 = re.search(r"99%\s+([\d.]+)(ms|s|us)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    return rate, _ms(p50), _ms(p99), int(errors.group(1)) if errors else 0


def _ms(match) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return value * {"s": 1000, "ms": 1, "us": 0.001}[unit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="a database built by bench/pages.py")
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (apt-get install wrk)")
    cookies = {
        who: session_cookie(args.url, email) if email else None for who, email in WHO.items()
    }
    env = {
        **os.environ,
        "DATABASE_URL": args.url,
        "SECRET_KEY": SECRET,
        "HIWAR_ENV": "development",
        "HIWAR_MAP_TILES": "none",
    }
    server = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            "bench.wsgi_bench:app",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(base)
        print(f"gunicorn, 2 workers; wrk -c{args.connections} -d{args.duration}s; {args.url}")
        print(f"{'user':<10} {'page':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for who, cookie in cookies.items():
            for page, path in PAGES.items():
                wrk(base, path, cookie, 2, args.connections)  # both workers fill their caches
                rate, p50, p99, errors = wrk(base, path, cookie, args.duration, args.connections)
                print(f"{who:<10} {page:<10} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {errors:>7}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
