"""Shared test factories: small snapshots, posts and an audit context with identity facts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.checking import AuditContext, Check, discover_checks
from auditor.config import IdentityFacts, ProfileConfig
from auditor.engine import audit_snapshots
from auditor.findings import Finding
from auditor.model import AccountSnapshot, Connection, Post, Profile

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

IDENTITY = IdentityFacts({
    "real_names": ("Harriet Okafor", "Hattie Okafor"),
    "employers": ("Wexford County Council", "WCC"),
    "workplaces": ("Ashby Civic Centre",),
    "places": ("Ashby", "Eastfield"),
    "colleagues": ("Dave Pryce",),
    "family": ("Zara",),
    "schools": ("St Mary's Primary",),
    "other": ("Assessment Team 2",),
    "emails": ("h.okafor@example.org",),
    "phones": ("07700 900123",),
})


def make_post(text: str, id: str = "1", **kwargs: Any) -> Post:
    return Post(id=id, text=text, created_at=FIXED_NOW, url=f"https://x.com/t/status/{id}", **kwargs)


def make_snapshot(
    posts: Iterable[Post | str] = (),
    *,
    stance: str = "anonymous",
    platform: str = "x",
    handle: str = "FrontlineFern",
    profile: Profile | None = None,
    settings: dict[str, Any] | None = None,
    connections: Iterable[Connection] = (),
) -> AccountSnapshot:
    items = [make_post(p, id=str(i)) if isinstance(p, str) else p for i, p in enumerate(posts, start=1)]
    return AccountSnapshot(
        platform=platform, handle=handle, stance=stance, source="archive",  # type: ignore[arg-type]
        captured_at=FIXED_NOW, profile=profile or Profile(), settings=settings or {},
        posts=items, connections=list(connections),
    )


def make_context(identity: IdentityFacts = IDENTITY, role: str = "social_worker") -> AuditContext:
    return AuditContext(profile=ProfileConfig(role=role, jurisdiction="uk"), identity=identity)  # type: ignore[arg-type]


def get_check(check_id: str) -> Check:
    return next(c for c in discover_checks() if c.meta.id == check_id)


def run_check(check_id: str, snapshot: AccountSnapshot, ctx: AuditContext | None = None) -> list[Finding]:
    """Run one check through the engine, so tests see complete findings."""
    result = audit_snapshots([snapshot], ctx or make_context(), checks=[get_check(check_id)], now=FIXED_NOW)
    assert not any(a.errors for a in result.accounts), result.accounts
    return result.findings


def needs_shared(path: str) -> Path:
    """A file from ../shared (present in CI beside the checkout), or skip with the reason."""
    full = SHARED / path
    if not full.exists():
        pytest.skip(f"../shared/{path} is not beside this checkout (it is in CI); skipping")
    return full


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own audit-history folder: no test ever reads or writes the real user's history."""
    folder = tmp_path_factory.mktemp("auditor-data")
    monkeypatch.setenv("AUDITOR_DATA_DIR", str(folder))
    return folder
