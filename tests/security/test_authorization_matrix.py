"""The authorisation matrix: every route in app.url_map, called by every kind of viewer against
records of every visibility, compared with the table below. A route missing from the table
fails the test (SECURITY.md, V4: deny by default, and prove it for every route).

Statuses: "login" is a redirect to the sign-in page; numbers are the response status. POSTs are
sent with an empty body (CSRF is off in TestConfig; the CSRF tests switch it on on their own):
the point is who gets past the permission check (a 400 for the empty form, or a redirect for a
step without fields) and who does not (403, 404, the sign-in page). A request that changed the
database is followed by a fresh world, so the next one starts from the same records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from app.accounts import tokens as link_tokens
from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import LinkRole, Visibility
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.photos.services import store_photo
from app.tokens.models import ApiToken, TokenScope
from tests import factories
from tests.photos import images

# Routes the matrix does not call, and why.
SKIPPED = {
    "static": "Flask's static files: the same files for everyone, no record behind them",
    "core.vendor": "the /vendor/ assets (Bootstrap, Leaflet): public files from installed packages",
}

VIEWERS = (
    "anonymous",
    "organizer_a",  # organizer of A, the organisation that owns every record
    "manager_a",  # organizer of A with the manager flag (may manage A's staff)
    "organizer_b",  # organizer of another organisation
    "partner_p",  # partner staff of P, linked to every dialogue and responsible for its outcome
    "partner_q",  # partner staff of Q, linked to nothing
    "donor",
    "admin",
)
SIGNED_IN = set(VIEWERS) - {"anonymous"}
OWNERS = {"organizer_a", "manager_a"}
ORGANIZERS = OWNERS | {"organizer_b"}
VISIBILITIES = ("public", "donors", "partners", "internal", "archived")

# Who may open a dialogue (and so its outcomes and photos) of each visibility.
SEES = {
    "public": set(VIEWERS),
    "donors": OWNERS | {"partner_p", "donor", "admin"},
    "partners": OWNERS | {"partner_p", "admin"},
    "internal": OWNERS | {"admin"},
    "archived": OWNERS | {"admin"},  # an archived, once public dialogue
    "missing": set(),  # an id that no record has
}
LIVE = ("public", "donors", "partners", "internal")
FORBIDDEN_EVERYWHERE = {"organizer_b", "partner_q", "donor", "partner_p"}


# ---------------------------------------------------------------------------------------------
# The expected table: one small rule per endpoint, from (viewer, record) to a status.
# ---------------------------------------------------------------------------------------------


def everyone(status):
    return lambda viewer, record: status


def signed_in(status):
    return lambda viewer, record: "login" if viewer == "anonymous" else status


def admins(status):
    def rule(viewer, record):
        if viewer == "anonymous":
            return "login"
        return status if viewer == "admin" else 403

    return rule


def user_managers(status, foreign=404):
    """Admins everyone; A's manager A's staff (another organisation's staff is a 404)."""

    def rule(viewer, record):
        if viewer == "anonymous":
            return "login"
        if viewer == "admin":
            return status
        if viewer == "manager_a":
            return status if record in (None, "staff_a") else foreign
        return 403

    return rule


def visible(status):
    """Pages of one record: the status for whoever may see it, 404 for everyone else."""
    return lambda viewer, record: status if viewer in SEES[record] else 404


def editor(status):
    """Edit, archive, delete a photo: the organiser's organizers and admins, not once archived."""

    def rule(viewer, record):
        if viewer == "anonymous":
            return "login"
        if viewer not in SEES[record]:
            return 404
        if record == "archived":
            return 403
        return status if viewer in OWNERS | {"admin"} else 403

    return rule


def restorer(viewer, record):
    if viewer == "anonymous":
        return "login"
    if viewer not in SEES[record]:
        return 404
    return 302 if record == "archived" and viewer in OWNERS | {"admin"} else 403


def dialogue_creators(status):
    def rule(viewer, record):
        if viewer == "anonymous":
            return "login"
        return status if viewer in ORGANIZERS | {"admin"} else 403

    return rule


def reviewer(status):
    """Accept, decline, report progress: staff of P (responsible), on a dialogue they see."""

    def rule(viewer, record):
        if viewer == "anonymous":
            return "login"
        if viewer not in SEES[record]:
            return 404
        return status if viewer == "partner_p" and record in LIVE else 403

    return rule


def verifier(status):
    """Verify or ask for evidence: the organiser's organizers (not admins), not once archived."""

    def rule(viewer, record):
        if viewer == "anonymous":
            return "login"
        if viewer not in SEES[record]:
            return 404
        return status if viewer in OWNERS and record != "archived" else 403

    return rule


def commenter(viewer, record):
    if viewer == "anonymous":
        return "login"
    if viewer not in SEES[record]:
        return 404
    if viewer in OWNERS | {"admin"} or (viewer == "partner_p" and record in LIVE):
        return 400
    return 403


def follow_up_linker(viewer, record):
    if viewer == "anonymous":
        return "login"
    if viewer not in SEES[record]:
        return 404
    return 400 if viewer in OWNERS | {"admin"} else 403


def api_writer(allowed, status):
    """API writes: a token is needed (401 without), then visibility (404), then the role (403)."""

    def rule(viewer, record):
        if viewer == "anonymous":
            return 401
        if record == "archived" or viewer not in SEES[record]:
            return 404 if viewer not in SEES[record] else 403
        return status if viewer in allowed(record) else 403

    return rule


def login_page(method):
    def rule(viewer, record):
        if viewer != "anonymous":
            return 302  # already signed in: sent on
        return 200 if method == "GET" else 400

    return rule


def link_page(method):
    """Invitation and reset links: a valid link shows the form (400 when posted empty)."""

    def rule(viewer, record):
        if record == "bad":
            return 400
        return 200 if method == "GET" else 400

    return rule


def own_token(viewer, record):
    if viewer == "anonymous":
        return "login"
    return 302 if viewer == "organizer_a" else 404


def own_notification(viewer, record):
    if viewer == "anonymous":
        return "login"
    return 302 if viewer == "partner_p" else 404


def organization_page(viewer, record):
    if viewer == "anonymous":
        return "login"
    if record == "inactive":
        return 200 if viewer == "admin" else 404
    if record == "proposed":  # proposed by A, unconfirmed: admins and A's staff
        return 200 if viewer in OWNERS | {"admin"} else 404
    return 200


def own_pending_photo(viewer, record):
    """A photo chosen with a form that did not save yet: only its uploader (organizer A)."""
    if viewer == "anonymous":
        return "login"
    return 200 if viewer == "organizer_a" and record == "pending" else 404


def place_page(viewer, record):
    return 404 if record == "unknown" else 200


# (endpoint, method) -> (rule, the records its URL takes). A record kind names the URL's
# arguments (see `url_arguments`); None means the URL has none.
DIALOGUE_RECORDS = (*VISIBILITIES, "missing")
TABLE = {
    ("core.home", "GET"): (everyone(200), None),
    ("core.healthz", "GET"): (everyone(200), None),
    ("core.set_language", "POST"): (everyone(400), None),
    ("auth.login", "GET"): (login_page("GET"), None),
    ("auth.login", "POST"): (login_page("POST"), None),
    ("auth.logout", "POST"): (signed_in(302), None),
    ("accounts.settings", "GET"): (signed_in(200), None),
    ("accounts.settings", "POST"): (signed_in(400), None),
    ("accounts.change_password", "POST"): (signed_in(400), None),
    ("accounts.sign_out_everywhere", "POST"): (signed_in(302), None),
    ("accounts.forgot_password", "GET"): (everyone(200), None),
    ("accounts.forgot_password", "POST"): (everyone(400), None),
    ("accounts.accept_invitation", "GET"): (link_page("GET"), ("invitation", "bad")),
    ("accounts.accept_invitation", "POST"): (link_page("POST"), ("invitation", "bad")),
    ("accounts.reset_password", "GET"): (link_page("GET"), ("reset", "bad")),
    ("accounts.reset_password", "POST"): (link_page("POST"), ("reset", "bad")),
    ("tokens.index", "GET"): (signed_in(200), None),
    ("tokens.create", "POST"): (signed_in(400), None),
    ("tokens.revoke", "POST"): (own_token, ("token_of_organizer_a",)),
    ("dialogues.index", "GET"): (everyone(200), None),
    ("dialogues.detail", "GET"): (visible(200), DIALOGUE_RECORDS),
    ("dialogues.create", "GET"): (dialogue_creators(200), None),
    ("dialogues.create", "POST"): (dialogue_creators(400), None),
    ("drafts.start", "GET"): (dialogue_creators(200), None),
    ("drafts.start", "POST"): (dialogue_creators(400), None),
    ("dialogues.edit", "GET"): (editor(200), DIALOGUE_RECORDS),
    ("dialogues.edit", "POST"): (editor(400), DIALOGUE_RECORDS),
    ("dialogues.archive", "POST"): (editor(302), DIALOGUE_RECORDS),
    ("dialogues.restore", "POST"): (restorer, DIALOGUE_RECORDS),
    ("dialogues.delete_photo", "POST"): (editor(302), VISIBILITIES),
    ("photos.photo", "GET"): (visible(200), DIALOGUE_RECORDS),
    ("photos.thumbnail", "GET"): (visible(200), DIALOGUE_RECORDS),
    ("photos.pending_thumbnail", "GET"): (own_pending_photo, ("pending", "missing")),
    ("dialogues.similar", "GET"): (dialogue_creators(200), None),
    ("outcome_lists.queue", "GET"): (signed_in(200), None),
    ("outcome_lists.attention", "GET"): (signed_in(200), None),
    ("outcomes.detail", "GET"): (visible(200), DIALOGUE_RECORDS),
    # AcceptForm has no field but the version: an empty POST accepts the outcome.
    ("outcomes.accept", "POST"): (reviewer(302), DIALOGUE_RECORDS),
    ("outcomes.decline", "POST"): (reviewer(400), DIALOGUE_RECORDS),
    ("outcomes.report", "POST"): (reviewer(400), DIALOGUE_RECORDS),
    ("outcomes.verify", "POST"): (verifier(400), DIALOGUE_RECORDS),
    ("outcomes.request_evidence", "POST"): (verifier(400), DIALOGUE_RECORDS),
    ("outcomes.comment", "POST"): (commenter, DIALOGUE_RECORDS),
    ("outcomes.link_followup", "POST"): (follow_up_linker, DIALOGUE_RECORDS),
    ("notifications.index", "GET"): (signed_in(200), None),
    ("notifications.open_notification", "GET"): (own_notification, ("notification_of_p",)),
    ("notifications.mark_all_read", "POST"): (signed_in(302), None),
    ("organizations.detail", "GET"): (
        organization_page,
        ("org_a", "org_p", "inactive", "proposed"),
    ),
    ("maps.national", "GET"): (everyone(200), None),
    ("maps.points", "GET"): (everyone(200), None),
    ("dashboards.overview", "GET"): (everyone(200), None),
    ("dashboards.city", "GET"): (place_page, ("city", "governorate", "unknown")),
    ("exports.dialogues_csv", "GET"): (everyone(200), None),
    ("exports.outcomes_csv", "GET"): (everyone(200), None),
    ("exports.workbook", "GET"): (everyone(200), None),
    ("exports.outcome_queue_csv", "GET"): (signed_in(200), None),
    ("admin.audit_log", "GET"): (admins(200), None),
    ("admin.organizations", "GET"): (admins(200), None),
    ("admin.create_organization", "GET"): (admins(200), None),
    ("admin.create_organization", "POST"): (admins(400), None),
    ("admin.edit_organization", "GET"): (admins(200), ("org_a", "inactive")),
    ("admin.edit_organization", "POST"): (admins(400), ("org_a", "inactive")),
    ("admin.deactivate_organization", "POST"): (admins(302), ("org_b",)),
    ("admin.reactivate_organization", "POST"): (admins(302), ("inactive",)),
    ("admin.confirm_organization", "POST"): (admins(302), ("proposed",)),
    ("admin.merge_organization", "GET"): (admins(200), ("proposed",)),
    ("admin.merge_organization", "POST"): (admins(400), ("proposed",)),
    ("admin.themes", "GET"): (admins(200), None),
    ("admin.create_theme", "GET"): (admins(200), None),
    ("admin.create_theme", "POST"): (admins(400), None),
    ("admin.edit_theme", "GET"): (admins(200), ("theme",)),
    # An empty POST leaves Flask-WTF without form data, so the form keeps the stored values:
    # saved unchanged ("Nothing was changed"), a redirect. Only those allowed get that far.
    ("admin.edit_theme", "POST"): (admins(302), ("theme",)),
    ("admin.merge_theme", "POST"): (admins(400), ("theme",)),
    ("admin.places", "GET"): (admins(200), None),
    ("admin.create_place", "GET"): (admins(200), None),
    ("admin.create_place", "POST"): (admins(400), None),
    ("admin.users", "GET"): (user_managers(200), None),
    ("admin.invite_user", "GET"): (user_managers(200), None),
    ("admin.invite_user", "POST"): (user_managers(400), None),
    ("admin.user_detail", "GET"): (user_managers(200), ("staff_a", "staff_b")),
    ("admin.user_detail", "POST"): (user_managers(302), ("staff_a", "staff_b")),
    ("admin.deactivate_user", "POST"): (user_managers(302), ("staff_a", "staff_b")),
    ("admin.reactivate_user", "POST"): (user_managers(302), ("staff_a", "staff_b")),
    ("admin.reinvite_user", "POST"): (user_managers(302), ("staff_a", "staff_b")),
    # The API: Bearer tokens, never the session.
    ("api.dialogues", "GET"): (everyone(200), None),
    ("api.dialogue", "GET"): (visible(200), DIALOGUE_RECORDS),
    ("api.outcomes", "GET"): (everyone(200), None),
    ("api.outcome", "GET"): (visible(200), DIALOGUE_RECORDS),
    ("api.report_progress", "POST"): (
        api_writer(lambda record: {"partner_p"}, 415),
        DIALOGUE_RECORDS,
    ),
    ("api.verify", "POST"): (api_writer(lambda record: OWNERS, 415), DIALOGUE_RECORDS),
    # Drafting from a report: a read-write token of an organiser or admin; nothing is stored.
    ("api.dialogue_draft", "POST"): (
        lambda viewer, record: (
            401 if viewer == "anonymous" else (415 if viewer in ORGANIZERS | {"admin"} else 403)
        ),
        None,
    ),
    ("api.places", "GET"): (everyone(200), None),
    ("api.themes", "GET"): (everyone(200), None),
    ("api.organizations", "GET"): (everyone(200), None),
    ("api.city_statistics", "GET"): (place_page, ("city", "governorate", "unknown")),
    ("api_docs.page", "GET"): (everyone(200), None),
    ("api-docs.openapi_json", "GET"): (everyone(200), None),
}


# ---------------------------------------------------------------------------------------------
# The world, and the URL of each route for each record.
# ---------------------------------------------------------------------------------------------


def build_world() -> SimpleNamespace:
    org_a = factories.organization(name_en="Owning organisation")
    org_b = factories.organization(name_en="Another organisation")
    org_p = factories.organization(name_en="Linked partner")
    org_q = factories.organization(name_en="Unlinked partner")
    inactive = factories.organization(name_en="Closed organisation", active=False)
    proposed = factories.organization(
        name_en="Proposed by A", confirmed=False, proposed_by_org_id=org_a.id
    )
    users = {
        "organizer_a": factories.user(role=Role.ORGANIZER, organization=org_a),
        "manager_a": factories.user(role=Role.ORGANIZER, organization=org_a, is_manager=True),
        "organizer_b": factories.user(role=Role.ORGANIZER, organization=org_b),
        "partner_p": factories.user(role=Role.PARTNER, organization=org_p),
        "partner_q": factories.user(role=Role.PARTNER, organization=org_q),
        "donor": factories.user(role=Role.DONOR, organization=factories.organization()),
        "admin": factories.user(admin=True),
    }
    staff_a = factories.user(role=Role.PARTNER, organization=org_a)
    staff_b = factories.user(role=Role.PARTNER, organization=org_b)
    invitee = factories.user(role=Role.PARTNER, organization=org_p, password_hash=None)
    city = factories.city()
    theme = factories.theme()
    dialogues, outcomes, photos = {}, {}, {}
    for name in VISIBILITIES:
        dialogue = factories.dialogue(
            organizer=org_a,
            city=city,
            visibility=Visibility.PUBLIC if name == "archived" else Visibility(name),
            held_on=utcnow().date() - timedelta(days=40),
        )
        factories.link(dialogue=dialogue, organization=org_p, role=LinkRole.PARTNER)
        dialogues[name] = dialogue
        outcomes[name] = factories.outcome(dialogue=dialogue, responsible_org=org_p, theme=theme)
        photos[name] = store_photo(images.jpeg(), dialogue=dialogue, user=users["organizer_a"])
    photos["pending"] = store_photo(
        images.jpeg(), pending_key="form-of-organizer-a-0001", user=users["organizer_a"]
    )
    db.session.flush()
    dialogues["archived"].archived_at = utcnow()
    notification = Notification(
        user_id=users["partner_p"].id,
        kind=NotificationKind.ASSIGNMENT,
        outcome_id=outcomes["public"].id,
    )
    db.session.add(notification)
    tokens = {
        name: factories.api_token(user, scope=TokenScope.READ_WRITE) for name, user in users.items()
    }
    db.session.flush()
    token_of_a = db.session.scalar(
        sa.select(ApiToken.id).where(ApiToken.user_id == users["organizer_a"].id)
    )
    world = SimpleNamespace(
        sessions={name: user.get_id() for name, user in users.items()},
        api_tokens=tokens,
        dialogue={name: d.id for name, d in dialogues.items()} | {"missing": 999_999},
        outcome={name: o.id for name, o in outcomes.items()} | {"missing": 999_999},
        photo={name: p.id for name, p in photos.items()} | {"missing": 999_999},
        organization={
            "org_a": org_a.id,
            "org_b": org_b.id,
            "org_p": org_p.id,
            "proposed": proposed.id,
        },
        inactive=inactive.id,
        user={"staff_a": staff_a.id, "staff_b": staff_b.id},
        theme=theme.id,
        token_of_organizer_a=token_of_a,
        notification=notification.id,
        place={"city": city.code, "governorate": city.governorate.code, "unknown": "SY99-NOWHERE"},
        link={
            "invitation": link_tokens.make_link_token(invitee, link_tokens.INVITATION),
            "reset": link_tokens.make_link_token(staff_b, link_tokens.PASSWORD_RESET),
            "bad": "not-a-link",
        },
    )
    db.session.commit()
    return world


def url_arguments(world: SimpleNamespace, endpoint: str, record: str | None) -> dict:
    """The URL arguments that put `record` into the endpoint's URL."""
    if record is None:
        return {}
    if endpoint.startswith(("dialogues.", "api.dialogue")):
        arguments = {"dialogue_id": world.dialogue[record]}
        if endpoint == "dialogues.delete_photo":
            arguments["photo_id"] = world.photo[record]
        return arguments
    if endpoint.startswith(("outcomes.", "api.outcome", "api.report_progress", "api.verify")):
        return {"outcome_id": world.outcome[record]}
    if endpoint.startswith("photos."):
        return {"photo_id": world.photo[record]}
    if endpoint in ("organizations.detail",) or "_organization" in endpoint:
        organization_id = world.inactive if record == "inactive" else world.organization[record]
        return {"organization_id": organization_id}
    if endpoint.endswith("_theme"):
        return {"theme_id": world.theme}
    if endpoint.endswith("_user") or endpoint == "admin.user_detail":
        return {"user_id": world.user[record]}
    if endpoint == "tokens.revoke":
        return {"token_id": world.token_of_organizer_a}
    if endpoint == "notifications.open_notification":
        return {"notification_id": world.notification}
    if endpoint in ("dashboards.city", "api.city_statistics"):
        return {"code": world.place[record]}
    if endpoint.startswith("accounts."):
        return {"token": world.link[record]}
    raise AssertionError(f"{endpoint}: no record to put in its URL for {record!r}")


def routes(app) -> list[tuple[str, str, object]]:
    """Every (endpoint, method, rule) of the app, but HEAD and OPTIONS (Flask answers those)."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return sorted(found, key=lambda item: (item[0], item[1]))


def test_every_route_is_in_the_table(app):
    missing = [
        f"{endpoint} {method} {rule.rule}"
        for endpoint, method, rule in routes(app)
        if endpoint not in SKIPPED and (endpoint, method) not in TABLE
    ]
    assert not missing, "routes with no entry in the authorisation table: " + ", ".join(missing)
    stale = set(TABLE) - {(endpoint, method) for endpoint, method, _ in routes(app)}
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"


def reset_database() -> None:
    db.session.rollback()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@dataclass
class Answer:
    endpoint: str
    method: str
    viewer: str
    record: str | None
    path: str
    expected: object
    status: int
    location: str

    def matches(self) -> bool:
        if self.expected == "login":
            return self.status == 302 and "/auth/login" in self.location
        return self.status == self.expected

    def __str__(self) -> str:
        got = f"{self.status} {self.location}".strip()
        return (
            f"{self.method} {self.path} ({self.endpoint}) as {self.viewer} "
            f"on {self.record}: expected {self.expected}, got {got}"
        )


def call(client, world, viewer: str, method: str, path: str):
    if path.startswith("/api/"):
        with client.session_transaction() as session:
            session.clear()
        headers = {"Accept-Language": "en"}
        if viewer != "anonymous":
            headers["Authorization"] = f"Bearer {world.api_tokens[viewer]}"
        return client.open(path, method=method, headers=headers)
    with client.session_transaction() as session:
        session.clear()
        if viewer != "anonymous":
            session["_user_id"] = world.sessions[viewer]
            session["_fresh"] = True
    return client.open(path, method=method)


def test_every_route_answers_every_viewer_as_the_table_says(app, client):
    world = build_world()
    failures = []
    requests = 0
    for endpoint, method, _rule in routes(app):
        if endpoint in SKIPPED:
            continue
        expect, records = TABLE[(endpoint, method)]
        for record in records or (None,):
            for viewer in VIEWERS:
                with app.test_request_context():
                    path = app.url_for(endpoint, **url_arguments(world, endpoint, record))
                path = path.removeprefix("http://localhost")
                response = call(client, world, viewer, method, path)
                requests += 1
                result = Answer(
                    endpoint,
                    method,
                    viewer,
                    record,
                    path,
                    expect(viewer, record),
                    response.status_code,
                    response.headers.get("Location", ""),
                )
                if not result.matches():
                    failures.append(str(result))
                if method != "GET" and response.status_code < 400:
                    # It may have changed something: start the next request from a fresh world.
                    reset_database()
                    world = build_world()
    assert requests > 1000
    assert not failures, f"{len(failures)} of {requests} requests:\n" + "\n".join(failures)


# ---------------------------------------------------------------------------------------------
# Account-creating actions (issue 13): invite, edit, re-invite and reactivate, with real form
# data, by every kind of viewer, for every role and organisation. Nobody but an admin may make
# an account that sees more than they see (or may write where they may not); donor accounts
# belong to donor organisations whoever makes them.
# ---------------------------------------------------------------------------------------------

ACCOUNT_VIEWERS = (
    "anonymous",
    "organizer_a",
    "manager_a",  # organiser manager of A (civil society)
    "manager_p",  # partner manager of P (civil society)
    "manager_funder",  # donor manager of a donor organisation
    "partner_p",
    "donor",
    "admin",
)
ACCOUNT_ORGS = ("org_a", "org_p", "funder")


def may_give(viewer: str, role: Role, org: str) -> bool:
    """The expected rule, written out: who may give `role` in `org`."""
    fits = role == Role.ADMIN or (role == Role.DONOR) == (org == "funder")
    if viewer == "admin":
        return fits
    if viewer == "manager_a":
        return org == "org_a" and role in (Role.ORGANIZER, Role.PARTNER)
    if viewer == "manager_p":
        return org == "org_p" and role == Role.PARTNER
    return False


def build_account_world() -> SimpleNamespace:
    from app.organizations.models import OrganizationKind

    orgs = {
        "org_a": factories.organization(kind=OrganizationKind.CIVIL_SOCIETY),
        "org_p": factories.organization(kind=OrganizationKind.COMMUNITY),
        "funder": factories.organization(kind=OrganizationKind.DONOR),
    }
    users = {
        "organizer_a": factories.user(role=Role.ORGANIZER, organization=orgs["org_a"]),
        "manager_a": factories.user(
            role=Role.ORGANIZER, organization=orgs["org_a"], is_manager=True
        ),
        "manager_p": factories.user(role=Role.PARTNER, organization=orgs["org_p"], is_manager=True),
        "manager_funder": factories.user(
            role=Role.DONOR, organization=orgs["funder"], is_manager=True
        ),
        "partner_p": factories.user(role=Role.PARTNER, organization=orgs["org_p"]),
        "donor": factories.user(role=Role.DONOR, organization=orgs["funder"]),
        "admin": factories.user(admin=True),
    }
    city = factories.city()
    for visibility in Visibility:
        dialogue = factories.dialogue(organizer=orgs["org_a"], city=city, visibility=visibility)
        factories.link(dialogue=dialogue, organization=orgs["org_p"], role=LinkRole.PARTNER)
    db.session.commit()
    return SimpleNamespace(orgs=orgs, users=users)


def reach(user) -> tuple[frozenset[int], bool]:
    """What an account sees (the dialogues of the one visibility rule) and whether it may
    write (organisers register dialogues; partners and donors do not)."""
    from app.dialogues.models import Dialogue
    from app.dialogues.visibility import visible_dialogues

    user = db.session.get(type(user), user.id)  # active: Flask-Login counts it signed in
    seen = frozenset(db.session.scalars(visible_dialogues(user).with_only_columns(Dialogue.id)))
    return seen, user.role in (Role.ORGANIZER, Role.ADMIN)


def within(account, actor) -> bool:
    (seen, writes), (actor_seen, actor_writes) = reach(account), reach(actor)
    return seen <= actor_seen and (actor_writes or not writes)


def as_viewer(client, world, viewer: str) -> None:
    with client.session_transaction() as session:
        session.clear()
        if viewer != "anonymous":
            session["_user_id"] = world.users[viewer].get_id()
            session["_fresh"] = True


def test_account_creating_actions_never_grant_more_reach(app, client):
    from app.auth.models import User

    world = build_account_world()
    failures, requests, number = [], 0, 0
    for viewer in ACCOUNT_VIEWERS:
        for role in Role:
            for org in ACCOUNT_ORGS:
                org_id = str(world.orgs[org].id)
                expected = may_give(viewer, role, org)
                # Invite.
                number += 1
                email = f"new{number}@example.org"
                as_viewer(client, world, viewer)
                response = client.post(
                    "/admin/users/invite",
                    data={
                        "email": email,
                        "name": "New",
                        "role": role.value,
                        "organization_id": org_id,
                        "preferred_language": "en",
                    },
                )
                requests += 1
                made = db.session.scalar(sa.select(User).where(User.email == email))
                if (made is not None) != expected:
                    failures.append(f"invite {role} into {org} as {viewer}: {response.status_code}")
                if made is not None and viewer != "admin" and not within(made, world.users[viewer]):
                    failures.append(f"invite {role} into {org} as {viewer}: more reach")
                # Edit a member of the organisation's staff into this role.
                staff_role = Role.DONOR if org == "funder" else Role.PARTNER
                target = factories.user(role=staff_role, organization=world.orgs[org])
                db.session.commit()
                as_viewer(client, world, viewer)
                response = client.post(
                    f"/admin/users/{target.id}",
                    data={"name": target.name, "role": role.value, "organization_id": org_id},
                )
                requests += 1
                db.session.expire_all()
                changed = db.session.get(User, target.id)
                edit_expected = (
                    expected
                    and (
                        viewer == "admin"
                        or (world.users[viewer].organization_id == world.orgs[org].id)
                    )
                    and (viewer == "admin" or staff_role != Role.DONOR)
                )
                if (changed.role == role and role != staff_role) and not edit_expected:
                    failures.append(f"edit to {role} in {org} as {viewer}: changed")
                if edit_expected and changed.role != role:
                    failures.append(f"edit to {role} in {org} as {viewer}: refused")
                if (
                    viewer != "admin"
                    and changed.role != staff_role
                    and not within(changed, world.users[viewer])
                ):
                    failures.append(f"edit to {role} in {org} as {viewer}: more reach")
            # Re-invite and reactivate an account of this role in A.
            if role == Role.ADMIN:
                continue
            org_of_role = "funder" if role == Role.DONOR else "org_a"
            pending = factories.user(
                role=role, organization=world.orgs[org_of_role], password_hash=None
            )
            inactive = factories.user(role=role, organization=world.orgs[org_of_role], active=False)
            db.session.commit()
            version = pending.session_version
            allowed = may_give(viewer, role, org_of_role)
            as_viewer(client, world, viewer)
            client.post(f"/admin/users/{pending.id}/reinvite")
            as_viewer(client, world, viewer)
            client.post(f"/admin/users/{inactive.id}/reactivate")
            requests += 2
            db.session.expire_all()
            renewed = db.session.get(User, pending.id).session_version != version
            if renewed != allowed:
                failures.append(
                    f"re-invite a {role} as {viewer}: {'renewed' if renewed else 'refused'}"
                )
            if db.session.get(User, inactive.id).active != allowed:
                failures.append(f"reactivate a {role} as {viewer}")
    assert requests > 200
    assert not failures, f"{len(failures)} of {requests} requests:\n" + "\n".join(failures)
