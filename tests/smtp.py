"""A local SMTP server for tests that need to read the e-mail the app sends."""

from __future__ import annotations

import re
import socket
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address):
        return [message for rcpt, message in self.messages if address in rcpt]

    def link_to(self, address: str, path: str) -> str:
        """The path and query of the last link to `path` e-mailed to the address."""
        [*_, message] = self.to(address)
        text = message.get_body(preferencelist=("plain",)).get_content()
        urls = re.findall(r"https?://\S+", text)
        [url] = [u for u in urls if path in u]
        return url[url.index(path) :]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(app, monkeypatch):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_FROM", "hiwar@example.org")
    try:
        yield handler
    finally:
        controller.stop()
