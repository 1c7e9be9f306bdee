"""Hypothesis strategies for hostile input: what a form field or a JSON value could hold."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.extensions import db

# Bidi overrides and marks, NUL and other control characters, a BOM, a line separator.
CONTROLS = (
    "\u202e\u202d\u202a\u2066\u2067\u2069\u200f\u200e\u061c\x00\x01\x07\x08\x1b\x7f\ufeff\u2028"
)
ATTACKS = (
    "' OR '1'='1",
    "'; DROP TABLE dialogues; --",
    '" OR ""="',
    "1 UNION SELECT password_hash FROM users --",
    "%' AND 1=0 UNION SELECT NULL --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ config }}",
    "${7*7}`$`",
    "../../../etc/passwd",
    "\\x00",
    "NaN",
    "-1",
    "1e309",
    "99999999999999999999",
    "٣٤",
    "0x10",
    "null",
    "true",
    "[]",
    "https://example.org/\u202egpj.exe",
)


def hostile_text() -> st.SearchStrategy[str]:
    """Random Unicode, control characters, injection strings, 10^5 characters, numbers."""
    return st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.sampled_from(CONTROLS + "aح <>'\"&;"), max_size=30),
        st.sampled_from(ATTACKS),
        st.builds(
            lambda unit, size: unit * size,
            st.sampled_from(["a", "ح", "\u202e", "<b>", " "]),
            st.sampled_from([301, 4001, 100_000]),
        ),
        st.integers().map(str),
        st.floats().map(str),
    )


DROP = object()


def hostile_form(
    valid: dict, *, keep_keys: tuple = (), extra_keys: tuple = ()
) -> st.SearchStrategy:
    """A form body made from a valid one: each field kept, made hostile, sent twice (a list for
    a scalar) or left out; some extra fields. Keys in keep_keys are only ever made hostile."""

    def field(key, value):
        options = [st.just(value), hostile_text(), st.lists(hostile_text(), min_size=2, max_size=3)]
        if key not in keep_keys:
            options.append(st.just(DROP))
        return st.one_of(*options)

    body = st.fixed_dictionaries({key: field(key, value) for key, value in valid.items()})
    extra = st.dictionaries(
        st.sampled_from(extra_keys or ("id", "csrf_token", "role", "is_admin")),
        hostile_text(),
        max_size=2,
    )
    return st.builds(
        lambda fields, more: {k: v for k, v in {**more, **fields}.items() if v is not DROP},
        body,
        extra,
    )


def json_values() -> st.SearchStrategy:
    """Any JSON value: wrong types for every field."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text()
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=8), children, max_size=3)
        ),
        max_leaves=6,
    )


FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def row_counts() -> dict[str, int]:
    """How many rows every table holds: compare before and after a request."""
    db.session.rollback()
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.scalar(sa.select(sa.func.count()).select_from(table))
    return counts


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}
