"""Term packs hold knowledge, not memorised posts (issue #14, item 0).

A pack term or pattern that matches exactly one post across all labelled corpora (the project's
``corpus/`` and the shared ``dev-corpus*``) looks lifted from that post. Each such entry must
carry a source note in ``auditor/data/terms/sources.toml`` (public guidance, a glossary, everyday
language) or leave the pack. ``python -m auditor.learn.pack_audit`` lists them.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from auditor.config import IdentityFacts, ProfileConfig
from auditor.detectors.text import fold
from auditor.learn.corpus import Corpus, LabelledPost, shared_corpora
from auditor.learn.pack_audit import _compiled, justified, labelled_corpora, pack_entries, single_matches


def _corpus(*texts: str) -> Corpus:
    posts = tuple(LabelledPost(str(i), text, frozenset(), "") for i, text in enumerate(texts))
    return Corpus("written", ProfileConfig(), IdentityFacts({}), None, posts)


def test_every_single_match_entry_has_a_source_note() -> None:
    if not shared_corpora():
        pytest.skip("shared dev corpora (../shared/dev-corpus*) are absent: the audit needs every labelled "
                    "corpus, or an entry matched by a shared post would look like a single match")
    known = justified()
    offenders = [f"{file}|{entry}  (only in {pid})" for file, entry, pid in single_matches(labelled_corpora())
                 if f"{file}|{entry}" not in known]
    assert not offenders, (
        f"{len(offenders)} pack entries match exactly one labelled post and have no source note; add "
        "'\"file|entry\" = \"source\"' to auditor/data/terms/sources.toml or remove the entry:\n  "
        + "\n  ".join(offenders))


def test_source_notes_name_existing_entries() -> None:
    text = (resources.files("auditor") / "data" / "terms" / "sources.toml").read_text(encoding="utf-8")
    notes = tomllib.loads(text)["sources"]
    entries = {f"{file}|{entry}" for file, _, entry in pack_entries()}
    stale = sorted(key for key in notes if key not in entries)
    assert not stale, "source notes for entries no pack holds any more:\n  " + "\n  ".join(stale)
    assert all(isinstance(note, str) and note.strip() for note in notes.values())


def test_single_matches_agrees_with_searching_every_pair() -> None:
    # the prefilter only skips searches; the answer must be that of trying each entry on each post
    corpus = _corpus(
        "Strategy discussion this afternoon, then a home visit to the Elm Close flat.",
        "A strategy discussion ran late again; the judge is in the landlord's pocket, apparently.",
        "Went to the pub after the ward round. Bed 7 was discharged on May 3rd.",
        "Our 4yo started school today and my 9am cancelled, so coffee in peace.",
        "Nothing to see here at all.",
    )
    expected = []
    for file, _, entry in pack_entries():
        rx = _compiled(entry)
        if rx is None:
            continue
        cased = entry.startswith("re:(?-i:")
        hits = [f"{corpus.name}/{p.id}" for p in corpus.posts if rx.search(p.text if cased else fold(p.text))]
        if len(hits) == 1:
            expected.append((file, entry, hits[0]))
    assert expected, "the written posts should exercise some single matches"
    assert single_matches([corpus]) == expected
