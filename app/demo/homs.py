"""The Homs community-safety session the product is built around (DESIGN.md, NOTES.md §2), and
the follow-up session held months later.

What the published report states is recorded as it states it: the Syrian Dialogue Center
(مركز الحوار السوري) convened the session (a name the recording centre proposed, left for an
admin to confirm), at the Safir Hotel in Homs, with representatives of civil and community
society and of institutions; its axes; one statement by a named speaker who spoke to the press;
the news agency's report as the source. The report gives no start time, so none is recorded.
The report is dated the day of the session; the demo moves that day to a recent one, so the
citation carries the session's date and no web address (the article's address names its real
date). The recording organisation, the outcomes and their follow-up are the demo's own story.

Its axes map to theme codes as in NOTES.md §2. Its outcomes cover every outcome status, and the
first one carries the story: the partner reported progress, the organiser verified the first
report, and the latest report is waiting for the organiser's verification.
"""

from __future__ import annotations

from app.demo.plans import Step
from app.demo.specs import DialogueSpec, OutcomeSpec, StatementSpec, TimedStep
from app.dialogues.models import ConsentLevel, DialogueFormat, PriorityKind, Sector, Visibility
from app.outcomes.models import OutcomeKind, OutcomeStatus, UpdateKind

HOMS_TITLE_EN = "Community safety challenges and risks: Homs as a model"
HOMS_FOLLOW_UP_TITLE_EN = "Community safety in Homs: follow-up session"
HOMS_CONVENER = "مركز الحوار السوري"  # as the report writes it
HOMS_SOURCE = "سانا (SANA) — حمص"

K = UpdateKind
S = OutcomeStatus
P = PriorityKind


def _steps(*steps: tuple[int, Step]) -> tuple[TimedStep, ...]:
    return tuple(TimedStep(days, step) for days, step in steps)


ASSIGNED = (5, Step(K.ASSIGNMENT, False, S.PROPOSED))

HOMS_AXES: tuple[tuple[str, str], ...] = (
    ("قضايا الأمن والسلامة المجتمعية في حمص", "community_safety"),
    ("المخاوف والفجوات الأساسية والأولويات", "needs_priorities"),
    ("دور المجتمع المدني والأهلي ومسؤوليته", "civil_society_role"),
    ("نحو رؤية مشتركة لأدوار الجهات المختلفة", "roles_coordination"),
    ("حلول وأدوات لتعزيز الأمن والسلامة المجتمعية", "solutions_tools"),
    ("تحديات الحماية والسلامة المجتمعية", "protection"),
    ("فهم مشترك لتكامل الأدوار واستثمار الفرص المتاحة", "roles_coordination"),
    ("مواجهة خطاب الكراهية والانقسام", "hate_speech"),
    ("بناء رأس مال اجتماعي إيجابي", "social_capital"),
)

HOMS_OUTCOMES: tuple[OutcomeSpec, ...] = (
    OutcomeSpec(
        OutcomeKind.COMMITMENT,
        "إطلاق لقاء تنسيقي شهري يجمع المنظمات الأهلية ومجلس المدينة"
        " لمتابعة قضايا السلامة المجتمعية",
        "roles_coordination",
        "homs_network",
        S.IN_PROGRESS,
        240,
        _steps(
            ASSIGNED,
            (12, Step(K.ACCEPTANCE, True, S.ACCEPTED)),
            (60, Step(K.PROGRESS, True, S.IN_PROGRESS, 30)),
            (68, Step(K.VERIFICATION, False, S.IN_PROGRESS, 30)),
            (110, Step(K.COMMENT, False)),
            (120, Step(K.PROGRESS, True, S.IN_PROGRESS, 60)),
        ),
    ),
    OutcomeSpec(
        OutcomeKind.ACTION,
        "تدريب ثلاثين ناشطاً وناشطة على رصد خطاب الكراهية والرد عليه بخطاب بديل",
        "hate_speech",
        "homs_network",
        S.ACHIEVED,
        90,
        _steps(
            ASSIGNED,
            (9, Step(K.ACCEPTANCE, True, S.ACCEPTED)),
            (40, Step(K.PROGRESS, True, S.IN_PROGRESS, 50)),
            (45, Step(K.VERIFICATION, False, S.IN_PROGRESS, 50)),
            (85, Step(K.PROGRESS, True, S.IN_PROGRESS, 100)),
            (92, Step(K.VERIFICATION, False, S.ACHIEVED, 100)),
        ),
    ),
    OutcomeSpec(
        OutcomeKind.RECOMMENDATION,
        "إعداد دليل مبسّط لمسارات الإحالة الآمنة للنساء والأطفال وتوزيعه على اللجان الأهلية",
        "protection",
        "waer_committee",
        S.ACCEPTED,
        120,  # overdue by now
        _steps(ASSIGNED, (20, Step(K.ACCEPTANCE, True, S.ACCEPTED))),
    ),
    OutcomeSpec(
        OutcomeKind.TOOL,
        "نظام إنذار مبكر أهلي للإبلاغ عن التوترات المحلية عبر نقاط اتصال في الأحياء",
        "community_safety",
        "homs_council",
        S.STALLED,
        90,
        _steps(
            ASSIGNED,
            (15, Step(K.ACCEPTANCE, True, S.ACCEPTED)),
            (50, Step(K.PROGRESS, True, S.IN_PROGRESS, 20)),
            (110, Step(K.STATUS_CHANGE, False, S.STALLED)),
        ),
    ),
    OutcomeSpec(
        OutcomeKind.RECOMMENDATION,
        "تنظيم أيام عمل تطوعي مشتركة تجمع شباب الأحياء المختلفة",
        "social_capital",
        "homs_youth",
        S.PROPOSED,
        180,
        _steps(ASSIGNED),
    ),
    OutcomeSpec(
        OutcomeKind.COMMITMENT,
        "إصدار نشرة أسبوعية للتحقق من الشائعات المتداولة في المدينة",
        "hate_speech",
        "homs_university",
        S.DROPPED,
        60,
        _steps(
            ASSIGNED,
            (18, Step(K.DECLINE, True)),
            (25, Step(K.STATUS_CHANGE, False, S.DROPPED)),
        ),
    ),
    OutcomeSpec(
        OutcomeKind.COMMITMENT,
        "تسمية منسّق أهلي للسلامة المجتمعية في كل حي يشارك في اللقاء التنسيقي",
        "civil_society_role",
        "waer_committee",
        S.IN_PROGRESS,
        150,
    ),
)

