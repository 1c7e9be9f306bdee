"""The load test: two gunicorn instances of Hiwar on 127.0.0.1 sharing one PostgreSQL database,
one Redis database and one upload folder, driven by anonymous visitors, organisers (registering
dialogues, and several of them editing the same dialogues at once), partners (reporting progress)
and donors (dashboards, exports); then the database is checked against what the servers
acknowledged. A script, not a test: `make loadtest` or

    .venv/bin/python -m loadtest.run --duration 120

It DROPS and recreates the database it is given (whose name must contain "loadtest") and
flushes the Redis database it is given. Prints the figures and a PASS/FAIL summary; exits 1 on
FAIL.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import requests

from loadtest.helpers import dialogue_id_from_location, form_after, percentile

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "hiwar-demo-2026"  # noqa: S105 - the published demo password
API_PROBE_LIMIT = 30  # anonymous API requests per minute during the run (the shared-store probe)
SEARCH_TERMS = ["حمص", "حماة", "السلامة", "youth", "Homs", "شباب", "تدمر", "water"]
TIMEOUT = 30


# -- measurements -------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (connection error or timeout)
    seconds: float


@dataclass
class Record:
    """What the servers acknowledged (or refused), for the database checks."""

    creations: dict[str, int] = field(default_factory=dict)  # creation_key -> acknowledged id
    creation_titles: dict[str, str] = field(default_factory=dict)  # creation_key -> title marker
    creations_unknown: list[str] = field(default_factory=list)  # no clear answer: may exist
    double_submits: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    photos: list[tuple[int, int]] = field(default_factory=list)  # (photo id, status elsewhere)
    edits_ok: list[tuple[int, int, str]] = field(default_factory=list)  # dialogue, version, mark
    edits_conflict: list[tuple[int, int, str]] = field(default_factory=list)
    edits_unknown: list[tuple[int, int, str]] = field(default_factory=list)
    reports_ok: list[tuple[int, str]] = field(default_factory=list)  # outcome id, note marker
    reports_refused: list[tuple[int, str, int]] = field(default_factory=list)
    reports_unknown: list[tuple[int, str]] = field(default_factory=list)
    contested: list[int] = field(default_factory=list)


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.failures: Counter[str] = Counter()  # requests without an answer, by exception
        self.record = Record()
        self.lock = threading.Lock()
        self.started = 0.0
        self.stopped = 0.0

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Client:
    """One virtual user's browser: its cookies, and the two servers taken in turn."""

    def __init__(self, bases: list[str], recorder: Recorder, name: str) -> None:
        self.bases = bases
        self.turn = random.randrange(len(bases))
        self.recorder = recorder
        self.http = requests.Session()
        self.http.headers["User-Agent"] = f"hiwar-loadtest/{name}"
        self.http.headers["Accept-Language"] = random.choice(["ar", "en"])
        # A new connection per request: a kept-alive connection that gunicorn closes (after 2 s
        # idle) just as the next request goes out would count as an error of the server.
        self.http.headers["Connection"] = "close"

    def base(self) -> str:
        self.turn = (self.turn + 1) % len(self.bases)
        return self.bases[self.turn]

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base() + path, allow_redirects=False, timeout=TIMEOUT, **kwargs
            )
            _ = response.content
        except requests.RequestException as error:
            self.recorder.add(Sample(kind, 0, time.perf_counter() - started))
            with self.recorder.lock:
                self.recorder.failures[f"{type(error).__name__}: {error}"[:160]] += 1
            return None
        self.recorder.add(Sample(kind, response.status_code, time.perf_counter() - started))
        return response

    def login(self, email: str) -> bool:
        page = self.request("login", "GET", "/auth/login")
        if page is None or page.status_code != 200:
            return False
        form = form_after(page.text, 'action="/auth/login"').fields
        form.update({"email": email, "password": DEMO_PASSWORD})
        answer = self.request("login", "POST", "/auth/login", data=form)
        return answer is not None and answer.status_code == 302


# -- virtual users ------------------------------------------------------------------------------


