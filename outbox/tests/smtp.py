"""Real mail servers for the delivery tests, started and stopped by the test itself.

``SmtpServer`` is aiosmtpd's server on a port of 127.0.0.1 that the test chose beforehand,
so the test can first point the site at the port while nothing listens there (SMTP down),
then start the server on it (SMTP back). ``hanging_smtp_server`` accepts connections and
never answers, like a relay that has stopped responding.
"""

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int) -> Iterator[_Mailbox]:
    """An SMTP server on 127.0.0.1:``port`` for the block; yields its mailbox."""
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@contextmanager
def hanging_smtp_server() -> Iterator[int]:
    """A port where connections are accepted (by the kernel) and nothing is ever said."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def use_smtp(settings, port: int, *, timeout: float = 2) -> None:
    """Points the site's real SMTP backend at 127.0.0.1:``port``."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = timeout


def wait_until(condition: Callable[[], bool], *, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout}s: {what or condition}")
        time.sleep(0.05)
