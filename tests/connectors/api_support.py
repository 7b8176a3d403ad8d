"""Helpers for the live-API connector tests: fixtures, accounts, a retry policy that never sleeps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import responses

from auditor.config import AccountConfig, ApiConfig
from connectors import http
from connectors.http import RetryPolicy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "api"
SECRET = "SYNTHETIC-TOKEN-never-printed-0123456789"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def account(platform: str, handle: str | None = None, stance: str = "anonymous", **api: Any) -> AccountConfig:
    return AccountConfig(platform=platform, stance=stance, where="accounts[1]",  # type: ignore[arg-type]
                         api=ApiConfig(**api), handle=handle)


class Sleeps:
    """Records the waits a retry policy asked for, instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    """Every connector's retry policy records its waits here and never sleeps; the clock is fixed."""
    recorder = Sleeps()

    def policy_for(max_wait: int) -> RetryPolicy:
        return RetryPolicy(max_wait=float(max_wait), sleep=recorder, clock=lambda: 1_800_000_000.0)

    monkeypatch.setattr(http, "policy_for", policy_for)
    for module in ("mastodon_api", "bluesky_api", "x_api", "facebook_api"):
        monkeypatch.setattr(f"connectors.{module}.policy_for", policy_for)
    return recorder


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Incremental positions go to a temporary folder, never the user's."""
    from connectors import incremental

    monkeypatch.setenv("AUDITOR_STATE_DIR", str(tmp_path / "state"))
    incremental.discard()
    return tmp_path / "state"


def assert_only_gets(mock: responses.RequestsMock) -> None:
    """The auditor is read-only: every request it sent was a GET."""
    methods = {call.request.method for call in mock.calls}
    assert methods <= {"GET"}, methods
    assert mock.calls, "no request was made"


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


def get_exact(mock: responses.RequestsMock, url: str, **kwargs: Any) -> None:
    """Register a GET that matches ``url`` including its exact query string."""
    from responses import matchers

    base, _, query = url.partition("?")
    mock.get(base, match=[matchers.query_string_matcher(query or None)], **kwargs)
