"""Shared live-API behaviour: read-only sessions, retries, waits, errors, credentials, config, positions."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import keyring
import pytest
import requests
import responses
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked
from rich.console import Console

from auditor.config import parse_config
from auditor.errors import ConfigError, InputError, UserError
from auditor.progress import Progress
from connectors import incremental
from connectors.credentials import secret
from connectors.http import (
    ApiSession,
    PageGuard,
    ReadOnlyViolationError,
    RetryPolicy,
    get_json,
    tick,
    wait_from_headers,
)
from tests.connectors import api_support
from tests.connectors.api_support import SECRET, Sleeps, account

isolated_state = api_support.isolated_state  # pytest fixture

NOW = 1_800_000_000.0
URL = "https://social.example/api/v1/thing"


def _policy(sleeps: Sleeps, max_wait: float = 120.0) -> RetryPolicy:
    return RetryPolicy(max_wait=max_wait, sleep=sleeps, clock=lambda: NOW)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", b"POST"])
def test_session_refuses_anything_but_get(method: str | bytes) -> None:
    with pytest.raises(ReadOnlyViolationError):
        ApiSession().request(method, URL)


@responses.activate
def test_session_always_sends_a_timeout() -> None:
    responses.get(URL, json={})
    ApiSession().get(URL)
    assert responses.calls[0].request.req_kwargs["timeout"] == (10.0, 60.0)


@pytest.mark.parametrize(("status", "headers", "expected"), [
    (503, {"Retry-After": "7"}, 7.0),
    (429, {"x-rate-limit-reset": str(int(NOW) + 90)}, 90.0),          # X: epoch seconds
    (429, {"ratelimit-reset": str(int(NOW) + 5)}, 5.0),               # Bluesky: epoch seconds
    (503, {"x-rate-limit-reset": str(int(NOW) + 90)}, None),          # reset headers only count on 429
    (429, {"x-rate-limit-reset": "soon"}, None),
])
def test_wait_from_headers(status: int, headers: dict[str, str], expected: float | None) -> None:
    assert wait_from_headers(status, headers, NOW) == expected


def test_wait_from_dates() -> None:
    """Retry-After as an HTTP date; Mastodon's x-ratelimit-reset as an ISO time."""
    from datetime import UTC, datetime
    now = datetime(2027, 1, 15, 8, 0, 0, tzinfo=UTC).timestamp()
    assert wait_from_headers(429, {"Retry-After": "Fri, 15 Jan 2027 08:00:10 GMT"}, now) == 10.0
    assert wait_from_headers(429, {"x-ratelimit-reset": "2027-01-15T08:01:00.000Z"}, now) == 60.0


@responses.activate
def test_retries_5xx_with_exponential_backoff_then_succeeds() -> None:
    sleeps = Sleeps()
    responses.get(URL, status=502)
    responses.get(URL, status=503)
    responses.get(URL, json={"ok": True})
    body, _ = get_json(ApiSession(), URL, service="Mastodon", policy=_policy(sleeps))
    assert body == {"ok": True} and sleeps.waits == [2.0, 4.0]


@responses.activate
def test_429_gives_up_after_bounded_tries_with_a_clear_message() -> None:
    sleeps = Sleeps()
    responses.get(URL, status=429, json={"error": "Too many requests"})
    with pytest.raises(UserError, match=r"kept answering 'too many requests' \(HTTP 429\) after 4 tries"):
        get_json(ApiSession(), URL, service="Mastodon", policy=_policy(sleeps))
    assert len(responses.calls) == 4 and len(sleeps.waits) == 3


@responses.activate
def test_network_failure_is_retried_then_explained_without_the_url_query() -> None:
    sleeps = Sleeps()
    secret_url = f"{URL}?access_token={SECRET}"
    responses.get(URL, body=requests.ConnectionError(f"Max retries exceeded with url: {secret_url}"))
    with pytest.raises(UserError, match="Could not reach Mastodon after 4 tries") as caught:
        get_json(ApiSession(), secret_url, service="Mastodon", policy=_policy(sleeps))
    assert SECRET not in str(caught.value)
    assert sleeps.waits == [2.0, 4.0, 8.0]


