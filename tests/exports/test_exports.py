"""CSV with HXL and XLSX exports: only visible records, nothing personal, suppression kept."""

from __future__ import annotations

import csv
import io
import re

import hxl
import openpyxl
import pytest

EN = {"Accept-Language": "en"}
AR = {"Accept-Language": "ar"}


def download(client, path, headers=EN):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="hiwar-[a-z-]+-\d{4}-\d\d-\d\d\.(csv|xlsx)"', disposition
    )
    assert "no-store" in response.headers["Cache-Control"]
    return response.data


def as_user(client, login, world, role):
    if world["users"][role] is not None:
        login(world["users"][role])


def hxl_rows(body):
    source = hxl.data(io.BytesIO(body))
    tags = [column.display_tag for column in source.columns]
    return tags, [dict(zip(tags, row.values, strict=False)) for row in source]


def test_the_dialogue_csv_carries_the_hxl_row_under_the_header(client, world):
    body = download(client, "/exports/dialogues.csv")
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Dialogue id,Title (English)")
    assert lines[1].startswith("#meta+id,#activity+name+i_en,#activity+name+i_ar")
    tags, rows = hxl_rows(body)
    for tag in (
        "#meta+id",
        "#date+occurred",
        "#adm1+code",
        "#loc+code",
        "#geo+lat",
        "#org+impl+name",
        "#subsector+code",
        "#reached+ind",
        "#reached+ind+f",
        "#output+num+recommendations",
    ):
        assert tag in tags
    homs = next(row for row in rows if row["#meta+id"] == str(world["dialogues"][0].id))
    assert homs["#adm1+code"] == "SY04" and homs["#loc+code"] == "SY04-HOMS"
    assert homs["#subsector+code"] == "community_safety|protection"
    assert homs["#reached+ind"] == "40"


def test_the_outcome_csv_carries_its_tags(client, world):
    tags, rows = hxl_rows(download(client, "/exports/outcomes.csv"))
    assert tags[:3] == ["#meta+id", "#activity+code", "#indicator+type"]
    assert {"#org+name", "#date+end", "#status+name", "#indicator+num+verified"} <= set(tags)
    assert {row["#activity+code"] for row in rows} == {str(world["dialogues"][0].id)}
    assert sorted(row["#status+name"] for row in rows) == ["achieved", "in_progress", "proposed"]


VISIBLE = {"anonymous": {0, 3, 4}, "donor": {0, 1, 3, 4}, "organizer": {0, 1, 2, 3, 4}}


@pytest.mark.parametrize("role", VISIBLE)
def test_exports_hold_only_what_the_viewer_may_see(client, login, world, role):
    as_user(client, login, world, role)
    _, rows = hxl_rows(download(client, "/exports/dialogues.csv"))
    expected = {str(world["dialogues"][i].id) for i in VISIBLE[role]}
    assert {row["#meta+id"] for row in rows} == expected


@pytest.mark.parametrize(
    "role, women, men, figures",
    [("anonymous", "", {"25", "30"}, "rounded"), ("organizer", "3", {"27"}, "exact")],
)
def test_suppressed_cells_stay_suppressed(client, login, world, role, women, men, figures):
    """A withheld cell is empty (numeric columns stay numeric) and the flag column names it."""
    as_user(client, login, world, role)
    _, rows = hxl_rows(download(client, "/exports/dialogues.csv"))
    hama = next(row for row in rows if row["#loc+code"] == "SY05-HAMA")
    assert hama["#reached+ind+f"] == women and hama["#reached+ind+m"] in men
    assert hama["#meta+disclosure"] == figures
    assert hama["#meta+suppressed"] == ("women" if role == "anonymous" else "")
    talkalakh = next(row for row in rows if row["#loc+code"] == "SY04-TALLKALAKH")
    assert talkalakh["#reached+ind"] == ("" if role == "anonymous" else "3")


def test_a_count_not_recorded_is_an_empty_cell_not_zero(client, login, make, world, db):
    make.dialogue(
        city=world["hama"],
        title_en="Nobody counted",
        participants_total=None,
        participants_women=None,
        participants_men=None,
        participants_youth=None,
    )
    db.session.commit()
    login(world["users"]["organizer"])
    _, rows = hxl_rows(download(client, "/exports/dialogues.csv"))
    row = next(row for row in rows if row["#activity+name+i_en"] == "Nobody counted")
    assert row["#reached+ind"] == row["#reached+ind+f"] == row["#reached+ind+age18_29"] == ""
    assert row["#meta+suppressed"] == ""  # empty because unknown, not because withheld


def _hxl_errors(body: bytes) -> list:
    errors = []
    hxl.schema(callback=errors.append).validate(hxl.data(io.BytesIO(body)))
    return [e for e in errors if e.rule.severity == "error"]


