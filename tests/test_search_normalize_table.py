"""Arabic search normalisation as a table (domain NOTES.md §d), character by character, and the
bidi controls taken out of names and captions before they are stored."""

from __future__ import annotations

import pytest

from app.accounts.forms import clean_text as clean_account_text
from app.dialogues.forms import clean_text as clean_dialogue_text
from app.photos.services import clean_caption
from app.search.normalize import normalize, search_terms, strip_bidi_controls

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"  # U+0660–U+0669
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0–U+06F9
HONORIFICS = [chr(c) for c in range(0x0610, 0x061B)]  # ؐ ... ؚ (sallallahou, alayhe, ...)
QURANIC = [chr(c) for c in range(0x06D6, 0x06EE)]  # small high ligatures, stops and marks
HARAKAT = [chr(c) for c in range(0x064B, 0x0660)]  # fathatan ... wavy hamza below
BIDI_EMBEDDINGS = [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
BIDI_ISOLATES = [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
INVISIBLE = [chr(c) for c in range(0x200B, 0x2010)]  # zero width space ... RLM


@pytest.mark.parametrize("position", range(10))
def test_every_arabic_indic_and_persian_digit_is_ascii(position):
    assert normalize(ARABIC_INDIC[position]) == str(position)
    assert normalize(PERSIAN[position]) == str(position)
    both = f"{ARABIC_INDIC[position]}{PERSIAN[position]}"
    assert normalize(f"سنة {both}") == f"سنه {position}{position}"


def test_the_digits_as_a_whole():
    assert normalize(ARABIC_INDIC) == normalize(PERSIAN) == "0123456789"


def test_the_characters_around_each_digit_block_are_not_digits():
    # U+065F (a mark, dropped) and U+066A (٪) around ٠–٩; U+06EF and U+06FA around ۰–۹
    assert normalize("\u066a\u06ef\u06fa") == "\u066a\u06ef\u06fa"
    assert normalize("ا\u065fا") == "اا"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("٪", "٪"),  # the Arabic percent sign is not a digit: kept
        ("٥٠٪", "50٪"),
        ("٫", "٫"),  # nor the Arabic decimal separator
        ("ٱلسلام", "السلام"),  # alef wasla
        ("أ إ آ ٱ", "ا ا ا ا"),
        ("هٰذا", "هذا"),  # superscript (dagger) alef
        ("رحمةٌ", "رحمه"),
        ("مدرسة", "مدرسه"),
        ("على", "علي"),
        ("کتاب", "كتاب"),
        ("ایران", "ايران"),
        ("\ufeffحمص", "حمص"),  # byte order mark
        ("حمص\tحماة\nحلب\r\nإدلب", "حمص حماه حلب ادلب"),  # tabs and newlines collapse
        ("  درعا   \n\t  ", "درعا"),
        ("HOMS Ḥimṣ", "homs ḥimṣ"),
        ("Straße", "strasse"),  # casefold, not lower
    ],
)
def test_one_spelling_for_each_variant(written, normalised):
    assert normalize(written) == normalised


@pytest.mark.parametrize("mark", HONORIFICS + QURANIC + HARAKAT + ["\u0640"])
def test_marks_are_dropped(mark):
    assert normalize(f"حم{mark}ص") == "حمص"


@pytest.mark.parametrize("control", BIDI_EMBEDDINGS + BIDI_ISOLATES + INVISIBLE + ["\ufeff"])
def test_invisible_and_direction_characters_are_dropped(control):
    assert normalize(f"{control}حلب{control} 12{control}3") == "حلب 123"


@pytest.mark.parametrize("blank", [None, "", " ", "\t\n", "\u2066\u2069", "\u200f \ufeff", "ـ"])
def test_a_blank_query_gives_no_terms(blank):
    assert search_terms(blank) == []
    assert normalize(blank) == ""


def test_a_query_gives_its_words_normalised():
    assert search_terms("\tأمان\u2067 المجتمع\nالمحلي ") == ["امان", "المجتمع", "المحلي"]


@pytest.mark.parametrize("control", BIDI_EMBEDDINGS + BIDI_ISOLATES)
@pytest.mark.parametrize("clean", [strip_bidi_controls, clean_dialogue_text, clean_account_text])
def test_names_and_titles_lose_their_bidi_controls(clean, control):
    assert clean(f"{control}Samir{control} سمير").strip() == "Samir سمير"


@pytest.mark.parametrize("control", BIDI_EMBEDDINGS + BIDI_ISOLATES)
def test_captions_lose_their_bidi_controls(app, control):
    with app.app_context():
        assert clean_caption(f"  {control}اجتماع الحي{control}  ") == "اجتماع الحي"
        assert clean_caption(control) is None


def test_what_is_not_a_control_stays_in_a_name():
    # Marks and letters are search rules, not stored-text rules: a name keeps its spelling.
    assert strip_bidi_controls("مُعَاذ ٱلأحمد ٢٠") == "مُعَاذ ٱلأحمد ٢٠"