@pytest.mark.parametrize(("status", "text"), [
    (401, "HTTP 401"), (403, "HTTP 403"), (402, "HTTP 402"), (404, "HTTP 404"), (418, "HTTP 418"),
])
@responses.activate
def test_statuses_map_to_clear_errors(status: int, text: str) -> None:
    responses.get(URL, status=status, json={"error": "x"})
    with pytest.raises(UserError, match=text) as caught:
        get_json(ApiSession(), f"{URL}?access_token={SECRET}", service="Mastodon", policy=_policy(Sleeps()))
    assert SECRET not in str(caught.value)


@responses.activate
def test_empty_body_is_malformed_json() -> None:
    responses.get(URL, body="", content_type="application/json")
    with pytest.raises(InputError, match="not valid JSON"):
        get_json(ApiSession(), URL, service="Bluesky", policy=_policy(Sleeps()))


def test_page_guard_stops_on_repeat_and_on_page_cap() -> None:
    guard = PageGuard("Bluesky", "posts")
    assert guard.proceed("a") and guard.proceed("b") and not guard.proceed("a")
    assert guard.stopped_note and "repeated" in guard.stopped_note
    capped = PageGuard("Bluesky", "posts", max_pages=3)
    assert capped.proceed("1") and capped.proceed("2") and not capped.proceed("3")
    assert capped.stopped_note and "3 pages" in capped.stopped_note
    assert not PageGuard("X", "posts").proceed(None)


def test_progress_ticks_only_on_a_terminal() -> None:
    pipe = io.StringIO()
    tick(Progress(console=Console(file=pipe, force_terminal=False)), "10 posts read")
    assert pipe.getvalue() == ""
    tty = io.StringIO()
    tick(Progress(console=Console(file=tty, force_terminal=True, highlight=False)), "10 posts read")
    assert "10 posts read" in tty.getvalue()
    quiet = io.StringIO()
    tick(Progress(quiet=True, console=Console(file=quiet, force_terminal=True)), "10 posts read")
    assert quiet.getvalue() == ""


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, values: dict[tuple[str, str], str], locked: bool = False) -> None:
        super().__init__()
        self.values, self.locked = values, locked

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked("locked")
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("the auditor never writes to the keyring")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("the auditor never writes to the keyring")


@pytest.fixture
def restore_keyring() -> Any:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_secret_from_keyring(restore_keyring: Any) -> None:
    keyring.set_keyring(MemoryKeyring({("auditor-mastodon", "token"): SECRET}))
    cfg = account("mastodon", "@fern@social.example", keyring_service="auditor-mastodon")
    assert secret(cfg, "token", None) == SECRET
    assert secret(cfg, "consumer_key", None) is None


def test_locked_keyring_is_a_clear_error(restore_keyring: Any) -> None:
    keyring.set_keyring(MemoryKeyring({}, locked=True))
    cfg = account("mastodon", "@fern@social.example", keyring_service="auditor-mastodon")
    with pytest.raises(UserError, match="OS keyring could not be read"):
        secret(cfg, "token", None)


def test_env_var_wins_and_an_empty_one_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = account("mastodon", "@fern@social.example")
    monkeypatch.setenv("MY_TOKEN", f"  {SECRET}\n")
    assert secret(cfg, "token", "MY_TOKEN") == SECRET
    monkeypatch.setenv("MY_TOKEN", "")
    with pytest.raises(UserError, match="MY_TOKEN is not set"):
        secret(cfg, "token", "MY_TOKEN")


def _parse(tmp_path: Path, api: str) -> Any:
    import tomllib
    text = f'[[accounts]]\nplatform = "x"\nstance = "anonymous"\napi = {{ {api} }}\n'
    return parse_config(tomllib.loads(text), tmp_path / "auditor.toml")


