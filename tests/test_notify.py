"""Notification e-mail through a real local SMTP server (aiosmtpd) with STARTTLS and login."""

from __future__ import annotations

import email
import shutil
import socket
import ssl
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from auditor.cli import main
from auditor.config import parse_config
from auditor.errors import ConfigError
from auditor.findings import Evidence, Finding, Subject
from auditor.notify import NotifyConfig, NotifyError, build_message, send_notification
from tests.test_history import CASE, EMPLOYER, result_of, write_archive, write_config

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

USER, PASSWORD = "fern-mail", "correct horse battery staple"


@dataclass
class Inbox:
    messages: list[Message] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == USER.encode() and data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 reply itself


@dataclass
class Server:
    inbox: Inbox
    port: int
    ca_file: Path


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test server's certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(certificate: tuple[Path, Path]) -> Iterator[Server]:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = aiosmtpd_controller.Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
        authenticator=authenticator, auth_require_tls=True,
    )
    controller.start()
    try:
        yield Server(inbox, port, cert)
    finally:
        controller.stop()


def notify_toml(server: Server, threshold: str = "high") -> str:
    return (f'[notify]\nsmtp_host = "127.0.0.1"\nsmtp_port = {server.port}\nfrom = "auditor@example.org"\n'
            f'to = ["fern@example.org"]\nusername_env = "TEST_SMTP_USER"\npassword_env = "TEST_SMTP_PASSWORD"\n'
            f'min_severity = "{threshold}"\nca_file = "{server.ca_file}"\n')


def test_scheduled_run_mails_only_new_serious_findings(
    tmp_path: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive, notify_toml(smtp_server))
    args = ["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--quiet", "--format", "json"]

    assert main(args) == 0  # first run: everything is new, including a critical case-details post
    assert len(smtp_server.inbox.messages) == 1
    message = smtp_server.inbox.messages[0]
    assert smtp_server.inbox.envelopes[0].rcpt_tos == ["fern@example.org"]
    assert message["Subject"].startswith("Account privacy audit:") and "critical" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert "Post may identify a person you support" in body  # the check's title…
    # …but no evidence, post text, handle or subject label.
    for secret in ("Eastfield", "Home visit", "drawing", "FrontlineFern", "101", "WCC"):
        assert secret not in body and secret not in message["Subject"], secret

    assert main(args) == 0  # same findings again: persisting, so no e-mail
    assert len(smtp_server.inbox.messages) == 1

    write_archive(archive, {"101": CASE, "102": EMPLOYER})  # a new *high* finding appears
    assert main(args) == 0
    assert len(smtp_server.inbox.messages) == 2
    body = smtp_server.inbox.messages[1].get_payload(decode=True).decode()
    # issue 20 item 5: neutral, the title that says a pseudonymous account exists is not mailed, nor its platform
    assert "1 new finding" in body and "[high] A finding about an account you keep separate" in body
    assert "Pseudonymous" not in body + smtp_server.inbox.messages[1]["Subject"] and "(x)" not in body
    assert "Post may identify" not in body  # persisting, not repeated


def test_below_threshold_sends_nothing(tmp_path: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    archive = write_archive(tmp_path / "x.zip", {"102": EMPLOYER})  # high at most
    config = write_config(tmp_path, archive, notify_toml(smtp_server, threshold="critical"))
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--quiet"]) == 0
    assert smtp_server.inbox.messages == []


def test_wrong_password_is_a_clear_error_and_exit_2(
    tmp_path: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    archive = write_archive(tmp_path / "x.zip", {"101": CASE})
    config = write_config(tmp_path, archive, notify_toml(smtp_server))
    assert main(["run", "--config", str(config), "--output-dir", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "refused the login" in err and "TEST_SMTP_USER" in err and "wrong" not in err
    assert (tmp_path / "o" / "report.json").exists()  # the audit itself still completed


def test_missing_credentials_env_var(smtp_server: Server) -> None:
    config = NotifyConfig(smtp_host="127.0.0.1", smtp_port=smtp_server.port, sender="a@example.org",
                          to=("b@example.org",), username_env="NOPE_USER", password_env="NOPE_PASS",
                          ca_file=smtp_server.ca_file)
    with pytest.raises(NotifyError, match="NOPE_USER is not set"):
        send_notification(result_of([serious("a" * 24)]), config, env={})


def test_untrusted_certificate_is_refused(smtp_server: Server) -> None:
    config = NotifyConfig(smtp_host="127.0.0.1", smtp_port=smtp_server.port, sender="a@example.org",
                          to=("b@example.org",))  # no ca_file: the self-signed test certificate is not trusted
    with pytest.raises(NotifyError, match=r"TLS with 127\.0\.0\.1"):
        send_notification(result_of([serious("a" * 24)]), config, env={})
    assert smtp_server.inbox.messages == []


def serious(fp: str, severity: str = "high", status: str = "new") -> Finding:
    return Finding(fingerprint=fp, check="confidentiality.case_details", category="confidentiality",
                   severity=severity, confidence=0.9, account="x:SecretHandle",  # type: ignore[arg-type]
                   subject=Subject("post", "1800", "Home visit today"), title="Post may identify a person you support",
                   message="Combines work context with an age", status=status,  # type: ignore[arg-type]
                   evidence=(Evidence("text", "Home visit today, little J (6)"),))


def test_message_has_counts_and_titles_only() -> None:
    config = NotifyConfig(smtp_host="smtp.example.org", sender="a@example.org", to=("b@example.org",))
    findings = [serious("a" * 24), serious("b" * 24, "critical"), serious("c" * 24, status="persisting"),
                serious("d" * 24, "medium")]
    message = build_message(result_of(findings), config)
    assert message is not None
    assert message["Subject"] == "Account privacy audit: 2 new findings (1 critical, 1 high)"
    text = message.get_content()
    for secret in ("SecretHandle", "Home visit", "little J", "1800", "Combines"):
        assert secret not in text
    accepted = replace(serious("e" * 24), suppressed=True)
    assert build_message(result_of([accepted, serious("f" * 24, status="persisting")]), config) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[notify]\nfrom = "a@b"\nto = ["c@d"]\n', "'notify.smtp_host' is missing"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nto = ["c@d"]\n', "'notify.from' is missing"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nfrom = "a@b"\n', "'notify.to' is missing"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nfrom = "a@b"\nto = ["c@d"]\nstarttls = false\n',
         "'notify.starttls' may be false only"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nfrom = "a@b"\nto = ["c@d"]\nusername_env = "U"\n',
         "'notify.password_env' is missing"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nfrom = "a@b"\nto = ["c@d"]\nmin_severity = "severe"\n',
         "'notify.min_severity' is 'severe'"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nfrom = "a@b"\nto = ["c@d"]\nsmtp_port = "587"\n',
         "'notify.smtp_port' must be a whole number"),
        ('[notify]\nsmtp_host = "smtp.example.org"\nfrom = "a@b"\nto = ["c@d"]\npassword = "hunter2"\n',
         "'notify.password' is not a known key"),
    ],
)
def test_notify_config_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(tomllib.loads(text), tmp_path / "auditor.toml")


def test_notify_config_defaults(tmp_path: Path) -> None:
    text = '[notify]\nsmtp_host = "localhost"\nfrom = "a@b"\nto = ["c@d"]\nstarttls = false\n'
    config = parse_config(tomllib.loads(text), tmp_path / "auditor.toml").notify
    assert config == NotifyConfig(smtp_host="localhost", sender="a@b", to=("c@d",), starttls=False)
    assert config.min_severity == "high" and config.smtp_port == 587
