"""The settings checklist: settings no API or export shows, asked once and remembered.

The items are data (``auditor/data/checklist.toml``). This module reads them and decides, for
one item, one account and one saved answer, what the report should say: nothing (answered,
safe, recent), or a finding because the item is unanswered, answered "not sure", answered with a
risky option for the account's stance, or answered too long ago to trust. Both ``auditor
checklist`` and the ``settings.checklist`` check use :func:`assess`, so the questionnaire and the
report never disagree.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any, Literal

from auditor.findings import SEVERITIES
from auditor.model import PLATFORMS, STANCES
from auditor.state import Answer

UNSURE = "unsure"
Verdict = Literal["ok", "unanswered", "unsure", "risky", "stale"]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    risky_for: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    platform: str
    setting: str
    severity: str
    title: str
    question: str
    where: str
    link: str
    why: str
    options: tuple[Option, ...]
    stances: tuple[str, ...] = STANCES

    def applies_to(self, platform: str, stance: str) -> bool:
        return self.platform == platform and stance in self.stances

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def label_of(self, value: str) -> str:
        if value == UNSURE:
            return "Not sure"
        option = self.option(value)
        return option.label if option else value


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]
    stale_after: timedelta

    def for_account(self, platform: str, stance: str) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.applies_to(platform, stance))

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    item: ChecklistItem
    answer: Answer | None = None

    @property
    def needs_attention(self) -> bool:
        return self.verdict != "ok"


def assess(item: ChecklistItem, answer: Answer | None, stance: str, as_of: datetime | None,
           stale_after: timedelta) -> Assessment:
    """What one saved answer means for one account today. Risky outranks stale outranks ok."""
    if answer is None:
        return Assessment("unanswered", item)
    if answer.value == UNSURE:
        return Assessment("unsure", item, answer)
    option = item.option(answer.value)
    if option is None:  # an option since removed from the data file: ask again
        return Assessment("unanswered", item)
    if stance in option.risky_for:
        return Assessment("risky", item, answer)
    if as_of is not None and as_of - answer.answered_at > stale_after:
        return Assessment("stale", item, answer)
    return Assessment("ok", item, answer)


@cache
def load_checklist() -> Checklist:
    """The shipped checklist, validated: a malformed data file fails loudly at first use."""
    text = (resources.files("auditor") / "data" / "checklist.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    items = tuple(_item(raw) for raw in data.get("item", []))
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise RuntimeError("checklist.toml: item ids must be unique")
    return Checklist(items, timedelta(days=int(data.get("stale_after_days", 90))))


def _item(raw: dict[str, Any]) -> ChecklistItem:
    where = f"checklist.toml item {raw.get('id')!r}"
    try:
        options = tuple(
            Option(str(o["value"]), str(o["label"]), tuple(o.get("risky_for", ()))) for o in raw["options"]
        )
        item = ChecklistItem(
            id=str(raw["id"]), platform=str(raw["platform"]), setting=str(raw["setting"]),
            severity=str(raw["severity"]), title=str(raw["title"]), question=str(raw["question"]),
            where=str(raw["where"]), link=str(raw.get("link", "")), why=str(raw["why"]), options=options,
            stances=tuple(raw.get("stances", STANCES)),
        )
    except KeyError as exc:
        raise RuntimeError(f"{where} lacks {exc}") from None
    if item.platform not in PLATFORMS or item.severity not in SEVERITIES or not item.id.startswith(
            f"{item.platform}."):
        raise RuntimeError(f"{where}: bad platform, severity or id prefix")
    bad = {s for o in options for s in o.risky_for} | set(item.stances)
    if not bad <= set(STANCES) or len(options) < 2 or any(o.value == UNSURE for o in options):
        raise RuntimeError(f"{where}: options need two or more values (not {UNSURE!r}) and known stances")
    return item
