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

from auditor.detectors.terms import term_regex
from auditor.detectors.text import fold
from auditor.learn.corpus import Corpus, own_corpora, shared_corpora


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


def single_matches(corpora: Sequence[Corpus]) -> list[tuple[str, str, str]]:
    """(file, entry, post id) for every pack entry that matches exactly one labelled post."""
    posts = [(f"{c.name}/{p.id}", p.text, fold(p.text)) for c in corpora for p in c.posts]
    out = []
    for file, _, entry in pack_entries():
        rx = _compiled(entry)
        if rx is None:
            continue
        cased = entry.startswith("re:(?-i:")
        hits = [pid for pid, text, folded in posts if rx.search(text if cased else folded)]
        if len(hits) == 1:
            out.append((file, entry, hits[0]))
    return out


def main() -> int:
    corpora = own_corpora() + shared_corpora()
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
