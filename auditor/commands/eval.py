"""``auditor eval``: how well the post scorer judges posts it was not trained on.

Every corpus found (the project's ``corpus/`` personas and the shared ``dev-corpus*`` folders)
is scored by a model trained on all the other training corpora (leave one corpus out), and the
frozen held-out personas by a model trained on every training corpus, so no figure printed
here comes from posts the model saw. For each corpus and label it prints precision, recall,
F1 and how many hard negatives were flagged, then the misclassified posts with the corpus's
own ``why``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor.detectors.scorer import LABELS, Featurizer
from auditor.errors import UserError
from auditor.learn.corpus import OWN_CORPUS, SHARED, held_out_names, own_corpora, shared_corpora
from auditor.learn.evaluate import Score, leave_one_out, pooled, score
from auditor.learn.train import RULE_WEIGHT, fit, prepare


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("eval", help="measure the post scorer: leave one corpus out, and the held-out personas")
    parser.add_argument("--corpus", type=Path, default=OWN_CORPUS, help="the project's persona folders (corpus/)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder with the shared dev-corpus* folders")
    parser.add_argument("--misses", type=int, default=5, metavar="N",
                        help="misclassified posts to list per corpus and label (default 5; 0 for none)")
    parser.add_argument("--skip-held-out", action="store_true", help="do not measure the held-out personas")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    held = held_out_names()
    own = own_corpora(args.corpus)
    training = [c for c in own if c.name not in held] + shared_corpora(args.shared)
    if len(training) < 2:
        raise UserError(f"auditor eval needs at least two training corpora; found {len(training)} in "
                        f"{args.corpus} and {args.shared}.")
    featurizer = Featurizer(RULE_WEIGHT)
    parts = [prepare(c, featurizer) for c in training]
    print("Leave one corpus out (each corpus scored by a model trained without it):")
    results = []
    for name, result in leave_one_out(parts, featurizer):
        results.append(result)
        _report(name, result, args.misses)
    _report("ALL (pooled)", pooled(results), 0)
    if held and not args.skip_held_out:
        print("\nHeld-out personas (frozen in corpus/split.toml; never trained or tuned on):")
        scorer = fit(parts, featurizer)
        held_results = []
        for corpus in (c for c in own if c.name in held):
            result = score(scorer, prepare(corpus, featurizer))
            held_results.append(result)
            _report(corpus.name, result, args.misses)
        _report("HELD-OUT (pooled)", pooled(held_results), 0)
    return 0


def _report(name: str, result: dict[str, Score], misses: int) -> None:
    print(f"\n{name}")
    for label in LABELS:
        print(f"  {label:16s} {result[label].line()}")
    for label in LABELS:
        for kind, p, post in result[label].misses[:misses]:
            print(f"    {kind} {label} p={p:.2f} {post.id}: {' '.join(post.text.split())[:140]}")
            if post.why:
                print(f"       why: {post.why[:140]}")
