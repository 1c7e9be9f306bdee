"""What the extractor matches against: the gazetteer with its aliases, the organisation
registry and the theme lexicon. Built from the database (the app) or from plain rows (tests)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from app.drafts.text import key, tokens
from app.search.normalize import normalize

LEXICON = Path(__file__).parent / "data" / "theme_lexicon.csv"
# Place names that are also ordinary words or first names: they count only after
# "مدينة/بلدة" or in a dateline.
AMBIGUOUS_PLACES = {"باب", "تل", "ثوره", "جاسم", "نوي", "حفه", "قطنا", "كسوه", "طفس"}


@dataclass
class PlaceEntry:
    id: int | None
    code: str
    kind: str  # governorate, district, city
    governorate_code: str | None
    name_ar: str
    name_en: str


@dataclass
class OrgEntry:
    id: int
    name_ar: str | None
    name_en: str | None

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name_ar, self.name_en) if n]


@dataclass
class ThemeEntry:
    id: int | None
    code: str
    name_ar: str
    name_en: str
    terms: list[str] = field(default_factory=list)  # normalised, both languages
    # Generic words (الحلول، التنسيق، women): they name the theme only when nothing more
    # specific in the text names another.
    weak: set[str] = field(default_factory=set)


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(key(word) for word in tokens(text))


@dataclass
class Reference:
    places: list[PlaceEntry]
    organizations: list[OrgEntry]
    themes: list[ThemeEntry]
    aliases: dict[str, list[str]] = field(default_factory=dict)  # place code -> aliases

    def _capitals(self) -> dict[str, str]:
        """City code -> its governorate's code, for the capital that bears the governorate's
        name (حمص، دير الزور): "Deir Ezzor" spells both."""
        governorates = {p.code: p for p in self.places if p.kind == "governorate"}
        out = {}
        for place in self.places:
            governorate = governorates.get(place.governorate_code or "")
            if (
                place.kind == "city"
                and governorate
                and _same_name(place.name_ar, governorate.name_ar)
            ):
                out[place.code] = governorate.code
        return out

    def __post_init__(self) -> None:
        # Phrase (tuple of word keys) -> places it names; longest phrases are tried first.
        self.place_phrases: dict[tuple[str, ...], list[PlaceEntry]] = defaultdict(list)
        by_code = {p.code: p for p in self.places}
        capitals = self._capitals()
        for place in self.places:
            names = [place.name_ar, place.name_en, *self.aliases.get(place.code, [])]
            if place.code in capitals:  # a capital shares its governorate's other spellings
                names += self.aliases.get(capitals[place.code], [])
            for name in names:
                phrase = phrase_key(name)
                if phrase and place not in self.place_phrases[phrase]:
                    self.place_phrases[phrase].append(place)
        self.max_place_words = max((len(p) for p in self.place_phrases), default=1)
        self.place_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in self.place_phrases:
            self.place_first[phrase[0]].append(phrase)
        self.by_code = by_code
        self.org_anchors: dict[str, list[OrgEntry]] = defaultdict(list)
        self.org_phrases: list[tuple[OrgEntry, tuple[str, ...]]] = []
        for org in self.organizations:
            for name in org.names:
                phrase = phrase_key(name)
                if not phrase:
                    continue
                self.org_phrases.append((org, phrase))
                for word in phrase:
                    if len(word) >= 4:
                        self.org_anchors[word].append(org)


def _same_name(a: str, b: str) -> bool:
    return normalize(a).replace(" ", "") == normalize(b).replace(" ", "")


def _lexicon_terms() -> tuple[dict[str, list[str]], set[str]]:
    terms: dict[str, list[str]] = defaultdict(list)
    weak: set[str] = set()
    with LEXICON.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            terms[row["code"]].append(normalize(row["term"]))
            if row.get("weak"):
                weak.add(normalize(row["term"]))
    return terms, weak


def themes_with_lexicon(rows: list[tuple[int | None, str, str, str]]) -> list[ThemeEntry]:
    """Themes (id, code, Arabic name, English name) with their names and the lexicon's terms."""
    lexicon, weak = _lexicon_terms()
    out = []
    for theme_id, code, name_ar, name_en in rows:
        terms = [normalize(name_ar), normalize(name_en), *lexicon.get(code, [])]
        unique = list(dict.fromkeys(terms))
        out.append(ThemeEntry(theme_id, code, name_ar, name_en, unique, weak & set(unique)))
    return out


def from_database(organization_id: int | None = None) -> Reference:
    """The live reference: places with aliases, themes, and the organisations the recording
    organisation may choose: the confirmed registry and its own proposals, never another
    organisation's proposals (they may name a group it works with)."""
    from app.extensions import db
    from app.organizations.models import Organization
    from app.places.models import Place, PlaceAlias, PlaceKind
    from app.themes.models import Theme

    governorates = {
        place_id: code
        for place_id, code in db.session.execute(
            sa.select(Place.id, Place.code).where(Place.kind == PlaceKind.GOVERNORATE)
        )
    }
    places = [
        PlaceEntry(
            p.id,
            p.code,
            str(p.kind),
            governorates.get(p.governorate_id),
            p.name_ar,
            p.name_en,
        )
        for p in db.session.execute(
            sa.select(
                Place.id, Place.code, Place.kind, Place.governorate_id, Place.name_ar, Place.name_en
            )
        )
    ]
    codes = {p.id: p.code for p in places}
    aliases: dict[str, list[str]] = defaultdict(list)
    for place_id, alias in db.session.execute(sa.select(PlaceAlias.place_id, PlaceAlias.alias)):
        aliases[codes[place_id]].append(alias)
    organizations = [
        OrgEntry(o.id, o.name_ar, o.name_en)
        for o in db.session.execute(
            sa.select(Organization.id, Organization.name_ar, Organization.name_en).where(
                Organization.active.is_(True),
                sa.or_(
                    Organization.confirmed.is_(True),
                    Organization.proposed_by_org_id == organization_id
                    if organization_id is not None
                    else sa.false(),
                ),
            )
        )
    ]
    themes = themes_with_lexicon(
        list(
            db.session.execute(
                sa.select(Theme.id, Theme.code, Theme.name_ar, Theme.name_en)
                .where(Theme.active.is_(True))
                .order_by(Theme.code)
            )
        )
    )
    return Reference(places, organizations, themes, dict(aliases))


def from_files(places_dir: Path, organizations: list[OrgEntry]) -> Reference:
    """The reference from the shipped CSV files (the benchmark and the extractor's unit tests)."""
    with (places_dir / "syria_places.csv").open(encoding="utf-8") as handle:
        places = [
            PlaceEntry(
                None, r["code"], r["kind"], r["governorate_code"], r["name_ar"], r["name_en"]
            )
            for r in csv.DictReader(handle)
        ]
    aliases: dict[str, list[str]] = defaultdict(list)
    with (places_dir / "syria_place_aliases.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            aliases[r["code"]].append(r["alias"])
    themes_csv = Path(__file__).parents[1] / "themes" / "data" / "themes.csv"
    with themes_csv.open(encoding="utf-8") as handle:
        rows = [(None, r["code"], r["name_ar"], r["name_en"]) for r in csv.DictReader(handle)]
    return Reference(places, organizations, themes_with_lexicon(rows), dict(aliases))
