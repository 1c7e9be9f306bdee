"""Planned is not held, unknown is not zero: every figure against a hand count on a fixture that
mixes planned (upcoming and overdue), held, reported, unknown-attendance and month-precision
(first day of the month) dialogues.

City Idlib (SY07-IDLIB), all public, organiser O, today 2026-11-29:
    h1 held      2026-09-10  40 people: 20 women, 20 men, 12 youth; sectors civil society 30
    h2 reported  2026-10-01  (a month-precision date: October) 25 people: 10 women, men not
                 recorded, youth not recorded; no sectors
    h3 held      2026-10-15  attendance not recorded at all
    p1 planned   2026-12-20  30 people expected (planned: in no figure)
    p2 planned   2026-11-02  date passed, nothing recorded (in no figure; needs attention)
    f1 held      2026-12-10  a "held" dialogue dated in the future (bad data): in no figure
Hand counts: held 3; upcoming 1; participants 65 in the 2 of 3 dialogues that recorded
attendance; women 30 (over 65 participants of the 2 dialogues that recorded women: 46 %);
youth 12 over 40 (30 %); per month Sept 1, Oct 2, Nov 0 (the chart ends in this month).
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.dashboards.forms import DashboardFilters
from app.dashboards.indicators import overview, place_indicators
from app.dialogues.filters import DialogueFilters
from app.dialogues.held import (
    date_passed,
    date_passed_clause,
    held_clause,
    is_upcoming,
    took_place,
    upcoming_clause,
)
from app.dialogues.models import Dialogue, DialogueStatus, Sector, SectorCount
from app.maps.queries import city_aggregates

TODAY = date(2026, 11, 29)
S = DialogueStatus


@pytest.fixture
def mixed(make, db):
    gov = make.governorate(code="SY07", name_en="Idlib", name_ar="إدلب")
    city = make.city(code="SY07-IDLIB", name_en="Idlib", name_ar="إدلب", governorate=gov)
    org = make.organization()
    theme = make.theme(code="youth", name_en="Youth")

    def dialogue(status, day, total, women, men, youth):
        return make.dialogue(
            city=city,
            organizer=org,
            status=status,
            held_on=day,
            participants_total=total,
            participants_women=women,
            participants_men=men,
            participants_youth=youth,
        )

    h1 = dialogue(S.HELD, date(2026, 9, 10), 40, 20, 20, 12)
    db.session.add(SectorCount(dialogue=h1, sector=Sector.CIVIL_SOCIETY, count=30))
    h2 = dialogue(S.REPORTED, date(2026, 10, 1), 25, 10, None, None)
    h3 = dialogue(S.HELD, date(2026, 10, 15), None, None, None, None)
    p1 = dialogue(S.PLANNED, date(2026, 12, 20), 30, None, None, None)
    p2 = dialogue(S.PLANNED, date(2026, 11, 2), None, None, None, None)
    f1 = dialogue(S.HELD, date(2026, 12, 10), 50, 25, 25, 10)
    for d in (h1, h2, h3, p1, p2, f1):
        make.axis(dialogue=d, theme=theme)
    make.priority(dialogue=h1, theme=theme)
    make.priority(dialogue=p1, theme=theme)
    admin = make.user(role="admin")
    staff = make.user(organization=org)
    db.session.commit()
    return {
        "gov": gov,
        "city": city,
        "held": [h1, h2, h3],
        "upcoming": p1,
        "passed": p2,
        "future_held": f1,
        "admin": admin,
        "staff": staff,
    }


def test_the_held_rule_and_its_python_twin_agree(app, mixed, db):
    rows = db.session.execute(
        sa.select(
            Dialogue.id,
            held_clause(TODAY),
            upcoming_clause(TODAY),
            date_passed_clause(TODAY),
        ).where(Dialogue.city_id == mixed["city"].id)
    ).all()
    by_id = {
        d.id: d for d in [*mixed["held"], mixed["upcoming"], mixed["passed"], mixed["future_held"]]
    }
    for dialogue_id, held, upcoming, passed in rows:
        dialogue = by_id[dialogue_id]
        assert bool(held) == took_place(dialogue, TODAY)
        assert bool(upcoming) == is_upcoming(dialogue, TODAY)
        assert bool(passed) == date_passed(dialogue, TODAY)
    assert {i for i, held, *_ in rows if held} == {d.id for d in mixed["held"]}


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_the_city_figures_count_only_what_took_place(app, mixed, who):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        board = place_indicators(mixed[who], mixed["city"], DashboardFilters(), today=TODAY)
        assert board.dialogues == 3 and board.upcoming == 1
        p = board.participants
        assert (p.dialogues, p.recorded) == (3, 2)
        assert p.total.value == 65 and not p.complete
        assert p.by_sex["women"].value == 30
        assert p.by_sex["men"].value == 20
        assert p.by_sex["not_recorded"].value == 65 - 30 - 20
        assert p.women_base.value == 65 and p.share_women == "46%"
        assert p.youth["youth"].value == 12 and p.youth_base.value == 40
        assert p.share_youth == "30%"
        assert p.by_sector["civil_society"].value == 30
        assert p.by_sector["media"].value is None  # no dialogue recorded it: unknown, not 0
        assert p.by_sector["not_recorded"].value == 65 - 30
        assert (p.sex_recorded, p.youth_recorded, p.sectors_recorded) == (2, 1, 1)
        assert board.per_month == [
            (date(2026, 9, 1), 1),
            (date(2026, 10, 1), 2),  # the month-precision dialogue counts in its month
            (date(2026, 11, 1), 0),
        ]
        assert board.themes == [("Youth", 3)]
        assert sum(board.priorities_by_theme[0][1].values()) == 1  # p1's concern is not raised
        assert {row[0] for row in board.latest} == {d.id for d in mixed["held"]}


def test_a_period_reaching_into_the_future_extends_the_chart_but_counts_no_plan(app, mixed):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        filters = DashboardFilters(held_from=date(2026, 10, 1), held_to=date(2027, 1, 31))
        board = place_indicators(mixed["staff"], mixed["city"], filters, today=TODAY)
        assert board.dialogues == 2 and board.upcoming == 1
        assert [month for month, _ in board.per_month][-1] == date(2027, 1, 1)
        assert sum(n for _, n in board.per_month) == 2


def test_the_overview_and_the_map_count_the_same_dialogues(app, mixed):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = overview(mixed["staff"], DashboardFilters(), today=TODAY)
        row = next(r for r in data.rows if r.code == "SY07-IDLIB")
        assert (row.dialogues, row.recorded, row.participants.value) == (3, 2, 65)
        assert row.share_women == "46%" and row.share_youth == "30%"
        assert data.total_dialogues == 3 and data.upcoming == 1 and data.total_recorded == 2
        (city,) = city_aggregates(mixed["staff"], DialogueFilters())
        assert (city.dialogues, city.participants) == (3, 65)


def test_the_public_sees_rounded_figures_with_the_same_coverage(app, mixed):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        p = place_indicators(None, mixed["city"], DashboardFilters(), today=TODAY).participants
        assert (p.dialogues, p.recorded) == (3, 2)
        assert p.total.value == 65 and p.total.rounded  # a multiple of 5 stays as it is
        assert p.by_sex["women"].value == 30


def test_the_city_page_says_how_much_the_figures_cover(client, login, mixed):
    login(mixed["staff"])
    html = client.get("/cities/SY07-IDLIB", headers={"Accept-Language": "en"}).text
    assert "in the 2 of 3 dialogues that recorded attendance" in html
    assert "1 upcoming" in html


def test_a_planned_dialogue_whose_date_passed_needs_attention(client, login, mixed):
    login(mixed["staff"])
    html = client.get("/outcomes/attention", headers={"Accept-Language": "en"}).text
    assert f'data-testid="date-passed-{mixed["passed"].id}"' in html
    assert "Date passed: record what happened or move it." in html
    assert f'data-testid="date-passed-{mixed["upcoming"].id}"' not in html


def test_a_dialogue_page_says_not_recorded_rather_than_zero(client, mixed):
    html = client.get(f"/dialogues/{mixed['held'][2].id}", headers={"Accept-Language": "en"}).text
    total = html.split('data-testid="participants-total"', 1)[1].split("</dd>", 1)[0]
    assert "not recorded" in total and ">0<" not in total
