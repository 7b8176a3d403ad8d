"""settings.visibility: a pseudonymous or personal account should not be public.

An anonymous account that anyone can read lets a stranger, an employer or a service user
collect the small details that unmask it; a personal account that is public puts the user's
private life in front of the people they support. Professional accounts are public by
intent, so this check does not apply to them. A setting the source could not read is
reported as "check by hand", never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check, setting_subject
from auditor.model import AccountSnapshot

_PUBLIC_AUDIENCES = {"public", "unlisted"}


@check("settings.visibility", category="settings", severity="high", stances=("anonymous", "personal"))
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    protected = snapshot.setting("visibility.account_protected")
    default = snapshot.setting("visibility.posts_default")
    severity = "high" if snapshot.stance == "anonymous" else "medium"
    if protected is False or (protected is None and default in _PUBLIC_AUDIENCES):
        key = "visibility.account_protected" if protected is False else "visibility.posts_default"
        yield Issue(
            subject=setting_subject(key),
            message=f"This {snapshot.stance} account is public: anyone, including people you support "
                    f"and your employer, can read all {len(snapshot.posts):,} of its posts.",
            severity=severity,
        )
    elif protected is None and default is None:
        yield Issue(
            subject=setting_subject("visibility.account_protected"),
            message="The source did not say whether this account is public or private. Check it by hand "
                    "using the steps below.",
            severity="low",
            confidence=0.4,
            title="Account visibility could not be read: check it by hand",
        )
