"""conduct.security_disclosure: see :mod:`auditor.detectors.conduct` for the rule (kind ``security``).

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
    "This post gives away a code, a key's hiding place, or a broken lock or camera at a place where people are "
    "cared for or where you work: anyone who reads it can use it. Regulators and employers treat this as a "
    "breach of information security."
)


@check("conduct.security_disclosure", category="conduct", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for analysis in conduct_posts(snapshot, ctx):
        hits = [h for h in analysis.conduct if h.kind == "security"]
        if hits:
            yield conduct_issue(analysis, hits, _MESSAGE)
