"""E-mail the user when a scheduled audit finds something new and serious.

Sent only when a run has *new*, not-accepted findings at or above the threshold, so a weekly
audit that finds the same things again stays quiet. The message holds counts, severities,
platforms and finding titles — never evidence, post text, subject labels or account handles:
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
from collections.abc import Mapping
from email.message import EmailMessage

from auditor.config_types import LOOPBACK_HOSTS, NotifyConfig
from auditor.errors import UserError
from auditor.findings import SEVERITIES, Finding, severity_at_least
from auditor.result import AuditResult

__all__ = ["LOOPBACK_HOSTS", "NotifyConfig", "NotifyError", "build_message", "notable", "send_notification"]

MAX_TITLES = 20


class NotifyError(UserError):
    """The notification could not be sent; the audit itself and its reports are fine."""


def notable(result: AuditResult, threshold: str) -> list[Finding]:
    """New, not accepted findings at or above ``threshold``: what is worth an e-mail."""
    return [f for f in result.active if f.status == "new" and severity_at_least(f.severity, threshold)]


def build_message(result: AuditResult, config: NotifyConfig) -> EmailMessage | None:
    """The e-mail for this run, or None when nothing new reaches the threshold."""
    found = notable(result, config.min_severity)
    if not found:
        return None
    counts: Counter[str] = Counter(f.severity for f in found)
    count_text = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s])
    platforms = {f.account.split(":", 1)[0] for f in found}
    message = EmailMessage()
    message["Subject"] = f"Account privacy audit: {len(found)} new finding{'s' * (len(found) != 1)} ({count_text})"
    message["From"] = config.sender
    message["To"] = ", ".join(config.to)
    lines = [
        f"The audit of {result.generated_at:%Y-%m-%d %H:%M} UTC found {len(found)} new "
        f"finding{'s' * (len(found) != 1)} at or above '{config.min_severity}' ({count_text}).",
        "",
    ]
    for f in found[:MAX_TITLES]:
        flag = " (possible, please verify)" if f.possible else ""
        lines.append(f"- [{f.severity}] {f.title} ({f.account.split(':', 1)[0]}){flag}")
    if len(found) > MAX_TITLES:
        lines.append(f"- … and {len(found) - MAX_TITLES} more")
    active = result.active
    lines += [
        "",
        f"In total: {len(active)} open findings, {len(result.resolved)} resolved since the last audit, "
        f"{len(result.findings) - len(active)} accepted risks.",
        f"Platforms: {', '.join(sorted(platforms))}.",
        "",
        "Open the report on your computer for the details and how to fix each one.",
        "This message deliberately contains no post text, names or account handles.",
    ]
    message.set_content("\n".join(lines) + "\n")
    return message


def send_notification(result: AuditResult, config: NotifyConfig, env: Mapping[str, str] | None = None) -> bool:
    """Send the e-mail if there is something to say; True if one was sent. Raises :class:`NotifyError`."""
    message = build_message(result, config)
    if message is None:
        return False
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
    return True


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
