"""The disclosure rule for participant figures, pinned cell by cell: app/dashboards/disclosure.py
(consistent random rounding to base 5, small cells withheld) and app/dashboards/suppression.py
(the Count a viewer gets, who gets exact figures, which key rounds). The viewer-facing edges
(pages, map, national figure) are in test_suppression_edges.py."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from app.dashboards import disclosure, suppression
from app.dashboards.disclosure import Published, Records, publish, round_to_base, unit
from app.dashboards.suppression import Cells, Count, suppresses_for

SECRET = b"pin-secret"
ROLES = [None, "donor", "partner", "organizer", "admin"]
EXACT = {None: False, "donor": False, "partner": True, "organizer": True, "admin": True}


def cell(value, ids=(11,), measure="total", threshold=5, secret=SECRET, **kwargs):
    return publish(
        value, Records.of(list(ids)), measure=measure, secret=secret, threshold=threshold, **kwargs
    )


def coin(secret, measure, count, id_sum):
    """The cell's coin computed independently of the module: HMAC-SHA256 of
    "measure|count|id_sum", its first 8 bytes big-endian, over 2**64."""
    digest = hmac.new(secret, f"{measure}|{count}|{id_sum}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@pytest.fixture
def viewers(make, db):
    users = {None: None}
    for role in ROLES[1:]:
        users[role] = make.user(role=role)
    db.session.commit()
    return users


# --- disclosure.publish: the cell, value by value -------------------------------------------


def test_zero_is_published_as_zero_and_unknown_stays_unknown():
    assert cell(0) == Published(0) and cell(0, ids=()) == Published(0)
    assert cell(-3) == Published(0)  # bad data never publishes a negative figure
    unknown = cell(None)
    assert unknown == Published(None) and not unknown.hidden and not unknown.rounded


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_one_to_four_are_withheld_not_rounded(value):
    assert cell(value) == Published(None, hidden=True, rounded=False)


@pytest.mark.parametrize("value", range(5, 61))
def test_five_and_more_become_a_multiple_of_five_within_four(value):
    for ids in ((value,), (3, 9), (1, 2, 40)):
        published = cell(value, ids=ids)
        assert published.rounded and not published.hidden
        assert published.value % 5 == 0 and abs(published.value - value) <= 4
        assert published.value >= 5


def test_the_rounding_is_the_keyed_coin_of_measure_and_records():
    for value in range(5, 40):
        for measure, ids in (("total", (7,)), ("women", (7,)), ("total", (3, 4)), ("men", (1,))):
            expected_coin = coin(SECRET, measure, len(ids), sum(ids))
            assert unit(SECRET, measure, Records.of(list(ids))) == expected_coin
            remainder = value % 5
            expected = value - remainder + (5 if expected_coin < remainder / 5 else 0)
            assert cell(value, ids=ids, measure=measure).value == max(expected, 5)


def test_the_coin_is_a_number_in_zero_to_one():
    coins = [unit(SECRET, "total", Records(n, n * 3)) for n in range(200)]
    assert all(0 <= c < 1 for c in coins)
    assert min(coins) < 0.1 and max(coins) > 0.9  # spread over the whole interval


def test_the_threshold_and_the_base_are_parameters():
    assert cell(7, threshold=10) == Published(None, hidden=True)
    assert cell(10, threshold=10).rounded
    assert cell(4, threshold=4).rounded and cell(4, threshold=4).value in (5,)
    for value in range(10, 60):
        assert cell(value, base=10).value % 10 == 0
        assert abs(cell(value, base=10).value - value) < 10
    # rounded down to nothing, a figure of at least one person is published as the base
    assert {cell(2, ids=(n,), threshold=1).value for n in range(60)} == {5}
    assert {cell(1, ids=(n,), threshold=1, base=10).value for n in range(60)} == {10}


def test_round_to_base_follows_its_coin_at_the_edges():
    assert round_to_base(7, 0.39) == 10 and round_to_base(7, 0.4) == 5
    assert round_to_base(9, 0.79) == 10 and round_to_base(9, 0.8) == 5
    assert round_to_base(6, 0.0) == 10 and round_to_base(6, 0.2) == 5
    assert round_to_base(10, 0.0) == 10 and round_to_base(10, 0.99) == 10
    assert round_to_base(0, 0.0) == 0
    assert round_to_base(13, 0.29, base=10) == 20 and round_to_base(13, 0.3, base=10) == 10


def test_the_same_records_get_the_same_value_and_other_records_may_not():
    for value in range(5, 40):
        assert cell(value, ids=(4, 6)) == cell(value, ids=(4, 6))
        assert cell(value, ids=(4, 6)) == cell(value, ids=(6, 4))  # a set, not a sequence
        assert cell(value, ids=(4, 6)) == cell(value, ids=(3, 7))  # same count and id sum
    # the coin belongs to the record set: some other id sum rounds some figure the other way
    assert any(
        cell(v, ids=(4, 6)) != cell(v, ids=(4, 6 + k)) for v in range(5, 60) for k in range(1, 30)
    )
    # another number of records with the same id sum, or another measure: another coin
    assert any(
        cell(v, ids=(n,)) != cell(v, ids=(n - 1, 1)) for v in range(5, 60) for n in range(2, 30)
    )
    assert any(
        cell(v, ids=(n,), measure="women") != cell(v, ids=(n,), measure="men")
        for v in range(5, 60)
        for n in range(1, 30)
    )


def test_another_key_may_round_the_same_cell_the_other_way():
    values = range(5, 80)
    mine = [cell(v, secret=SECRET).value for v in values]
    assert mine == [cell(v, secret=SECRET).value for v in values]
    assert mine != [cell(v, secret=b"another-key").value for v in values]


def test_records_add_up_and_count_their_ids():
    assert Records.of([3, 4, 10]) == Records(3, 17)
    assert Records.of(()) == Records() == Records(0, 0)
    assert Records(2, 7) + Records(1, 5) == Records(3, 12)
    with pytest.raises(FrozenInstanceError):
        Records().count = 1  # type: ignore[misc]


def test_a_published_cell_defaults_to_neither_hidden_nor_rounded():
    assert Published(5) == Published(5, hidden=False, rounded=False)
    assert disclosure.BASE == 5
    published = cell(12)
    assert len({published, cell(12)}) == 1  # a value: equal cells hash alike
    with pytest.raises(FrozenInstanceError):
        published.value = 3  # type: ignore[misc]


# --- suppression: the viewer's Count ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_exact_figures(viewers, role):
    assert suppresses_for(viewers[role]) is not EXACT[role]


def test_a_viewer_without_a_sign_in_flag_is_the_public(app):
    class Anonymous:
        is_authenticated = False

    assert suppresses_for(Anonymous()) is True
    assert suppresses_for(object()) is True


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_zero_small_and_large_figures_by_the_rule(app, viewers, role):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        cells = Cells(suppresses_for(viewers[role]))
        records = Records.of([21, 22])
        assert cells(0, Records(), "total") == Count(0)
        assert cells(0, Records(), "total").text() == "0"
        assert cells(None, records, "total") == Count(None)
        assert cells(None, records, "total").text() == "not recorded"
        for value in range(1, 5):
            count = cells(value, records, "total")
            if EXACT[role]:
                assert count == Count(value) and count.text() == str(value)
            else:
                assert count == Count(None, small=True) and count.text() == "<5"
        for value in range(5, 120):
            count = cells(value, records, "women")
            if EXACT[role]:
                assert count == Count(value)
            else:
                assert count.rounded and not count.small
                assert count.value % 5 == 0 and abs(count.value - value) <= 4
                assert (
                    count.value
                    == cell(
                        value, ids=(21, 22), measure="women", secret=suppression.rounding_secret()
                    ).value
                )


def test_figures_from_the_database_become_plain_integers(app):
    with app.app_context():
        for suppressed in (False, True):
            count = Cells(suppressed)(Decimal(40), Records.of([1]), "total")
            assert count.value == 40 and type(count.value) is int


def test_the_rounding_key_is_the_setting_or_derived_from_the_secret_key(app, monkeypatch):
    with app.app_context():
        monkeypatch.setitem(app.config, "DISCLOSURE_KEY", None)
        derived = hmac.new(
            str(app.config["SECRET_KEY"]).encode(), b"hiwar-disclosure", hashlib.sha256
        ).digest()
        assert suppression.rounding_secret() == derived
        first = [Cells(True)(v, Records.of([5]), "total").value for v in range(5, 80)]
        assert first == [cell(v, ids=(5,), secret=derived).value for v in range(5, 80)]
        monkeypatch.setitem(app.config, "DISCLOSURE_KEY", "a-key-of-its-own")
        assert suppression.rounding_secret() == b"a-key-of-its-own"
        second = [Cells(True)(v, Records.of([5]), "total").value for v in range(5, 80)]
        assert second == [cell(v, ids=(5,), secret=b"a-key-of-its-own").value for v in range(5, 80)]
        assert first != second


def test_the_threshold_is_the_setting(app, monkeypatch):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert suppression.threshold() == 5
        monkeypatch.setitem(app.config, "SMALL_COUNT_THRESHOLD", "10")
        assert suppression.threshold() == 10
        count = Cells(True)(7, Records.of([1]), "total")
        assert count == Count(None, small=True) and count.text() == "<10"
        assert Cells(True)(10, Records.of([1]), "total").value == 10
        assert Cells(False)(7, Records.of([1]), "total") == Count(7)


def test_one_dialogue_is_its_own_only_record(app):
    with app.app_context():
        cells = Cells(True)
        for value in range(0, 60):
            assert cells.one(value, 42, "men") == cells(
                value, Records.of([42]) if value else Records(), "men"
            )
        assert cells.one(0, 42, "men") == Count(0)
        assert cells.one(None, 42, "men") == Count(None)
        # the dialogue's id matters: an empty record set would round some figures otherwise
        assert any(cells.one(v, 42, "men") != cells(v, Records(), "men") for v in range(5, 60))
        assert any(
            cells.one(v, 42, "men") != cells.one(v, other, "men")
            for v in range(5, 60)
            for other in range(43, 80)
        )
        assert Cells(False).one(3, 42, "men") == Count(3)


def test_what_a_count_reads_and_exports(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert (Count(1234).text(), str(Count(1234)), Count(1234).export()) == (
            "1,234",
            "1,234",
            1234,
        )
        assert (Count(0).text(), Count(0).export()) == ("0", 0)
        small = Count(None, small=True)
        assert (small.text(), str(small), small.export()) == ("<5", "<5", None)
        unknown = Count(None)
        assert (unknown.text(), str(unknown), unknown.export()) == (
            "not recorded",
            "not recorded",
            None,
        )
        assert unknown.text() != "0"


def test_not_recorded_reads_in_arabic(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert Count(None).text() not in ("0", "not recorded", "")


def test_shown_and_recorded():
    assert Count(0).shown and Count(0).recorded
    assert Count(5).shown and Count(5).recorded
    assert not Count(None, small=True).shown and Count(None, small=True).recorded
    assert not Count(None).shown and not Count(None).recorded
    assert Count(5) == Count(5, small=False, rounded=False)


def test_a_share_only_when_both_figures_are_shown(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert Count(15).share_of(Count(40)) == "38%"
        assert Count(0).share_of(Count(40)) == "0%"
        assert Count(50).share_of(Count(40)) == "100%"  # rounded parts never exceed the whole
        assert Count(40).share_of(Count(40)) == "100%"
        assert Count(0).share_of(Count(0)) == "–"
        assert Count(5).share_of(Count(None, small=True)) == "–"
        assert Count(None, small=True).share_of(Count(40)) == "–"
        assert Count(None).share_of(Count(40)) == "–"
        assert Count(10).share_of(Count(None)) == "–"


def test_the_html_of_a_count(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert Count(None, small=True).__html__() == '<bdi dir="ltr">&lt;5</bdi>'
        unknown = Count(None).__html__()
        assert unknown.startswith('<span class="text-muted">') and unknown.endswith("</span>")
        assert Count(None).text() in unknown
        assert Count(40).__html__() == "40" and "<" not in Count(40).__html__()


def test_the_html_of_a_count_in_english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert Count(None, small=True).__html__() == '<bdi dir="ltr">&lt;5</bdi>'
        assert Count(None).__html__() == '<span class="text-muted">not recorded</span>'
        assert Count(1234).__html__() == "1,234"


def test_a_count_is_a_value_that_cannot_be_changed():
    count = Count(None, small=True)
    assert count == Count(None, small=True) and len({count, Count(None, small=True)}) == 1
    with pytest.raises(FrozenInstanceError):
        count.small = False  # type: ignore[misc]