class VirtualUser(threading.Thread):
    def __init__(self, name, bases, recorder, stop, plan, think):
        super().__init__(name=name, daemon=True)
        self.client = Client(bases, recorder, name)
        self.recorder = recorder
        self.record = recorder.record
        self.stop = stop
        self.plan = plan
        self.think = think
        self.problems: list[str] = []

    def pause(self, scale: float = 1.0) -> None:
        if self.think:
            time.sleep(random.uniform(0, 2 * self.think * scale))

    def run(self) -> None:
        try:
            self.setup()
            while not self.stop.is_set():
                self.step()
                self.pause()
        except Exception as error:  # a driver bug must show, not hang the run
            self.problems.append(f"{self.name}: {error!r}")

    def setup(self) -> None:
        pass

    def step(self) -> None:
        raise NotImplementedError


class Anonymous(VirtualUser):
    def step(self) -> None:
        path, kind = random.choice(
            [
                ("/", "anon /"),
                ("/dialogues/", "anon /dialogues/"),
                (f"/dialogues/?q={random.choice(SEARCH_TERMS)}", "anon /dialogues/?q="),
                ("/map", "anon /map"),
                ("/map/points.json", "anon /map/points.json"),
                ("/dashboard", "anon /dashboard"),
            ]
        )
        self.client.request(kind, "GET", path)


