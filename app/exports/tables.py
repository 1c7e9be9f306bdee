"""The export tables: each column has a header, an HXL hashtag (NOTES.md §a) and a description.

Rows come from the viewer's visible dialogues under the list's filters, in a fixed number of
queries. Never exported: e-mail addresses, user names, statements and their speakers' names
(whatever the consent), summaries (they need a safety review first) and venues or venue
coordinates. Sources are exported as citations. Participant cells are numbers or empty (not
recorded, or withheld: a flag column says which), so HXL's "#reached is a number" holds; for public
and donor viewers they go through the same disclosure rule as the dashboards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from app.core.labels import LABELS
from app.dashboards import suppression
from app.dashboards.indicators import dialogue_participants
from app.dialogues.filters import DialogueFilters, visible_filtered
from app.dialogues.models import Axis, Dialogue, Sector, SectorCount, Source
from app.extensions import db
from app.organizations.models import Organization
from app.outcomes.models import Outcome, OutcomeKind
from app.outcomes.queries import narrow_outcomes, visible_outcomes
from app.places.models import Place
from app.themes.models import Theme


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # lazy string: the viewer's language
    hxl: str
    description: Any
    kind: str = "text"  # "date": an ISO date string, a real date in the workbook


DIALOGUE_COLUMNS = (
    Column("id", _l("Dialogue id"), "#meta+id", _l("The dialogue's number in Hiwar.")),
    Column(
        "title_en", _l("Title (English)"), "#activity+name+i_en", _l("As the organiser wrote it.")
    ),
    Column(
        "title_ar", _l("Title (Arabic)"), "#activity+name+i_ar", _l("As the organiser wrote it.")
    ),
    Column(
        "format", _l("Format"), "#activity+type", _l("Dialogue session, workshop, consultation…")
    ),
    Column(
        "held_on",
        _l("Date held"),
        "#date+occurred",
        _l("ISO 8601 (YYYY-MM-DD); the first day of the month when only the month is known."),
        kind="date",
    ),
    Column(
        "date_precision",
        _l("Date precision"),
        "#meta+date_precision",
        _l("“day”, or “month” when only the month of the dialogue is known."),
    ),
    Column("status", _l("Status"), "#status+name", _l("Planned, held, reported or cancelled.")),
    Column("adm1_code", _l("Governorate P-code"), "#adm1+code", _l("OCHA admin-1 P-code.")),
    Column("adm1_en", _l("Governorate"), "#adm1+name+i_en", _l("English name.")),
    Column("adm1_ar", _l("Governorate (Arabic)"), "#adm1+name+i_ar", _l("Arabic name.")),
    Column(
        "loc_code",
        _l("City code"),
        "#loc+code",
        _l("Hiwar's city code, prefixed with the governorate's P-code."),
    ),
    Column("loc_en", _l("City"), "#loc+name+i_en", _l("English name.")),
    Column("loc_ar", _l("City (Arabic)"), "#loc+name+i_ar", _l("Arabic name.")),
    Column("lat", _l("Latitude (city)"), "#geo+lat", _l("The city's point, never the venue's.")),
    Column("lon", _l("Longitude (city)"), "#geo+lon", _l("The city's point, never the venue's.")),
    Column(
        "org",
        _l("Organiser"),
        "#org+impl+name",
        _l("The organisation that recorded the dialogue in Hiwar (it owns the record)."),
    ),
    Column(
        "org_type",
        _l("Organiser kind"),
        "#org+impl+type",
        _l("Civil society, community, public institution…"),
    ),
    Column(
        "convener",
        _l("Convening organisation"),
        "#org+convener+name",
        _l(
            "The organisation that held the dialogue when it is not the organiser; "
            "“(unconfirmed)” after a name an administrator has not confirmed yet."
        ),
    ),
    Column(
        "sources",
        _l("Sources"),
        "#meta+source",
        _l("Citations “publisher — date — web address”, separated by |."),
    ),
    Column(
        "themes",
        _l("Themes (codes)"),
        "#subsector+code",
        _l("The themes of the discussion axes, separated by |."),
    ),
    Column(
        "total",
        _l("Participants"),
        "#reached+ind",
        _l(
            "Number of participants. Empty when not recorded or withheld (see the last two "
            "columns); rounded to a multiple of 5 in public and donor downloads."
        ),
    ),
    Column("women", _l("Women"), "#reached+ind+f", _l("As for participants.")),
    Column("men", _l("Men"), "#reached+ind+m", _l("As for participants.")),
    Column("youth", _l("Youth (18–29)"), "#reached+ind+age18_29", _l("As for participants.")),
    *(
        Column(
            f"sector_{sector.value}",
            LABELS[sector],
            f"#reached+ind+{sector.value}",
            _l("Participants from this sector; as for participants."),
        )
        for sector in Sector
    ),
    Column(
        "recommendations",
        _l("Recommendations"),
        "#output+num+recommendations",
        _l("Number of recommendations recorded."),
    ),
    Column(
        "commitments",
        _l("Commitments"),
        "#output+num+commitments",
        _l("Number of commitments recorded."),
    ),
    Column(
        "figures",
        _l("Participant figures"),
        "#meta+disclosure",
        _l(
            "exact: as recorded (your organisation's download); rounded: rounded to a multiple "
            "of 5 for disclosure control, so parts may not add up to the total."
        ),
    ),
    Column(
        "withheld",
        _l("Withheld (under 5)"),
        "#meta+suppressed",
        _l(
            "The participant columns left empty because they hold 1 to 4 people, separated by |. "
            "Any other empty participant cell was not recorded."
        ),
    ),
)

PARTICIPANT_KEYS = ("total", "women", "men", "youth", *(f"sector_{s.value}" for s in Sector))

OUTCOME_COLUMNS = (
    Column("id", _l("Outcome id"), "#meta+id", _l("The outcome's number in Hiwar.")),
    Column("dialogue_id", _l("Dialogue id"), "#activity+code", _l("The dialogue it came from.")),
    Column(
        "kind", _l("Kind"), "#indicator+type", _l("Recommendation, commitment, action or tool.")
    ),
    Column(
        "text", _l("Text"), "#indicator+text", _l("As written, in the language it was written in.")
    ),
    Column("theme", _l("Theme (code)"), "#subsector+code", _l("Hiwar's theme code.")),
    Column(
        "owner",
        _l("Responsible organisation"),
        "#org+name",
        _l("Empty when nobody has taken it on."),
    ),
    Column("due_on", _l("Due date"), "#date+end", _l("ISO 8601 (YYYY-MM-DD)."), kind="date"),
    Column(
        "status",
        _l("Status"),
        "#status+name",
        _l("Proposed, accepted, in progress, stalled, achieved or dropped."),
    ),
    Column(
        "progress_verified",
        _l("Verified progress (%)"),
        "#indicator+num+verified",
        _l("Progress the organiser verified, 0–100."),
    ),
    Column(
        "progress_reported",
        _l("Reported progress (%)"),
        "#indicator+num+reported",
        _l("Progress the responsible organisation reported, 0–100."),
    ),
    Column("adm1_code", _l("Governorate P-code"), "#adm1+code", _l("Of the dialogue.")),
    Column("loc_code", _l("City code"), "#loc+code", _l("Of the dialogue.")),
)


def dialogue_rows(user: Any, filters: DialogueFilters) -> list[dict[str, Any]]:
    """One dict per visible dialogue, newest first; five queries whatever the number."""
    selected = visible_filtered(user, filters, Dialogue.id, name="exported")
    suppressed = suppression.suppresses_for(user)
    governorate = so.aliased(Place, name="governorate")
    convener = so.aliased(Organization, name="convener")
    rows = db.session.execute(
        sa.select(Dialogue, Place, governorate, Organization, convener)
        .join(selected, selected.c.id == Dialogue.id)
        .join(Place, Place.id == Dialogue.city_id)
        .outerjoin(governorate, governorate.id == Place.governorate_id)
        .join(Organization, Organization.id == Dialogue.organizer_org_id)
        .outerjoin(convener, convener.id == Dialogue.convening_org_id)
        .order_by(Dialogue.held_on.desc(), Dialogue.id.desc())
    ).all()
    citations: dict[int, list[str]] = defaultdict(list)
    for source in db.session.scalars(
        sa.select(Source)
        .join(selected, selected.c.id == Source.dialogue_id)
        .order_by(Source.dialogue_id, Source.position)
    ):
        citations[source.dialogue_id].append(_citation(source))
    themes: dict[int, list[str]] = defaultdict(list)
    for dialogue_id, code in db.session.execute(
        sa.select(Axis.dialogue_id, Theme.code)
        .join(selected, selected.c.id == Axis.dialogue_id)
        .join(Theme, Theme.id == Axis.theme_id)
        .order_by(Axis.dialogue_id, Axis.position)
    ):
        if code not in themes[dialogue_id]:
            themes[dialogue_id].append(code)
    sectors: dict[int, dict[str, int]] = defaultdict(dict)
    for dialogue_id, sector, count in db.session.execute(
        sa.select(SectorCount.dialogue_id, SectorCount.sector, SectorCount.count).join(
            selected, selected.c.id == SectorCount.dialogue_id
        )
    ):
        sectors[dialogue_id][str(sector)] = count
    outputs: dict[int, dict[str, int]] = defaultdict(dict)
    for dialogue_id, kind, count in db.session.execute(
        sa.select(Outcome.dialogue_id, Outcome.kind, sa.func.count())
        .join(selected, selected.c.id == Outcome.dialogue_id)
        .group_by(Outcome.dialogue_id, Outcome.kind)
    ):
        outputs[dialogue_id][str(kind)] = count

    result = []
    for dialogue, city, gov, org, convening in rows:
        p = dialogue_participants(
            dialogue.id,
            dialogue.participants_total,
            dialogue.participants_women,
            dialogue.participants_men,
            dialogue.participants_youth,
            sectors[dialogue.id],
            suppressed=suppressed,
        )
        row = {
            "id": dialogue.id,
            "title_en": dialogue.title_en or "",
            "title_ar": dialogue.title_ar or "",
            "format": dialogue.format.value,
            "held_on": dialogue.held_on.isoformat(),
            "date_precision": dialogue.held_on_precision.value,
            "status": dialogue.status.value,
            "adm1_code": gov.code if gov else "",
            "adm1_en": gov.name_en if gov else "",
            "adm1_ar": gov.name_ar if gov else "",
            "loc_code": city.code,
            "loc_en": city.name_en,
            "loc_ar": city.name_ar,
            "lat": city.lat,
            "lon": city.lon,
            "org": org.name_en or org.name_ar,
            "org_type": org.kind.value,
            "convener": _organization_name(convening),
            "sources": " | ".join(citations[dialogue.id]),
            "themes": "|".join(themes[dialogue.id]),
            "total": p.total.export(),
            "women": p.by_sex["women"].export(),
            "men": p.by_sex["men"].export(),
            "youth": p.youth["youth"].export(),
            "recommendations": outputs[dialogue.id].get(OutcomeKind.RECOMMENDATION.value, 0),
            "commitments": outputs[dialogue.id].get(OutcomeKind.COMMITMENT.value, 0),
        }
        cells = {
            "total": p.total,
            "women": p.by_sex["women"],
            "men": p.by_sex["men"],
            "youth": p.youth["youth"],
            **{f"sector_{s.value}": p.by_sector[s.value] for s in Sector},
        }
        for key, cell in cells.items():
            row[key] = cell.export()
        row["figures"] = "rounded" if suppressed else "exact"
        row["withheld"] = "|".join(key for key in PARTICIPANT_KEYS if cells[key].small)
        result.append(row)
    return result


def _citation(source: Source) -> str:
    parts = [source.publisher, source.published_on.isoformat() if source.published_on else ""]
    parts.append(source.url or "")
    return " — ".join(part.replace("|", "/") for part in parts if part)


def _organization_name(organization: Organization | None) -> str:
    if organization is None:
        return ""
    name = organization.name_en or organization.name_ar
    return name if organization.confirmed else f"{name} ({_l('unconfirmed')})"


def list_outcomes(user: Any, filters: DialogueFilters) -> sa.Select:
    """The outcomes of the visible dialogues under the dialogue list's filters; the theme is
    the outcome's own, as in the API's list (the dialogue's EXISTS on outcomes would correlate
    with the outcome being selected and leave its subquery without a FROM)."""
    return narrow_outcomes(visible_outcomes(user), filters)


def outcome_rows(outcomes: sa.Select) -> list[dict[str, Any]]:
    """One dict per outcome of a select built on visible_outcomes (the list's or the queue's);
    one query."""
    selected = outcomes.with_only_columns(Outcome.id).order_by(None).subquery("exported")
    governorate = so.aliased(Place, name="governorate")
    rows = db.session.execute(
        sa.select(Outcome, Theme.code, Organization, Place.code, governorate.code)
        .join(selected, selected.c.id == Outcome.id)
        .join(Theme, Theme.id == Outcome.theme_id)
        .outerjoin(Organization, Organization.id == Outcome.responsible_org_id)
        .join(Dialogue, Dialogue.id == Outcome.dialogue_id)
        .join(Place, Place.id == Dialogue.city_id)
        .outerjoin(governorate, governorate.id == Place.governorate_id)
        .order_by(Outcome.dialogue_id.desc(), Outcome.id)
    ).all()
    return [
        {
            "id": outcome.id,
            "dialogue_id": outcome.dialogue_id,
            "kind": outcome.kind.value,
            "text": outcome.text,
            "theme": theme_code,
            "owner": (owner.name_en or owner.name_ar) if owner else "",
            "due_on": outcome.due_on.isoformat() if outcome.due_on else "",
            "status": outcome.status.value,
            "progress_verified": outcome.progress_verified,
            "progress_reported": outcome.progress_reported,
            "adm1_code": gov_code or "",
            "loc_code": city_code,
        }
        for outcome, theme_code, owner, city_code, gov_code in rows
    ]
