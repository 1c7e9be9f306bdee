"""The Arabic catalogue is complete and every translation keeps its placeholders."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parents[2] / "app/translations/ar/LC_MESSAGES/messages.po"


def arabic():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_an_arabic_translation():
    missing = [
        message.id
        for message in arabic()
        if message.id
        and not (message.string if isinstance(message.string, str) else all(message.string))
    ]
    assert missing == []


def test_translations_keep_their_placeholders():
    problems = [(message.id, [str(e) for e in errors]) for message, errors in arabic().check()]
    assert problems == []