class Donor(VirtualUser):
    def setup(self) -> None:
        if not self.client.login(self.plan["email"]):
            raise RuntimeError(f"login failed for {self.plan['email']}")

    def step(self) -> None:
        choice = random.random()
        if choice < 0.4:
            self.client.request("donor /dashboard", "GET", "/dashboard")
        elif choice < 0.85:
            code = random.choice(self.plan["places"])
            self.client.request("donor /cities/<code>", "GET", f"/cities/{code}")
        else:
            self.client.request("donor /exports/hiwar.xlsx", "GET", "/exports/hiwar.xlsx")


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (random.randrange(256), 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def dialogue_payload(form, marker: str, own_org: int) -> dict[str, str]:
    """A whole dialogue, filled in as an organiser would, from the choices the form offers
    (the organiser's own organisation is not listed among the others)."""
    fields = dict(form.fields)
    cities = [c for c in form.options["city_id"] if c]
    themes = [t for t in form.options["axes-0-theme_id"] if t]
    orgs = [o for o in form.options["links-0-organization_id"] if o and o != str(own_org)]
    held = date.fromordinal(date.today().toordinal() - random.randrange(10, 300))
    theme = random.choice(themes)
    fields.update(
        {
            "title_ar": f"حوار تحميل {marker}",
            "title_en": f"Load test dialogue {marker}",
            "format": form.options["format"][0],
            "held_on": held.isoformat(),
            "city_id": random.choice(cities),
            "venue": "قاعة",
            "status": "held",
            "visibility": random.choice(["public", "donors", "partners"]),
            "participants_total": "30",
            "participants_women": "12",
            "participants_men": "18",
            "participants_youth": "9",
            "summary_en": "Recorded by the load test.",
            "links-0-organization_id": random.choice(orgs),
            "links-0-role": "partner",
            "priorities-0-kind": "concern",
            "priorities-0-text": "الخوف من التنقل ليلاً",
            "priorities-0-theme_id": theme,
            "outcomes-0-kind": "commitment",
            "outcomes-0-text": "تشكيل لجنة أحياء",
            "outcomes-0-theme_id": theme,
        }
    )
    for position in range(3):
        fields[f"axes-{position}-title"] = f"محور {position + 1}"
        fields[f"axes-{position}-theme_id"] = random.choice(themes)
    return fields


class Creator(VirtualUser):
    """Registers dialogues through the real form; now and then with a photo, or submitted twice
    at the same moment (a double click on a slow connection)."""

    def setup(self) -> None:
        if not self.client.login(self.plan["email"]):
            raise RuntimeError(f"login failed for {self.plan['email']}")

    def step(self) -> None:
        page = self.client.request("organizer GET /dialogues/new", "GET", "/dialogues/new")
        if page is None or page.status_code != 200:
            return
        form = form_after(page.text, 'class="dialogue-form"')
        marker = uuid.uuid4().hex[:12]
        data = dialogue_payload(form, marker, self.plan["org"])
        key = data["creation_key"]
        self.pause(0.5)  # filling the form in
        roll = random.random()
        if roll < 0.15:
            self.double_submit(data, key, marker)
            return
        files = {"photos": ("evidence.png", tiny_png(), "image/png")} if roll < 0.3 else None
        answer = self.client.request(
            "organizer POST /dialogues/new", "POST", "/dialogues/new", data=data, files=files
        )
        self.note_creation(answer, key, marker)
        if files and answer is not None and answer.status_code == 302:
            self.check_photo(dialogue_id_from_location(answer.headers.get("Location")))

    def note_creation(self, answer, key: str, marker: str) -> int | None:
        with self.recorder.lock:
            self.record.creation_titles[key] = marker
            if answer is not None and answer.status_code == 302:
                dialogue_id = dialogue_id_from_location(answer.headers.get("Location"))
                if dialogue_id is not None:
                    self.record.creations[key] = dialogue_id
                    return dialogue_id
            if answer is None or answer.status_code >= 500:
                self.record.creations_unknown.append(key)
        return None

    def double_submit(self, data, key: str, marker: str) -> None:
        twin = Client(self.client.bases, self.recorder, self.name + "-twin")
        twin.http.cookies.update(self.client.http.cookies)
        answers: list = [None, None]
        barrier = threading.Barrier(2)

        def send(index: int, client: Client) -> None:
            barrier.wait()
            answers[index] = client.request(
                "organizer POST /dialogues/new (double)", "POST", "/dialogues/new", data=data
            )

        threads = [
            threading.Thread(target=send, args=(0, self.client)),
            threading.Thread(target=send, args=(1, twin)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ids = [
            dialogue_id_from_location(a.headers.get("Location"))
            if a is not None and a.status_code == 302
            else None
            for a in answers
        ]
        for answer in answers:
            self.note_creation(answer, key, marker)
        with self.recorder.lock:
            self.record.double_submits.append((key, ids[0], ids[1]))

    def check_photo(self, dialogue_id: int | None) -> None:
        """The photo was stored by one server; the other must serve it (shared upload folder)."""
        if dialogue_id is None:
            return
        page = self.client.request(
            "organizer GET /dialogues/<id>", "GET", f"/dialogues/{dialogue_id}"
        )
        if page is None or page.status_code != 200:
            return
        import re

        for photo_id in sorted({int(p) for p in re.findall(r"/photos/(\d+)", page.text)}):
            for base in self.client.bases:
                started = time.perf_counter()
                try:
                    answer = self.client.http.get(f"{base}/photos/{photo_id}", timeout=TIMEOUT)
                    status = answer.status_code
                except requests.RequestException:
                    status = 0
                self.recorder.add(
                    Sample("organizer GET /photos/<id>", status, time.perf_counter() - started)
                )
                with self.recorder.lock:
                    self.record.photos.append((photo_id, status))


class Editor(VirtualUser):
    """Several organisers of one organisation edit the same few dialogues at once: each loads the
    edit form, changes the English title or the first axis, and saves; a stale save must get 409."""

    def setup(self) -> None:
        if not self.client.login(self.plan["email"]):
            raise RuntimeError(f"login failed for {self.plan['email']}")

    def step(self) -> None:
        dialogue_id = random.choice(self.record.contested)
        path = f"/dialogues/{dialogue_id}/edit"
        page = self.client.request("organizer GET /dialogues/<id>/edit", "GET", path)
        if page is None or page.status_code != 200:
            return
        form = form_after(page.text, 'class="dialogue-form"')
        data = dict(form.fields)
        marker = "e" + uuid.uuid4().hex[:12]
        if random.random() < 0.5:
            data["title_en"] = f"Contested {marker}"
        else:  # only a repeating row changes: the dialogue's own columns stay as they were
            data["axes-0-title"] = f"محور {marker}"
        version = int(data["version"])
        self.pause(1.0)  # reading and typing, while colleagues save theirs
        answer = self.client.request("organizer POST /dialogues/<id>/edit", "POST", path, data=data)
        entry = (dialogue_id, version, marker)
        with self.recorder.lock:
            if answer is not None and answer.status_code == 302:
                self.record.edits_ok.append(entry)
            elif answer is not None and answer.status_code == 409:
                self.record.edits_conflict.append(entry)
            elif answer is None or answer.status_code >= 500:
                self.record.edits_unknown.append(entry)


class Partner(VirtualUser):
    """Reports progress on outcomes its organisation is responsible for, through the outcome
    page's form; several partners report on the same outcomes."""

    def setup(self) -> None:
        if not self.client.login(self.plan["email"]):
            raise RuntimeError(f"login failed for {self.plan['email']}")

    def step(self) -> None:
        outcome_id = random.choice(self.plan["outcomes"])
        path = f"/outcomes/{outcome_id}"
        page = self.client.request("partner GET /outcomes/<id>", "GET", path)
        if page is None or page.status_code != 200:
            return
        form = form_after(page.text, f'action="{path}/progress"')
        data = dict(form.fields)
        marker = "r" + uuid.uuid4().hex[:12]
        data.update(
            {
                "status": random.choice([s for s in form.options["status"] if s]),
                "progress": str(random.randrange(0, 101)),
                "note": f"Load test report {marker}",
                "reported_on": date.today().isoformat(),
            }
        )
        self.pause(0.5)
        answer = self.client.request(
            "partner POST /outcomes/<id>/progress", "POST", f"{path}/progress", data=data
        )
        with self.recorder.lock:
            if answer is not None and answer.status_code == 302:
                self.record.reports_ok.append((outcome_id, marker))
            elif answer is None or answer.status_code >= 500:
                self.record.reports_unknown.append((outcome_id, marker))
            else:
                self.record.reports_refused.append((outcome_id, marker, answer.status_code))


# -- preparing the database and the servers -----------------------------------------------------


def server_environment(args, upload_folder: str, secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "FLASK_APP": "wsgi",
            # Production settings, as deployed, with one exception: cookies are not marked Secure,
            # because the load test speaks plain HTTP to 127.0.0.1 and a client (like a browser)
            # never sends a Secure cookie back over HTTP.
            "HIWAR_ENV": "production",
            "HIWAR_SECURE_COOKIES": "0",
            "SECRET_KEY": secret_key,  # one key for every instance: sessions work on both
            "DATABASE_URL": args.database_url,
            "HIWAR_RATELIMIT_STORAGE_URI": args.redis_url,
            "HIWAR_UPLOAD_FOLDER": upload_folder,
            "HIWAR_BASE_URL": f"http://127.0.0.1:{args.ports[0]}",
            "HIWAR_MAP_TILES": "none",
            "HIWAR_API_RATELIMIT_ADDRESS": f"{API_PROBE_LIMIT}/minute",
            # Every virtual user signs in from 127.0.0.1: the per-address sign-in limit would
            # stop them (the per-account limit stays as configured; each user signs in once).
            "HIWAR_LOGIN_RATELIMIT_ADDRESS": "100000/minute",
            "HIWAR_WORKERS": str(args.workers),
            "HIWAR_THREADS": str(args.threads),
        }
    )
    return env


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url.replace("+psycopg", ""))
    name = parts.path.lstrip("/")
    if "loadtest" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the load test's database name has 'loadtest'")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def flask(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [str(BIN / "flask"), *arguments], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def seed(env: dict[str, str], args) -> dict:
    """Extra users through the app's own services, and what each may work on."""
    code = f"""
import json, sqlalchemy as sa
from app import create_app
from app.extensions import db
from app.auth.models import Role, User
from app.auth.services import create_user
from app.dialogues.models import Dialogue
from app.dialogues.visibility import visibility_clause
from app.outcomes.models import Outcome, OutcomeStatus
from app.places.models import Place
app = create_app()
with app.app_context():
    plan = {{}}
    for role, count in (("organizer", {args.creators + args.editors}), ("partner", {args.partners}),
                        ("donor", {args.donors})):
        demo = db.session.scalar(sa.select(User).where(User.email == f"{{role}}@demo.hiwar.org"))
        emails = []
        for n in range(count):
            email = f"lt-{{role}}-{{n}}@loadtest.hiwar.org"
            create_user(email=email, name=f"Load {{role}} {{n}}", role=Role(role),
                        password="{DEMO_PASSWORD}", organization=demo.organization)
            emails.append(email)
        plan[role] = emails
        plan[role + "_org"] = demo.organization_id
        if role == "partner":
            rows = db.session.scalars(
                sa.select(Outcome.id).join(Outcome.dialogue)
                .where(Outcome.responsible_org_id == demo.organization_id,
                       Outcome.declined_at.is_(None), Dialogue.archived_at.is_(None),
                       visibility_clause(demo, include_archived=False))
                .order_by(Outcome.id)).all()
            plan["outcomes"] = list(rows)[:{args.outcomes}]
    db.session.commit()
    places = db.session.scalars(sa.select(Place.code).join(Dialogue, Dialogue.city_id == Place.id)
                                .distinct().order_by(Place.code)).all()
    plan["places"] = list(places)[:12] + ["SY04", "SY05"]
    print(json.dumps(plan))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"seeding the load test's users failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(env: dict[str, str], port: int, logs: Path) -> subprocess.Popen:
    env = dict(env, HIWAR_BIND=f"127.0.0.1:{port}")
    log = open(logs / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_healthy(bases: list[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    for base in bases:
        while True:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{base} did not become healthy")
            time.sleep(0.3)


def stop_servers(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# -- the run ------------------------------------------------------------------------------------


def prepare_contested(bases, recorder, plan, count: int) -> None:
    """The dialogues that editors fight over, registered through the form like any other."""
    creator = Creator("contested", bases, recorder, threading.Event(), plan, 0)
    creator.setup()
    while len(recorder.record.creations) < count:
        page = creator.client.request("organizer GET /dialogues/new", "GET", "/dialogues/new")
        form = form_after(page.text, 'class="dialogue-form"')
        marker = uuid.uuid4().hex[:12]
        data = dialogue_payload(form, marker, plan["org"])
        answer = creator.client.request(
            "organizer POST /dialogues/new", "POST", "/dialogues/new", data=data
        )
        dialogue_id = creator.note_creation(answer, data["creation_key"], marker)
        if dialogue_id is None:
            raise SystemExit(f"could not register a contested dialogue: {answer!r}")
        recorder.record.contested.append(dialogue_id)


def drive(args, bases: list[str], plan: dict) -> tuple[Recorder, list[str]]:
    recorder = Recorder()
    organizer = {"email": plan["organizer"][0], "org": plan["organizer_org"]}
    prepare_contested(bases, recorder, organizer, args.contested)
    stop = threading.Event()
    users: list[VirtualUser] = []
    organizers = iter(plan["organizer"])
    for n in range(args.anonymous):
        users.append(Anonymous(f"anon-{n}", bases, recorder, stop, {}, args.think))
    for n, email in enumerate(plan["donor"]):
        users.append(
            Donor(
                f"donor-{n}",
                bases,
                recorder,
                stop,
                {"email": email, "places": plan["places"]},
                args.think,
            )
        )
    for n in range(args.creators):
        users.append(
            Creator(
                f"creator-{n}",
                bases,
                recorder,
                stop,
                {"email": next(organizers), "org": plan["organizer_org"]},
                args.think,
            )
        )
    for n in range(args.editors):
        users.append(
            Editor(f"editor-{n}", bases, recorder, stop, {"email": next(organizers)}, args.think)
        )
    for n, email in enumerate(plan["partner"]):
        users.append(
            Partner(
                f"partner-{n}",
                bases,
                recorder,
                stop,
                {"email": email, "outcomes": plan["outcomes"]},
                args.think,
            )
        )
    recorder.samples.clear()  # the figures cover the mixed traffic only
    recorder.started = time.perf_counter()
    for user in users:
        user.start()
    time.sleep(args.duration)
    stop.set()
    for user in users:
        user.join(timeout=TIMEOUT + 5)
    recorder.stopped = time.perf_counter()
    problems = [p for user in users for p in user.problems]
    return recorder, problems


def probe_shared_rate_limit(bases: list[str]) -> tuple[bool, str]:
    """Anonymous API requests, alternating between the servers: if their counters are shared
    (Redis), exactly API_PROBE_LIMIT succeed in all; with per-process counters each server would
    let that many through."""
    statuses = []
    for n in range(API_PROBE_LIMIT + 10):
        statuses.append(requests.get(bases[n % 2] + "/api/v1/themes", timeout=TIMEOUT).status_code)
    passed = statuses.count(200)
    refused = {bases[n % 2][-4:] for n, s in enumerate(statuses) if s == 429}
    ok = passed == API_PROBE_LIMIT and len(refused) == 2
    return ok, f"{passed} of {len(statuses)} answered, then 429 from ports {sorted(refused)}"


# -- the report ---------------------------------------------------------------------------------


EXPECTED = {
    "organizer POST /dialogues/new": {302},
    "organizer POST /dialogues/new (double)": {302},
    "organizer POST /dialogues/<id>/edit": {302, 409},
    "partner POST /outcomes/<id>/progress": {302},
    "login": {200, 302},
}


def is_error(sample: Sample) -> bool:
    return sample.status not in EXPECTED.get(sample.kind, {200})


def report_figures(recorder: Recorder) -> list[str]:
    elapsed = recorder.stopped - recorder.started
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in recorder.samples:
        by_kind[sample.kind].append(sample)
    errors = Counter((s.kind, s.status) for s in recorder.samples if is_error(s))
    lines = [
        f"{len(recorder.samples)} requests in {elapsed:.1f} s: "
        f"{len(recorder.samples) / elapsed:.1f} requests/s; "
        f"{sum(errors.values())} errors",
        "",
        f"{'kind':<42} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses",
    ]
    everything = sorted(s.seconds for s in recorder.samples)
    for kind in sorted(by_kind):
        samples = by_kind[kind]
        times = sorted(s.seconds for s in samples)
        statuses = Counter(s.status for s in samples)
        lines.append(
            f"{kind:<42} {len(samples):>6} {len(samples) / elapsed:>7.2f} "
            f"{percentile(times, 0.5) * 1000:>8.0f} {percentile(times, 0.95) * 1000:>8.0f} "
            f"{percentile(times, 0.99) * 1000:>8.0f}  "
            + " ".join(f"{code}×{n}" for code, n in sorted(statuses.items()))
        )
    lines.append(
        f"{'all':<42} {len(everything):>6} {len(everything) / elapsed:>7.2f} "
        f"{percentile(everything, 0.5) * 1000:>8.0f} {percentile(everything, 0.95) * 1000:>8.0f} "
        f"{percentile(everything, 0.99) * 1000:>8.0f}"
    )
    by_status = Counter(status for (_kind, status) in errors.elements())
    lines.append("")
    lines.append(
        "errors by status: "
        + (
            ", ".join(f"{code or 'no answer'}×{n}" for code, n in sorted(by_status.items()))
            or "none"
        )
    )
    for (kind, status), n in sorted(errors.items()):
        lines.append(f"  {kind}: {status or 'no answer'} ×{n}")
    for failure, n in recorder.failures.most_common(5):
        lines.append(f"  no answer ×{n}: {failure}")
    record = recorder.record
    lines.append(
        f"edits: {len(record.edits_ok)} saved, {len(record.edits_conflict)} refused with 409 "
        f"(version conflicts), {len(record.edits_unknown)} without a clear answer"
    )
    lines.append(
        f"dialogues registered: {len(record.creations)} acknowledged "
        f"({len(record.double_submits)} submitted twice at once); progress reports: "
        f"{len(record.reports_ok)} acknowledged, {len(record.reports_refused)} refused"
    )
    return lines


def check_database(env: dict[str, str], record: Record) -> list[tuple[str, bool, str]]:
    """Every acknowledged write is there once; nothing else of ours is; no edit was lost."""
    payload = json.dumps(
        {
            "creations": record.creations,
            "titles": record.creation_titles,
            "unknown": record.creations_unknown,
            "edits_ok": record.edits_ok,
            "edits_conflict": record.edits_conflict,
            "edits_unknown": record.edits_unknown,
            "reports_ok": record.reports_ok,
            "reports_refused": record.reports_refused,
            "reports_unknown": record.reports_unknown,
            "contested": record.contested,
        }
    )
    out = subprocess.run(
        [sys.executable, "-m", "loadtest.checks"],
        input=payload,
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return [tuple(row) for row in json.loads(out.stdout.strip().splitlines()[-1])]


def server_tracebacks(logs: Path) -> list[str]:
    found = []
    for log in sorted(logs.glob("gunicorn-*.log")):
        text = log.read_text(errors="replace")
        for chunk in text.split("Traceback (most recent call last):")[1:]:
            last = [line for line in chunk.splitlines() if line and not line.startswith(" ")]
            found.append(f"{log.name}: {last[0] if last else '?'}")
    return found


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of mixed traffic")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOADTEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/hiwar_loadtest"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    parser.add_argument("--ports", type=int, nargs=2, default=[8101, 8102])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--anonymous", type=int, default=4)
    parser.add_argument("--donors", type=int, default=2)
    parser.add_argument("--creators", type=int, default=2)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--partners", type=int, default=3)
    parser.add_argument("--contested", type=int, default=2, help="dialogues the editors share")
    parser.add_argument("--outcomes", type=int, default=4, help="outcomes the partners share")
    parser.add_argument("--think", type=float, default=0.2, help="mean pause between steps (s)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    began = time.perf_counter()
    bases = [f"http://127.0.0.1:{port}" for port in args.ports]
    work = Path(tempfile.mkdtemp(prefix="hiwar-loadtest-"))
    uploads = work / "uploads"  # the folder both instances share
    uploads.mkdir()
    env = server_environment(args, str(uploads), secrets.token_hex(32))
    print(f"== preparing {urlsplit(args.database_url).path.lstrip('/')} (logs in {work})")
    recreate_database(args.database_url)
    flush_redis(args.redis_url)
    flask(env, "db", "upgrade")
    flask(env, "demo")
    plan = seed(env, args)
    print(f"== starting two gunicorn instances on {', '.join(bases)}")
    servers = [start_server(env, port, work) for port in args.ports]
    try:
        wait_healthy(bases)
        ready = time.perf_counter() - began
        print(
            f"== {args.duration:.0f} s of mixed traffic (ready after {ready:.0f} s):"
            f" {args.anonymous} anonymous visitors, {args.donors} donors, {args.creators} "
            f"organisers registering, {args.editors} organisers editing {args.contested} shared "
            f"dialogues, {args.partners} partners reporting on {len(plan['outcomes'])} shared "
            f"outcomes; think time {args.think} s; 2 instances x {args.workers} gunicorn workers "
            f"x {args.threads} threads"
        )
        recorder, problems = drive(args, bases, plan)
        probe = probe_shared_rate_limit(bases)
    finally:
        stop_servers(servers)
    print()
    for line in report_figures(recorder):
        print(line)
    checks = check_database(env, recorder.record)
    photos = recorder.record.photos
    checks.append(
        (
            "photos stored by one server are served by both (shared upload folder)",
            bool(photos) and all(status == 200 for _, status in photos),
            f"{len({p for p, _ in photos})} photos, fetched {len(photos)} times: "
            + ", ".join(f"{s}×{n}" for s, n in sorted(Counter(s for _, s in photos).items())),
        )
    )
    checks.append(("rate-limit counters shared by both servers (Redis)", probe[0], probe[1]))
    tracebacks = server_tracebacks(work)
    checks.append(
        (
            "no server errors (500) and no exceptions in the servers' logs",
            not tracebacks and not any(s.status >= 500 for s in recorder.samples),
            f"{len(tracebacks)} tracebacks"
            + (f": {Counter(tracebacks).most_common(3)}" if tracebacks else ""),
        )
    )
    checks.append(("the driver ran without problems", not problems, "; ".join(problems[:3])))
    print()
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f" — {detail}" if detail else ""))
    passed = all(ok for _, ok, _ in checks)
    print()
    verdict = "PASS" if passed else "FAIL"
    print(f"{verdict} ({time.perf_counter() - began:.0f} s in all; logs in {work})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
