"""Search over dialogues: each normalised term must match (AND) the search text or, when it
names a place, the dialogue's city. The same substring LIKE on SQLite and PostgreSQL, each
served by a trigram index (app.search.index)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_sqlalchemy.pagination import Pagination

from app.dialogues.models import Dialogue
from app.extensions import db
from app.places.models import Place, PlaceAlias, PlaceKind
from app.search.index import matching_ids
from app.search.normalize import normalize, search_terms

MAX_TERMS = 12
LONGEST_PLACE_NAME = 4  # words: "ras al ayn", "dayr az zawr"

# Place matching only (NOTES.md §d): no leading article, no spaces or hyphens or apostrophes,
# so that الرستن = رستن, تل كلخ = تلكلخ, Deir-ez-Zor = Deir ez-Zor, Dar'a = Daraa's "dara".
_ARTICLE = re.compile(r"^(?:ال|(?:al|ar|as|ad|an|at|az|ash|el)[\s-])")
_SEPARATORS = re.compile(r"[\s\-'`\u2019\u02bc]+")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)\s*")


def _key(normalized: str) -> str:
    return _SEPARATORS.sub("", _ARTICLE.sub("", normalized))


def place_key(text: str) -> str:
    return _key(normalize(text))


def _name_keys(name: str | None) -> set[str]:
    """Every key a name answers to: "Tadmor (Palmyra)" answers to tadmor and palmyra."""
    if not name:
        return set()
    parts = [_PARENTHESES.sub(" ", name), *_PARENTHESES.findall(name)]
    return {place_key(part) for part in parts}


def cities_named_by(terms: list[str]) -> dict[str, set[int]]:
    """For each term, the cities it names (alone or with its neighbours), in one query."""
    rows = db.session.execute(
        sa.select(Place.id, Place.name_ar, Place.name_en, PlaceAlias.normalized)
        .outerjoin(PlaceAlias, PlaceAlias.place_id == Place.id)
        .where(Place.kind == PlaceKind.CITY)
    )
    cities_by_key: dict[str, set[int]] = defaultdict(set)
    seen: set[int] = set()
    for place_id, name_ar, name_en, alias in rows:  # one row per alias
        keys = {_key(alias)} if alias else set()  # aliases are stored normalised
        if place_id not in seen:
            seen.add(place_id)
            keys |= _name_keys(name_ar) | _name_keys(name_en)
        for key in keys:
            if len(key) >= 3:
                cities_by_key[key].add(place_id)

    named: dict[str, set[int]] = defaultdict(set)
    for start in range(len(terms)):
        for end in range(start + 1, min(start + LONGEST_PLACE_NAME, len(terms)) + 1):
            cities = cities_by_key.get(place_key(" ".join(terms[start:end])))
            if cities:
                for term in terms[start:end]:
                    named[term] |= cities
    return named


def _text_matches(term: str) -> sa.ColumnElement[bool]:
    """Substring match on the normalised text, through the database's own index."""
    indexed = matching_ids(db.session.get_bind().dialect.name, term)
    if indexed is not None:
        return Dialogue.id.in_(indexed)
    # autoescape: a % or _ the user typed is a literal character, not a wildcard.
    return Dialogue.search_text.contains(term, autoescape=True)


def _term_clause(term: str, city_ids: Iterable[int]) -> sa.ColumnElement[bool]:
    text_matches = _text_matches(term)
    city_ids = sorted(city_ids)
    if not city_ids:
        return text_matches
    return sa.or_(text_matches, Dialogue.city_id.in_(city_ids))


def search_clause(query: str | None) -> sa.ColumnElement[bool] | None:
    """The SQL condition for a search box query; None when there is nothing to search for."""
    terms = list(dict.fromkeys(search_terms(query)))[:MAX_TERMS]
    if not terms:
        return None
    cities = cities_named_by(terms)
    return sa.and_(*(_term_clause(term, cities.get(term, ())) for term in terms))


class OnePassPagination(Pagination):
    """A page of a search. LIKE reads every visible row, so the total is counted in the same
    pass (count(*) OVER ()) instead of a second scan; then the page's dialogues are loaded by id.
    Still two queries; a third, a plain count, only for a page past the end."""

    def _query_items(self) -> list[Dialogue]:
        stmt: sa.Select = self._query_args["select"]
        page = stmt.with_only_columns(Dialogue.id, sa.func.count().over())
        rows = db.session.execute(page.limit(self.per_page).offset(self._query_offset)).all()
        self._counted = rows[0][1] if rows else None
        if not rows:
            return []
        ids = [row[0] for row in rows]
        from app.dialogues.queries import LIST_LOADS  # queries imports this module

        # The ids came through the visibility query and the search: load them by id alone,
        # rather than running the search a second time.
        by_id = {
            d.id: d
            for d in db.session.scalars(
                sa.select(Dialogue).where(Dialogue.id.in_(ids)).options(*LIST_LOADS)
            )
        }
        return [by_id[dialogue_id] for dialogue_id in ids]

    def _query_count(self) -> int:
        if self._counted is not None:
            return self._counted
        stmt: sa.Select = self._query_args["select"]
        matching = stmt.options(so.lazyload("*")).order_by(None).subquery()
        return db.session.scalar(sa.select(sa.func.count()).select_from(matching))
