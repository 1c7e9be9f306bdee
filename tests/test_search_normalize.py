"""Arabic search normalisation (domain NOTES.md §d): the same text whatever its spelling."""

import pytest

from app.search.normalize import normalize, search_terms


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("حماة", "حماه"),
        ("أعزاز", "اعزاز"),
        ("إدلب", "ادلب"),
        ("آمن", "امن"),
        ("مُعَرَّة النُّعمان", "معره النعمان"),
        ("الســـويداء", "السويداء"),
        ("مستشفى", "مستشفي"),
        ("ﻻ", "لا"),
        ("٢٠٢٥", "2025"),
        ("۲۰۲۵", "2025"),
        ("کوبانی", "كوباني"),
        ("Palmyra  TADMUR", "palmyra tadmur"),
        ("\u202eحمص\u202c", "حمص"),
        ("حلب\u200f", "حلب"),
    ],
)
def test_spelling_variants_normalise_alike(written, normalised):
    assert normalize(written) == normalised


def test_nothing_normalises_to_nothing():
    assert normalize(None) == ""
    assert normalize("  \u200f ") == ""


def test_a_query_splits_into_normalised_terms():
    assert search_terms("  السلامة   المجتمعية ") == ["السلامه", "المجتمعيه"]
