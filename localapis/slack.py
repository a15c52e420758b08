"""A local Slack incoming-webhooks service (`POST /services/{team}/{bot}/{secret}`): the payload
checks, plain-text error bodies, status codes and 429 Retry-After that Slack documents.

Why: the job posts alerts with `slack_sdk.webhook.WebhookClient`, whose retry handlers act on the
status code and the Retry-After header, and whose callers must tell "fix the payload" (400) from
"the webhook is gone" (403/404/410) from "try later" (429/5xx). A fake that always answers 200
tests none of that, so this server answers like hooks.slack.com and records the messages each
channel would have received. Test-only; plain HTTP on 127.0.0.1.

Usage: `with SlackWebhookServer() as server: WebhookClient(server.webhook_url("#ops")).send(
text="...")`, or `python -m localapis.slack --port 8092 --channel '#ops'` in the foreground.
"""

import argparse
import json
import secrets
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from localapis.served import ApiRequestHandler, ServedInThread

TEAM_ID = "TLOCAL"
SERVICES_PREFIX = "/services/"
MAX_ATTACHMENTS = 100  # "too_many_attachments": more than 100 attachments
MAX_BLOCKS = 50  # Block Kit's per-message limit
FAILURE_KINDS = frozenset({"rate_limited", "server_error", "timeout"})
# Slack answers an unexpected failure with 500 "rollup_error"; a 503 comes from its edge.
SERVER_ERROR_BODIES = {500: "rollup_error", 503: "service_unavailable"}

_Response = tuple[int, str, dict[str, str]]  # status, text body, extra headers


@dataclass
class _Webhook:
    channel: str
    bot_id: str
    secret: str
    revoked: bool = False


