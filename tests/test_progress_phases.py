"""Issue 17: a bar with an ETA per phase on a terminal; nothing when piped or with --quiet."""

from __future__ import annotations

import io

from rich.console import Console

from auditor.progress import Progress


def _run(progress: Progress) -> None:
    with progress.phase("Checking", 4) as bar:
        progress.update("100 posts read")
        for _ in range(4):
            bar.advance()


def test_bars_only_on_a_terminal_and_never_quiet() -> None:
    tty = io.StringIO()
    progress = Progress(console=Console(file=tty, force_terminal=True, width=120))
    assert progress.bars
    _run(progress)
    assert "Checking" in tty.getvalue()
    for quiet, terminal in ((False, False), (True, True)):
        out = io.StringIO()
        progress = Progress(quiet=quiet, console=Console(file=out, force_terminal=terminal))
        assert not progress.bars
        with progress.phase("Checking", 4) as bar:
            bar.advance()
        assert out.getvalue() == ""
