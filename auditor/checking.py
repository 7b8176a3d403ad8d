"""What a check is, how it declares itself, and how checks are found.

Adding a check means adding one module under ``auditor/checks/`` (plus its sibling ``.toml``
with the title, rationale and remediation text, and a test). Nothing else: checks are
discovered by walking the package, and each check's id must equal its module name with the
first ``_`` read as ``.`` (``settings_visibility.py`` → ``settings.visibility``), as in prowler,
so a check is always where its id says.

Checks are pure: they get a normalised snapshot and the audit context, and yield
:class:`Issue` objects. The engine turns issues into full findings (metadata, fingerprint,
standards, remediation), so checks stay small.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar

from auditor.caseload import Caseload
from auditor.config import IdentityFacts, ProfileConfig, UserTerms
from auditor.findings import CATEGORIES, SEVERITIES, Category, Evidence, Severity, Subject
from auditor.model import STANCES, AccountSnapshot, Post
from auditor.state import ChecklistAnswers

Scope = Literal["account", "pair"]
T = TypeVar("T")


@dataclass(frozen=True)
class CheckMeta:
    """Everything about a check that can be shown without running it (`auditor checks`)."""

    id: str
    title: str
    category: Category
    severity: Severity
    rationale: str
    remediation: dict[str, str]
    stances: tuple[str, ...] = STANCES
    platforms: tuple[str, ...] | None = None
    scope: Scope = "account"

    def remediation_for(self, platform: str) -> str:
        """Platform-specific steps where we have them, else the general advice."""
        return self.remediation.get(platform) or self.remediation.get("default", "")


@dataclass(frozen=True)
class Issue:
    """What a check reports; the engine completes it into a :class:`~auditor.findings.Finding`."""

    subject: Subject
    message: str
    evidence: tuple[Evidence, ...] = ()
    severity: str | None = None  # one of SEVERITIES; None means the check's default
    confidence: float = 1.0
    title: str | None = None
    account: str | None = None  # pair checks: the account the finding belongs to


@dataclass(frozen=True)
class AccountPair:
    """A pseudonymous account and a named one of the same user, for linkage checks."""

    anonymous: AccountSnapshot
    named: AccountSnapshot


@dataclass
class AuditContext:
    """The read-only inputs every check may use besides the snapshot.

    ``cached`` lets a check build an expensive matcher (a compiled term pack, say) once per
    audit instead of once per account or post.
    """

    profile: ProfileConfig = field(default_factory=ProfileConfig)
    identity: IdentityFacts = field(default_factory=IdentityFacts)
    checklist: ChecklistAnswers = field(default_factory=ChecklistAnswers)  # settings-checklist answers
    caseload: Caseload | None = field(default=None, repr=False)  # never shown, logged or written
    terms: UserTerms = field(default_factory=UserTerms, repr=False)  # [terms]: matched, never written out
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = factory()
        value: T = self._cache[key]
        return value


CheckFunc = Callable[[Any, AuditContext], Iterable[Issue]]


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    func: CheckFunc
    module: str

    def applies_to(self, snapshot: AccountSnapshot) -> bool:
        platforms = self.meta.platforms
        return snapshot.stance in self.meta.stances and (platforms is None or snapshot.platform in platforms)

    def __call__(self, subject: Any, ctx: AuditContext) -> Iterable[Issue]:
        return self.func(subject, ctx)


def check(
    id: str,
    *,
    category: Category,
    severity: Severity,
    stances: Iterable[str] = STANCES,
    platforms: Iterable[str] | None = None,
    scope: Scope = "account",
) -> Callable[[CheckFunc], Check]:
    """Declare a check; its text (title, rationale, remediation) comes from the sibling .toml."""
    if category not in CATEGORIES or severity not in SEVERITIES:
        raise ValueError(f"check {id}: bad category {category!r} or severity {severity!r}")

    def wrap(func: CheckFunc) -> Check:
        module = func.__module__
        text = check_data(module)
        meta = CheckMeta(
            id=id,
            title=text["title"],
            category=category,
            severity=severity,
            rationale=text["rationale"].strip(),
            remediation={k: v.strip() for k, v in text["remediation"].items()},
            stances=tuple(stances),
            platforms=tuple(platforms) if platforms is not None else None,
            scope=scope,
        )
        return Check(meta, func, module)

    return wrap


@cache
def check_data(module: str) -> dict[str, Any]:
    """The sibling ``.toml`` of a check module: its text and any domain data it needs."""
    package, _, name = module.rpartition(".")
    resource = resources.files(package) / f"{name}.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeError(f"check module {module} has no sibling {name}.toml with its text") from None
    missing = {"title", "rationale", "remediation"} - set(data)
    if missing or "default" not in data.get("remediation", {}):
        raise RuntimeError(f"{name}.toml lacks {sorted(missing) or ['remediation.default']}")
    return data


@cache
def discover_checks(package: str = "auditor.checks") -> tuple[Check, ...]:
    """Import every module of ``package`` and collect its checks, sorted by id."""
    found: dict[str, Check] = {}
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, Check) or value.module != module.__name__:
                continue
            expected = value.meta.id.replace(".", "_", 1)
            if expected != info.name:
                raise RuntimeError(f"check {value.meta.id} must live in {expected}.py, not {info.name}.py")
            if value.meta.id in found:
                raise RuntimeError(f"duplicate check id {value.meta.id}")
            found[value.meta.id] = value
    return tuple(found[key] for key in sorted(found))


def post_subject(post: Post) -> Subject:
    """The report subject for a post: its own id, a short label, its link and date."""
    label = " ".join(post.text.split())
    if len(label) > 60:
        label = label[:59] + "…"
    return Subject("post", post.id, label or f"post {post.id}", post.url, post.created_at)


def setting_subject(key: str) -> Subject:
    return Subject("setting", key, key)
