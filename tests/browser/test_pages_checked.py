"""Every page of tests/browser/pages.py, in Arabic and in English, signed in as the role that uses
it, through axe-core (WCAG 2.1 A/AA and best practice: 0 violations), then at a phone's width
(390 px: nothing wider than the screen) and, for organisers and admins, at 1366 px in English (the
navigation on one line). One browser, one context per role and language, one load per page."""

from __future__ import annotations

import pytest

from tests.browser.checkers import axe_violations, horizontal_overflow, sign_in
from tests.browser.pages import PASSWORD, ROLES, demo_world, login_email, page_list

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def pages(db):
    demo_world()
    return page_list()


def use_language(lang: str) -> None:
    """Signed-in users see their saved language: give every demo login this one."""
    import sqlalchemy as sa

    from app.auth.models import User
    from app.extensions import db

    emails = [login_email(role) for role in ROLES]
    db.session.execute(
        sa.update(User).where(User.email.in_(emails)).values(preferred_language=lang)
    )
    db.session.commit()


def navigation_lines(page) -> int:
    """How many rows the expanded navigation bar's links and buttons take."""
    return page.evaluate(
        """() => {
          const items = document.querySelectorAll(
            '#main-nav .nav-link, #main-nav .btn, #main-nav .navbar-text, .navbar-brand');
          const tops = new Set();
          for (const el of items) {
            const box = el.getBoundingClientRect();
            if (box.width) { tops.add(Math.round(box.top + box.height / 2) >> 4); }
          }
          return tops.size;
        }"""
    )


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_passes_axe_and_fits_a_phone(
    chromium_browser, live_server, pages, lang, browser_log
):
    use_language(lang)
    failures: list[str] = []
    for role in (None, *ROLES):
        context = chromium_browser.new_context(
            base_url=live_server.url,
            locale=lang,
            extra_http_headers={"Accept-Language": lang},
            viewport=DESKTOP,
        )
        context.set_default_timeout(15_000)
        context.on(
            "request",
            lambda request: (
                browser_log.foreign_requests.append(request.url)
                if not request.url.startswith(live_server.url)
                and request.url.split(":", 1)[0] in ("http", "https")
                else None
            ),
        )
        page = context.new_page()
        if role:
            sign_in(page, login_email(role), PASSWORD)
        for item in (p for p in pages if p.role == role):
            page.set_viewport_size(DESKTOP)
            response = page.goto(item.path)
            expected = 404 if item.name == "not-found" else 200
            if response is None or response.status != expected:
                failures.append(f"{item.name}: status {response and response.status}")
                continue
            assert page.locator("html").get_attribute("lang") == lang, item.name
            failures += [f"axe {lang} {item.name}: {line}" for line in axe_violations(page)]
            if lang == "en" and role in ("organizer", "admin"):
                lines = navigation_lines(page)
                if lines != 1:
                    failures.append(f"navigation {item.name}: {lines} lines at 1366 px")
            page.set_viewport_size(PHONE)
            wider = horizontal_overflow(page)
            if wider:
                failures.append(f"phone {lang} {item.name}: {wider}px wider than the screen")
            if item.name.startswith("notifications"):
                # Collapsed header: the unread count shows without opening the menu.
                badge = page.locator("[data-testid=unread-count-collapsed]")
                if not badge.is_visible():
                    failures.append(f"phone {item.name}: no unread count on the collapsed header")
        context.close()
    assert not failures, "\n".join(failures)
    assert not browser_log.foreign_requests