def test_config_reads_every_api_key(tmp_path: Path) -> None:
    config = _parse(tmp_path, 'token_env = "X_TOKEN", consumer_key_env = "A", consumer_secret_env = "B", '
                              'access_token_env = "C", access_token_secret_env = "D", keyring_service = "auditor-x", '
                              'max_posts = 500, max_connections = 0, incremental = true, max_wait = 600, '
                              'graph_version = "v24.0", base_url = "http://127.0.0.1:8080/"')
    api = config.accounts[0].api
    assert (api.token_env, api.consumer_key_env, api.access_token_secret_env) == ("X_TOKEN", "A", "D")
    assert (api.keyring_service, api.max_posts, api.max_connections) == ("auditor-x", 500, 0)
    assert api.incremental is True and api.max_wait == 600 and api.graph_version == "v24.0"
    assert api.base_url == "http://127.0.0.1:8080"


@pytest.mark.parametrize(("api", "message"), [
    ('tokn_env = "X"', r"'accounts\[1\]\.api\.tokn_env' is not a known key"),
    ('max_connections = -1', "must be 0 or more"),
    ('max_posts = "many"', "must be a whole number"),
    ('incremental = "yes"', "must be true or false"),
    ('base_url = "social.example"', "give a full address"),
    ('graph_version = "latest"', "write it like 'v24.0'"),
])
def test_config_api_errors_name_the_key(tmp_path: Path, api: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _parse(tmp_path, api)


def test_a_token_pasted_into_token_env_is_refused_and_never_echoed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="NAME of an environment variable") as caught:
        _parse(tmp_path, f'token_env = "{SECRET}"')
    assert SECRET not in str(caught.value)


def test_positions_file_is_owner_only_and_holds_no_handles(isolated_state: Path) -> None:
    cfg = account("mastodon", "@fern@social.example")
    key = incremental.account_key(cfg, "fern@social.example", "https://social.example")
    incremental.stage(key, "113000000000000004")
    assert incremental.remembered(key) is None  # staged, not yet committed
    incremental.commit()
    path = isolated_state / incremental.POSITIONS_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "fern" not in text and json.loads(text) == {key: "113000000000000004"}
    assert incremental.remembered(key) == "113000000000000004"


def test_discard_forgets_staged_positions(isolated_state: Path) -> None:
    incremental.stage("k", "1")
    incremental.discard()
    incremental.commit()
    assert not (isolated_state / incremental.POSITIONS_FILE).exists()


def test_corrupt_positions_file_is_a_clear_error(isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    (isolated_state / incremental.POSITIONS_FILE).write_text("{oops", encoding="utf-8")
    with pytest.raises(UserError, match="Delete the file"):
        incremental.remembered("k")


def test_every_library_client_gets_the_read_only_session() -> None:
    """tweepy and facebook-sdk send through ApiSession, so they too can only GET, with timeouts."""
    from connectors import facebook_graph, x_api

    assert isinstance(x_api.make_client(x_api._Creds(None, "t")).session, ApiSession)
    assert isinstance(x_api.make_client(x_api._Creds(("a", "b", "c", "d"), None)).session, ApiSession)
    assert isinstance(facebook_graph.make_graph("t", "").session, ApiSession)


def test_the_commented_api_examples_in_config_example_parse(tmp_path: Path) -> None:
    """The live-API examples in config.example.toml are valid config once uncommented."""
    import re
    import tomllib

    text = (Path(__file__).resolve().parents[2] / "config.example.toml").read_text(encoding="utf-8")
    block = text[text.index("# Live API connectors"):text.index("[report]")]
    block = block[block.index("# [[accounts]]"):]
    lines = [re.sub(r"^# ?", "", line) for line in block.splitlines()]
    config = parse_config(tomllib.loads("\n".join(lines)), tmp_path / "auditor.toml")
    platforms = [a.platform for a in config.accounts]
    assert platforms == ["x", "facebook", "mastodon", "bluesky"]
    x = config.accounts[0].api
    assert x is not None and x.access_token_secret_env == "X_ACCESS_TOKEN_SECRET" and x.max_connections == 1000
