"""Every page: in both languages, right-to-left in Arabic, with every asset from this host."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy.exc import OperationalError

from app.dialogues.models import Visibility

ASSET_ATTRIBUTE = re.compile(r"""(?:src|href|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.IGNORECASE)


def foreign_references(html: str) -> list[str]:
    found = []
    for url in ASSET_ATTRIBUTE.findall(html) + CSS_URL.findall(html):
        parts = urlsplit(url)
        if parts.netloc and parts.hostname not in {"localhost", "127.0.0.1"}:
            found.append(url)
    return found


def page_paths(app, dialogue_id: int, **more: int) -> list[str]:
    """Every GET route of the app, with ids filled in; a new route without a sample here fails."""
    samples = {
        "organization_id": 1,
        "user_id": 1,
        "theme_id": 1,
        "dialogue_id": dialogue_id,
        "photo_id": 1,  # no such photo: the 404 page is checked too
        "notification_id": 1,  # nobody's notification: a 404 too
        "outcome_id": 1,  # no such outcome: its 404 page is checked
        "code": "SY04",  # no such place in this test: the 404 page
        "package": "bootstrap",
        "filename": "css/bootstrap.min.css",
        "token": "not-a-valid-token",  # a clear 400 page saying the link cannot be used
        **more,  # a test's own records win
    }
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in {"static", "core.vendor", "core.healthz"}:
            continue
        if rule.rule.endswith((".json", ".csv", ".xlsx")):
            continue  # not pages: downloads and data, tested where they are built
        if rule.endpoint.startswith(("api.", "api-docs.")):  # JSON, not pages: tests/api
            continue
        missing = [arg for arg in rule.arguments if arg not in samples]
        assert not missing, f"add a sample value for {missing} of {rule.rule}"
        paths.append(rule.build({arg: samples[arg] for arg in rule.arguments})[1])
    return sorted(paths)


@pytest.fixture
def public_dialogue(make):
    return make.dialogue(visibility=Visibility.PUBLIC)


@pytest.mark.parametrize("viewer", [None, "organizer", "admin"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_page_loads_anything_from_another_host(
    app, client, make, login, public_dialogue, viewer, language
):
    staff = make.user(organization=public_dialogue.organizer)
    theme = make.theme()
    if viewer == "organizer":  # the organiser's own staff reach the most dialogue pages
        login(staff)
    elif viewer == "admin":  # an admin reaches the administration's pages
        login(make.user(admin=True))
    more = {"organization_id": public_dialogue.organizer_org_id, "user_id": staff.id}
    paths = page_paths(app, public_dialogue.id, theme_id=theme.id, **more) + ["/no-such-page"]
    for path in paths:
        response = client.get(path, headers={"Accept-Language": language}, follow_redirects=True)
        html = response.get_data(as_text=True)
        allowed = {200, 404}
        if path.startswith("/auth/invitation/") or path.startswith("/auth/reset/"):
            allowed = {400}  # the sample token is not a valid link
        elif path.startswith("/admin/") and viewer == "organizer":
            allowed = {403}
        assert response.status_code in allowed, (path, response.status_code)
        assert foreign_references(html) == [], path


def test_the_stylesheets_we_serve_load_nothing_from_another_host(client):
    for name in ("css/bootstrap.rtl.min.css", "css/bootstrap.min.css"):
        css = client.get(f"/vendor/bootstrap/{name}").get_data(as_text=True)
        assert foreign_references(css) == []
    assert foreign_references(client.get("/static/css/hiwar.css").get_data(as_text=True)) == []


def test_arabic_is_the_default_and_right_to_left(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_the_browser_language_is_honoured(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "bootstrap.min.css" in html and "bootstrap.rtl" not in html


def test_the_language_switch_wins_over_the_browser(client):
    client.post("/language", data={"lang": "en", "next": "/dialogues/"})
    html = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'lang="en"' in html


def test_a_signed_in_users_saved_choice_wins_over_the_session(client, make, login):
    user = make.user(preferred_language="en")
    login(user)
    with client.session_transaction() as session:
        session["lang"] = "ar"
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)


def test_switching_language_when_signed_in_saves_the_choice(client, make, login, db):
    user = make.user(preferred_language=None)
    login(user)
    response = client.post("/language", data={"lang": "en", "next": "/dialogues/"})
    assert response.headers["Location"] == "/dialogues/"
    assert user.preferred_language == "en"
    from app.audit.models import AuditEvent

    event = db.session.query(AuditEvent).filter_by(entity_type="users", entity_id=user.id).one()
    assert event.changes == {"preferred_language": [None, "en"]}


@pytest.mark.parametrize("code", ["fr", "", "ar-XX", "<script>"])
def test_an_unknown_language_code_is_a_clear_400(client, code):
    response = client.post("/language", data={"lang": code})
    assert response.status_code == 400
    assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[1]


def test_the_language_switch_does_not_redirect_off_site(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    ("path", "status"),
    [("/no-such-page", 404), ("/dialogues/not-a-number", 404), ("/auth/logout", 405)],
)
def test_error_pages_speak_the_visitors_language(client, language, path, status):
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert f'lang="{language}"' in html
    assert "Traceback" not in html


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from app.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_an_unexpected_error_is_a_bilingual_500_without_a_trace(app, client, monkeypatch):
    from app.dialogues import queries

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "latest_visible_dialogues", explode)
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "boom" not in body and "Traceback" not in body
    assert "Something went wrong" in body
