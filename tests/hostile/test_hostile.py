"""Run the generated hostile corpus (issue #18): each case in its own process, under 60 s CPU and 500 MB.

The corpus (:mod:`tests.hostile.corpus`) is generated here, then every case runs as
``python -m auditor ...`` with ``resource.setrlimit`` limits (address space 500 MB, CPU 60 s)
and a 60 s wall-clock timeout; the cases run in parallel, one per CPU. A case passes when the
run exits with the expected code, says what it must, and prints nothing it must not.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, Case

LIMIT_SECONDS = 60
LIMIT_BYTES = 500 * 1024**2
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    code: int | None  # None: killed by the time limit
    stdout: str
    stderr: str
    seconds: float
    outputs: str  # the text of every report the run wrote


def _limits() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (LIMIT_SECONDS, LIMIT_SECONDS))


def run_case(case: Case, folder: Path) -> Outcome:
    folder.mkdir(parents=True)
    args = case.build(folder)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT),
           "AUDITOR_DATA_DIR": str(folder / "data"), **case.env}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=folder, env=env, capture_output=True,
                              text=True, timeout=LIMIT_SECONDS, preexec_fn=_limits, stdin=subprocess.DEVNULL)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, str(exc.stdout or ""), str(exc.stderr or "")
    seconds = time.monotonic() - started
    reports = "".join(p.read_text(errors="replace") for p in (folder / "out").glob("report.*") if p.is_file()) \
        if (folder / "out").is_dir() else ""
    return Outcome(code, out, err, seconds, reports)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    root = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        ordered = sorted(CASES, key=lambda case: not case.slow)
        futures = {case.name: pool.submit(run_case, case, root / case.name) for case in ordered}
        yield {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_quickly_and_clearly(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert outcome.code is not None, f"{case.name}: still running after {LIMIT_SECONDS} s"
    assert outcome.code == case.code, f"{case.name}: exit {outcome.code}\n{outcome.stderr[-2000:]}"
    for words in case.says:
        assert words in outcome.stderr, f"{case.name}: {words!r} not in: {outcome.stderr[-2000:]}"
    for words in case.never:
        for where, text in (("stdout", outcome.stdout), ("stderr", outcome.stderr), ("reports", outcome.outputs)):
            assert words not in text, f"{case.name}: {words!r} in {where}: {text[-2000:]}"
    if case.after is not None:
        case.after()