@pytest.mark.parametrize("role", ["anonymous", "donor", "partner", "organizer", "admin"])
def test_every_export_passes_hxlvalidate_with_the_core_schema(client, login, make, world, db, role):
    """libhxl's default (core) schema: "#reached is a number", "#date is a date"... 0 errors,
    with withheld and unrecorded counts in the rows."""
    make.dialogue(
        city=world["hama"],
        participants_total=None,
        participants_women=None,
        participants_men=None,
        participants_youth=None,
    )
    make.dialogue(
        city=world["hama"],
        participants_total=2,
        participants_women=1,
        participants_men=1,
        participants_youth=0,
    )
    db.session.commit()
    as_user(client, login, world, role)
    for path in ("/exports/dialogues.csv", "/exports/outcomes.csv"):
        assert _hxl_errors(download(client, path)) == [], path
    if role in ("organizer", "partner"):
        body = download(client, "/exports/outcome-queue.csv")
        assert _hxl_errors(body) == []
    book = openpyxl.load_workbook(io.BytesIO(download(client, "/exports/hiwar.xlsx")))
    for sheet in book.sheetnames[:2]:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(
            ["" if v is None else v for v in row] for row in book[sheet].values
        )
        assert _hxl_errors(buffer.getvalue().encode()) == [], sheet


def test_nothing_personal_leaves(client, login, make, world, db):
    d1 = world["dialogues"][0]
    d1.venue_lat, d1.venue_lon = 34.7654321, 36.7123456
    d1.venue = "Safir Hotel, room 12"
    d1.summary_en = "A summary that waits for its safety review"
    make.statement(dialogue=d1, text="Said by someone", consent_to_publish=True)
    organizer = world["users"]["organizer"]
    login(organizer)  # the organiser sees everything about its own dialogue, and still:
    for path in ("/exports/dialogues.csv", "/exports/outcomes.csv"):
        body = download(client, path).decode("utf-8-sig")
        for secret in (
            "34.7654321",
            "36.7123456",
            "Safir Hotel",
            "safety review",
            "Said by someone",
            organizer.email,
            organizer.name,
            "@",
        ):
            assert secret not in body, (path, secret)


def test_a_title_that_looks_like_a_formula_stays_text(client, make, world, db):
    make.dialogue(city=world["hama"], title_en='=HYPERLINK("http://evil.example","x")')
    db.session.commit()
    body = download(client, "/exports/dialogues.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    titles = [row[1] for row in rows[2:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in titles


def test_the_filters_of_the_list_apply(client, world):
    _, rows = hxl_rows(download(client, f"/exports/dialogues.csv?city={world['hama'].id}"))
    assert [row["#loc+code"] for row in rows] == ["SY05-HAMA"]
    _, rows = hxl_rows(download(client, "/exports/dialogues.csv?city=not-a-city"))
    assert len(rows) == 3  # an invalid filter is ignored, as on the list


def test_the_workbook_has_both_sheets_and_describes_its_columns(client, world, db):
    world["dialogues"][0].title_ar = "تحديات السلامة المجتمعية في حمص"
    db.session.commit()
    body = download(client, "/exports/hiwar.xlsx", headers=AR)
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["الحوارات", "المخرجات", "الأعمدة"]
    dialogues = list(book["الحوارات"].values)
    assert dialogues[1][0] == "#meta+id"
    assert "تحديات السلامة المجتمعية في حمص" in [row[2] for row in dialogues[2:]]
    described = list(book["الأعمدة"].values)
    assert ("الحوارات", "#reached+ind") in {(row[0], row[2]) for row in described[1:]}
    outcomes = list(book["المخرجات"].values)
    assert len(outcomes) == 2 + 3


def _more(make, world, n):
    for _ in range(n):
        dialogue = make.dialogue(city=world["hama"], organizer=world["orgs"][2])
        make.axis(dialogue=dialogue, theme=world["t1"])
        make.outcome(dialogue=dialogue, theme=world["t1"])


def test_export_queries_do_not_grow_with_the_dialogues(client, make, world, count_queries):
    paths = ["/exports/dialogues.csv", "/exports/outcomes.csv", "/exports/hiwar.xlsx"]
    _more(make, world, 5)
    few = {}
    for path in paths:
        with count_queries() as statements:
            client.get(path)
        few[path] = len(statements)
    _more(make, world, 495)
    for path in paths:
        with count_queries() as statements:
            client.get(path)
        assert len(statements) == few[path], path


def test_the_outcome_queue_downloads_as_filtered(client, login, world, make):
    partner = world["users"]["partner"]  # organisation B, responsible for nothing yet
    d1 = world["dialogues"][0]
    mine = make.outcome(dialogue=d1, responsible_org=partner.organization)
    make.outcome(dialogue=d1, responsible_org=partner.organization, status="achieved")
    login(partner)
    _, rows = hxl_rows(download(client, "/exports/outcome-queue.csv?status=proposed"))
    assert [row["#meta+id"] for row in rows] == [str(mine.id)]
    assert (
        client.get("/outcomes/", headers=EN)
        .get_data(as_text=True)
        .count("/exports/outcome-queue.csv")
    )


def test_the_outcome_queue_download_needs_an_account(client, world):
    assert client.get("/exports/outcome-queue.csv").status_code in (302, 401)
