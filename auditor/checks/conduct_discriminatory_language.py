"""conduct.discriminatory_language: see :mod:`auditor.detectors.conduct` for the rule (kind ``discriminatory``).

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
    "This post generalises about, or uses a slur for, a group of people. Regulators treat discriminatory "
    "language as serious misconduct whoever it is about."
)


@check("conduct.discriminatory_language", category="conduct", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for analysis in conduct_posts(snapshot, ctx):
        hits = [h for h in analysis.conduct if h.kind == "discriminatory"]
        if hits:
            yield conduct_issue(analysis, hits, _MESSAGE)
