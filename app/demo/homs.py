"""The Homs community-safety session the product is built around (DESIGN.md, NOTES.md §2), retold
with invented organisations, and the follow-up session held months later.

Its axes map to theme codes as in NOTES.md §2. Its outcomes cover every outcome status, and the
first one carries the story: the partner reported progress, the organiser verified the first
report, and the latest report is waiting for the organiser's verification.
"""

from __future__ import annotations

from app.demo.plans import Step
from app.demo.specs import DialogueSpec, OutcomeSpec, TimedStep
from app.dialogues.models import DialogueFormat, PriorityKind, Sector, Visibility
from app.outcomes.models import OutcomeKind, OutcomeStatus, UpdateKind

HOMS_TITLE_EN = "Community safety challenges and risks: Homs as a model"
HOMS_FOLLOW_UP_TITLE_EN = "Community safety in Homs: follow-up session"

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
    venue="فندق في وسط مدينة حمص",
    partners=("homs_network",),
    participants=("waer_committee", "homs_youth", "homs_council", "homs_university"),
    summary_ar=(
        "جلسة حوارية نظّمتها وحدة التوافق والهوية المشتركة في مركز الجسر للحوار في أحد فنادق "
        "حمص، وجمعت ممثلين عن المجتمع المدني والأهلي وعن مؤسسات محلية. اتخذت الجلسة من حمص "
        "نموذجاً لقراءة مخاطر السلامة المجتمعية: بدأت بتشخيص الواقع الأمني والمخاوف والفجوات، "
        "ثم ناقشت دور المجتمع المدني والأهلي ورؤية مشتركة لأدوار الجهات المختلفة، وانتهت "
        "بحلول وأدوات عملية والتزامات تتابعها الجهات المشاركة."
    ),
    summary_en=(
        "A dialogue session run by the centre's consensus and shared-identity unit at a hotel in "
        "Homs, with civil-society, community (ahli) and institutional participants. Taking Homs "
        "as a model, it moved from the security situation, concerns and gaps to the role of civil "
        "and community society, a shared vision of roles, and practical solutions, ending with "
        "commitments that the participating organisations follow up."
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
        ("الأمان في الحي يبدأ من معرفة الجيران بعضهم ببعض.", "ممثلة لجمعية أهلية", True),
        ("نريد أن نعرف إلى من نتوجه حين تبدأ مشكلة صغيرة قبل أن تكبر.", "متطوع في لجنة حي", True),
        ("بعض ما يُتداول على الهاتف يشعل الحي في ساعة واحدة.", "مشارك من الأحياء الشرقية", False),
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
