"""The dialogue form's repeating sections: buttons that say what they add, one empty row after
a failed save (blank rows do not pile up), and the city list in the reader's alphabet."""

import re

import sqlalchemy as sa

from app.dialogues.models import Dialogue
from tests.dialogues.test_editing import form_data, setting  # noqa: F401 - the fixture

EN = {"Accept-Language": "en"}


def test_each_add_button_says_what_it_adds(client, login, setting):  # noqa: F811
    setting["staff"].preferred_language = "en"
    login(setting["staff"])
    html = client.get("/dialogues/new").get_data(as_text=True)
    for label in (
        "Add an organisation",
        "Add an axis",
        "Add a concern or priority",
        "Add an outcome",
        "Add a statement",
    ):
        assert label in html
    assert "Add a row" not in html


def test_a_failed_save_shows_the_filled_rows_and_one_empty_row(client, login, setting, db):  # noqa: F811
    login(setting["staff"])
    data = form_data(setting, title_ar="", title_en="")  # refused: no title
    for index in range(7, 10):  # three blank axis rows sent back, as a browser does
        data[f"axes-{index}-title"] = ""
        data[f"axes-{index}-theme_id"] = ""
    response = client.post("/dialogues/new", data=data)
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Dialogue.id))) == 0
    html = response.get_data(as_text=True)
    titles = re.findall(r'name="axes-(\d+)-title"', html)
    assert len(titles) == 8  # the seven filled axes and one empty row
    again = client.post(
        "/dialogues/new", data={**data, **{f"axes-{index}-title": "" for index in range(7, 12)}}
    )
    assert len(re.findall(r'name="axes-\d+-title"', again.get_data(as_text=True))) == 8


def test_the_city_list_is_in_arabic_order_for_an_arabic_reader(client, login, setting, make):  # noqa: F811
    for name_ar, name_en in (
        ("إدلب", "Idlib"),
        ("الرقة", "Raqqa"),
        ("بانياس", "Baniyas"),
        ("أريحا", "Ariha"),
        ("دمشق", "Damascus"),
    ):
        make.city(name_ar=name_ar, name_en=name_en)
    setting["staff"].preferred_language = "ar"
    login(setting["staff"])
    html = client.get("/dialogues/new").get_data(as_text=True)
    select = html[html.index('id="city_id"') :]
    select = select[: select.index("</select>")]
    names = [n for n in re.findall(r">([^<]+)</option>", select) if n.strip() not in ("", "—")]
    assert names == ["إدلب", "أريحا", "الرقة", "بانياس", "حمص", "دمشق"]  # hamza read as alef
    setting["staff"].preferred_language = "en"
    html = client.get("/dialogues/new").get_data(as_text=True)
    select = html[html.index('id="city_id"') :]
    select = select[: select.index("</select>")]
    names = [n for n in re.findall(r">([^<]+)</option>", select) if n.strip() not in ("", "—")]
    assert names == ["Ariha", "Baniyas", "Damascus", "Homs", "Idlib", "Raqqa"]
