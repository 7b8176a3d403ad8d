"""Progress messages on stderr, so long reads of big exports never look hung.

Connectors call :meth:`Progress.update` as they stream; the terminal shows a live line when
stderr is a terminal, plain lines otherwise, and nothing with ``--quiet``. Progress text never
carries post content or names: counts and file names only.

Issue 17: the three phases of a run (reading, checking, writing) each get a ``rich.progress`` bar
with an ETA (:meth:`Progress.phase`), only on a terminal and never with ``--quiet``; elsewhere a
phase is silent apart from the milestones :meth:`step` prints, so logs and pipes stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as Bars


class Phase:
    """One phase's bar; :meth:`advance` moves it on. A phase without a bar ignores both calls."""

    def __init__(self, bars: Bars | None = None, task: TaskID | None = None, name: str = "") -> None:
        self._bars, self._task, self._name = bars, task, name

    def advance(self, steps: float = 1) -> None:
        if self._bars is not None and self._task is not None:
            self._bars.advance(self._task, steps)

    def detail(self, text: str) -> None:
        """A running count shown beside the phase's name (counts and file names only)."""
        if self._bars is not None and self._task is not None:
            self._bars.update(self._task, description=f"{self._name} · {text}")


class Progress:
    def __init__(self, quiet: bool = False, console: Console | None = None) -> None:
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False)
        self._last = 0.0
        self._phase: Phase | None = None

    @property
    def bars(self) -> bool:
        """Bars are drawn only on a terminal and never with ``--quiet``."""
        return not self.quiet and self.console.is_terminal

    def step(self, message: str) -> None:
        """A milestone, always shown unless quiet."""
        if not self.quiet:
            self.console.print(message, markup=False)

    def update(self, message: str, every: float = 1.0) -> None:
        """A running count; shown at most once per ``every`` seconds (inside a phase: beside its bar)."""
        if self._phase is not None and self.bars:
            self._phase.detail(message.strip())
            return
        now = time.monotonic()
        if not self.quiet and now - self._last >= every:
            self._last = now
            self.console.print(f"  {message}", markup=False)

    @contextmanager
    def phase(self, name: str, total: float | None) -> Iterator[Phase]:
        """A bar with an ETA for ``name`` ("Reading", "Checking", "Writing") over ``total`` steps."""
        if not self.bars:
            yield Phase()
            return
        bars = Bars(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=True)
        with bars:
            phase = Phase(bars, bars.add_task(name, total=total), name)
            outer, self._phase = self._phase, phase
            try:
                yield phase
            finally:
                self._phase = outer


SILENT = Progress(quiet=True)
