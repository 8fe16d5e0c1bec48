"""Several hosts fetched at once, each host one request at a time, the answers handed on
in the order they were asked for (so that what is stored, and in which order, is what a
single fetcher would store).

Workers take the first URL not yet fetched whose host no other worker is asking; a URL
too far ahead of the one the caller waits for waits too (AHEAD), so that pages do not
pile up in memory while extraction is the slower part.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from quotes.fetch import host_of

Result = TypeVar("Result")
AHEAD = 8  # pages fetched ahead of the one being handed on, per worker


def fetch_in_order(fetch: Callable[[str], Result], urls: Iterable[str],
                   jobs: int = 1) -> Iterator[Result]:
    """``fetch(url)`` for each URL, results in the URLs' order; with ``jobs`` > 1, that
    many threads fetch, never two at once from one host. ``fetch`` must not raise (it
    returns its errors)."""
    pending = list(urls)
    if jobs <= 1 or len(pending) <= 1:
        yield from map(fetch, pending)
        return
    schedule: _Schedule[Result] = _Schedule(pending, jobs * AHEAD)
    workers = [threading.Thread(target=schedule.work, args=(fetch,), daemon=True)
               for _ in range(min(jobs, len(pending)))]
    for worker in workers:
        worker.start()
    try:
        for index in range(len(pending)):
            yield schedule.result(index)
    finally:  # the caller stopped early (an interrupt, an error): the workers stop too
        schedule.close()
        for worker in workers:
            worker.join()


class _Schedule(Generic[Result]):
    """Which URL each worker fetches next, and the results waiting to be handed on."""

    def __init__(self, urls: list[str], ahead: int) -> None:
        self.urls, self.ahead = urls, ahead
        self.hosts = [host_of(u) for u in urls]
        self.started = [False] * len(urls)
        self.done: dict[int, tuple[Result | None, BaseException | None]] = {}
        self.busy: set[str] = set()  # hosts being asked now
        self.handed = 0  # results handed on so far
        self.closed = False
        self.changed = threading.Condition()

    def _next(self) -> int | None:
        """The first URL not started whose host is free, within reach; None: none now."""
        for index in range(self.handed, min(len(self.urls), self.handed + self.ahead)):
            if not self.started[index] and self.hosts[index] not in self.busy:
                return index
        return None

    def _finished(self) -> bool:
        return self.closed or all(self.started)

    def work(self, fetch: Callable[[str], Result]) -> None:
        while True:
            with self.changed:
                index = self._next()
                while index is None and not self._finished():
                    self.changed.wait()
                    index = self._next()
                if index is None:
                    return
                self.started[index] = True
                self.busy.add(self.hosts[index])
            outcome: tuple[Result | None, BaseException | None]
            try:
                outcome = (fetch(self.urls[index]), None)
            except BaseException as error:  # a bug: raised again in the caller's thread
                outcome = (None, error)
            with self.changed:
                self.busy.discard(self.hosts[index])
                self.done[index] = outcome
                self.changed.notify_all()

    def result(self, index: int) -> Result:
        with self.changed:
            while index not in self.done:
                self.changed.wait()
            self.handed = index + 1
            self.changed.notify_all()
            found, error = self.done.pop(index)
        if error is not None:
            raise error
        return found  # type: ignore[return-value]  # None only with an error

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()
