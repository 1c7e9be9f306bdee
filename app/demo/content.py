"""Who is in the demo: its organisations and one login per role.

Every organisation is invented. The Homs story in DESIGN.md is built around a dialogue centre, Homs
civil-society and community (ahli) groups, a local institution, an international NGO and a donor;
the demo gives each of them a plausible name in Arabic and English and a home city.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.models import Role
from app.organizations.models import OrganizationKind

# Long enough for the password policy (app.auth.passwords) and not on its list of common ones.
DEMO_PASSWORD = "hiwar-demo-2026"  # noqa: S105 - published on purpose: demo logins only
DEMO_EMAIL_DOMAIN = "demo.hiwar.org"


@dataclass(frozen=True)
class DemoOrganization:
    key: str
    name_en: str
    name_ar: str
    kind: OrganizationKind
    home_city: str | None  # a city code from app/places/data/syria_places.csv
    description: str


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    name: str
    organization: str | None  # a DemoOrganization key; admins belong to none
    preferred_language: str

    @property
    def email(self) -> str:
        return f"{self.role.value}@{DEMO_EMAIL_DOMAIN}"


ORGANIZATIONS: tuple[DemoOrganization, ...] = (
    DemoOrganization(
        "centre",
        "Al-Jisr Dialogue Centre",
        "مركز الجسر للحوار",
        OrganizationKind.CIVIL_SOCIETY,
        "SY01-DAMASCUS",
        "A dialogue centre with a consensus and shared-identity unit; runs sessions across Syria.",
    ),
    DemoOrganization(
        "homs_network",
        "Homs Civil Peace Network",
        "شبكة حمص للسلم الأهلي",
        OrganizationKind.CIVIL_SOCIETY,
        "SY04-HOMS",
        "A network of Homs civil-society groups working on civil peace and community safety.",
    ),
    DemoOrganization(
        "waer_committee",
        "Al-Waer Neighbourhood Community Committee",
        "اللجنة الأهلية في حي الوعر",
        OrganizationKind.COMMUNITY,
        "SY04-HOMS",
        "An ahli committee of residents, notables and volunteers in one Homs neighbourhood.",
    ),
    DemoOrganization(
        "homs_youth",
        "Bab al-Sibaa Youth Volunteers",
        "فريق شباب باب السباع التطوعي",
        OrganizationKind.COMMUNITY,
        "SY04-HOMS",
        "A youth volunteer team running clean-up days, tutoring and neighbourhood initiatives.",
    ),
    DemoOrganization(
        "hama_council",
        "Hama Community Reconciliation Council",
        "مجلس حماة الأهلي للمصالحة",
        OrganizationKind.COMMUNITY,
        "SY05-HAMA",
        "Notables and community mediators who settle local disputes before they escalate.",
    ),
    DemoOrganization(
        "homs_council",
        "Homs City Council",
        "مجلس مدينة حمص",
        OrganizationKind.PUBLIC_INSTITUTION,
        "SY04-HOMS",
        "The local public institution responsible for municipal services in Homs.",
    ),
    DemoOrganization(
        "levant_partners",
        "Levant Peace Partners",
        "شركاء السلام في المشرق",
        OrganizationKind.INTERNATIONAL,
        "SY01-DAMASCUS",
        "An international NGO supporting local peacebuilding and dialogue programmes.",
    ),
    DemoOrganization(
        "civic_fund",
        "Civic Dialogue Fund for Syria",
        "صندوق الحوار المدني من أجل سوريا",
        OrganizationKind.DONOR,
        None,
        "A pooled fund financing dialogue sessions and the follow-up of their outcomes.",
    ),
    DemoOrganization(
        "homs_university",
        "Homs University Social Research Unit",
        "وحدة البحوث الاجتماعية في جامعة حمص",
        OrganizationKind.ACADEMIC,
        "SY04-HOMS",
        "Researchers who document sessions and evaluate social-cohesion programmes.",
    ),
    DemoOrganization(
        "aleppo_women",
        "Aleppo Women's Initiative",
        "مبادرة نساء حلب",
        OrganizationKind.CIVIL_SOCIETY,
        "SY02-ALEPPO",
        "A women-led group working on participation, protection and livelihoods in Aleppo.",
    ),
    DemoOrganization(
        "aleppo_radio",
        "Aleppo Community Radio",
        "إذاعة حلب المجتمعية",
        OrganizationKind.MEDIA,
        "SY02-ALEPPO",
        "A local radio station with a weekly programme checking rumours.",
    ),
    DemoOrganization(
        "coastal_forum",
        "Coastal Civil Peace Forum",
        "منتدى الساحل للسلم الأهلي",
        OrganizationKind.CIVIL_SOCIETY,
        "SY10-TARTOUS",
        "A forum of civil-society groups in Tartous, Baniyas and Lattakia.",
    ),
)

LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(Role.ORGANIZER, "Rasha (demo organiser)", "centre", "ar"),
    DemoLogin(Role.PARTNER, "Yamen (demo partner)", "homs_network", "ar"),
    DemoLogin(Role.DONOR, "Claire (demo donor)", "civic_fund", "en"),
    DemoLogin(Role.ADMIN, "Demo administrator", None, "en"),
)

# The donor every curated dialogue marked `funded` links as its funder.
DONOR_ORG = "civic_fund"
