"""Screenshots and checks of every page in tests/browser/pages.py on a served Hiwar (the demo).

    PYTHONPATH=. FLASK_APP=wsgi flask demo && flask run --port 5017 &
    PYTHONPATH=. python -m tests.browser.shoot_pages --base http://127.0.0.1:5017 \
        --out /tmp/shots --widths 390,1366 [--axe] [--vnu] [--only city,map]

It reads the page list from the same database the server uses (the instance folder's, or
DATABASE_URL), writes `<lang>-<width>-<page>.png`, and prints axe violations, vnu errors and pages
wider than the window. Look at the PNGs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import sync_playwright

from app import create_app
from app.auth.models import User
from app.extensions import db
from tests.browser.checkers import axe_violations, horizontal_overflow, sign_in, vnu_errors
from tests.browser.conftest import CHROMIUM_ARGS, find_chromium
from tests.browser.pages import PASSWORD, ROLES, demo_world, login_email, page_list


def set_language(lang: str) -> None:
    emails = [login_email(role) for role in ROLES]
    db.session.execute(
        sa.update(User).where(User.email.in_(emails)).values(preferred_language=lang)
    )
    db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--out", default="shots")
    parser.add_argument("--widths", default="390,1366")
    parser.add_argument("--langs", default="ar,en")
    parser.add_argument("--only", default="")
    parser.add_argument("--axe", action="store_true")
    parser.add_argument("--vnu", action="store_true")
    parser.add_argument("--no-shots", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    app = create_app()
    problems = 0
    html_files: list[Path] = []
    with app.app_context(), sync_playwright() as playwright:
        demo_world()
        pages = [p for p in page_list() if not only or p.name in only]
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for lang in args.langs.split(","):
            set_language(lang)
            for width in map(int, args.widths.split(",")):
                for role in (None, *ROLES):
                    mine = [p for p in pages if p.role == role]
                    if not mine:
                        continue
                    context = browser.new_context(
                        base_url=args.base,
                        locale=lang,
                        extra_http_headers={"Accept-Language": lang},
                        viewport={"width": width, "height": 900},
                    )
                    page = context.new_page()
                    if role:
                        sign_in(page, login_email(role), PASSWORD)
                    for item in mine:
                        response = page.goto(item.path)
                        page.wait_for_load_state("load")
                        stem = f"{lang}-{width}-{item.name}"
                        if args.vnu and width == 1366 and response is not None:
                            path = out / f"{stem}.html"
                            path.write_bytes(response.body())
                            html_files.append(path)
                        if args.axe and width == 1366:
                            for line in axe_violations(page):
                                problems += 1
                                print(f"AXE {stem}: {line}")
                        wider = horizontal_overflow(page)
                        if wider:
                            problems += 1
                            print(f"OVERFLOW {stem}: {wider}px")
                        if not args.no_shots:
                            page.screenshot(path=str(out / f"{stem}.png"), full_page=True)
                    context.close()
        browser.close()
    if html_files:
        for line in vnu_errors(html_files):
            problems += 1
            print(f"VNU {line}")
    print(f"{problems} problems; files in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
