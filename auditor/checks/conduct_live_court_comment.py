"""conduct.live_court_comment: see :mod:`auditor.detectors.conduct` for the rule (kind ``court``).

Kept as its own check so the report names the problem plainly and standards packs can map it
to the clause that covers it; the detection itself is shared with the other conduct checks and
runs once per post.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check
from auditor.checks._conduct import conduct_issue, conduct_posts
from auditor.model import AccountSnapshot

_MESSAGE = (
    "This post gives an opinion on a live court case (guilt, a party or the judge). Comment can prejudice"
    " proceedings and, from a professional, undermines confidence in your impartiality."
)


@check("conduct.live_court_comment", category="conduct", severity="medium")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for analysis in conduct_posts(snapshot, ctx):
        hits = [h for h in analysis.conduct if h.kind == "court"]
        if hits:
            yield conduct_issue(analysis, hits, _MESSAGE)