HOMS_SESSION = DialogueSpec(
    title_en=HOMS_TITLE_EN,
    title_ar="تحديات ومخاطر السلامة المجتمعية: حمص نموذجاً",
    city="SY04-HOMS",
    organizer="centre",
    days_ago=150,
    visibility=Visibility.PUBLIC,
    themes=tuple(dict.fromkeys(theme for _, theme in HOMS_AXES)),
    venue="فندق سفير حمص",
    convening=HOMS_CONVENER,
    sources=(HOMS_SOURCE,),
    time_known=False,
    partners=("homs_network",),
    participants=("waer_committee", "homs_youth", "homs_council", "homs_university"),
    summary_ar=(
        "جلسة حوارية نظّمها مركز الحوار السوري في فندق سفير حمص، بمشاركة ممثلين عن المجتمع "
        "المدني والأهلي والمؤسسات، تناولت تحديات ومخاطر السلامة المجتمعية مع التركيز على حمص "
        "نموذجاً، بهدف تحديد الأولويات وسبل التدخل والأدوار والمسؤوليات المختلفة."
    ),
    summary_en=(
        "A dialogue session convened by the Syrian Dialogue Center at the Safir Hotel in Homs, "
        "with representatives of civil and community (ahli) society and of institutions, on the "
        "challenges and risks to community safety, taking Homs as a model, to identify "
        "priorities, ways to intervene, and the roles and responsibilities of each party."
    ),
    axes=HOMS_AXES,
    priorities=(
        (P.CONCERN, "تراجع الشعور بالأمان عند التنقل ليلاً بين الأحياء", "community_safety"),
        (P.RISK, "تصاعد خطاب الكراهية على وسائل التواصل بعد كل حادثة أمنية", "hate_speech"),
        (
            P.GAP,
            "غياب آلية تنسيق منتظمة بين المنظمات الأهلية والجهات الرسمية",
            "roles_coordination",
        ),
        (P.GAP, "نقص مسارات الإحالة الآمنة للنساء والأطفال المعرّضين للخطر", "protection"),
        (
            P.PRIORITY,
            "إشراك الشباب في مبادرات تطوعية تجمع أبناء الأحياء المختلفة",
            "social_capital",
        ),
    ),
    outcomes=HOMS_OUTCOMES,
    statements=(
        StatementSpec(
            "قضايا الحوار المجتمعي آلية لتخفيف النزاعات وتعزيز الاستقرار في سوريا.",
            "مدير وحدة التوافق والهوية المشتركة في مركز الحوار السوري",
            ConsentLevel.NAMED,  # he spoke by name to the news agency
            speaker_name="نورس العبد الله",
            of_convener=True,
        ),
    ),
    attendance=(46, 19, 27, 14),
    sectors=(
        (Sector.CIVIL_SOCIETY, 17),
        (Sector.COMMUNITY, 12),
        (Sector.LOCAL_AUTHORITY, 6),
        (Sector.RELIGIOUS, 3),
        (Sector.TRIBAL_NOTABLE, 3),
        (Sector.ACADEMIA, 2),
        (Sector.MEDIA, 2),
    ),
)

HOMS_FOLLOW_UP = DialogueSpec(
    title_en=HOMS_FOLLOW_UP_TITLE_EN,
    title_ar="السلامة المجتمعية في حمص: جلسة متابعة",
    city="SY04-HOMS",
    organizer="centre",
    days_ago=45,
    visibility=Visibility.PARTNERS,
    themes=("community_safety", "roles_coordination", "solutions_tools"),
    format=DialogueFormat.ROUNDTABLE,
    partners=("homs_network", "waer_committee"),
    participants=("homs_council",),
    summary_ar="جلسة متابعة راجعت ما تحقق من التزامات جلسة السلامة المجتمعية في حمص.",
    summary_en="A roundtable reviewing the commitments of the Homs community-safety session.",
    follows_up=HOMS_TITLE_EN,
)
