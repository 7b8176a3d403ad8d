"""Issue #18 item 6: a deadline per request (body included), a response-size cap, sane Retry-After, and
credentials that never leave the host they were issued for."""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
import responses

from auditor.errors import UserError
from connectors.http import (
    MAX_SANE_WAIT,
    ApiSession,
    ResponseLimitError,
    RetryPolicy,
    call_with_retries,
    classify_requests,
    get_json,
    raise_transient,
    wait_from_headers,
)

SEEN: list[tuple[str, str | None]] = []  # (Host header, Authorization header) of each request


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:  # http.server's naming
        SEEN.append((self.headers.get("Host", ""), self.headers.get("Authorization")))
        if self.path.startswith("/drip"):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                return
        else:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield int(httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()


def test_a_byte_drip_body_stops_at_the_deadline(server: int) -> None:
    session = ApiSession(timeout=(5, 5), deadline=1.5)
    started = time.monotonic()
    with pytest.raises(ResponseLimitError, match="took more than 1 s"):
        session.get(f"http://127.0.0.1:{server}/drip?access_token=SECRET")
    assert time.monotonic() - started < 4
    # the deadline is not retried as a transient failure
    assert classify_requests(ResponseLimitError("x")) is None


def test_credentials_go_only_to_the_origin_they_were_issued_for(server: int) -> None:
    SEEN.clear()
    session = ApiSession(origin=f"http://127.0.0.1:{server}")
    session.headers["Authorization"] = "Bearer TOKEN-FOR-127"
    session.get(f"http://127.0.0.1:{server}/page1")
    session.get(f"http://localhost:{server}/page2", params={"access_token": "TOKEN-FOR-127", "max_id": "1"})
    session.get(f"https://127.0.0.1:{server}/x".replace("https", "http"))
    assert SEEN[0] == (f"127.0.0.1:{server}", "Bearer TOKEN-FOR-127")
    assert SEEN[1] == (f"localhost:{server}", None)
    assert SEEN[2][1] == "Bearer TOKEN-FOR-127"


def test_the_origin_is_pinned_by_the_first_request_when_not_given(server: int) -> None:
    SEEN.clear()
    session = ApiSession()
    session.headers["Authorization"] = "Bearer T"
    session.get(f"http://127.0.0.1:{server}/a")
    session.get(f"http://localhost:{server}/b")
    assert [auth for _host, auth in SEEN] == ["Bearer T", None]


@responses.activate
def test_a_body_over_the_cap_is_refused_declared_or_not() -> None:
    responses.get("https://social.example/big", body=b"x" * 5000)
    session = ApiSession(max_bytes=1000)
    with pytest.raises(ResponseLimitError, match="1,000"):
        session.get("https://social.example/big")


@responses.activate
def test_a_normal_body_still_reads_and_decodes() -> None:
    responses.get("https://social.example/ok", json={"a": [1, 2]})
    body, response = get_json(ApiSession(), "https://social.example/ok", service="Mastodon", policy=RetryPolicy())
    assert body == {"a": [1, 2]} and response.status_code == 200


@pytest.mark.parametrize("value", ["inf", "Infinity", "1e20", "1e400", "-inf", "nan", "99999999999999999999999"])
def test_absurd_retry_after_values_never_overflow(value: str) -> None:
    wait = wait_from_headers(429, {"Retry-After": value}, 1_800_000_000.0)
    assert wait is None or (math.isfinite(wait) and 0 <= wait <= MAX_SANE_WAIT)


@responses.activate
@pytest.mark.parametrize(("value", "message"), [("inf", "rate limiting"), ("1e20", "rate limiting"),
                                                 ("nan", "too many requests")])
def test_absurd_retry_after_is_a_clear_message(value: str, message: str) -> None:
    responses.get("https://social.example/limited", status=429, headers={"Retry-After": value})
    session = ApiSession()
    session.hooks["response"].append(raise_transient)
    policy = RetryPolicy(max_wait=60, sleep=lambda _s: None)
    with pytest.raises(UserError, match=message):
        call_with_retries(lambda: session.get("https://social.example/limited"), service="Mastodon", policy=policy,
                          classify=classify_requests)


def test_a_connection_that_is_refused_is_still_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(requests.ConnectionError):
        ApiSession(timeout=(1, 1)).get(f"http://127.0.0.1:{port}/")
