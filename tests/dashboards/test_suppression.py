"""The disclosure rule (app.dashboards.disclosure) and how viewers get it (suppression.Cells)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from app.dashboards import disclosure, suppression
from app.dashboards.disclosure import Records, publish, round_to_base
from app.dashboards.forms import DashboardFilters
from app.dashboards.indicators import dialogue_participants, overview, place_indicators

SECRET = b"test-secret"


def published(value, ids=(1,), measure="total", threshold=5):
    return publish(
        value, Records.of(list(ids)), measure=measure, secret=SECRET, threshold=threshold
    )


def test_zero_is_nobody_and_unknown_stays_unknown():
    assert published(0) == disclosure.Published(0)
    assert published(None) == disclosure.Published(None)
    assert not published(None).hidden


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_small_counts_are_hidden_not_rounded(value):
    cell = published(value)
    assert cell.hidden and cell.value is None


@pytest.mark.parametrize("value", range(5, 200))
def test_larger_counts_become_a_neighbouring_multiple_of_five(value):
    cell = published(value, ids=(value, 7))
    assert cell.rounded and cell.value % 5 == 0
    assert value - 5 < cell.value < value + 5
    if value % 5 == 0:
        assert cell.value == value  # nothing to round


def test_the_same_records_always_get_the_same_figure():
    first = [published(37, ids=(4, 9, 12)).value for _ in range(20)]
    assert len(set(first)) == 1
    # The order in which SQL met the records does not matter: their count and id sum do.
    assert published(37, ids=(12, 4, 9)).value == first[0]


def test_the_rounding_is_unbiased_over_many_cells():
    """7 rounds up to 10 about four times in ten (2/5), down to 5 otherwise."""
    ups = Counter(published(7, ids=(i,)).value for i in range(1, 4001))
    assert set(ups) == {5, 10}
    assert 0.35 < ups[10] / 4000 < 0.45


def test_round_to_base_follows_its_coin():
    assert round_to_base(12, 0.39) == 15 and round_to_base(12, 0.41) == 10
    assert round_to_base(10, 0.0) == 10


def test_the_key_decides_the_rounding():
    values = {
        publish(37, Records.of([i]), measure="total", secret=f"k{k}".encode(), threshold=5).value
        for i in range(1, 30)
        for k in range(2)
    }
    assert values == {35, 40}


def test_staff_see_exact_figures_and_the_public_rounded_ones(app):
    with app.app_context():
        staff = suppression.Cells(False)(37, Records.of([3]), "total")
        public = suppression.Cells(True)(37, Records.of([3]), "total")
        assert staff == suppression.Count(37)
        assert public.rounded and public.value in (35, 40)
        assert str(suppression.Cells(True)(3, Records.of([3]), "total")) == "<5"


def test_the_threshold_is_a_setting(app):
    with app.test_request_context():
        app.config["SMALL_COUNT_THRESHOLD"] = 10
        try:
            cell = suppression.Cells(True)(7, Records.of([1]), "women")
            assert cell.small and cell.text() == "<10"
        finally:
            app.config["SMALL_COUNT_THRESHOLD"] = 5


def test_a_dialogue_alone_shows_what_its_city_shows(app, world):
    """Python twin and SQL agree: a city whose only public dialogue it is shows the same figures
    on its dashboard as the dialogue's own page (so neither tells anything about the other)."""
    hama_dialogue = world["dialogues"][4]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        own = dialogue_participants(
            hama_dialogue.id,
            hama_dialogue.participants_total,
            hama_dialogue.participants_women,
            hama_dialogue.participants_men,
            hama_dialogue.participants_youth,
            {},
            suppressed=True,
        )
        board = place_indicators(None, world["hama"], DashboardFilters()).participants
        assert own.total == board.total
        assert own.by_sex["men"] == board.by_sex["men"]
        assert own.by_sex["women"] == board.by_sex["women"]


@pytest.mark.parametrize("role", ["anonymous", "donor"])
def test_every_public_participant_figure_is_a_multiple_of_five_or_withheld(app, world, role):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = world["users"][role]
        figures = []
        for place in ("homs", "talkalakh", "hama", "homs_gov", "hama_gov"):
            p = place_indicators(user, world[place], DashboardFilters()).participants
            figures += [p.total, *p.by_sex.values(), *p.youth.values(), *p.by_sector.values()]
        data = overview(user, DashboardFilters())
        figures += [row.participants for row in data.rows] + [data.total_participants]
        for figure in figures:
            assert figure.small or figure.value is None or figure.value % 5 == 0, figure


def test_organisations_keep_exact_figures(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = overview(world["users"]["organizer"], DashboardFilters())
        rows = {row.code: row for row in data.rows}
        assert str(rows["SY04-TALLKALAKH"].participants) == "3"
        assert rows["SY04"].participants.value == 40 + 12 + 20 + 3


def test_random_sets_never_publish_a_value_off_by_five_or_more():
    rng = random.Random(14)
    for _ in range(2000):
        ids = rng.sample(range(1, 10_000), rng.randint(1, 20))
        value = rng.randint(0, 5000)
        cell = published(value, ids=ids, measure=rng.choice(["total", "women", "youth"]))
        if value == 0:
            assert cell.value == 0
        elif value < 5:
            assert cell.hidden
        else:
            assert abs(cell.value - value) < 5 and cell.value % 5 == 0
