"""Pure helpers of the load test (standard library only, so the test suite can check them):
reading an HTML form the way a browser would submit it, and latency percentiles."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The fields of the first <form> whose action matches (or of every form when no action is
    given), as a browser would submit them: inputs with their value (checkboxes and radios only
    when checked), the selected option of each select (else its first), textareas; no files,
    no buttons. Also the options of each select, to choose from."""

    SKIPPED = {"file", "submit", "button", "image", "reset"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._option_selected = False
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "form" and attributes.get("method", "get").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in self.SKIPPED:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.fields[name] = attributes.get("value", "on")
                return
            self.fields[name] = attributes.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self.options[name] = []
        elif tag == "option" and self._select:
            self._option_value = attributes.get("value")
            self._option_text = []
            self._option_selected = "selected" in attributes
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._textarea_text.append(data)
        elif self._option_value is None and self._select and self._option_text is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "option" and self._select:
            self._close_option()
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.fields[self._select] = self._select_first
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._textarea_text)
            self.fields[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None

    def _close_option(self) -> None:
        value = self._option_value
        if value is None:
            value = "".join(self._option_text).strip()
        self.options[self._select].append(value)
        if self._select_first is None:
            self._select_first = value
        if self._option_selected:
            self.fields[self._select] = value
            self._select_chosen = True
        self._option_value, self._option_text, self._option_selected = None, [], False


def read_form(html: str) -> FormReader:
    """The fields and select options of the POST forms in `html` (pass one form's HTML)."""
    reader = FormReader()
    reader.feed(html)
    reader.close()
    return reader


def form_after(html: str, marker: str) -> FormReader:
    """Read the POST form that begins at the first `<form` after `marker` (e.g. an action)."""
    start = html.find(marker)
    if start < 0:
        raise ValueError(f"no {marker!r} in the page")
    start = html.rfind("<form", 0, start + 1)
    end = html.find("</form>", start)
    return read_form(html[start : end + len("</form>")])


DIALOGUE_ID = re.compile(r"/dialogues/(\d+)(?:$|[?#])")


def dialogue_id_from_location(location: str | None) -> int | None:
    """The id in a redirect to a dialogue's page (`/dialogues/42`), or None."""
    match = DIALOGUE_ID.search(location or "")
    return int(match.group(1)) if match else None


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]
