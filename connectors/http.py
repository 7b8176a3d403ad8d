"""HTTP behaviour shared by the live connectors: read-only sessions, timeouts, bounded retries, clear errors.

Why one place: every platform fails the same ways (expired token, rate limit, outage, a proxy's
HTML page instead of JSON, a pager that repeats itself) and the user deserves the same clear,
token-free message for each. The rules:

* **Read-only.** :class:`ApiSession` refuses any method but GET, so no code path can post,
  follow or change a setting, whatever a library does underneath.
* **Timeouts** on every request, and an overall **deadline** per request that covers the body
  too (a server that drips one byte a second must not hang a scheduled audit).
* **A size cap** on every response body (decompressed), checked as it arrives.
* **Credentials stay home.** A session sends its ``Authorization`` header (and any
  ``access_token`` parameter) only to the origin it first spoke to; a next-page link to
  another host or scheme gets the request without them.
* **Bounded retries** on 429 and 5xx (and dropped connections) with exponential backoff that
  honours ``Retry-After``, ``x-rate-limit-reset`` (X), ``x-ratelimit-reset`` (Mastodon) and
  ``ratelimit-reset`` (Bluesky), capped by ``api.max_wait``: a longer wait is a clear message
  saying when to try again, not a silent hour-long sleep.
* **No secrets in output.** Messages quote the path of a URL, never its query (Facebook puts the
  token there), never exception text from the network stack (it quotes URLs), and the debug
  loggers of the HTTP libraries, which print headers and URLs, are held at WARNING.
* **Pagers stop.** :class:`PageGuard` stops a cursor that repeats and caps the page count.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from auditor import __version__
from auditor.errors import InputError, UserError
from auditor.progress import Progress

T = TypeVar("T")
TIMEOUT = (10.0, 60.0)  # (connect, read) seconds
USER_AGENT = f"account-privacy-auditor/{__version__} (read-only self-audit)"
MAX_PAGES = 10_000  # backstop: 10,000 pages is far beyond any real account
DEADLINE = 45.0  # seconds for one whole request, body included (a hostile case must end within 60 s)
MAX_RESPONSE_BYTES = 32 * 1024**2  # one API page is tens of kilobytes
MAX_SANE_WAIT = 366 * 24 * 3600.0  # a longer (or infinite) Retry-After is treated as a year
_CHUNK = 64 * 1024

# These libraries log request headers (X bearer tokens) and URLs (Facebook access_token) at DEBUG.
for _name in ("urllib3", "tweepy", "requests_oauthlib", "oauthlib", "facebook"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class ReadOnlyViolationError(RuntimeError):
    """A programming error: something tried to send a non-GET request to a platform."""


class ApiSession(requests.Session):
    """A ``requests`` session that only sends GET requests, with timeouts, a deadline and a size cap.

    The body is read here, not by the caller, so the deadline and the cap hold for every library
    that uses the session (tweepy, facebook-sdk, our own :func:`get_json`). Credentials (the
    ``Authorization`` header, an ``access_token`` parameter, ``auth``) go only to ``origin``: the
    scheme and host given, or else those of the session's first request.
    """

    def __init__(self, timeout: tuple[float, float] = TIMEOUT, deadline: float = DEADLINE,
                 max_bytes: int = MAX_RESPONSE_BYTES, origin: str | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.origin = _origin(origin) if origin else None
        self.headers["User-Agent"] = USER_AGENT

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        verb = method.decode() if isinstance(method, bytes) else method
        if verb.upper() != "GET":
            raise ReadOnlyViolationError(f"refusing to send {verb.upper()}: the auditor is read-only")
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        target = url.decode() if isinstance(url, bytes) else url
        if self.origin is None:
            self.origin = _origin(target)
        elif _origin(target) != self.origin:
            _strip_credentials(kwargs)
        kwargs["stream"] = True
        started = time.monotonic()
        response = super().request(method, url, *args, **kwargs)
        try:
            _read_body(response, started + self.deadline, self.deadline, self.max_bytes, kwargs["timeout"])
        finally:
            response.close()
        return response


def same_origin(url: str, other: str) -> bool:
    """True when both URLs have the same scheme and host (and port): credentials for one suit the other."""
    return _origin(url) == _origin(other)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _strip_credentials(kwargs: dict[str, Any]) -> None:
    """Send this request without the session's credentials (it goes to another host or scheme)."""
    kwargs["headers"] = {**(kwargs.get("headers") or {}), "Authorization": None, "Cookie": None}
    kwargs["auth"] = _no_auth
    params = kwargs.get("params")
    if isinstance(params, Mapping):
        kwargs["params"] = {k: v for k, v in params.items() if str(k).lower() != "access_token"}


