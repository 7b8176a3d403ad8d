"""A small adapter that lets facebook-sdk 3.1.0 talk to a current Graph API version.

Why: facebook-sdk's last release (2018) validates ``version`` against a fixed list that ends at
3.1, and defaults to v2.8; Graph versions that old are expired and Meta serves such calls with
the oldest live version instead, whatever that happens to be (research §3.1). The SDK builds
every path from its ``version`` attribute, so the adapter constructs the client with an accepted
version and then sets the attribute to the version we want. Everything else (request building,
JSON errors as ``GraphAPIError``) is the SDK's own. If a future facebook-sdk accepts current
versions, :func:`make_graph` is the only place to change.

The adapter also gives the client an :class:`~connectors.http.ApiSession` (GET only, timeouts,
429/5xx raised for retry), maps Graph error codes to clear messages (190 token, 10/200-299
permission, 4/17/32/613 rate limits, 1/2 transient) and pages by ``paging.cursors.after`` with a
guard against repeating cursors (the SDK's own ``get_all_connections`` would loop forever).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import facebook
import requests

from auditor.errors import InputError, UserError
from connectors.http import (
    ApiSession,
    PageGuard,
    RetryPolicy,
    Transient,
    call_with_retries,
    classify_requests,
    raise_transient,
)

T = TypeVar("T")
SERVICE = "Facebook"
DEFAULT_GRAPH_VERSION = "v24.0"  # current in 2026; override with api.graph_version
_SDK_ACCEPTED_VERSION = "3.1"    # the newest version facebook-sdk 3.1.0 will accept at construction
RATE_LIMIT_CODES = {4, 17, 32, 613}
TRANSIENT_CODES = {1, 2}
_TOKEN_HINT = ("Create a new user access token for your development-mode app (Graph API Explorer → your app → "
               "Generate Access Token, with user_posts and user_friends), and put it in the environment "
               "variable named by api.token_env (see the README, 'Live APIs').")


class PermissionMissingError(UserError):
    """The token lacks a permission for one edge (Graph codes 10 and 200–299)."""


def graph_version(configured: str | None) -> str:
    """``"24.0"``/``"v24.0"`` → ``"v24.0"``; None → the default."""
    if not configured:
        return DEFAULT_GRAPH_VERSION
    if not re.fullmatch(r"v?\d{1,2}\.\d{1,2}", configured):
        raise UserError(f"api.graph_version is {configured!r}; write it like '{DEFAULT_GRAPH_VERSION}'.")
    return configured if configured.startswith("v") else f"v{configured}"


def make_graph(token: str, version: str, session: requests.Session | None = None) -> facebook.GraphAPI:
    """A facebook-sdk client pinned to ``version`` (see the module docstring for why this is needed)."""
    session = session or ApiSession()
    session.hooks["response"].append(raise_transient)
    graph = facebook.GraphAPI(access_token=token, version=_SDK_ACCEPTED_VERSION, timeout=60, session=session)
    graph.version = graph_version(version)
    return graph


class Graph:
    """Calls through facebook-sdk with retries and clear errors."""

    def __init__(self, graph: facebook.GraphAPI, policy: RetryPolicy) -> None:
        self.graph, self.policy = graph, policy

    def call(self, call: Callable[[], T]) -> T:
        try:
            return call_with_retries(call, service=SERVICE, policy=self.policy, classify=_classify)
        except facebook.GraphAPIError as exc:
            raise explain(exc) from None
        except (ValueError, KeyError):
            # facebook-sdk: response.json() on a malformed body, or no content-type header at all.
            raise InputError(f"{SERVICE} sent a response that is not valid JSON. A proxy or maintenance page "
                             f"may be in the way; run the audit again later.") from None

    def get_object(self, node: str, **args: Any) -> dict[str, Any]:
        body = self.call(lambda: self.graph.get_object(node, **args))
        if not isinstance(body, dict):
            raise InputError(f"{SERVICE} sent an answer for /{node} that is not a JSON object.")
        return body

    def pages(self, node: str, edge: str, what: str, notes: list[str], **args: Any) -> Iterator[dict[str, Any]]:
        """Each page (the whole body, so callers can read ``summary``) of ``/node/edge``, all pages."""
        guard = PageGuard(SERVICE, what)
        params = dict(args)
        while True:
            body = self.call(lambda: self.graph.get_connections(node, edge, **params))
            if not isinstance(body, dict) or not isinstance(body.get("data", []), list):
                raise InputError(f"{SERVICE} sent a page of {what} without a 'data' list.")
            yield body
            paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
            assert isinstance(paging, dict)
            after = (paging.get("cursors") or {}).get("after") if paging.get("next") else None
            if not body.get("data") or not guard.proceed(after):
                break
            params["after"] = after
        if guard.stopped_note:
            notes.append(guard.stopped_note)


def _classify(exc: BaseException) -> Transient | None:
    if isinstance(exc, facebook.GraphAPIError) and exc.code in TRANSIENT_CODES:
        return Transient(None, {})
    return classify_requests(exc)


def explain(exc: facebook.GraphAPIError) -> UserError:
    code = exc.code if isinstance(exc.code, int) else None
    message = str(exc.message)[:200] if isinstance(exc.message, str) else "no details"
    if code == 190:
        return UserError(f"{SERVICE} says the access token has expired or is no longer valid (code 190: "
                         f"{message}). {_TOKEN_HINT}")
    if code in RATE_LIMIT_CODES:
        return UserError(f"{SERVICE} is limiting how often this app may call the Graph API (code {code}). "
                         f"These limits last up to an hour: wait, then run the audit again.")
    if code == 10 or (code is not None and 200 <= code <= 299):
        return PermissionMissingError(f"{SERVICE} refused a read because the token lacks a permission (code {code}: "
                                 f"{message}). {_TOKEN_HINT}")
    if code is None and message.startswith("Maintype"):
        return InputError(f"{SERVICE} sent a response that is not valid JSON ({message[:80]}). A proxy or "
                          f"maintenance page may be in the way; run the audit again later.")
    return InputError(f"{SERVICE} rejected a request (code {code}: {message}).")
