"""settings.checklist: settings no API or export shows, answered by the user in ``auditor checklist``.

Facebook's "look you up by e-mail", Instagram's private-account switch, LinkedIn's public
profile and X's photo tagging (among others) cannot be read from any export or, for most
users, any API, yet they decide who can find an account. Rather than guess, the auditor asks
once and remembers the answer with its date. This check turns the saved answers (loaded into
``ctx.checklist`` by the engine, so the check itself does no I/O) into findings: an item never
answered, answered "not sure", answered with an option that is risky for this account's stance,
or answered so long ago that the setting may have changed. An item whose setting a connector
did read (X on a paid API tier, say) is left to the checks that read it.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checking import AuditContext, Issue, check
from auditor.checklist import Assessment, assess, load_checklist
from auditor.findings import Subject
from auditor.model import AccountSnapshot


@check("settings.checklist", category="settings", severity="low")
def run(snapshot: AccountSnapshot, ctx: AuditContext) -> Iterator[Issue]:
    checklist = load_checklist()
    answers = ctx.checklist.for_account(snapshot.key)
    days = checklist.stale_after.days
    for item in checklist.for_account(snapshot.platform, snapshot.stance):
        if snapshot.setting(item.setting) is not None:
            continue  # the connector read it; other checks judge the real value
        result = assess(item, answers.get(item.id), snapshot.stance, ctx.checklist.as_of, checklist.stale_after)
        if result.needs_attention:
            yield _issue(result, days)


def _issue(result: Assessment, days: int) -> Issue:
    item, answer = result.item, result.answer
    subject = Subject("setting", item.setting, item.title)
    how = f"Where to look: {item.where}" + (f" ({item.link})." if item.link else ".")
    if result.verdict == "unanswered" or answer is None:
        return Issue(
            subject=subject,
            title=f"Check by hand: {item.title}",
            message=f"{item.question} No export or API shows this setting, so the auditor cannot read it. "
                    f"{item.why} {how} Then record your answer with `auditor checklist`.",
            severity="low",
        )
    when = f"{answer.answered_at:%Y-%m-%d}"
    label = item.label_of(answer.value)
    if result.verdict == "unsure":
        return Issue(
            subject=subject,
            title=f"Not sure of a setting: {item.title}",
            message=f"On {when} you were not sure of this setting. {item.why} {how} "
                    f"Then record the answer with `auditor checklist`.",
            severity=item.severity,
            confidence=0.4,
        )
    if result.verdict == "risky":
        return Issue(
            subject=subject,
            title=f"Setting needs changing: {item.title}",
            message=f"You answered “{label}” on {when}. {item.why} Change it — {how} "
                    f"Then update your answer with `auditor checklist`.",
            severity=item.severity,
        )
    return Issue(
        subject=subject,
        title=f"Check again: {item.title}",
        message=f"You last confirmed this setting (“{label}”) on {when}, more than {days} days ago; platforms "
                f"change settings and defaults. {how} Then confirm it with `auditor checklist`.",
        severity="low",
    )