def _no_auth(request: Any) -> Any:
    """An ``auth`` that adds nothing, overriding the session's own."""
    return request


class ResponseLimitError(UserError):
    """A response broke the deadline or the size cap: a hostile or broken server, not worth retrying."""


def _read_body(response: requests.Response, deadline: float, seconds: float, max_bytes: int,
               timeout: Any) -> None:
    """Read the body within ``deadline`` (monotonic) and ``max_bytes`` (decompressed), then keep it."""
    where = safe_path(response.url or "")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ResponseLimitError(f"{where} answered with {int(declared):,} bytes, more than the {max_bytes:,} an "
                                 f"API page can hold; refusing it (is api.base_url right?).")
    raw = response.raw
    read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ResponseLimitError(f"{where} took more than {int(seconds)} s to answer, so reading stopped. The "
                                     f"server is overloaded or misbehaving: run the audit again later.")
        _socket_timeout(raw, min(left, float(read_timeout or left)))
        try:
            chunk = raw.read1(_CHUNK, decode_content=True) if hasattr(raw, "read1") else raw.read(_CHUNK)
        except Exception as exc:  # urllib3/socket errors: the same as a dropped connection
            if time.monotonic() >= deadline:
                continue  # reported as the deadline above
            raise requests.ConnectionError("the connection failed while reading the response") from exc
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise ResponseLimitError(f"{where} sent more than {max_bytes:,} bytes for one page, more than an API "
                                     f"page can hold; reading stopped (is api.base_url right?).")
        chunks.append(chunk)
    response._content = b"".join(chunks)
    setattr(response, "_content_consumed", True)  # noqa: B010 - requests keeps this flag private


def _socket_timeout(raw: Any, seconds: float) -> None:
    """Make the next socket read wait no longer than ``seconds`` (a drip must not outlast the deadline)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.settimeout(max(seconds, 0.001))


@dataclass
class RetryPolicy:
    """How often and how long to retry. ``sleep``/``clock`` are injectable so tests never wait."""

    attempts: int = 4
    backoff: float = 2.0
    max_wait: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    clock: Callable[[], float] = field(default=time.time)


@dataclass(frozen=True)
class Transient:
    """A failure worth retrying: HTTP status (None for a network failure) and the response headers."""

    status: int | None
    headers: Mapping[str, str]


def policy_for(max_wait: int) -> RetryPolicy:
    return RetryPolicy(max_wait=float(max_wait))


def wait_from_headers(status: int | None, headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the server asked us to wait, from Retry-After or (on 429) a rate-limit reset header."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if (value := lowered.get("retry-after")) is not None:
        seconds = _seconds_until(value, now, relative=True)
        if seconds is not None:
            return seconds
    if status == 429:
        for name in ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
            if (value := lowered.get(name)) is not None:
                seconds = _seconds_until(value, now, relative=False)
                if seconds is not None:
                    return seconds
    return None


def _seconds_until(value: str, now: float, relative: bool) -> float | None:
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is not None:
        if math.isnan(number):
            return None
        # A small number is a delay in seconds; a large one an epoch time. Absurd ones count as a year.
        return min(MAX_SANE_WAIT, max(0.0, number if (relative or number < 1e9) else number - now))
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(MAX_SANE_WAIT, max(0.0, when.timestamp() - now))


def call_with_retries(
    call: Callable[[], T],
    *,
    service: str,
    policy: RetryPolicy,
    classify: Callable[[BaseException], Transient | None],
) -> T:
    """Run ``call``; on a transient failure wait (as the server asks, within the cap) and try again."""
    attempt = 0
    while True:
        try:
            return call()
        except Exception as exc:
            transient = classify(exc)
            if transient is None:
                raise
            attempt += 1
            asked = wait_from_headers(transient.status, transient.headers, policy.clock())
            wait = asked if asked is not None else policy.backoff * 2 ** (attempt - 1)
            if asked is not None and asked > policy.max_wait:
                raise UserError(_too_long(service, asked, policy)) from None
            if attempt >= policy.attempts:
                raise UserError(_gave_up(service, transient.status, attempt)) from None
            policy.sleep(min(wait, policy.max_wait))


def _too_long(service: str, wait: float, policy: RetryPolicy) -> str:
    try:
        until = datetime.fromtimestamp(policy.clock() + wait, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        until = "an unknown time"
    return (f"{service} is rate limiting this account's requests and asks to wait {_human(wait)} (until about "
            f"{until}), longer than api.max_wait ({int(policy.max_wait)} s). Run the audit again after that "
            f"time, or raise api.max_wait in the config to let it wait.")


def _gave_up(service: str, status: int | None, attempts: int) -> str:
    if status is None:
        return (f"Could not reach {service} after {attempts} tries (network failure or timeout). Check your "
                f"internet connection and the account's api.base_url, then run the audit again.")
    if status == 429:
        return (f"{service} kept answering 'too many requests' (HTTP 429) after {attempts} tries. Wait a "
                f"while (rate limits reset within 15 minutes on most platforms) and run the audit again.")
    return (f"{service} is having trouble (HTTP {status}) and still failed after {attempts} tries. This is "
            f"on the platform's side: run the audit again later.")


def _human(seconds: float) -> str:
    if seconds < 120:
        return f"{int(seconds)} seconds"
    if seconds < 7200:
        return f"{round(seconds / 60)} minutes"
    return f"{seconds / 3600:.1f} hours"


def classify_requests(exc: BaseException) -> Transient | None:
    """Transient failures of a plain ``requests`` call: 429/5xx (:class:`TransientHTTPError`), network errors."""
    if isinstance(exc, TransientHTTPError):
        return Transient(exc.response.status_code, exc.response.headers)
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return Transient(None, {})
    return None


class TransientHTTPError(Exception):
    """A 429 or 5xx answer, raised so that :func:`call_with_retries` can wait and try again."""

    def __init__(self, response: requests.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def raise_transient(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """A ``requests`` response hook: 429/5xx raise :class:`TransientHTTPError` before a library parses them."""
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientHTTPError(response)


def safe_path(url: str) -> str:
    """The path of ``url`` without its query string, which may hold a token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path


