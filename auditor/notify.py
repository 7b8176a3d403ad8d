"""E-mail the user when a scheduled audit finds something new and serious, or cannot do its job.

Sent when a run has *new*, not-accepted findings at or above the threshold (so a monthly audit
that finds the same things again stays quiet), when an account could not be read, when an export
is stale, when an earlier mail about a still-open finding failed, and when the run failed.
The message holds counts, severities, platforms and finding titles, identical ones grouped —
never evidence, post text, subject labels or account handles, and never the platform of a
pseudonymous account or a title that says one exists (the subject line has counts only):
mail passes through servers the user does not control, and a pseudonymous handle next to the
user's own address is exactly the link they are trying to avoid. The report on disk has the rest.

Transport is SMTP with STARTTLS (certificate verified) and, when configured, a login whose user
name and password come from environment variables; the config file names the variables only.
Plain SMTP is allowed only to a relay on this machine (localhost).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from auditor.config_types import LOOPBACK_HOSTS, NotifyConfig
from auditor.errors import UserError
from auditor.findings import SEVERITIES, SEVERITY_RANK, Finding, severity_at_least
from auditor.howto import platform_name
from auditor.result import AccountSummary, AuditResult

__all__ = ["LOOPBACK_HOSTS", "NotifyConfig", "NotifyError", "account_label", "build_message", "failure_message",
           "notable", "send_message", "send_notification"]

MAX_LINES = 20  # distinct lines; identical findings are grouped into one line with a count
SUBJECT = "Account privacy audit"
# Findings whose very title says that a pseudonymous account exists: mailed without the title.
SEPARATION_CATEGORIES = ("linkage", "anonymity")
SEPARATION_LINE = "A finding about an account you keep separate from your name"


class NotifyError(UserError):
    """The notification could not be sent; the audit itself and its reports are fine."""


def notable(result: AuditResult, threshold: str, pending: AbstractSet[str] = frozenset()) -> list[Finding]:
    """What is worth an e-mail: new, not accepted findings at or above ``threshold``, and any still
    open finding that an earlier e-mail failed to deliver (``pending`` fingerprints)."""
    return [f for f in result.active
            if (f.status == "new" and severity_at_least(f.severity, threshold)) or f.fingerprint in pending]


def account_label(summary: AccountSummary | None) -> str:
    """How the mail names an account: its platform, except for a pseudonymous one ("one of your accounts")."""
    if summary is None or summary.stance == "anonymous":
        return "one of your accounts"
    return f"your {platform_name(summary.platform)} account"


def problem_lines(result: AuditResult) -> list[str]:
    """One neutral line per account that could not be read (issue 20): never its name or the error text."""
    return [f"{account_label(a).capitalize()} could not be read, so nothing was checked on it this time; its last "
            f"results are kept. Run the audit by hand (auditor run) to see why." for a in result.unread_accounts]


def build_message(result: AuditResult, config: NotifyConfig, pending: AbstractSet[str] = frozenset(),
                  notes: Sequence[str] = (), findings_due: bool = True) -> EmailMessage | None:
    """The e-mail for this run, or None when there is nothing to say.

    It says something when a finding is new and serious enough, when an earlier e-mail about a
    still-open finding never arrived (``pending``), when an account could not be read, or when
    ``notes`` (e.g. stale exports) need the user; ``findings_due`` False leaves findings out (a run not
    compared with the history, where everything is "new"). The subject is neutral: counts only, never a
    title or a platform, since every mail server on the way reads it.
    """
    found = notable(result, config.min_severity, pending) if findings_due else []
    problems = [*problem_lines(result), *notes]
    if not found and not problems:
        return None
    new = [f for f in found if f.status == "new"]
    resent = [f for f in found if f.status != "new"]
    counts: Counter[str] = Counter(f.severity for f in found)
    count_text = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s])
    message = EmailMessage()
    if found:
        subject = f"{SUBJECT}: {len(new)} new finding{'s' * (len(new) != 1)}" if new else f"{SUBJECT}: findings"
        subject += f" ({count_text})" + (" and a problem to look at" if problems else "")
    else:
        subject = f"{SUBJECT}: a problem to look at"
    message["Subject"] = subject
    message["From"] = config.sender
    message["To"] = ", ".join(config.to)
    lines = [f"The audit of {result.generated_at:%Y-%m-%d %H:%M} UTC"]
    if problems:
        lines[0] += " needs your attention:"
        lines += ["", *(f"- {p}" for p in problems), ""]
    else:
        lines[0] += "."
    if new:
        lines += [f"It found {len(new)} new finding{'s' * (len(new) != 1)} at or above '{config.min_severity}':", ""]
        lines += _grouped(new, result)
        lines.append("")
    if resent:
        many = len(resent) != 1
        lines += [f"An earlier e-mail about {len(resent)} finding{'s' * many} that {'are' if many else 'is'} "
                  f"still open could not be sent; here {'they are' if many else 'it is'} again:", ""]
        lines += _grouped(resent, result)
        lines.append("")
    if result.compared or found:
        active = result.active
        lines.append(f"In total: {len(active)} open findings, {len(result.resolved)} resolved since the last audit, "
                     f"{len(result.findings) - len(active)} accepted risks.")
    lines += [
        "",
        "Open the report on your computer for the details and how to fix each one.",
        "This message deliberately contains no post text, names or account handles, and does not say which",
        "accounts you keep separate from your name.",
    ]
    message.set_content("\n".join(lines) + "\n")
    return message


def failure_message(config: NotifyConfig, what: str, when: datetime, config_path: Path | None = None) -> EmailMessage:
    """The e-mail for a run that did not finish: what kind of failure, never the error text (it may name files)."""
    message = EmailMessage()
    message["Subject"] = f"{SUBJECT}: the run did not finish"
    message["From"] = config.sender
    message["To"] = ", ".join(config.to)
    again = f"auditor run --config {config_path}" if config_path else "auditor run"
    message.set_content(
        f"The audit of {when:%Y-%m-%d %H:%M} UTC did not finish: {what}.\n\n"
        f"No report was written, so nothing was checked this time, and the history is as it was.\n"
        f"On your computer, run\n\n    {again}\n\nto see the message, which says what to fix.\n\n"
        f"This message deliberately contains no file names, post text, names or account handles.\n")
    return message


def _grouped(findings: list[Finding], result: AuditResult) -> list[str]:
    """One line per distinct (severity, title, platform) with a count, most serious first."""
    stances = {a.key: a for a in result.accounts}
    groups: Counter[tuple[str, str]] = Counter()
    for f in findings:
        summary = stances.get(f.account)
        if f.category in SEPARATION_CATEGORIES or summary is None or summary.stance == "anonymous":
            text = SEPARATION_LINE if f.category in SEPARATION_CATEGORIES else f.title
        else:
            text = f"{f.title} ({platform_name(summary.platform)})"
        if f.possible:
            text += " (possible, please verify)"
        groups[(f.severity, text)] += 1
    ordered = sorted(groups.items(), key=lambda item: (-SEVERITY_RANK[item[0][0]], -item[1], item[0][1]))
    lines = [f"- [{severity}] {text}" + (f" — {count} findings" if count > 1 else "")
             for (severity, text), count in ordered[:MAX_LINES]]
    if len(ordered) > MAX_LINES:
        rest = sum(count for _, count in ordered[MAX_LINES:])
        lines.append(f"- … and {rest} more of {len(ordered) - MAX_LINES} other kinds")
    return lines


def send_notification(result: AuditResult, config: NotifyConfig, env: Mapping[str, str] | None = None,
                      pending: AbstractSet[str] = frozenset(), notes: Sequence[str] = (),
                      findings_due: bool = True) -> bool:
    """Send the e-mail if there is something to say; True if one was sent. Raises :class:`NotifyError`."""
    message = build_message(result, config, pending, notes, findings_due)
    if message is None:
        return False
    send_message(message, config, env)
    return True


def send_message(message: EmailMessage, config: NotifyConfig, env: Mapping[str, str] | None = None) -> None:
    """Send one e-mail through the configured server. Raises :class:`NotifyError`."""
    env = os.environ if env is None else env
    login = _credentials(config, env)
    where = f"{config.smtp_host}:{config.smtp_port}"
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout) as smtp:
            if config.starttls:
                context = ssl.create_default_context(cafile=str(config.ca_file) if config.ca_file else None)
                smtp.starttls(context=context)
            if login is not None:
                smtp.login(*login)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise NotifyError(f"[notify]: the mail server {where} refused the login. Check the user name and password "
                          f"in ${config.username_env} and ${config.password_env}.") from None
    except smtplib.SMTPNotSupportedError:
        raise NotifyError(f"[notify]: the mail server {where} does not offer STARTTLS (or login). Use its "
                          f"submission port (usually 587) or a server that supports it.") from None
    except ssl.SSLError as exc:
        raise NotifyError(f"[notify]: TLS with {where} failed ({exc.reason or exc}). If the server uses a private "
                          f"certificate, set [notify] ca_file to its CA bundle.") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise NotifyError(f"[notify]: could not send the notification through {where} ({exc}). The reports "
                          f"were written; check smtp_host and smtp_port.") from None


def _credentials(config: NotifyConfig, env: Mapping[str, str]) -> tuple[str, str] | None:
    if config.username_env is None:
        return None
    user, password = env.get(config.username_env), env.get(config.password_env or "")
    missing = [name for name, value in ((config.username_env, user), (config.password_env, password)) if not value]
    if missing:
        raise NotifyError(f"[notify]: environment variable {missing[0]} is not set, so the e-mail cannot log in. "
                          f"Set it where the scheduled run starts (see README \"Periodic audits\").")
    assert user is not None and password is not None
    return user, password
