"""Small counts: "<5" in public and donor views, and no total gives them back."""

from __future__ import annotations

import pytest

from app.dashboards import suppression
from app.dashboards.forms import DashboardFilters
from app.dashboards.indicators import overview, place_indicators
from app.dashboards.suppression import breakdown, suppress


def hidden(cells):
    return {key for key, cell in cells.items() if not cell.shown}


def test_one_small_count_takes_the_smallest_other_count_with_it():
    cells = suppress({"women": 3, "men": 27, "rest": 0}, limit=5)
    assert cells["women"].small and str(cells["women"].value) == "3"
    assert cells["men"].hidden
    assert cells["rest"].shown and cells["rest"].value == 0  # zero is nobody


def test_two_small_counts_hide_each_other():
    cells = suppress({"a": 1, "b": 2, "c": 40}, limit=5)
    assert hidden(cells) == {"a", "b"}


def test_nothing_small_nothing_hidden():
    assert hidden(suppress({"a": 5, "b": 0, "c": 40}, limit=5)) == set()


def test_a_small_total_hides_its_parts(app):
    with app.app_context():
        whole, parts = breakdown({"women": 1, "men": 2}, 3, suppressed=True, rest="rest")
        assert whole.small
        assert hidden(parts) == {"women", "men"}


def test_staff_see_exact_numbers(app):
    with app.app_context():
        whole, parts = breakdown({"women": 1, "men": 2}, 3, suppressed=False, rest="rest")
        assert whole.shown and all(cell.shown for cell in parts.values())


def test_the_threshold_is_a_setting(app):
    with app.app_context():
        app.config["SMALL_COUNT_THRESHOLD"] = 10
        try:
            assert suppress({"a": 7, "b": 30})["a"].small
            assert suppression.Count(7, small=True).text() == "<10"
        finally:
            app.config["SMALL_COUNT_THRESHOLD"] = 5


def _recoverable(total, cells):
    """A suppressed count that the total minus the shown counts would give back."""
    unseen = [cell for cell in cells.values() if not cell.shown and cell.value > 0]
    return total.shown and len(unseen) == 1


@pytest.mark.parametrize("role", ["anonymous", "donor"])
@pytest.mark.parametrize("place", ["homs", "talkalakh", "hama", "homs_gov", "hama_gov"])
def test_no_breakdown_gives_a_small_count_back(app, world, role, place):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        p = place_indicators(world["users"][role], world[place], DashboardFilters()).participants
        for cells in (p.by_sex, p.youth, p.by_sector):
            assert not _recoverable(p.total, cells)
            shown = sum(cell.value for cell in cells.values() if cell.shown)
            if p.total.shown and shown < p.total.value:
                assert len([c for c in cells.values() if not c.shown and c.value]) >= 2


@pytest.mark.parametrize("role", ["anonymous", "donor"])
def test_governorate_totals_are_the_sums_of_the_cities_shown(app, world, role):
    """A small city enters no total: governorate minus shown cities gives nothing back."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = overview(world["users"][role], DashboardFilters())
        rows = {row.code: row for row in data.rows}
        homs_cities = [rows[code] for code in ("SY04-HOMS", "SY04-TALLKALAKH")]
        assert rows["SY04"].participants.value == sum(
            row.participants.value for row in homs_cities if row.participants.shown
        )
        cities = [row for row in data.rows if row.kind == "city"]
        assert data.total_participants.value == sum(
            row.participants.value for row in cities if row.participants.shown
        )


def test_organisations_see_small_cities_in_their_totals(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = overview(world["users"]["organizer"], DashboardFilters())
        rows = {row.code: row for row in data.rows}
        assert str(rows["SY04-TALLKALAKH"].participants) == "3"
        assert rows["SY04"].participants.value == 40 + 12 + 20 + 3
