"""The city dashboard as a report and the overview by governorate: tables on demand, the print
header, the printed map's markers (visible dialogues only), the overview's outcome figures and
grouping, and themes rising and falling ordered the same way in both languages."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.dashboards import indicators
from app.dashboards.forms import DashboardFilters
from app.maps import static_map
from tests.dashboards.test_views import EN, page

AR = {"Accept-Language": "ar"}


def section(html, testid):
    """The element that carries data-testid=testid, up to its closing tag (rough but enough)."""
    start = html.index(f'data-testid="{testid}"')
    return html[start:]


def test_each_chart_carries_its_numbers_and_its_table_on_demand(client, world):
    html = client.get("/cities/SY04-HOMS", headers=EN).get_data(as_text=True)
    for testid in ("org-kinds", "outcome-statuses", "funnel", "themes"):
        chart = section(html, f"chart-{testid}").split("</svg>", 1)[0]
        assert 'class="chart-value"' in chart, testid
        # the full table follows inside a <details>, closed: reachable, not in the way
        after = html.split(f'data-testid="chart-{testid}"', 1)[1]
        details = after.split("<details", 1)[1].split("</details>", 1)[0]
        assert f'data-testid="{testid}"' in details, testid
    # the statuses' chart names every status with its count, as the table does
    statuses = section(html, "chart-outcome-statuses").split("</svg>", 1)[0]
    assert re.search(r">Accepted</text>.*?>1</text>", statuses, re.DOTALL)


def test_the_month_axis_is_anchored_inside_the_chart(client, login, world):
    html = page(client, login, world, "organizer", "/cities/SY04-HOMS")  # July to October
    chart = section(html, "chart-per-month").split("</svg>", 1)[0]
    names = re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" class="chart-name">', chart
    )
    # the first month starts at the left edge and the last ends at the right: nothing clipped
    assert names[0][1] == "start" and names[-1][1] == "end"
    assert float(names[-1][0]) <= 640


def test_arabic_months_run_right_to_left_and_stay_inside(client, login, world):
    login(world["users"]["organizer"])
    html = client.get("/cities/SY04-HOMS", headers=AR).get_data(as_text=True)
    chart = section(html, "chart-per-month").split("</svg>", 1)[0]
    anchors = re.findall(r'text-anchor="(\w+)" class="chart-name"', chart)
    assert anchors[0] == "end" and anchors[-1] == "start"  # the first month on the right


def test_the_printed_header_names_place_period_filters_and_date(client, world):
    response = client.get(
        f"/cities/SY04-HOMS?period=custom&from=2026-01-01&to=2026-12-31&theme={world['t1'].id}",
        headers=EN,
    )
    header = section(response.get_data(as_text=True), "report-header").split("</header>", 1)[0]
    assert "Hiwar" in header and "http://localhost/cities/SY04-HOMS?" in header
    assert "Homs" in header and "Jan 1, 2026 to Dec 31, 2026" in header
    assert "Theme: Safety" in header
    assert date.today().strftime("%B") in header  # printed today, long format


def test_the_printed_header_in_arabic(client, world):
    html = client.get("/cities/SY04-HOMS?period=12", headers=AR).get_data(as_text=True)
    header = section(html, "report-header").split("</header>", 1)[0]
    assert "حوار" in header and "حمص" in header and "تاريخ الطباعة" in header
    assert "Theme:" not in header and "لا شيء" in header
    assert "@page" in html and "صفحة" in html  # page numbers in the reader's language


@pytest.mark.parametrize(
    ("role", "markers"),
    [
        ("anonymous", {"Homs": "1", "Talkalakh": "1"}),
        ("organizer", {"Homs": "3", "Talkalakh": "1"}),
    ],
)
def test_the_printed_map_marks_only_visible_dialogues(client, login, world, role, markers):
    html = page(client, login, world, role, "/cities/SY04")
    figure = section(html, "static-map").split("</figure>", 1)[0]
    labels = dict(re.findall(r'class="static-map-label">(\w+) · (\d+)</text>', figure))
    assert labels == markers
    assert figure.count("<circle") == 2
    assert figure.count('class="static-map-area static-map-own"') == 1  # Homs governorate
    assert figure.count("<path") == 14  # every governorate of the outline


def test_a_city_without_visible_dialogues_gets_no_marker(client, world, make, db):
    make.city(code="SY04-QUSAIR", name_en="Qusair", name_ar="القصير", governorate=world["homs_gov"])
    db.session.commit()
    figure = section(
        client.get("/cities/SY04-QUSAIR", headers=EN).get_data(as_text=True), "static-map"
    )
    assert "<circle" not in figure.split("</figure>", 1)[0]


def test_the_overview_gives_outcome_figures(client, login, world):
    html = page(client, login, world, "organizer", "/dashboard")

    def value(testid):
        block = html.split(f'data-testid="{testid}"', 1)[1]
        return re.search(r'data-testid="value">(.*?)</div>', block, re.DOTALL).group(1).strip()

    # the organiser sees d1 (3 outcomes, 1 achieved and verified, 1 overdue), d2 (1), d3 (1)
    assert value("total-outcomes") == "5"
    assert value("total-achieved") == "20%"
    assert value("total-overdue") == "1"
    assert value("total-dialogues") == "5"


def test_governorate_rows_hold_their_cities(client, world):
    html = client.get("/dashboard", headers=EN).get_data(as_text=True)
    homs_city = re.search(r'<tr data-testid="row-SY04-HOMS"[^>]*>', html).group(0)
    assert 'data-city-of="SY04"' in homs_city
    governorate = re.search(r'<tr data-testid="row-SY04"[^>]*>', html).group(0)
    assert "data-city-of" not in governorate
    toggle = re.search(r'<button[^>]*data-toggle-cities="SY04"[^>]*>', html).group(0)
    assert 'aria-label="Show the 2 cities of Homs"' in toggle
    assert 'aria-expanded="true"' in toggle  # everything shows until the script runs
    assert "js/dashboard.js" in html


def _trends(client, headers):
    html = client.get("/dashboard", headers=headers).get_data(as_text=True)
    rising = section(html, "rising").split("</table>", 1)[0]
    return re.findall(r"<bdi>([^<]+)</bdi></th>", rising)


def test_rising_themes_tie_the_same_way_in_both_languages(client, make, db):
    city = make.city(code="SY04-HOMS", name_en="Homs", name_ar="حمص")
    # Three themes rising by one each: the English names sort A, B, C; the Arabic ones the other way
    themes = [
        make.theme(code="c", name_en="Alpha", name_ar="ي"),
        make.theme(code="b", name_en="Beta", name_ar="م"),
        make.theme(code="a", name_en="Gamma", name_ar="أ"),
    ]
    recent = date.today() - timedelta(days=20)
    for theme in themes:
        make.axis(dialogue=make.dialogue(city=city, held_on=recent), theme=theme)
    db.session.commit()
    assert _trends(client, EN) == ["Alpha", "Beta", "Gamma"]
    assert _trends(client, AR) == ["ي", "م", "أ"]  # the same themes in the same order


def test_trends_are_a_table_with_signed_changes(client, world, make, db):
    make.axis(dialogue=make.dialogue(city=world["homs"], held_on=date.today()), theme=world["t1"])
    db.session.commit()
    html = client.get("/dashboard", headers=AR).get_data(as_text=True)
    rising = section(html, "rising").split("</table>", 1)[0]
    assert "<caption" in rising and 'scope="col"' in rising
    assert '<bdi dir="ltr">+1</bdi>' in rising


def test_trend_ties_do_not_depend_on_names(app, make, db):
    city = make.city()
    a = make.theme(code="x1", name_en="Zulu", name_ar="أ")
    b = make.theme(code="x2", name_en="Alpha", name_ar="ي")
    recent = date.today() - timedelta(days=10)
    for theme in (a, b):
        make.axis(dialogue=make.dialogue(city=city, held_on=recent), theme=theme)
    db.session.commit()
    with app.test_request_context(headers=EN):
        data = indicators.overview(None, DashboardFilters())
    assert [t.theme_id for t in data.rising] == sorted([a.id, b.id])


def test_the_static_map_projects_markers_inside_the_frame(app, world):
    with app.test_request_context():
        markers = [static_map.Marker(name="Homs", lat=34.73, lon=36.72, dialogues=3)]
        drawn = static_map.place_map(world["homs"], markers)
    (marker,) = drawn.markers
    assert 0 < marker.x < drawn.width and 0 < marker.y < drawn.height
    assert len(drawn.areas) == 14 and [a.code for a in drawn.areas if a.highlighted] == ["SY04"]


@pytest.mark.parametrize("code", ["SY04", "SY05-HAMA"])
def test_every_place_dashboard_prints_a_map(client, world, code):
    html = client.get(f"/cities/{code}").get_data(as_text=True)
    assert 'data-testid="static-map"' in html and "<path" in html
