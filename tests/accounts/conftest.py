import pytest

from tests.smtp import smtp_server


@pytest.fixture
def inbox(app, monkeypatch):
    """A running SMTP server, and the app configured to use it."""
    with smtp_server(app, monkeypatch) as handler:
        yield handler


@pytest.fixture(autouse=True)
def english(client):
    """These tests read messages in English; the Arabic pages are checked in test_pages."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
