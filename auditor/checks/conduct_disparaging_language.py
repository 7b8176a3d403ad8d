"""conduct.disparaging_language: contempt aimed at people served or worked with, or substance use at work.

Regulators act on posts that mock or insult service users, patients, families, colleagues or
employers, and on posts about drinking or drug use at work: both bring the profession into
disrepute whatever the account's stance. Swearing on its own is not flagged; it is flagged
when it sits in the same sentence as a person or body the user works with or for. Words that
are themselves contempt for people served ("frequent flyers") are flagged wherever they are.
The rules live in :mod:`auditor.detectors.conduct`; discrimination, boundary breaches and live
court cases have their own checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check
from auditor.checks._conduct import conduct_issue, conduct_posts
from auditor.model import AccountSnapshot

_REASONS = {
    "disparaging": "disparaging words about people you work with or for",
    "substance": "alcohol or drug use connected with work",
}


@check("conduct.disparaging_language", category="conduct", severity="high")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    for analysis in conduct_posts(snapshot, ctx):
        hits = [h for h in analysis.conduct if h.kind in _REASONS]
        if hits:
            reasons = " and ".join(_REASONS[h.kind] for h in hits)
            yield conduct_issue(analysis, hits, f"This post contains {reasons}, which regulators treat as "
                                                f"bringing the profession into disrepute.")
