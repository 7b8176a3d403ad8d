"""Connectors turn one platform's export archive or API into an :class:`AccountSnapshot`.

A connector is a module named ``<platform>_archive`` or ``<platform>_api`` with a function
``load(account, progress) -> AccountSnapshot``; :func:`load_snapshot` finds it by that name,
so adding a platform adds a module and touches nothing else.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from auditor.config import AccountConfig
from auditor.errors import InputError, UserError
from auditor.model import AccountSnapshot
from auditor.progress import Progress
from connectors.detect import detect_quietly


class ConnectorLoad(Protocol):
    def __call__(self, account: AccountConfig, progress: Progress) -> AccountSnapshot: ...


def connector_for(platform: str, kind: str) -> ConnectorLoad | None:
    """The ``load`` function of ``connectors.<platform>_<kind>``, or None if there is none."""
    try:
        module = importlib.import_module(f"connectors.{platform}_{kind}")
    except ModuleNotFoundError as exc:
        if exc.name == f"connectors.{platform}_{kind}":
            return None
        raise
    return cast(ConnectorLoad, module.load)


def load_snapshot(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    """Read one configured account through the matching connector."""
    kind = "archive" if account.archive else "api"
    load = connector_for(account.platform, kind)
    if load is None:
        other = "api" if kind == "archive" else "archive"
        hint = (f" Use '{other}' instead for this platform."
                if connector_for(account.platform, other) else "")
        raise UserError(f"{account.where}: reading {account.platform} from an {kind} is not supported "
                        f"yet.{hint}")
    if account.archive:
        _check_platform(account, progress)
    snapshot = load(account, progress)
    if account.platform_detected:
        snapshot.notes.append(f"The platform was not set in the config; this export was detected as "
                              f"{account.platform}.")
    return snapshot


def _check_platform(account: AccountConfig, progress: Progress) -> None:
    """Refuse an export of another platform than the one declared; say which one was detected."""
    detected = detect_quietly(account.archive)
    shown = " + ".join(str(p) for p in account.archive)
    if account.platform_detected:
        progress.step(f"  {account.where}: detected a {account.platform} export in {shown}")
    elif detected is not None and detected != account.platform:
        raise InputError(f"{account.where}: platform is '{account.platform}' but {shown} looks like a "
                         f"{detected} export. Fix 'platform' (or remove it to let the auditor detect it), "
                         f"or point 'archive' at the {account.platform} export.")
