"""Pairs of accounts for the linkage tests: a pseudonymous one, a named one, and strangers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from auditor.checking import AccountPair
from auditor.engine import audit_snapshots
from auditor.findings import Finding
from auditor.model import AccountSnapshot, Connection, Post, Profile
from tests.conftest import FIXED_NOW, get_check, make_context, make_snapshot


def post(id: str, text: str, when: datetime = FIXED_NOW, **kwargs: Any) -> Post:
    return Post(id=id, text=text, created_at=when, url=f"https://x.com/t/status/{id}", **kwargs)


def anon(posts: Iterable[Post | str] = (), **kwargs: Any) -> AccountSnapshot:
    kwargs.setdefault("handle", "FrontlineFern")
    return make_snapshot(posts, stance="anonymous", **kwargs)


def named(posts: Iterable[Post | str] = (), **kwargs: Any) -> AccountSnapshot:
    kwargs.setdefault("handle", "HattieOkafor_SW")
    return make_snapshot(posts, stance="professional", **kwargs)


def follows(*ids: str, relation: str = "following") -> list[Connection]:
    return [Connection(relation=relation, id=i) for i in ids]  # type: ignore[arg-type]


def run_pair(check_id: str, a: AccountSnapshot, n: AccountSnapshot) -> list[Finding]:
    """Run one pair check through the engine, as an audit of both accounts would."""
    result = audit_snapshots([a, n], make_context(), checks=[get_check(check_id)], now=FIXED_NOW)
    assert not any(s.errors for s in result.accounts), result.accounts
    return result.findings


def all_linkage(a: AccountSnapshot, n: AccountSnapshot) -> list[Finding]:
    """Every linkage finding a full audit of the two accounts produces."""
    result = audit_snapshots([a, n], make_context(), now=FIXED_NOW)
    return [f for f in result.findings if f.category == "linkage"]


def pair(a: AccountSnapshot, n: AccountSnapshot) -> AccountPair:
    return AccountPair(a, n)


def weekly(hours: Iterable[tuple[int, int]], weeks: int, start: datetime | None = None) -> list[datetime]:
    """Post times: every (weekday, hour) slot, repeated for ``weeks`` weeks from a Monday."""
    monday = start or datetime(2025, 1, 6, tzinfo=UTC)
    slots = list(hours)
    return [monday + timedelta(weeks=w, days=d, hours=h, minutes=7) for w in range(weeks) for d, h in slots]


STRANGER = Profile(display_name="Priya Natarajan", bio="Paediatric nurse. Cyclist. Views mine.",
                   website="https://priyacycles.example")
