"""What every local HTTP API server here shares: serving on 127.0.0.1 in a daemon thread,
started and stopped as a context manager, its own handler and server classes plugged in."""

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self


class QuietServer(ThreadingHTTPServer):
    """Threads per request; `app` is the ServedInThread that answers."""

    daemon_threads = True
    app: Any

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout test) closes its socket; that is not a server error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class ApiRequestHandler(BaseHTTPRequestHandler):
    """Hands every request to `server.app._handle(handler)`; `send` writes an answer given as
    (status, body bytes, content type)."""

    server: QuietServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean; each server's `requests` is the log."""

    def do_POST(self) -> None:
        self.server.app._handle(self)

    def do_GET(self) -> None:
        self.server.app._handle(self)

    def read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self.close_connection = True  # unknown framing: don't reuse the connection
            return b""
        remaining, chunks = int(length), []
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def send(self, response: tuple[int, bytes, str]) -> None:
        status, body, content_type = response
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ServedInThread:
    """Base of the local servers: subclasses set `server_class`, `handler_class` and
    `thread_name`, and give `__init__` a `port` (0: any free one)."""

    server_class: type[ThreadingHTTPServer] = QuietServer
    handler_class: type[BaseHTTPRequestHandler]
    thread_name = "local-api"
    port: int
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind and serve in a daemon thread; returns self, so `Server().start()` chains."""
        if self._httpd is not None:
            return self
        httpd = self.server_class(("127.0.0.1", self.port), self.handler_class)
        httpd.app = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        # A short poll interval keeps stop() fast (shutdown waits for the loop to notice).
        self._thread = threading.Thread(target=httpd.serve_forever, args=(0.05,),
                                        name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:8090 (the server must be started)."""
        if self._httpd is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://127.0.0.1:{self.port}"
