"""A hostile Mastodon-like server for the corpus's live-API cases (issue #18 item 6).

The first path segment picks the misbehaviour, so one server on 127.0.0.1 serves every case:
``/retry-inf/api/v1/…`` answers 429 with ``Retry-After: inf``; ``/drip`` sends one byte of its
body every half second; ``/huge-declared`` declares a
600 MB body; ``/huge-chunked`` streams zeros without a length; ``/cross-host`` answers like a
real server but points its next-page links at ``localhost`` (another origin) and records any
token that arrives there.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from auditor.testing.api_server import LoopbackApi, Persona

TOKEN = "hostile-case-token-Zebra"
ENV = "HOSTILE_MASTODON_TOKEN"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client hanging up on a 600 MB body is the point, not an error


class HostileApi:
    def __init__(self) -> None:
        self.inner = LoopbackApi(Persona(token=TOKEN))
        self.tokens_elsewhere: list[str] = []  # Authorization headers that reached the other origin
        self.requests_elsewhere = 0
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def base(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:  # http.server's naming
                mode, _, rest = self.path.lstrip("/").partition("/")
                if self.headers.get("Host", "").startswith("localhost"):
                    api.requests_elsewhere += 1
                    if self.headers.get("Authorization"):
                        api.tokens_elsewhere.append(self.headers["Authorization"])
                if mode.startswith("retry-"):
                    self._head(429, {"Retry-After": mode.removeprefix("retry-"), "Content-Length": "2"})
                    self.wfile.write(b"{}")
                elif mode == "drip":
                    self._head(200, {"Content-Length": "100000", "Content-Type": "application/json"})
                    try:
                        for _ in range(100_000):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.5)
                    except OSError:
                        pass
                elif mode == "huge-declared":
                    self._head(200, {"Content-Length": str(600 * 1024**2), "Content-Type": "application/json"})
                    self._zeros(1)
                elif mode == "huge-chunked":
                    self._head(200, {"Content-Type": "application/json", "Connection": "close"})
                    self._zeros(600)
                    self.close_connection = True
                else:
                    status, body, headers = api.inner.answer("/" + rest, self.headers.get("Authorization"))
                    link = headers.get("Link")
                    if link:
                        headers["Link"] = link.replace(api.inner.base_url, f"http://localhost:{api.port}/{mode}")
                    data = json.dumps(body).encode()
                    self._head(status, {**headers, "Content-Type": "application/json",
                                        "Content-Length": str(len(data))})
                    self.wfile.write(data)

            def _head(self, status: int, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()

            def _zeros(self, megabytes: int) -> None:
                chunk = b"0" * 1024**2
                try:
                    for _ in range(megabytes):
                        self.wfile.write(chunk)
                except OSError:
                    pass  # the client stopped reading: what it should do

        return Handler


_server: HostileApi | None = None


def server() -> HostileApi:
    global _server
    if _server is None:
        _server = HostileApi()
    return _server
