"""A local SMTP server (aiosmtpd) that keeps every message it accepts, parsed, with its envelope,
and can answer with a transient (451) or permanent (550) failure on demand.

Why: the job's email alerts go through `smtplib`, and what matters is what a real MTA would
receive (headers, the text and HTML alternatives, envelope recipients) and how the sender reacts
when the MTA defers or refuses. aiosmtpd speaks real SMTP (EHLO, SMTPUTF8, dot-stuffing), so
`smtplib.SMTP(server.host, server.port)` is all the code under test needs. Test-only; plain SMTP
on 127.0.0.1, no TLS, no AUTH.

Usage: `with SmtpServer() as server: smtplib.SMTP(server.host, server.port).send_message(msg)`,
or `python -m localapis.smtp --port 8025` to run it in the foreground.
"""

import argparse
import socket
import sys
import threading
import time
from collections.abc import Awaitable
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from types import TracebackType
from typing import Any, Self, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

HOST = "127.0.0.1"
FAILURE_KINDS = frozenset({"reject", "refuse"})
REJECT_REPLY = "451 4.3.0 Temporary failure"  # at DATA: smtplib raises SMTPDataError
REFUSE_REPLY = "550 5.1.1 Mailbox unavailable"  # at RCPT: smtplib raises SMTPRecipientsRefused
OK_REPLY = "250 2.0.0 OK: queued"


class _Controller(Controller):
    """aiosmtpd's Controller serving on a socket we bound ourselves: with `port=0` the stock one
    would connect to port 0 to check it is up, so the port is picked (without a race) first."""

    def __init__(self, handler: Any, sock: socket.socket, **kwargs: Any) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **kwargs)
        self._sock = sock

    def _create_server(self) -> Awaitable[Any]:
        return self.loop.create_server(self._factory_invoker, sock=self._sock,
                                       ssl=self.ssl_context)


class _Handler:
    """aiosmtpd hooks; they run on the controller's event-loop thread."""

    def __init__(self, app: "SmtpServer") -> None:
        self.app = app

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if self.app._take("refuse"):
            return REFUSE_REPLY
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.app._take("reject"):
            return REJECT_REPLY
        # Lines arrive CRLF-terminated; a mailbox stores them with "\n", as read here.
        raw = (envelope.original_content or b"").replace(b"\r\n", b"\n")
        message = cast(EmailMessage, BytesParser(policy=default_policy).parsebytes(raw))
        self.app._store(message, envelope.mail_from or "", list(envelope.rcpt_tos))
        return OK_REPLY


class SmtpServer:
    """In-process SMTP server on 127.0.0.1, for tests and local runs.

    `messages` holds each accepted message as an `EmailMessage` (policy `email.policy.default`),
    `envelopes` the matching `(mail_from, rcpt_tos)` at the same index. `fail_next(n, "reject")`
    answers the next n DATA commands with 451 (transient; the message is not stored) and
    `fail_next(n, "refuse")` the next n RCPT TO commands with 550 (that recipient is refused;
    the others of the message still get it).
    """

    def __init__(self, port: int = 0) -> None:
        self._port = port
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()
        self._pending: dict[str, int] = dict.fromkeys(FAILURE_KINDS, 0)
        self._controller: _Controller | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind and serve on aiosmtpd's event-loop thread; returns self so it chains."""
        if self._controller is not None:
            return self
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((HOST, self._port))
            sock.listen(100)
        except OSError:
            sock.close()
            raise
        self._port = sock.getsockname()[1]
        # server_hostname: the default, socket.getfqdn(), can stall on a DNS lookup.
        controller = _Controller(_Handler(self), sock, server_hostname="localhost",
                                 ready_timeout=5.0)
        try:
            controller.start()
        except BaseException:
            sock.close()
            raise
        self._controller = controller
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def host(self) -> str:
        """Always 127.0.0.1."""
        return HOST

    @property
    def port(self) -> int:
        """The bound port (the one asked for, or the free one picked for port 0 at start)."""
        if self._controller is None and self._port == 0:
            raise RuntimeError("SmtpServer is not started")
        return self._port

    # -- test controls -----------------------------------------------------------------------

    def fail_next(self, count: int, kind: str) -> None:
        """Make the next `count` DATA ("reject": 451 4.3.0) or RCPT TO ("refuse": 550 5.1.1)
        commands fail; the two kinds count separately."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; expected one of "
                             f"{sorted(FAILURE_KINDS)}")
        if count < 0:
            raise ValueError("count must not be negative")
        with self._lock:
            self._pending[kind] += count

    def reset(self) -> None:
        """Forget stored messages, envelopes and pending failures."""
        with self._lock:
            self.messages.clear()
            self.envelopes.clear()
            self._pending = dict.fromkeys(FAILURE_KINDS, 0)

    # -- called from the handler -------------------------------------------------------------

    def _take(self, kind: str) -> bool:
        with self._lock:
            if self._pending[kind] <= 0:
                return False
            self._pending[kind] -= 1
            return True

    def _store(self, message: EmailMessage, mail_from: str, rcpt_tos: list[str]) -> None:
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((mail_from, rcpt_tos))


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground until Ctrl-C, printing a line per received message."""
    parser = argparse.ArgumentParser(prog="python -m localapis.smtp", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args(argv)
    server = SmtpServer(port=args.port)
    server.start()
    try:
        print(f"Local SMTP server at {server.host}:{server.port}", flush=True)
        seen = 0
        while True:
            time.sleep(0.5)
            with server._lock:  # the handler appends to both lists under this lock
                received = list(zip(server.messages, server.envelopes, strict=True))[seen:]
            for message, (mail_from, rcpt_tos) in received:
                print(f"{mail_from} -> {', '.join(rcpt_tos)}: {message['Subject']}", flush=True)
                seen += 1
    except KeyboardInterrupt:  # Ctrl-C is how a foreground server is meant to stop
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
