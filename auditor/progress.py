"""Progress messages on stderr, so long reads of big exports never look hung.

Connectors call :meth:`Progress.update` as they stream; the terminal shows a live line when
stderr is a terminal, plain lines otherwise, and nothing with ``--quiet``. Progress text never
carries post content or names: counts and file names only.
"""

from __future__ import annotations

import time

from rich.console import Console


class Progress:
    def __init__(self, quiet: bool = False, console: Console | None = None) -> None:
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False)
        self._last = 0.0

    def step(self, message: str) -> None:
        """A milestone, always shown unless quiet."""
        if not self.quiet:
            self.console.print(message, markup=False)

    def update(self, message: str, every: float = 1.0) -> None:
        """A running count; shown at most once per ``every`` seconds."""
        now = time.monotonic()
        if not self.quiet and now - self._last >= every:
            self._last = now
            self.console.print(f"  {message}", markup=False)


SILENT = Progress(quiet=True)
