"""Write a commented config file from a :class:`ConfigPlan` (used by ``auditor init``).

The file must load with :func:`auditor.config.load_config` whatever the user typed, so every value
goes through :func:`toml_string`, which escapes quotes, backslashes and control characters and
refuses text that cannot be stored as UTF-8. Invisible characters (bidirectional overrides,
zero-width marks, line separators) are written as ``\\uXXXX`` escapes: the value is unchanged, but
the file cannot display something other than what it holds. Comments come from
``auditor/data/config_init.toml``, whose texts are kept identical to ``config.example.toml``.

The file holds identity facts, so it is created owner-only (0600) from the start and an
existing file is replaced only when asked to.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from auditor.config import IDENTITY_KINDS, REPORT_FORMATS
from auditor.errors import UserError

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}  # control, format (bidi, zero-width), line/paragraph separators


@dataclass(frozen=True)
class AccountPlan:
    """One ``[[accounts]]`` table: an export at ``archive`` (absolute), or the live API."""

    platform: str
    stance: str
    archive: Path | None = None
    token_env: str | None = None
    handle: str | None = None

    @property
    def uses_api(self) -> bool:
        return self.archive is None


@dataclass(frozen=True)
class ConfigPlan:
    """Everything ``auditor init`` learnt; paths are absolute and made relative when written."""

    output_dir: Path
    role: str = "generic"
    jurisdiction: str = "generic"
    identity: dict[str, tuple[str, ...]] = field(default_factory=dict)
    accounts: tuple[AccountPlan, ...] = ()
    caseload: Path | None = None
    formats: tuple[str, ...] = ("html", "json")


@cache
def init_text() -> dict[str, Any]:
    """The comment and explanation texts (``auditor/data/config_init.toml``)."""
    raw = (resources.files("auditor") / "data" / "config_init.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string that ``tomllib`` reads back exactly."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0xD800 <= code <= 0xDFFF:
            # A lone surrogate: bytes that were not UTF-8 (e.g. from a command line in another encoding).
            raise UserError(f"The value {value.encode('utf-8', 'replace').decode()!r} is not valid text (it holds "
                            f"bytes that are not UTF-8). Type it again in a UTF-8 terminal.")
        elif unicodedata.category(char) in _INVISIBLE:
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def path_text(path: Path, config_dir: Path) -> str:
    """``path`` relative to the config's folder when it is inside it (the file can move with its
    exports), else absolute. Relative paths use ``/``, which the loader reads on every system."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(config_dir))).as_posix() or "."
    except ValueError:
        return str(absolute)


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.strip().splitlines()]


def render_config(plan: ConfigPlan, config_path: Path) -> str:
    """The config file's text for ``plan``, commented like ``config.example.toml``."""
    text = init_text()
    base = config_path.parent
    lines = [*_comment(text["header"]), ""]

    lines += ["[profile]", *_comment(text["profile"]["role"]), f"role = {toml_string(plan.role)}",
              *_comment(text["profile"]["jurisdiction"]), f"jurisdiction = {toml_string(plan.jurisdiction)}", ""]

    kinds = text["identity"]["kinds"]
    lines += ["[identity]", *_comment(text["identity"]["comment"])]
    width = max(len(kind) for kind in IDENTITY_KINDS)
    pairs = [(f"{kind.ljust(width)} = {toml_list(plan.identity.get(kind, ()))}", kinds[kind]["label"])
             for kind in IDENTITY_KINDS]
    column = min(max(len(setting) for setting, _ in pairs), 48) + 1  # comments line up, as in the example
    lines += [f"{setting.ljust(column)}  # {label}" for setting, label in pairs]
    lines.append("")

    caseload_comment = _comment(text["caseload"]["comment"])
    if plan.caseload is not None:
        lines += [caseload_comment[0].removeprefix("# "), *caseload_comment[1:],
                  f"file = {toml_string(path_text(plan.caseload, base))}", ""]
    else:
        lines += [*caseload_comment, '# file = "caseload.csv"', ""]

    for account in plan.accounts:
        lines += _account_lines(account, base, text["accounts"])
    if not plan.accounts:
        lines += [*_comment(text["accounts"]["none_yet"]), ""]

    formats = tuple(f for f in plan.formats if f in REPORT_FORMATS) or ("html", "json")
    lines += ["[report]", *_comment(text["report"]["output_dir"]),
              f"output_dir = {toml_string(path_text(plan.output_dir, base))}",
              *_comment(text["report"]["formats"]), f"formats = {toml_list(formats)}", ""]
    return "\n".join(lines)


def _account_lines(account: AccountPlan, base: Path, text: dict[str, Any]) -> list[str]:
    lines = ["[[accounts]]", *_comment(text["platform"]), f"platform = {toml_string(account.platform)}",
             *_comment(text["stance"]), f"stance   = {toml_string(account.stance)}"]
    if account.archive is not None:
        lines += [*_comment(text["archive"]), f"archive  = {toml_string(path_text(account.archive, base))}"]
    else:
        api = f"{{ token_env = {toml_string(account.token_env)} }}" if account.token_env else "{}"
        note = text["api_notes"].get(f"{account.platform}_api", "")
        lines += [*_comment(text["api"]), f"api      = {api}" + (f"   # {note}" if note else "")]
    lines += _comment(text["handle"])
    if account.handle:
        note = text["api_notes"].get(f"{account.platform}_handle", "") if account.uses_api else ""
        lines.append(f"handle   = {toml_string(account.handle)}" + (f"   # {note}" if note else ""))
    else:
        lines.append('# handle = "@YourHandle"')
    return [*lines, ""]


def write_new_private(path: Path, text: str, replace: bool = False) -> Path:
    """Create ``path`` owner-only (0600) holding ``text``; never replace a file unless ``replace``.

    Unlike :func:`auditor.private_files.write_private`, an existing folder's permissions are left alone
    (the config usually sits in the user's working folder); a folder it has to create is 0700.
    Without ``replace`` the file is created with ``O_EXCL``, so a file that appeared meanwhile is
    never overwritten; with it, a private temporary file is renamed over the old one atomically.
    """
    if path.is_dir():
        raise UserError(f"{path} is a folder. Give --output a file name, such as {path / 'auditor.toml'}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if replace:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.chmod(tmp, 0o600)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        else:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    except FileExistsError:
        raise UserError(f"{path} already exists; it was left unchanged. Add --force to replace it, or "
                        f"choose another file with --output.") from None
    except OSError as exc:
        raise UserError(f"Cannot write {path} ({exc.strerror}). Check the folder's permissions or choose "
                        f"another file with --output.") from None
    return path