class _Handler(ApiRequestHandler):
    server_version = "LocalSlack/1.0"

    def send(self, response: _Response) -> None:
        status, text, headers = response
        body = text.encode()
        self.send_response(status)
        # Slack sends its plain-word answers ("ok", "invalid_payload") as text/html.
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class SlackWebhookServer(ServedInThread):
    """In-process Slack incoming webhooks on 127.0.0.1, for tests and local runs.

    `webhook_url(channel)` registers a webhook (one per channel) and returns its URL; only
    registered, unrevoked URLs are accepted. `messages` holds what each channel received
    (`channel`, `body` as parsed JSON, `received_at`), `requests` one entry per request (`path`,
    `status`, `body`: parsed JSON or the raw text). `archive_channel`, `revoke` and `fail_next`
    produce Slack's 410, 403, 429 and 5xx answers.
    """

    handler_class = _Handler
    thread_name = "local-slack"

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.messages: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.archived_channels: set[str] = set()
        self._webhooks: dict[str, _Webhook] = {}  # channel -> webhook
        self._lock = threading.Lock()
        self._failures: deque[tuple[str, int, int, float]] = deque()


    # -- webhooks and test controls ----------------------------------------------------------

    def webhook_url(self, channel: str) -> str:
        """The incoming-webhook URL posting to `channel` (e.g. "#ops"), created on first use like
        adding a webhook to a workspace: http://127.0.0.1:PORT/services/TLOCAL/B.../secret."""
        with self._lock:
            hook = self._webhooks.get(channel)
            if hook is None:
                hook = _Webhook(channel, f"B{len(self._webhooks) + 1:010d}",
                                secrets.token_hex(12))
                self._webhooks[channel] = hook
        return f"{self.url}{SERVICES_PREFIX}{TEAM_ID}/{hook.bot_id}/{hook.secret}"

    def revoke(self, channel: str) -> None:
        """Revoke the channel's webhook (app uninstalled): its URL then gets 403 invalid_token."""
        with self._lock:
            self._webhooks[channel].revoked = True

    def archive_channel(self, channel: str, archived: bool = True) -> None:
        """Archive (or unarchive) a channel: posts to it then get 410 channel_is_archived."""
        with self._lock:
            if archived:
                self.archived_channels.add(channel)
            else:
                self.archived_channels.discard(channel)

    def messages_for(self, channel: str) -> list[dict[str, Any]]:
        """The message bodies a channel received, in arrival order."""
        with self._lock:
            return [m["body"] for m in self.messages if m["channel"] == channel]

    def fail_next(self, count: int, kind: str, retry_after: int = 1, *, status: int = 500,
                  delay: float = 0.0) -> None:
        """Make the next `count` webhook posts fail as `kind`: "rate_limited" (429 with
        `Retry-After: retry_after`), "server_error" (`status` 500 or 503), both storing nothing,
        or "timeout", which waits `delay` seconds and then posts the message, as Slack may have
        done for a request the client gave up on."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; expected one of "
                             f"{sorted(FAILURE_KINDS)}")
        if count < 0 or delay < 0 or retry_after < 0:
            raise ValueError("count, retry_after and delay must not be negative")
        if status not in SERVER_ERROR_BODIES:
            raise ValueError(f"status must be one of {sorted(SERVER_ERROR_BODIES)}")
        with self._lock:
            self._failures.extend([(kind, retry_after, status, delay)] * count)

    def reset(self) -> None:
        """Forget messages, the request log, archived channels and pending failures; registered
        webhooks (URLs the code under test may hold) stay valid and are unrevoked."""
        with self._lock:
            self.messages.clear()
            self.requests.clear()
            self.archived_channels.clear()
            self._failures.clear()
            for hook in self._webhooks.values():
                hook.revoked = False

    # -- request handling --------------------------------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        path = urlsplit(handler.path).path
        body = handler.read_body()
        with self._lock:
            hook = self._find(path)
        if handler.command != "POST" or hook is None:
            response: _Response = (404, "no_service", {})
        elif hook.revoked:
            response = (403, "invalid_token", {})
        else:
            response = self._deliver(hook, body, handler.headers.get("Content-Type"))
        self._record(path, response[0], body)
        handler.send(response)

    def _find(self, path: str) -> _Webhook | None:
        """The webhook a /services/T/B/secret path names; the caller holds the lock."""
        if not path.startswith(SERVICES_PREFIX):
            return None
        parts = path[len(SERVICES_PREFIX):].split("/")
        if len(parts) != 3 or parts[0] != TEAM_ID:
            return None
        for hook in self._webhooks.values():
            if hook.bot_id == parts[1] and secrets.compare_digest(hook.secret, parts[2]):
                return hook
        return None

    def _deliver(self, hook: _Webhook, body: bytes, content_type: str | None) -> _Response:
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
        if failure is not None:
            kind, retry_after, status, delay = failure
            if kind == "rate_limited":
                return 429, "rate_limited", {"Retry-After": str(retry_after)}
            if kind == "server_error":
                return status, SERVER_ERROR_BODIES[status], {}
            time.sleep(delay)  # "timeout": answer late, but post
        with self._lock:
            archived = hook.channel in self.archived_channels
        if archived:
            return 410, "channel_is_archived", {}
        payload = _parse(body, content_type)
        if not isinstance(payload, dict):
            return 400, "invalid_payload", {}
        problem = _check(payload)
        if problem is not None:
            return problem
        with self._lock:
            self.messages.append({"channel": hook.channel, "body": payload,
                                  "received_at": datetime.now(UTC)})
        return 200, "ok", {}

    def _record(self, path: str, status: int, body: bytes) -> None:
        text = body.decode("utf-8", "replace")
        try:
            parsed: Any = json.loads(text)
        except ValueError:
            parsed = text
        with self._lock:
            self.requests.append({"path": path, "status": status, "body": parsed})


def _parse(body: bytes, content_type: str | None) -> Any:
    """JSON body, or a form post's `payload` field (both are what Slack accepts); None when
    neither parses."""
    try:
        text = body.decode("utf-8")
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type == "application/x-www-form-urlencoded":
            fields = parse_qs(text)
            if "payload" not in fields:
                return None
            text = fields["payload"][0]
        return json.loads(text)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
        return None


def _check(payload: dict[str, Any]) -> _Response | None:
    """Slack's payload refusals, or None when the message would be posted."""
    text, blocks, attachments = (payload.get("text"), payload.get("blocks"),
                                 payload.get("attachments"))
    if text is not None and not isinstance(text, str):
        return 400, "invalid_payload", {}
    if blocks is not None and (
            not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS
            or not all(isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks)):
        return 400, "invalid_blocks", {}
    if attachments is not None:
        if not isinstance(attachments, list) or not all(isinstance(a, dict)
                                                        for a in attachments):
            return 400, "invalid_payload", {}
        if len(attachments) > MAX_ATTACHMENTS:
            return 400, "too_many_attachments", {}
    if not text and not blocks and not attachments:
        return 400, "no_text", {}
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground until Ctrl-C, printing one webhook URL per channel."""
    parser = argparse.ArgumentParser(prog="python -m localapis.slack", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8092)
    parser.add_argument("--channel", action="append", dest="channels",
                        help="channel to create a webhook for (repeatable; default #alerts)")
    args = parser.parse_args(argv)
    server = SlackWebhookServer(port=args.port)
    server.start()
    try:
        print(f"Local Slack incoming webhooks at {server.url}", flush=True)
        for channel in args.channels or ["#alerts"]:
            print(f"  {channel}: {server.webhook_url(channel)}", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:  # Ctrl-C is how a foreground server is meant to stop
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
