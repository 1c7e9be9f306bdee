"""Every indicator against numbers counted by hand from the world in conftest.py."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.dashboards.forms import DashboardFilterForm, DashboardFilters, months_before
from app.dashboards.indicators import overview, place_indicators
from app.dialogues.models import PriorityKind
from app.organizations.models import OrganizationKind
from app.outcomes.models import OutcomeStatus as S
from tests.dashboards.conftest import TODAY

ALL = DashboardFilters()


def board(world, role, place="homs", filters=ALL):
    return place_indicators(world["users"][role], world[place], filters, today=TODAY)


def near(count, exact):
    """A public figure: the exact one rounded to a multiple of 5, down or up."""
    return count.rounded and count.value % 5 == 0 and abs(count.value - exact) < 5


def test_an_anonymous_visitor_counts_the_public_dialogue_of_homs(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        b = board(world, "anonymous")
        assert b.dialogues == 1
        p = b.participants
        assert (p.total.value, p.by_sex["women"].value, p.by_sex["men"].value) == (40, 15, 25)
        assert p.youth["youth"].value == 10
        assert p.share_women == "38%" and p.share_youth == "25%"
        assert {k: c.value for k, c in p.by_sector.items() if c.value} == {
            "civil_society": 20,
            "local_authority": 10,
            "community": 10,
        }
        assert b.organizations == 2
        assert dict(b.organizations_by_kind) == {
            OrganizationKind.CIVIL_SOCIETY: 1,
            OrganizationKind.PUBLIC_INSTITUTION: 1,
        }
        assert b.bridging_sessions == 1
        assert b.outcomes_by_status == {S.ACHIEVED: 1, S.IN_PROGRESS: 1, S.PROPOSED: 1}
        assert b.overdue == 1
        assert b.verified_outcomes == 2
        assert b.average_verified_progress == pytest.approx(140 / 300)
        assert b.share_achieved == pytest.approx(1 / 3)
        assert b.funnel == [(S.PROPOSED, 3), (S.ACCEPTED, 2), (S.IN_PROGRESS, 2), (S.ACHIEVED, 1)]
        assert b.per_month == [(date(2026, 10, 1), 1), (date(2026, 11, 1), 0)]  # to this month
        assert b.themes == [("Safety", 1), ("Protection", 1)]
        assert b.priorities_by_theme == [
            ("Safety", {PriorityKind.CONCERN: 1, PriorityKind.PRIORITY: 1}),
            ("Protection", {PriorityKind.GAP: 1}),
        ]
        assert [row[0] for row in b.latest] == [world["dialogues"][0].id]


def test_a_donor_also_counts_the_dialogue_shared_with_donors(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        b = board(world, "donor")
        assert b.dialogues == 2
        assert near(b.participants.total, 52)
        assert near(b.participants.by_sex["women"], 18)
        assert b.outcomes_by_status == {
            S.ACHIEVED: 1,
            S.IN_PROGRESS: 1,
            S.PROPOSED: 1,
            S.ACCEPTED: 1,
        }
        assert b.funnel == [(S.PROPOSED, 4), (S.ACCEPTED, 3), (S.IN_PROGRESS, 2), (S.ACHIEVED, 1)]
        assert b.per_month == [
            (date(2026, 8, 1), 1),
            (date(2026, 9, 1), 0),
            (date(2026, 10, 1), 1),
            (date(2026, 11, 1), 0),
        ]
        assert b.themes == [("Safety", 2), ("Protection", 1)]


def test_the_organiser_counts_its_internal_dialogue_and_a_dropped_outcome_leaves_the_funnel(
    app, world
):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        b = board(world, "organizer")
        assert b.dialogues == 3
        assert b.participants.total.value == 72
        assert b.outcomes == 5 and b.outcomes_by_status[S.DROPPED] == 1
        assert b.funnel[0] == (S.PROPOSED, 4)
        assert b.themes == [("Safety", 2), ("Protection", 2)]
        assert [n for _, n in b.per_month] == [1, 1, 0, 1, 0]


def test_a_partner_sees_what_the_public_sees_here_but_unsuppressed(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        public, partner = board(world, "anonymous", "hama"), board(world, "partner", "hama")
        assert public.dialogues == partner.dialogues == 1
        assert str(public.participants.by_sex["women"]) == "<5"
        assert str(partner.participants.by_sex["women"]) == "3"


def test_a_governorate_counts_its_cities_and_rounds_its_public_total(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        public = board(world, "anonymous", "homs_gov")
        assert public.dialogues == 2  # Homs and Talkalakh
        assert near(public.participants.total, 40 + 3)  # rounded: 40 or 45, never 43
        assert public.organizations == 3
        organiser = board(world, "organizer", "homs_gov")
        assert organiser.participants.total.value == 40 + 12 + 20 + 3


def test_the_period_and_the_theme_narrow_the_dialogues(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        since_september = DashboardFilters(held_from=date(2026, 8, 29))
        assert board(world, "donor", filters=since_september).dialogues == 1
        protection = DashboardFilters(theme_id=world["t2"].id)
        assert board(world, "donor", filters=protection).dialogues == 1  # d1 only
        assert board(world, "organizer", filters=protection).dialogues == 2  # d1, d3


def test_the_period_choices_count_back_calendar_months(app, world):
    assert months_before(date(2026, 11, 29), 3) == date(2026, 8, 29)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 2, 15), 12) == date(2025, 2, 15)
    with app.test_request_context("/?period=12"):
        form = DashboardFilterForm(MultiDict({"period": "12"}), today=date(2026, 11, 29))
        assert form.filters() == DashboardFilters(held_from=date(2025, 11, 29))


def test_bad_period_values_are_explained_and_ignored(app, world):
    with app.test_request_context():
        form = DashboardFilterForm(
            MultiDict({"period": "forever", "from": "2026-13-40", "theme": "9999"})
        )
        assert form.filters() == DashboardFilters()
        assert form.period.errors and form.theme.errors


def test_the_overview_puts_cities_and_governorates_side_by_side(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = overview(world["users"]["donor"], ALL, today=date(2026, 11, 29))
        rows = {row.code: row for row in data.rows}
        assert set(rows) == {"SY04", "SY05", "SY04-HOMS", "SY04-TALLKALAKH", "SY05-HAMA"}
        assert rows["SY04-HOMS"].dialogues == 2 and near(rows["SY04-HOMS"].participants, 52)
        assert str(rows["SY04-TALLKALAKH"].participants) == "<5"
        assert rows["SY04"].dialogues == 3
        assert rows["SY04"].participants.value == 55  # 52 + Talkalakh's 3: a multiple of 5
        assert rows["SY05-HAMA"].share_women == "–"  # 3 women of 30: not shown to a donor
        assert rows["SY04-HOMS"].organizations == 2 and rows["SY04"].organizations == 3
        assert (rows["SY04-HOMS"].outcomes, rows["SY04-HOMS"].achieved_verified) == (4, 1)
        assert rows["SY04-HOMS"].overdue == 1
        assert data.total_dialogues == 4
        assert data.total_participants.value == 52 + 3 + 30  # a multiple of 5: shown as it is
        assert data.total_recorded == 4 and data.upcoming == 0


def test_a_dialogue_saved_while_the_overview_is_counted_waits_for_the_next_load(
    app, world, make, db, monkeypatch
):
    """Each query reads what is committed when it runs (PostgreSQL's READ COMMITTED): a dialogue
    in a new city saved between the count per city and the later queries was a KeyError (500)."""
    real_execute = db.session.execute
    calls = []

    def execute(*args, **kwargs):
        result = real_execute(*args, **kwargs)
        calls.append(args[0])
        if len(calls) == 2:  # the dialogues per city are counted; another request saves one
            rows = result.all()
            gov = make.governorate(code="SY07", name_en="Homs East", name_ar="حمص الشرقية")
            city = make.city(code="SY07-NEW", name_en="New", name_ar="جديدة", governorate=gov)
            late = make.dialogue(city=city, organizer=world["orgs"][0], held_on=date(2026, 10, 1))
            make.outcome(dialogue=late, theme=world["t1"])
            db.session.flush()
            return rows
        return result

    monkeypatch.setattr(db.session, "execute", execute)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = overview(None, ALL, today=date(2026, 11, 29))
    assert "SY07-NEW" not in {row.code for row in data.rows}


def test_the_overview_shows_the_themes_that_rise_and_fall(app, world, make, db):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        old = make.dialogue(city=world["hama"], held_on=date(2026, 3, 1))
        make.axis(dialogue=old, theme=world["t2"])
        make.axis(
            dialogue=make.dialogue(city=world["hama"], held_on=date(2026, 4, 1)), theme=world["t2"]
        )
        db.session.commit()
        data = overview(None, ALL, today=date(2026, 11, 29))
        # Since 29 May: Safety in d1 (public); before: Protection in the two spring dialogues
        assert [(t.name, t.before, t.recent) for t in data.rising] == [("Safety", 0, 1)]
        assert [(t.name, t.before, t.recent) for t in data.falling] == [("Protection", 2, 1)]
