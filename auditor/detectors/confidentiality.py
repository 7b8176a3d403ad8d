"""Confidentiality: a work context combined with details that identify a person.

Regulators agree that details combine: "visit this morning, little J (6), the flat in
Eastfield" names nobody yet identifies a child to anyone local. The scoring rule:

* a **work context** is required: a strong one ("home visit", "my client", "one of my kiddos",
  "a mom I work with", "my 3pm") or a weaker hint ("clinic", "therapy", "my guy",
  "#socialworkmatters");
* with a strong context, **one** kind of identifying detail is enough; with only a hint, it
  takes **two** different kinds;
* kinds of detail: an age or school year, a name or initial, a local place, a school, a health
  condition or treatment, the family's make-up, a date or event, an ethnicity or origin, a job
  or public role, an official identifier (an NHS or Social Security number counts double);
* more kinds raise severity (1 → medium, 2 → high, 3+ → critical) and confidence;
* the user's own family ("my 9yo") is not a detail about someone else, and a post about
  training, research or policy needs a name or initial before it counts; fiction and
  hypotheticals ("in that new movie", "hypothetical!!") are not cases at all.

Two matchers: the context matcher runs on every post; the detail matcher (the larger one)
runs only on posts that have a context, which keeps the whole pass fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from auditor.detectors import identifiers
from auditor.detectors.terms import Match, TermMatcher, load_pack, packs_for
from auditor.detectors.text import NormText, normalise

CONTEXT_LABELS = ("WORK_CONTEXT", "WORK_HINT", "TRAINING_CONTEXT", "FICTION", "OWN_FAMILY")
DETAIL_LABELS = ("AGE", "NAME", "PLACE", "SCHOOL", "CONDITION", "FAMILY", "EVENT", "ETHNICITY", "OCCUPATION",
                 identifiers.LABEL)
_DETAIL_PACKS = ("ages", "names", "places", "schools", "conditions", "family", "events", "ethnicity", "occupation")
_CONTEXT_PACKS = ("work_context", "work_hint", "training_context", "fiction", "own_family")
# details the scorer reads as signals but the rule does not count (common alone; telling in combination)
_SIGNAL_PACKS = ("time_anchors", "status", "venues")
SEVERITY_BY_COUNT = {1: "medium", 2: "high"}


@dataclass(frozen=True)
class Assessment:
    """Why a post may breach confidentiality: its context, its details and the resulting score."""

    context: tuple[Match, ...]
    details: tuple[Match, ...]
    kinds: tuple[str, ...]
    strong: bool
    confidence: float
    severity: str

    @property
    def spans(self) -> list[Match]:
        return sorted({*self.context, *self.details})


class ConfidentialityDetector:
    """Compiled once per audit from the profile (role, jurisdiction) and known local places."""

    def __init__(self, role: str = "generic", jurisdiction: str = "generic",
                 places: Iterable[str] = (), extra_terms: Mapping[str, Iterable[str]] | None = None) -> None:
        extra = {k: tuple(v) for k, v in (extra_terms or {}).items()}
        self._context = TermMatcher(
            [load_pack(n) for n in _CONTEXT_PACKS] + packs_for(CONTEXT_LABELS, role, jurisdiction),
            {k: v for k, v in extra.items() if k in CONTEXT_LABELS},
        )
        detail_extra = {k: v for k, v in extra.items() if k in DETAIL_LABELS}
        detail_extra["PLACE"] = (*detail_extra.get("PLACE", ()), *places)
        self._details = TermMatcher(
            [load_pack(n) for n in _DETAIL_PACKS] + packs_for(DETAIL_LABELS, role, jurisdiction), detail_extra,
        )
        self._signals = TermMatcher([load_pack(n) for n in _SIGNAL_PACKS])

    def assess(self, text: str | NormText) -> Assessment | None:
        return self.examine(text)[0]

    def examine(self, text: str | NormText) -> tuple[Assessment | None, tuple[str, ...]]:
        """The rule's verdict, and every signal it saw (for the learned scorer), thresholds or not."""
        norm = normalise(text)
        found = self._context.find(norm)
        own = [m for m in found if m[2] == "OWN_FAMILY"]
        details = [d for d in self._details.find(norm) + identifiers.find(norm) if not _inside_any(d, own)]
        kinds = tuple(dict.fromkeys(label for _, _, label in details))
        signals = (*(f"ctx:{label}" for label in dict.fromkeys(m[2] for m in found)), *(f"detail:{k}" for k in kinds))
        if found:  # common on their own ("today"); telling only beside a work context
            signals += tuple(f"ctx+{k}" for k in dict.fromkeys(m[2] for m in self._signals.find(norm)))
        strong = [m for m in found if m[2] == "WORK_CONTEXT"]
        hints = [m for m in found if m[2] == "WORK_HINT"]
        if (not strong and not hints) or any(m[2] == "FICTION" for m in found):
            return None, signals
        weight = len(kinds) + (1 if identifiers.LABEL in kinds else 0)
        training = any(m[2] == "TRAINING_CONTEXT" for m in found)
        if (training and "NAME" not in kinds) or weight < (1 if strong else 2):
            return None, signals
        confidence = min(0.95, 0.45 + 0.15 * weight) if strong else min(0.9, 0.35 + 0.15 * weight)
        return Assessment(
            context=tuple(strong or hints),
            details=tuple(details),
            kinds=kinds,
            strong=bool(strong),
            confidence=round(confidence, 2),
            severity=SEVERITY_BY_COUNT.get(weight, "critical"),
        ), (*signals, "conf:rule", f"conf:weight{min(weight, 4)}")


def _inside_any(match: Match, spans: list[Match]) -> bool:
    return any(s <= match[0] and match[1] <= e for s, e, _ in spans)
