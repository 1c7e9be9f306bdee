"""Holes found by the outside review (issue 13), each kept closed by a test that failed before
its fix: reach granted by managers, sessions after sign-out, Host-header links, unbounded
periods, the outcome export's theme filter, the rate-limit switch, and the low items."""

from __future__ import annotations

import io
import os
import stat
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from app import create_app
from app.auth.models import Role, User
from app.dialogues.models import Visibility
from app.extensions import db
from app.organizations.models import OrganizationKind
from app.outcomes.models import OutcomeUpdate, UpdateKind
from app.photos import processing
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def invite(client, **fields):
    data = {"email": "new@example.org", "name": "New person", "preferred_language": "en"}
    return client.post("/admin/users/invite", data=data | fields)


def created(email="new@example.org"):
    return db.session.scalar(sa.select(User).where(User.email == email))


# 1. Managers cannot grant more reach than they have -------------------------------------------


def test_a_partner_organisations_manager_cannot_invite_a_donor(make, login, client):
    org = make.organization(kind=OrganizationKind.CIVIL_SOCIETY)
    login(make.user(role=Role.PARTNER, organization=org, is_manager=True))
    response = invite(client, role="donor", organization_id=str(org.id))
    assert response.status_code == 400
    assert created() is None


def test_a_partner_manager_cannot_invite_an_organiser(make, login, client):
    org = make.organization()
    login(make.user(role=Role.PARTNER, organization=org, is_manager=True))
    assert invite(client, role="organizer", organization_id=str(org.id)).status_code == 400
    assert created() is None
    assert invite(client, role="partner", organization_id=str(org.id)).status_code == 302
    assert created().role == Role.PARTNER


def test_a_manager_cannot_turn_staff_into_a_donor(make, login, client):
    org = make.organization()
    login(make.user(role=Role.ORGANIZER, organization=org, is_manager=True))
    staff = make.user(role=Role.PARTNER, organization=org)
    data = {"name": staff.name, "role": "donor", "organization_id": str(org.id)}
    assert client.post(f"/admin/users/{staff.id}", data=data).status_code == 400
    assert staff.role == Role.PARTNER


def test_a_manager_cannot_reinvite_or_reactivate_a_donor_of_their_organisation(make, login, client):
    """A donor account (made by an admin, or before this rule) is beyond the manager's reach:
    a new invitation link would be handed to the manager."""
    org = make.organization()
    login(make.user(role=Role.ORGANIZER, organization=org, is_manager=True))
    pending = make.user(role=Role.DONOR, organization=org, password_hash=None)
    gone = make.user(role=Role.DONOR, organization=org, active=False)
    before = pending.session_version
    client.post(f"/admin/users/{pending.id}/reinvite")
    assert pending.session_version == before  # no new link was made
    client.post(f"/admin/users/{gone.id}/reactivate")
    assert not gone.active


def test_donor_accounts_belong_to_donor_organisations_even_for_admins(make, login, client):
    login(make.user(admin=True))
    ngo = make.organization(kind=OrganizationKind.CIVIL_SOCIETY)
    funder = make.organization(kind=OrganizationKind.DONOR)
    assert invite(client, role="donor", organization_id=str(ngo.id)).status_code == 400
    assert invite(client, role="organizer", organization_id=str(funder.id)).status_code == 400
    assert created() is None
    assert invite(client, role="donor", organization_id=str(funder.id)).status_code == 302
    assert created().role == Role.DONOR


def test_a_donor_organisations_manager_invites_nobody(make, login, client):
    funder = make.organization(kind=OrganizationKind.DONOR)
    login(make.user(role=Role.DONOR, organization=funder, is_manager=True))
    assert client.get("/admin/users/invite").status_code == 403
    assert invite(client, role="donor", organization_id=str(funder.id)).status_code == 403


# 2. Sign-out ends the session server-side -----------------------------------------------------


def sign_in(client, email, remember=False):
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302
    return response


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def test_a_copied_session_cookie_stops_working_after_sign_out(app, make, client):
    make.user(email="rana@example.org")
    sign_in(client, "rana@example.org")
    copied = cookie(client, "session")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/account").status_code == 200
    client.post("/auth/logout")
    assert client.get("/account").status_code == 302
    assert thief.get("/account").status_code == 302  # the copy is signed out too


def test_remember_me_does_not_outlive_sign_out(app, make, client):
    make.user(email="rana@example.org")
    sign_in(client, "rana@example.org", remember=True)
    remember = cookie(client, "remember_token")
    assert remember
    thief = app.test_client()
    thief.set_cookie("remember_token", remember)
    assert thief.get("/account").status_code == 200
    client.post("/auth/logout")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert fresh.get("/account").status_code == 302


