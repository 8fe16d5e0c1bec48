"""A time limit on extraction, so that no input can hold a batch for ever.

Every document taken in adds its budget, ``seconds`` per 100,000 characters (at least
``seconds``), to one deadline; when the documents in flight run past it, the main thread
gets :class:`TimeLimitExceeded`. Batches share a deadline because the pipeline runs a
batch's documents together (and worker processes hold several batches at once):
:func:`quotes.extract.extract` then runs those documents one at a time, each with its
own budget, and the one that runs out is refused alone.

It uses SIGALRM, so it works in the main thread on Unix; elsewhere (a worker thread,
Windows) it does nothing. The clock is stopped while the caller holds a result, so time
spent storing documents never counts.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType

from quotes.errors import QuotesError

PER_CHARACTERS = 100_000
DEFAULT_SECONDS = 60.0  # per 100,000 characters: ~15x the slowest input measured in bench_patho


class TimeLimitExceeded(QuotesError):
    """The documents in flight took longer than their budgets."""


class TimeLimit:
    """Raise TimeLimitExceeded when extraction runs past the budgets of its documents."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.active = bool(seconds) and hasattr(signal, "setitimer") and (
            threading.current_thread() is threading.main_thread())
        self.deadline: float | None = None
        self.paused_left: float | None = None
        self.previous: object = None

    def budget(self, characters: int) -> float:
        """Seconds a document of this length may take."""
        assert self.seconds
        return self.seconds * max(1.0, characters / PER_CHARACTERS)

    def allow(self, characters: int) -> None:
        """A document of ``characters`` is taken in: move the deadline by its budget."""
        if not self.active:
            return
        now = time.monotonic()
        self.deadline = max(self.deadline or now, now) + self.budget(characters)
        if self.paused_left is None:
            signal.setitimer(signal.ITIMER_REAL, self.deadline - now)

    def pause(self) -> None:
        """Stop the clock (the caller holds a result)."""
        if self.active and self.deadline is not None and self.paused_left is None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.paused_left = max(self.deadline - time.monotonic(), 0.001)

    def resume(self) -> None:
        """Start the clock again with the time that was left."""
        if self.active and self.paused_left is not None:
            self.deadline = time.monotonic() + self.paused_left
            self.paused_left = None
            signal.setitimer(signal.ITIMER_REAL, self.deadline - time.monotonic())

    def _expired(self, _signum: int, _frame: FrameType | None) -> None:
        raise TimeLimitExceeded(
            f"took longer than {self.seconds:g} s per {PER_CHARACTERS:,} characters; "
            "refused (raise the limit with --time-limit, or 0 for none)")

    def __enter__(self) -> TimeLimit:
        if self.active:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)  # type: ignore[arg-type]
