"""anonymity.geotagged_posts: posts and photos that carry a location.

Exact coordinates on a post, or GPS in a photo's EXIF data, show where the user was; a few of
them outline where they live and work. On a pseudonymous account that is a direct route to
unmasking, and on any account it can reveal a home visit's location. Severity follows the
account's stance; coordinates are shown rounded to about 100 m.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, post_subject
from auditor.model import AccountSnapshot, Geo, Post

_SEVERITY = {"anonymous": "high", "personal": "medium", "professional": "low"}


@check("anonymity.geotagged_posts", category="anonymity", severity="medium")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for post in snapshot.posts:
        where = _locations(post)
        if where:
            yield Issue(
                subject=post_subject(post),
                message="This post " + "; ".join(where) + ". Anyone who can see the post can see where you were.",
                severity=_SEVERITY[snapshot.stance],
            )


def _locations(post: Post) -> list[str]:
    found = []
    if post.geo is not None:
        found.append(f"is tagged with {_describe(post.geo)}")
    gps = [m.gps for m in post.media if m.gps is not None and m.gps.has_coordinates]
    if gps:
        found.append(f"has a photo whose EXIF data holds GPS coordinates ({_describe(gps[0])})")
    return found


def _describe(geo: Geo) -> str:
    parts = []
    if geo.place:
        parts.append(f"the place '{geo.place}'")
    if geo.lat is not None and geo.lon is not None:
        parts.append(f"exact coordinates near {geo.lat:.3f}, {geo.lon:.3f}")
    return " and ".join(parts)
