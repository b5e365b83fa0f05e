"""The kiosk's memory: each family's answers, held only in this process, only for a while.

A :class:`Visit` is created when a family picks its language and lives in a dict keyed by a
random token (the only thing the browser's cookie holds); with the answers it keeps the
family's choice of large print (for the pages and the packet). It is dropped when the family
presses "Finish and erase", when it has been idle for ``timeout`` seconds, and when the server
stops (the process ends; nothing was ever written anywhere). Dropping clears the answers and the
packet in place first, so no other reference keeps them alive by accident.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Visit:
    lang: str
    answers: dict[str, Any]
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    seen: float = field(default_factory=time.monotonic)
    packet: bytes | None = None
    visited: set[str] = field(default_factory=set)  # steps posted at least once
    large_print: bool = False  # the family's choice: larger pages here, a large-print packet
    #: why the last "Make my packet" could not print answers that passed every check (a
    #: number too long for its line, in large print): shown on the review page until they change
    problems: list[Any] = field(default_factory=list)

    def wipe(self) -> None:
        self.answers.clear()
        self.packet = None
        self.visited.clear()
        self.large_print = False
        self.problems.clear()


class Store:
    """Visits by token; thread-safe (the server answers requests on several threads)."""

    def __init__(self, timeout: float, clock: Any = time.monotonic) -> None:
        self.timeout = timeout
        self.clock = clock
        self._visits: dict[str, Visit] = {}
        self._lock = threading.Lock()

    def create(
        self, lang: str, answers: dict[str, Any], large_print: bool = False
    ) -> tuple[str, Visit]:
        token = secrets.token_urlsafe(32)
        visit = Visit(lang, answers, seen=self.clock(), large_print=large_print)
        with self._lock:
            self._sweep()
            self._visits[token] = visit
        return token, visit

    def get(self, token: str | None) -> Visit | None:
        """The visit of ``token`` if it is still alive, marked as seen now."""
        if not token:
            return None
        with self._lock:
            self._sweep()
            visit = self._visits.get(token)
            if visit is not None:
                visit.seen = self.clock()
            return visit

    def drop(self, token: str | None) -> None:
        with self._lock:
            visit = self._visits.pop(token or "", None)
        if visit is not None:
            visit.wipe()

    def clear(self) -> None:
        with self._lock:
            visits = list(self._visits.values())
            self._visits.clear()
        for visit in visits:
            visit.wipe()

    def sweep(self) -> None:
        with self._lock:
            self._sweep()

    def __len__(self) -> int:
        with self._lock:
            return len(self._visits)

    def _sweep(self) -> None:
        now = self.clock()
        for token in [t for t, v in self._visits.items() if now - v.seen > self.timeout]:
            self._visits.pop(token).wipe()
