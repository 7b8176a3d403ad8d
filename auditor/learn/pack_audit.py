"""Which term-pack entries look memorised: each term or pattern that matches exactly one labelled post.

A term written from domain knowledge ("strategy discussion", "key safe") matches many posts by
many writers, or none; a phrase lifted from one post matches that post and nothing else. Such
an entry must say where it came from in ``data/terms/sources.toml`` or be removed; the test
``tests/detectors/test_pack_audit.py`` holds the packs to that. Run as a script to list them:
``python -m auditor.learn.pack_audit``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources

from auditor.detectors.prefilter import PatternFilter
from auditor.detectors.terms import term_regex
from auditor.detectors.text import fold
from auditor.learn.corpus import OWN_CORPUS, Corpus, load_corpus, shared_corpora

_BATCH = 300  # entries per RE2 set: one automaton stays well inside the prefilter's memory cap


def pack_entries() -> Iterator[tuple[str, str, str]]:
    """(file, label, entry) for every term and pattern of every pack, roles and jurisdictions included."""
    root = resources.files("auditor") / "data" / "terms"
    files = [(e.name, e) for e in root.iterdir() if e.name.endswith(".toml") and e.name != "sources.toml"]
    for sub in ("roles", "jurisdictions"):
        files += [(f"{sub}/{e.name}", e) for e in (root / sub).iterdir() if e.name.endswith(".toml")]
    for name, entry in sorted(files, key=lambda f: f[0]):
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        tables = [(data.get("label", "?"), data)] + [(k, v) for k, v in data.items() if isinstance(v, dict)]
        for label, table in tables:
            for term in table.get("terms", ()) if isinstance(table.get("terms"), list) else ():
                if isinstance(term, str):
                    yield name, label, term
            for pattern in table.get("patterns", ()) if isinstance(table.get("patterns"), list) else ():
                yield name, label, f"re:{pattern}"


def _compiled(entry: str) -> re.Pattern[str] | None:
    try:
        if entry.startswith("re:"):
            body = entry[3:]
            return re.compile(body[5:-1]) if body.startswith("(?-i:") else re.compile(body, re.IGNORECASE)
        return re.compile(term_regex(fold(entry)), re.IGNORECASE)
    except re.error:
        return None


@cache
def justified() -> dict[str, str]:
    """``file|entry`` → the source note of a reviewed single-match entry."""
    text = (resources.files("auditor") / "data" / "terms" / "sources.toml").read_text(encoding="utf-8")
    return {k: str(v) for k, v in tomllib.loads(text).get("sources", {}).items()}


def _prefilter_source(entry: str) -> str:
    """The entry as the Python regex the prefilter translates (case-insensitive unless it asks for case)."""
    if entry.startswith("re:"):
        body = entry[3:]
        return body if body.startswith("(?-i:") else f"(?i:{body})"
    return f"(?i:{term_regex(fold(entry))})"


def single_matches(corpora: Sequence[Corpus]) -> list[tuple[str, str, str]]:
    """(file, entry, post id) for every pack entry that matches exactly one labelled post.

    Thousands of entries times thousands of posts is too many ``re`` searches, so one RE2 set
    pass per post and batch of entries (:class:`PatternFilter`, a superset) names the entries
    that may match; only those run in ``re``, so the result is that of searching every pair.
    """
    posts = [(f"{c.name}/{p.id}", p.text, fold(p.text)) for c in corpora for p in c.posts]
    compiled = {entry: _compiled(entry) for _, _, entry in pack_entries()}
    hits: dict[str, list[str]] = {}
    for cased in (True, False):
        group = sorted(e for e, rx in compiled.items() if rx is not None and e.startswith("re:(?-i:") == cased)
        for start in range(0, len(group), _BATCH):
            batch = group[start:start + _BATCH]
            regexes = [compiled[e] for e in batch]
            prefilter = PatternFilter([_prefilter_source(e) for e in batch])
            for pid, text, folded in posts:
                view = text if cased else folded
                mask, i = prefilter.candidates(view), 0
                while mask:
                    if mask & 1:
                        rx = regexes[i]
                        if rx is not None and rx.search(view):
                            hits.setdefault(batch[i], []).append(pid)
                    mask >>= 1
                    i += 1
    return [(file, entry, hits[entry][0]) for file, _, entry in pack_entries() if len(hits.get(entry, ())) == 1]


def labelled_corpora() -> list[Corpus]:
    """The project's persona folders that have posts (others may still be being written) and the shared ones."""
    folders = sorted(OWN_CORPUS.iterdir()) if OWN_CORPUS.is_dir() else []
    ready = [d for d in folders if (d / "persona.toml").exists() and (d / "posts.jsonl").exists()]
    return [load_corpus(d) for d in ready] + shared_corpora()


def main() -> int:
    corpora = labelled_corpora()
    found = single_matches(corpora)
    known = justified()
    for file, entry, pid in found:
        mark = "ok " if f"{file}|{entry}" in known else "?? "
        print(f"{mark}{file}\t{entry}\t{pid}")
    print(f"{len(found)} entries match one post in {sum(len(c.posts) for c in corpora)} posts; "
          f"{sum(1 for f, e, _ in found if f'{f}|{e}' not in known)} without a source note")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
