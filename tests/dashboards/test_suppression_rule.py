"""The cell-suppression rule of app/dashboards/suppression.py, pinned cell by cell: which count
goes with a single small one, what a breakdown's "rest" holds, what a hidden count reads and
exports, what a share is. (If another method replaces cell suppression for public figures, this
file goes with it; the viewer-facing edges are in test_suppression_edges.py.)"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from app.dashboards.suppression import Count, breakdown, exact, suppress, suppresses_for


def texts(cells):
    return {key: cell.text() for key, cell in cells.items()}


def test_the_next_smallest_count_goes_with_a_single_small_one(app):
    with app.app_context():
        cells = suppress({"a": 2, "b": 10, "c": 30, "d": 0}, limit=5)
        assert texts(cells) == {"a": "<5", "b": "–", "c": "30", "d": "0"}


def test_the_rule_holds_for_keys_that_are_not_text(app):
    with app.app_context():
        cells = suppress({101: 3, 102: 12, 103: 40}, limit=5)
        assert [key for key, cell in cells.items() if cell.hidden] == [102]
        assert cells[101].small and not cells[101].hidden


def test_a_tie_is_broken_by_the_keys_text_so_the_choice_is_stable(app):
    with app.app_context():
        for counts in ({"rest": 9, "women": 1, "men": 9}, {"men": 9, "women": 1, "rest": 9}):
            assert texts(suppress(counts, limit=5)) == {"men": "–", "women": "<5", "rest": "9"}


def test_a_single_small_count_with_nothing_else_hides_nothing_more(app):
    with app.app_context():
        assert texts(suppress({"a": 4, "b": 0}, limit=5)) == {"a": "<5", "b": "0"}


def test_the_rest_of_a_breakdown_is_a_cell_of_its_own(app):
    with app.app_context():
        whole, parts = breakdown({"women": 15}, 40, suppressed=False, rest="rest")
        assert (whole.text(), texts(parts)) == ("40", {"women": "15", "rest": "25"})
        whole, parts = breakdown({"women": 15, "men": 25}, 40, suppressed=True, rest="rest")
        assert texts(parts) == {"women": "15", "men": "25", "rest": "0"}
        _, parts = breakdown({"women": 30}, 20, suppressed=False, rest="rest")
        assert parts["rest"].value == 0  # more parts than total (bad data): no negative rest
        _, parts = breakdown({"women": 37}, 40, suppressed=True, rest="rest")
        assert texts(parts) == {"women": "–", "rest": "<5"}


def test_under_a_small_total_zero_parts_stay_zero(app):
    with app.app_context():
        whole, parts = breakdown({"women": 0}, 3, suppressed=True, rest="rest")
        assert whole.small and whole.text() == "<5"
        assert texts(parts) == {"women": "0", "rest": "–"}
        assert parts["women"].share_of(whole) == "–"


def test_what_a_count_reads_exports_and_shares(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert (Count(7, small=True).text(), Count(7, small=True).export()) == ("<5", "<5")
        assert (Count(7, hidden=True).text(), Count(7, hidden=True).export()) == ("–", "–")
        assert (Count(1234).text(), Count(1234).export()) == ("1,234", 1234)
        assert Count(15).share_of(Count(40)) == "38%"
        assert Count(0).share_of(Count(0)) == "–"
        assert Count(3).share_of(Count(40, small=True)) == "–"
        assert Count(3, hidden=True).share_of(Count(40)) == "–"
        assert str(Count(3, hidden=True)) == "–"
        assert Count(3).__html__() == "3" and Count(3, hidden=True).__html__() == "–"


def test_exact_counts_are_all_shown(app):
    with app.app_context():
        assert texts(exact({"a": 1, "b": 0, "c": 7})) == {"a": "1", "b": "0", "c": "7"}


@pytest.mark.parametrize(
    ("role", "suppressed"),
    [(None, True), ("donor", True), ("partner", False), ("organizer", False), ("admin", False)],
)
def test_who_gets_suppressed_figures(make, role, suppressed):
    user = None if role is None else make.user(role=role)
    assert suppresses_for(user) is suppressed


def test_a_count_is_a_value_that_cannot_be_changed():
    count = Count(3, small=True)
    assert count == Count(3, small=True) and len({count, Count(3, small=True)}) == 1
    with pytest.raises(FrozenInstanceError):
        count.small = False
