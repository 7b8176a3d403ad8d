"""linkage.shared_connections: the two accounts follow each other, or share an unusual crowd.

Who you follow and who follows you is public on most platforms, and OSINT tools compare those
lists: one account following the other is a direct link, and two accounts whose followers or
follows overlap far more than chance (your colleagues, your club, your family) point to the same
person. Identities are compared only where they are comparable: numeric ids within one platform,
handles otherwise. The overlap is scored by the overlap coefficient, |A ∩ B| / min(|A|, |B|), so
a small pseudonymous account is not hidden behind a large named one.
"""

from __future__ import annotations

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.findings import Evidence
from auditor.model import AccountSnapshot, Connection

CHECK_ID = "linkage.shared_connections"
_DIRECTION = {"follower": "follows", "following": "is followed by", "friend": "is friends with",
              "connection": "is connected with"}


def identity(connection: Connection, platform: str) -> str | None:
    """A comparable key: ``x:id:123`` within a platform, else the lower-cased handle."""
    if connection.id:
        return f"{platform}:id:{connection.id}"
    if connection.handle:
        return f"@{connection.handle.lstrip('@').lower()}"
    return None


def _own_identities(snapshot: AccountSnapshot) -> set[str]:
    keys = {f"@{snapshot.handle.lower()}"} | {f"@{old.lower()}" for old in snapshot.profile.previous_handles}
    if snapshot.account_id:
        keys.add(f"{snapshot.platform}:id:{snapshot.account_id}")
    return keys


def _comparable(key: str, pair: AccountPair) -> bool:
    """Ids only mean the same person on the same platform; handles are compared across platforms."""
    return key.startswith("@") or pair.anonymous.platform == pair.named.platform


@linkage_check(CHECK_ID, severity="high", order=5)
def run(pair: AccountPair) -> list[Signal]:
    limits = check_data(__name__)["limits"]
    found: list[Signal] = []
    direct = []
    for one, other in ((pair.named, pair.anonymous), (pair.anonymous, pair.named)):
        own = _own_identities(other)
        for c in one.connections:
            key = identity(c, one.platform)
            if key and key in own and _comparable(key, pair):
                direct.append((one, other, c))
    if direct:
        one, other, c = direct[0]
        verb = _DIRECTION.get(c.relation, "is linked with")
        found.append(Signal(
            check=CHECK_ID, strength="strong", subject_id="direct-connection",
            title="The two accounts follow each other",
            message=(f"{other.key} {verb} {one.key}. Anyone who looks at either account's follower or "
                     f"following list sees the other."),
            plain=f"by looking at who your {pair.named.key} account follows or is followed by",
            evidence=tuple(Evidence(f"{a.key} {c.relation} list", f"{b.key} ({c.id or c.handle})")
                           for a, b, c in direct[:4]),
        ))

    anon = _identities(pair.anonymous, pair)
    named = _identities(pair.named, pair)
    shared = anon & named
    smaller = min(len(anon), len(named))
    if smaller and len(shared) >= limits["min_shared"]:
        overlap = len(shared) / smaller
        if overlap >= limits["moderate_overlap"]:
            strength = "strong" if overlap >= limits["strong_overlap"] else "moderate"
            sample = sorted(shared)[:10]
            found.append(Signal(
                check=CHECK_ID, strength=strength, subject_id="shared-connections",  # type: ignore[arg-type]
                title="The two accounts share many followers or follows",
                message=(f"{len(shared):,} of the {smaller:,} people connected with the smaller account are "
                         f"connected with the other too ({round(overlap * 100)}%). Unrelated accounts share "
                         f"far fewer; tools that compare follower lists notice."),
                plain=f"through the {len(shared):,} followers and follows the two accounts share",
                evidence=(Evidence("shared connections (ids or handles)",
                                   ", ".join(_show(k) for k in sample) + (" …" if len(shared) > 10 else "")),),
            ))
    return found


def _identities(snapshot: AccountSnapshot, pair: AccountPair) -> set[str]:
    own = _own_identities(pair.anonymous) | _own_identities(pair.named)
    keys = set()
    for c in snapshot.connections:
        key = identity(c, snapshot.platform)
        if key and key not in own and _comparable(key, pair):
            keys.add(key)
    return keys


def _show(key: str) -> str:
    return key if key.startswith("@") else "id " + key.rsplit(":", 1)[-1]
