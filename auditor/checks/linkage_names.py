"""linkage.names: handles or display names that resemble each other across the two accounts.

Tools such as Sherlock and Maigret try a handle, and variations of it, on hundreds of sites.
``hattie_ok`` and ``HattieOkafor`` are one guess apart; a former handle of the pseudonymous
account that equals (or nearly equals) the named account's is worse, because sites that track
handle changes keep it. Names are compared after folding case, separators and digits, with
rapidfuzz: the plain ratio for whole names and the partial ratio for one name inside another.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.detectors.text import fold_cased
from auditor.findings import Evidence
from auditor.model import AccountSnapshot

CHECK_ID = "linkage.names"
_NOT_LETTERS = re.compile(r"[^a-z]+")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")  # camelCase, snake_case, digits and emoji split words


def fold(name: str, generic: frozenset[str] = frozenset()) -> str:
    """``TheNurse_HattieOk 🌿`` → ``hattieok``: what is left once case, decoration and generic words go.

    Generic words (``nurse``, ``uk``, ``official``…) are shared by thousands of unrelated handles,
    so ``socialworkerjo`` and ``socialworkersam`` must not look alike. They are removed as whole
    words and as a prefix or suffix of a run-together handle, unless that would leave too little.
    """
    words = [w.lower() for w in _WORDS.findall(fold_cased(name))]  # "Łukasz" → "lukasz", as everywhere
    folded = "".join(w for w in words if w not in generic)
    changed = True
    while changed:
        changed = False
        for word in sorted(generic, key=len, reverse=True):
            before = folded
            for cut in (before.removeprefix(word), before.removesuffix(word)):
                if cut != before and len(cut) >= 3:
                    folded, changed = cut, True
                    break
    return _NOT_LETTERS.sub("", folded)


def similarity(a: str, b: str, min_partial: int) -> float:
    """0-100: whole-name ratio, or the partial ratio when the shorter name is long enough to mean it."""
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= min_partial:
        score = max(score, fuzz.partial_ratio(a, b))
    return float(score)


def _names(snapshot: AccountSnapshot) -> list[tuple[str, str]]:
    """(what, name) pairs: the handle, former handles and the display name."""
    names = [("handle", "@" + snapshot.handle)]
    names += [("former handle", "@" + old) for old in snapshot.profile.previous_handles]
    if snapshot.profile.display_name:
        names.append(("display name", snapshot.profile.display_name))
    return names


@linkage_check(CHECK_ID, severity="high", order=2)
def run(pair: AccountPair) -> list[Signal]:
    data = check_data(__name__)["limits"]
    generic = frozenset(check_data(__name__)["generic"]["words"])
    best: tuple[float, tuple[str, str], tuple[str, str]] | None = None
    for anon in _names(pair.anonymous):
        for named in _names(pair.named):
            a, b = fold(anon[1], generic), fold(named[1], generic)
            if min(len(a), len(b)) < data["min_letters"]:
                continue
            score = similarity(a, b, data["min_partial_letters"])
            if best is None or score > best[0]:
                best = (score, anon, named)
    if best is None or best[0] < data["similar"]:
        return []
    score, (anon_what, anon_name), (named_what, named_name) = best
    strong = score >= data["near_identical"]
    former = anon_what == "former handle"
    title = "Pseudonymous account once used your named handle" if former and strong else \
        "Similar names on both accounts"
    return [Signal(
        check=CHECK_ID,
        strength="strong" if strong else "moderate",
        subject_id="names",
        title=title,
        message=(f"The {anon_what} {anon_name} of {pair.anonymous.key} and the {named_what} {named_name} of "
                 f"{pair.named.key} are {round(score)}% alike. Tools that try a name and its variants on "
                 f"every platform (Sherlock, Maigret) connect them."),
        plain=f"by trying variants of your {named_what} {named_name}, which resembles this account's "
              f"{anon_what} {anon_name}",
        evidence=(Evidence(f"{pair.anonymous.key} {anon_what}", anon_name),
                  Evidence(f"{pair.named.key} {named_what}", named_name)),
    )]
