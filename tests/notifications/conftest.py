"""A real SMTP server on a loopback port for the email tests (aiosmtpd)."""

import socket

import pytest


class RecordingHandler:
    """Accepts mail and keeps it; `refuse` makes it answer 451 (try again later)."""

    def __init__(self):
        self.messages = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    """A free loopback port below 32768 (the ephemeral range may be full of TIME_WAIT)."""
    import random

    for _ in range(50):
        port = random.randint(20000, 32000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@pytest.fixture
def smtp_server(app):
    """Start an SMTP server and point the app's mail settings at it for one test."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {name: app.config.get(name) for name in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")}
    app.config.update(MAIL_BACKEND=None, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5)
    try:
        yield handler
    finally:
        app.config.update(saved)
        controller.stop()
