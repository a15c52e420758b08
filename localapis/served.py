"""What every local HTTP API server here shares: serving on 127.0.0.1 in a daemon thread,
started and stopped as a context manager, its own handler and server classes plugged in."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self


class ServedInThread:
    """Base of the local servers: subclasses set `server_class`, `handler_class` and
    `thread_name`, and give `__init__` a `port` (0: any free one)."""

    server_class: type[ThreadingHTTPServer]
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
