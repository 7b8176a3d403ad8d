"""conduct.professional_risk: a post the conduct scorer judges risky though no specific rule names why.

The specific conduct checks (disparaging, discriminatory, boundaries, live court cases) each
recognise a pattern someone wrote down. Posts by professionals the rules were not written for
say the same things in other words: local slang for a colleague, a drink before a ward round
in a phrase no pack lists. The learned scorer (:mod:`auditor.detectors.scorer`) reads those,
and this check reports what it finds that no specific check already reports, with the words
that weighed most.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check
from auditor.checks._conduct import conduct_issue, conduct_posts
from auditor.model import AccountSnapshot

_MESSAGE = ("This post reads like the posts regulators act on: contempt for people you work with or for, drink "
            "or drugs around work, a personal relationship with someone you support, or something that puts "
            "people or premises at risk.")


@check("conduct.professional_risk", category="conduct", severity="medium")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for analysis in conduct_posts(snapshot, ctx):
        if not analysis.conduct:
            yield conduct_issue(analysis, [], _MESSAGE)
