"""“Start from a report” in the pages: paste or upload, the prefilled form with its evidence,
nothing stored until the normal save, the report kept as the source for its organisation only."""

from __future__ import annotations

import io
from datetime import date
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.dialogues.models import Dialogue, LinkRole, Visibility
from app.drafts.models import DialogueReport
from app.extensions import db
from tests.drafts import files
from tests.drafts.conftest import CORPUS

REPORT = (CORPUS / "ar07_damascus_jisr.txt").read_text(encoding="utf-8")


class FormFields(HTMLParser):
    """The fields a browser would send from the page's dialogue form."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "dialogue-form" in (a.get("class") or ""):
            self._in_form, self.action = True, a.get("action")
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.options[name] = []
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select:
            self.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            # A browser drops the newline that follows <textarea>.
            value = self.fields[self._textarea]
            self.fields[self._textarea] = value.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def page_form(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


def stored():
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(Dialogue)),
        db.session.scalar(sa.select(sa.func.count()).select_from(DialogueReport)),
        db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)),
    )


def draft_page(client, text=REPORT, published="2026-11-20", language="en"):
    return client.post(
        "/dialogues/from-report",
        data={"text": text, "published_on": published},
        headers={"Accept-Language": language},
    )


def test_the_register_page_and_the_list_offer_to_start_from_a_report(login, organiser):
    client = login(organiser)
    assert 'data-testid="start-from-report"' in client.get("/dialogues/new").get_data(as_text=True)
    assert 'data-testid="start-from-report"' in client.get("/dialogues/").get_data(as_text=True)
    page = client.get("/dialogues/from-report")
    assert page.status_code == 200 and 'name="text"' in page.get_data(as_text=True)


def test_a_pasted_report_fills_the_form_with_evidence_and_saves_nothing(login, organiser, registry):
    before = stored()
    response = draft_page(login(organiser))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert stored() == before  # nothing saved, not even an audit event
    form = page_form(html)
    assert form.action == "/dialogues/new"
    assert form.fields["title_ar"].startswith("مركز الجسر للحوار يجمع فاعلين محليين")
    assert form.fields["held_on"] == "2026-11-19"  # "أمس" from the publication date
    assert form.fields["venue"] == "فندق الشام"
    assert form.fields["format"] == "session"
    assert form.fields["participants_total"] == "40"
    assert form.fields["participants_women"] == ""  # not stated: left blank
    assert form.fields["axes-0-title"] == "العدالة الانتقالية والمساءلة"
    assert form.fields["axes-0-theme_id"]  # matched to a theme
    assert form.fields["statements-0-speaker_role"] == "مدير المركز الدكتور"
    assert form.fields["statements-0-speaker_name"] == "فراس النعسان"
    assert form.fields["statements-0-consent_level"] == "internal"  # not for publication
    assert form.fields["sources-0-publisher"] == "سانا"
    assert form.fields["sources-0-published_on"] == "2026-11-20"
    assert form.fields["convening_org_id"] == ""  # the recording organisation held it
    assert form.fields["report_text"].startswith("مركز الجسر")
    assert 'data-testid="draft-evidence"' in html and "<details>" in html
    assert "فراس النعسان" in html  # the speaker's name, as evidence for the organiser
    assert 'data-testid="draft-missing"' in html


def test_saving_the_drafted_form_is_a_normal_save_and_keeps_the_report(
    login, organiser, registry, client, make
):
    client = login(organiser)
    form = page_form(draft_page(client).get_data(as_text=True))
    data = dict(form.fields)
    data["title_ar"] = "جلسة حوارية حول العدالة الانتقالية في دمشق"  # the organiser's correction
    # Axes whose theme was not found must get one from the organiser, as in the normal form.
    theme = form.options["axes-0-theme_id"][1]
    for name, value in list(data.items()):
        row_text = data.get(name.replace("theme_id", "title")) or data.get(
            name.replace("theme_id", "text")
        )
        if name.endswith("theme_id") and not value and row_text:
            data[name] = theme
    response = client.post("/dialogues/new", data=data)
    assert response.status_code == 302
    dialogue = db.session.scalar(sa.select(Dialogue))
    assert dialogue.title_ar == "جلسة حوارية حول العدالة الانتقالية في دمشق"
    assert dialogue.city.code == "SY01-DAMASCUS" and dialogue.held_on == date(2026, 11, 19)
    assert [a.title for a in dialogue.axes][:2] == [
        "العدالة الانتقالية والمساءلة",
        "ملف المعتقلين والمفقودين والمختفين قسرياً",
    ]
    assert dialogue.statements and all(s.consent_level == "internal" for s in dialogue.statements)
    assert {s.speaker_name for s in dialogue.statements} == {"فراس النعسان", "رنا قاسم"}
    assert [(c.publisher, c.published_on) for c in dialogue.sources] == [
        ("سانا", date(2026, 11, 20))
    ]
    report = db.session.scalar(sa.select(DialogueReport))
    assert report.dialogue_id == dialogue.id and report.text == REPORT.strip()
    assert report.publisher == "سانا" and report.published_on == date(2026, 11, 20)
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions == ["create"]

    detail = client.get(f"/dialogues/{dialogue.id}").get_data(as_text=True)
    assert 'data-testid="report-source"' in detail and "أوضحت رنا قاسم" in detail

    # Partners see the dialogue, never the report's text or the unconsented statements.
    partner_org = make.organization()
    make.link(dialogue=dialogue, organization=partner_org, role=LinkRole.PARTNER)
    dialogue.visibility = Visibility.PARTNERS
    partner = make.user(role=Role.PARTNER, organization=partner_org)
    db.session.commit()
    seen = login(partner).get(f"/dialogues/{dialogue.id}").get_data(as_text=True)
    assert "report-source" not in seen and "رنا قاسم" not in seen


def test_a_failed_save_brings_the_evidence_back(login, organiser, registry):
    client = login(organiser)
    data = page_form(draft_page(client).get_data(as_text=True)).fields
    data["city_id"] = ""
    response = client.post("/dialogues/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-testid="draft-evidence"' in html and "فندق الشام" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DialogueReport)) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "   "}, "The report is empty"),
        ({"text": "ا" * 60_001}, "The report is too long"),
        ({"file": (io.BytesIO(b"not a pdf at all"), "report.pdf")}, "not what its name says"),
        ({"file": (io.BytesIO(files.docx_bomb()), "bomb.docx")}, "expands to far more"),
        ({"file": (io.BytesIO(files.pdf(None)), "scan.pdf")}, "no text layer"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(login, organiser, data, message):
    organiser.preferred_language = "en"
    db.session.commit()
    before = stored()
    response = login(organiser).post("/dialogues/from-report", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert stored() == before


def test_messages_in_arabic(login, organiser):
    organiser.preferred_language = "ar"
    db.session.commit()
    response = login(organiser).post("/dialogues/from-report", data={"text": ""})
    assert response.status_code == 400
    assert "التقرير فارغ" in response.get_data(as_text=True)


def test_pasted_html_is_text_and_never_rendered(login, organiser, registry):
    text = "<script>alert('x')</script><b>جلسة حوارية في حمص</b> نظمت شبكة حمص للسلم الأهلي جلسة."
    html = draft_page(login(organiser), text=text).get_data(as_text=True)
    assert "<script>alert" not in html and "<b>جلسة" not in html
    assert "&lt;script&gt;alert" in html


def test_an_uploaded_docx_report(login, organiser, registry):
    data = files.docx(REPORT.splitlines())
    response = login(organiser).post(
        "/dialogues/from-report",
        data={"file": (io.BytesIO(data), "report.docx"), "published_on": "2026-11-20"},
    )
    assert response.status_code == 200
    assert page_form(response.get_data(as_text=True)).fields["venue"] == "فندق الشام"


@pytest.mark.parametrize("role", [Role.PARTNER, Role.DONOR])
def test_only_organisers_and_admins_draft(login, make, role, db):
    user = make.user(role=role)
    db.session.commit()
    assert login(user).get("/dialogues/from-report").status_code == 403
    assert login(user).post("/dialogues/from-report", data={"text": REPORT}).status_code == 403


def test_a_convening_organisation_from_the_registry_or_proposed_by_name(login, registry, make):
    staff = make.user(role=Role.ORGANIZER, organization=registry["Homs Civil Peace Network"])
    db.session.commit()
    client = login(staff)
    fields = page_form(draft_page(client).get_data(as_text=True)).fields
    assert fields["convening_org_id"] == str(registry["Al-Jisr Dialogue Centre"].id)
    text = (CORPUS / "ar01_homs_sana.txt").read_text(encoding="utf-8")
    fields = page_form(
        draft_page(client, text=text, published="2026-11-29").get_data(as_text=True)
    ).fields
    assert fields["convening_org_id"] == ""
    assert fields["convening_org_name"] == "مركز الحوار السوري"


def test_another_organisations_proposal_is_never_matched(login, registry, make, organiser):
    proposer = make.organization()
    make.organization(
        name_ar="مركز الحوار السوري", name_en=None, confirmed=False, proposed_by_org_id=proposer.id
    )
    db.session.commit()
    text = (CORPUS / "ar01_homs_sana.txt").read_text(encoding="utf-8")
    html = draft_page(login(organiser), text=text, published="2026-11-29").get_data(as_text=True)
    fields = page_form(html).fields
    assert fields["convening_org_id"] == "" and fields["convening_org_name"] == "مركز الحوار السوري"
