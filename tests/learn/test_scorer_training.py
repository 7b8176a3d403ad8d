"""The learned scorer: deterministic training, the shipped model's provenance, and `auditor eval`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from auditor.cli import main
from auditor.detectors.scorer import Featurizer, shipped_scorer
from auditor.learn.corpus import held_out_names, load_corpus, own_corpora, shared_corpora
from auditor.learn.train import fingerprint, fit, prepare, training_corpora

RISKY = ["home visit this morning, the 6yo in the flat above the chippy had no food",
         "my client Kayden (9) told me about his dad's arrest at our session today",
         "three pints at lunch then back on shift, nobody noticed",
         "door code for the supported flat is 7319 if you're on lates"]
CLEAN = ["parkrun this morning then a bacon roll", "the printer is broken again, typical monday",
         "lovely walk with the dog by the canal", "reading a good book on attachment theory"]


def _persona(folder: Path, name: str, role: str = "nurse", jurisdiction: str = "uk") -> Path:
    path = folder / name
    path.mkdir(parents=True)
    (path / "persona.toml").write_text(f'[profile]\nrole = "{role}"\njurisdiction = "{jurisdiction}"\n'
                                       '[identity]\nplaces = ["Ashby"]\n', encoding="utf-8")
    (path / "caseload.csv").write_text("name,aliases,area,birth_year\nKayden Price,,Northgate,2015\n")
    (path / "README.md").write_text("test persona\n")
    lines = []
    for i, text in enumerate(RISKY * 3 + CLEAN * 3):
        labels = (["confidentiality"] if i % 4 < 2 else ["conduct"]) if i < 12 else []
        lines.append(json.dumps({"id": f"{name}-{i}", "text": f"{text} ({name} {i})", "labels": labels,
                                 "why": "Hard negative: test" if not labels else "test"}))
    (path / "posts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_training_is_deterministic_and_learns_the_labels(tmp_path: Path) -> None:
    corpora = [load_corpus(_persona(tmp_path, n)) for n in ("a", "b")]
    featurizer = Featurizer()
    parts = [prepare(c, featurizer) for c in corpora]
    first, second = fit(parts, featurizer), fit(parts, featurizer)
    assert np.array_equal(first.weights, second.weights) and np.array_equal(first.bias, second.bias)
    probs = first.probabilities(RISKY + CLEAN, [[]] * 8)
    assert probs.shape == (8, 2)
    assert probs[:2, 0].min() > probs[4:, 0].max()  # confidentiality ranks the case posts above the clean ones
    assert fingerprint(corpora) == fingerprint([load_corpus(tmp_path / "a"), load_corpus(tmp_path / "b")])


def test_the_shipped_model_never_saw_the_held_out_personas() -> None:
    meta = shipped_scorer().meta
    held = held_out_names()
    assert held, "corpus/split.toml names the held-out personas"
    assert not held & set(meta["trained_on"])
    assert set(meta["trained_on"]) >= {c.name for c in own_corpora() if c.name not in held}


def test_the_shipped_model_is_what_the_training_command_builds() -> None:
    if not shared_corpora():
        pytest.skip("../shared/dev-corpus* is not beside this checkout: the shipped model was trained with it")
    corpora = training_corpora()
    shipped = shipped_scorer()
    assert shipped.meta["corpus_fingerprint"] == fingerprint(corpora), "corpora changed: retrain the model"
    featurizer = Featurizer(shipped.featurizer.rule_weight)
    rebuilt = fit([prepare(c, featurizer) for c in corpora], featurizer, shipped.meta["C"])
    assert np.allclose(rebuilt.weights, shipped.weights, atol=1e-5) and np.allclose(rebuilt.bias, shipped.bias)
    assert rebuilt.triggers == shipped.triggers


def test_eval_reports_leave_one_corpus_out_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b", "c"):
        _persona(tmp_path / "corpus", name)
    assert main(["eval", "--corpus", str(tmp_path / "corpus"), "--shared", str(tmp_path / "none"),
                 "--skip-held-out", "--misses", "1"]) == 0
    out = capsys.readouterr().out
    assert "Leave one corpus out" in out and out.count("confidentiality  P=") == 4  # 3 corpora + pooled


def test_eval_needs_two_corpora(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _persona(tmp_path / "corpus", "a")
    assert main(["eval", "--corpus", str(tmp_path / "corpus"), "--shared", str(tmp_path / "none")]) == 2
    assert "at least two training corpora" in capsys.readouterr().err