def test_signing_out_on_one_device_leaves_the_others_signed_in(app, make, client):
    make.user(email="rana@example.org")
    sign_in(client, "rana@example.org")
    laptop = app.test_client()
    sign_in(laptop, "rana@example.org")
    client.post("/auth/logout")
    assert laptop.get("/account").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_may_revoke_tokens(app, make, client, api):
    user = make.user(email="rana@example.org")
    secret = make.api_token(user)
    sign_in(client, "rana@example.org")
    laptop = app.test_client()
    sign_in(laptop, "rana@example.org", remember=True)
    page = client.get("/account").get_data(as_text=True)
    assert "sign-out-everywhere-form" in page and "Test token" in page  # listed, with last use
    response = client.post("/account/sign-out-everywhere", data={})
    assert response.status_code == 302
    assert client.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302
    assert api.get("/dialogues", token=secret).status_code == 200  # tokens survive unless asked
    sign_in(client, "rana@example.org")
    client.post("/account/sign-out-everywhere", data={"revoke_tokens": "y"})
    assert api.get("/dialogues", token=secret).status_code == 401


# 3. Links in e-mails never come from the Host header ------------------------------------------


def production_app(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("HIWAR_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app()


def test_production_refuses_to_start_without_a_base_url(monkeypatch, tmp_path):
    monkeypatch.delenv("HIWAR_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="HIWAR_BASE_URL"):
        production_app(monkeypatch, tmp_path)


def test_production_answers_only_its_own_host(monkeypatch, tmp_path):
    app = production_app(monkeypatch, tmp_path, HIWAR_BASE_URL="https://hiwar.example.org")
    client = app.test_client()
    assert client.get("/auth/login", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/auth/login", headers={"Host": "hiwar.example.org"}).status_code == 200


def test_reset_links_ignore_the_host_header_without_configuration(app, make, client, inbox):
    make.user(email="rana@example.org")
    client.post(
        "/auth/forgot",
        data={"email": "rana@example.org"},
        headers={"Host": "evil.example"},
        buffered=True,
    )
    [message] = inbox.to("rana@example.org")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "evil.example" not in body and f"{app.config['BASE_URL']}/auth/reset/" in body


# 4. Periods are bounded -----------------------------------------------------------------------


@pytest.fixture
def homs(make):
    governorate = make.governorate(code="SY04", name_en="Homs")
    city = make.city(code="SY04-HOMS", name_en="Homs", governorate=governorate)
    make.dialogue(city=city, held_on=date.today() - timedelta(days=40))
    return city


@pytest.mark.parametrize("path", ["/cities/SY04-HOMS", "/cities/SY04", "/dashboard", "/dialogues/"])
@pytest.mark.parametrize("period", [("0001-01-01", "9999-11-30"), ("2020-01-01", "9999-12-31")])
def test_an_unbounded_period_is_refused_with_the_forms_message(client, homs, path, period):
    query = {"period": "custom", "from": period[0], "to": period[1]}
    response = client.get(path, query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Choose a date from" in html
    assert len(html) < 2_000_000


def test_the_api_refuses_an_unbounded_period(api, homs):
    response = api.get(
        "/cities/SY04/statistics",
        query_string={"period": "custom", "from": "2020-01-01", "to": "9999-12-31"},
    )
    assert response.status_code == 422
    assert "to" in response.get_json()["error"]["fields"]
    listed = api.get("/dialogues", query_string={"from": "0001-01-01"})
    assert listed.status_code == 422


def test_the_monthly_series_does_not_grow_with_the_period_asked_for(api, homs):
    def months(start, end):
        query = {"period": "custom", "from": start, "to": end}
        body = api.get("/cities/SY04-HOMS/statistics", query_string=query).get_json()
        return len(body["per_month"])

    widest = (date.today() + timedelta(days=360)).isoformat()
    recent = (date.today() - timedelta(days=60)).isoformat()
    assert months("1990-01-01", widest) == months(recent, widest)
    # One month with a dialogue, then at most the months to the horizon a year ahead.
    assert 1 < months("1990-01-01", widest) <= 16


# 5. Outcome exports with a theme filter -------------------------------------------------------


def test_outcome_exports_filter_by_theme(client, make):
    theme = make.theme()
    dialogue = make.dialogue()
    make.outcome(dialogue=dialogue, theme=theme)
    make.outcome(dialogue=dialogue)
    csv = client.get(f"/exports/outcomes.csv?theme={theme.id}")
    assert csv.status_code == 200
    assert len(csv.get_data(as_text=True).strip().splitlines()) == 3  # header, HXL, one row
    assert client.get(f"/exports/hiwar.xlsx?theme={theme.id}").status_code == 200


# 6. HIWAR_RATELIMIT_ENABLED=0 -----------------------------------------------------------------


def test_sign_in_works_with_rate_limits_off(monkeypatch, tmp_path):
    monkeypatch.setenv("HIWAR_RATELIMIT_ENABLED", "0")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app(
        {
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        }
    )
    import gc

    gc.collect()  # what a worker's garbage collector does between requests
    assert app.test_client().get("/auth/login").status_code == 200


# Low ------------------------------------------------------------------------------------------


def test_demo_refuses_a_production_configuration(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "--allow-production" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_sign_in_hashes_once_whatever_the_account(client, make, monkeypatch):
    """An invited account without a password costs one scrypt check, like any other."""
    import app.auth.services as auth_services

    calls = []
    real = auth_services.check_password_hash
    monkeypatch.setattr(
        auth_services, "check_password_hash", lambda *a: calls.append(1) or real(*a)
    )
    import app.auth.models as auth_models

    monkeypatch.setattr(auth_models, "check_password_hash", lambda *a: calls.append(1) or real(*a))
    make.user(email="invited@example.org", password_hash=None)
    make.user(email="known@example.org")
    for email in ("nobody@example.org", "invited@example.org", "known@example.org"):
        calls.clear()
        client.post("/auth/login", data={"email": email, "password": "wrong password!"})
        assert len(calls) == 1, email


def test_forgot_password_does_the_same_work_for_any_address(client, make, inbox, count_queries):
    """Inside the request, the same statements whether or not the address has an account; the
    look-up and the mail happen after the response."""
    make.user(email="known@example.org")
    seen = {}
    for email in ("known@example.org", "nobody@example.org"):
        with count_queries() as statements:
            response = client.post("/auth/forgot", data={"email": email})
        seen[email] = list(statements)
        response.close()
    assert seen["known@example.org"] == seen["nobody@example.org"]
    assert len(inbox.to("known@example.org")) == 1


@pytest.mark.parametrize("language,word", [("ar", "كبير"), ("en", "Too large")])
def test_a_form_over_the_size_limit_is_a_413_page_and_saves_nothing(
    app, client, make, login, monkeypatch, language, word
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    login(make.user(role=Role.ORGANIZER))
    response = client.post(
        "/account",
        data={"name": "x" * 20_000, "photo": (io.BytesIO(b"x" * 20_000), "a.jpg")},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 413
    assert word in response.get_data(as_text=True)


def png(side, mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, (side, side), (1, 2, 3, 4)[: len(mode)]).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_huge_rgba_png_is_refused_before_decoding():
    """6300 x 6300 RGBA (170 KB on disk) took ~270 MB to process: over the lower cap for
    images decoded in full."""
    with pytest.raises(processing.PhotoError, match="PNG or WebP"):
        processing.prepare_photo(png(6300))
    assert processing.prepare_photo(png(3000)).width == processing.MAX_SIDE


def test_the_sqlite_database_and_instance_folder_are_private(tmp_path, monkeypatch):
    path = tmp_path / "private.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        db.session.remove()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(os.stat(app.instance_path).st_mode) == 0o700


def test_signed_in_pages_are_not_stored(client, make, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(make.user())
    for path in ("/", "/account", "/dialogues/", "/dashboard"):
        cache = client.get(path).headers.get("Cache-Control", "")
        assert "private" in cache and "no-store" in cache, path


def test_the_timeline_names_people_only_for_the_two_organisations(client, make, login):
    organiser, responsible, other = make.organization(), make.organization(), make.organization()
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PUBLIC)
    outcome = make.outcome(dialogue=dialogue, responsible_org=responsible)
    author = make.user(role=Role.PARTNER, organization=responsible, name="Huda Haddad")
    db.session.add(
        OutcomeUpdate(
            outcome_id=outcome.id,
            kind=UpdateKind.COMMENT,
            author_id=author.id,
            organization_id=responsible.id,
            note="On it.",
        )
    )
    for org, named in ((organiser, True), (responsible, True), (other, False)):
        login(make.user(role=Role.PARTNER, organization=org))
        html = client.get(f"/outcomes/{outcome.id}").get_data(as_text=True)
        assert ("Huda Haddad" in html) == named, org
    login(make.user(role=Role.DONOR))
    assert "Huda Haddad" not in client.get(f"/outcomes/{outcome.id}").get_data(as_text=True)


@pytest.fixture
def inbox(app, monkeypatch):
    from tests.smtp import smtp_server

    with smtp_server(app, monkeypatch) as handler:
        yield handler