def get_json(
    session: requests.Session,
    url: str,
    *,
    service: str,
    policy: RetryPolicy,
    params: Mapping[str, Any] | None = None,
    auth_hint: str = "",
    messages: Mapping[int, str] | None = None,
) -> tuple[Any, requests.Response]:
    """GET ``url`` and return (decoded JSON, response); every failure becomes a clear :class:`UserError`.

    ``messages`` overrides the message for particular statuses (e.g. 404 on a handle lookup).
    """

    def once() -> requests.Response:
        response = session.get(url, params=params)
        raise_transient(response)
        return response

    response = call_with_retries(once, service=service, policy=policy, classify=classify_requests)
    status = response.status_code
    where = safe_path(url)
    if messages and status in messages:
        raise InputError(messages[status])
    if status == 401:
        raise UserError(f"{service} refused the access token (HTTP 401): it is wrong, expired or was revoked. "
                        f"{auth_hint}".strip())
    if status == 403:
        raise UserError(f"{service} refused access to {where} (HTTP 403): the token lacks the permission "
                        f"(scope) for it, or the account is suspended. {auth_hint}".strip())
    if status == 402:
        raise UserError(f"{service} asks for payment to read {where} (HTTP 402). Check your plan or credits.")
    if status == 404:
        raise InputError(f"{service} has nothing at {where} (HTTP 404). Check the handle and api.base_url.")
    if not 200 <= status < 300:
        raise InputError(f"{service} answered HTTP {status} for {where}; the audit cannot read this account.")
    try:
        return response.json(), response
    except ValueError:
        kind = response.headers.get("content-type", "unknown type").split(";")[0]
        raise InputError(f"{service} sent a response to {where} that is not valid JSON ({kind}). A proxy, "
                         f"captive portal or maintenance page may be in the way, or api.base_url points to "
                         f"something that is not a {service} server.") from None


class PageGuard:
    """Stops pagination when a cursor repeats (a buggy or hostile server) or the page count runs away."""

    def __init__(self, service: str, what: str, max_pages: int = MAX_PAGES) -> None:
        self.service, self.what, self.max_pages = service, what, max_pages
        self.seen: set[str] = set()
        self.pages = 0
        self.stopped_note: str | None = None

    def proceed(self, cursor: str | None) -> bool:
        """True if ``cursor`` leads to a new page; False (with a note) if it repeats or pages run out."""
        if not cursor:
            return False
        self.pages += 1
        if cursor in self.seen:
            self.stopped_note = (f"{self.service} repeated a page of {self.what} after {self.pages} pages; "
                                 f"reading stopped there, so the list may be incomplete.")
            return False
        if self.pages >= self.max_pages:
            self.stopped_note = (f"Stopped reading {self.what} from {self.service} after {self.max_pages:,} "
                                 f"pages; the list may be incomplete.")
            return False
        self.seen.add(cursor)
        return True


def tick(progress: Progress, message: str) -> None:
    """A running count for a long fetch: only on a terminal (schedulers' logs stay clean), never with --quiet."""
    if progress.console.is_terminal:
        progress.update(message)


def capped(limit: int | None, default: int | None) -> int | None:
    """The configured cap, or the connector's default; None means no cap."""
    return default if limit is None else limit
