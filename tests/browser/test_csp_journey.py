"""Every page works in a real browser under the Content-Security-Policy: no violation reported,
no console error, nothing from another host (the page fixture fails on that), as an organiser
who reaches the most pages and as an admin who reaches the admin pages."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.dialogues.models import Visibility
from tests.browser.test_outcome_follow_up_journey import sign_in
from tests.core.test_pages import page_paths

REPORT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def browser_locale():
    return "en"


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.ADMIN])
def test_every_page_runs_under_the_policy(page, app, make, db, browser_log, role):
    homs = make.city(code="SY04-HOMS", name_en="Homs", name_ar="حمص")
    dialogue = make.dialogue(city=homs, visibility=Visibility.PUBLIC)
    make.axis(dialogue=dialogue)
    make.outcome(dialogue=dialogue)
    user = make.user(email="someone@example.org", role=role, organization=dialogue.organizer)
    db.session.commit()
    page.add_init_script(REPORT_VIOLATIONS)
    sign_in(page, user.email)
    paths = page_paths(
        app,
        dialogue.id,
        organization_id=dialogue.organizer_org_id,
        user_id=user.id,
        outcome_id=dialogue.outcomes[0].id,
        code="SY04-HOMS",
    )
    seen = []
    for path in paths:
        if path.endswith("/logout"):
            continue
        page.goto(path)
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], (path, violations)
        seen.append(path)
    assert "/map" in seen and any(p.startswith("/cities/") for p in seen)
    # 404 pages for the samples that name nothing log "Failed to load resource": not violations.
    errors = [e for e in browser_log.console_errors if "Failed to load resource" not in e]
    assert errors == []
