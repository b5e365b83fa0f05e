"""Caches kept across packets, and the rule they follow: nothing about a family stays behind.

A process that builds many packets (a batch worker, the kiosk) keeps what it computed for one
packet to reuse in the next: shaped and set paragraphs, drawing plans, template text. Anything
made from a family's data (what it typed, dates and numbers formatted from it, the glyphs of its
names) may be remembered only while that family's packet is being built. So every cache here
has two tiers:

* *kept*: bounded, and kept across packets. Only work marked :func:`public` goes there: text
  that comes from the templates, catalogs, region packs and legal sources, never from a family.
* *scratch*: anything else computed inside :func:`family_scope` (a packet being built). It is
  emptied when the outermost scope ends, so it never outlives its packet.

Outside any family scope (posters, card sheets, intake forms: no family data) work is public.
Inside one, work is private unless a caller that knows it handles no family data says
:func:`public`. A value looked up is found in either tier; the tiers differ only in how long
they keep it, so a PDF never depends on what an earlier packet left behind.

Objects made by public work (set paragraphs' glyph runs) can be :func:`publish`-ed, so that a
later stage that only sees the object (drawing) knows it may keep what it derives from it.

The kept tiers make a long-lived process hold many objects, and Python's cyclic garbage
collector walks them all again at each full collection (measured: 200-480 ms a time with
the caches of 20 languages, to find nothing). :func:`collector_paused` holds it off while one
packet is built; it runs after, as usual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_state = threading.local()
_MEMOS: list[Memo[Any, Any]] = []
_FORGET: list[Callable[[], None]] = []
_PUBLISHED: dict[int, object] = {}
#: Objects kept as published at most (then all are forgotten: a later packet re-derives them).
PUBLISHED_LIMIT = 400_000


def _stack() -> list[bool]:
    stack = getattr(_state, "stack", None)
    if stack is None:
        stack = _state.stack = []
    return stack


def private() -> bool:
    """Whether work now may involve a family's data (it is remembered for this packet only)."""
    stack = _stack()
    return stack[-1] if stack else False


@contextmanager
def family_scope() -> Iterator[None]:
    """Build one family's packet inside this block: what its caches learn that is not
    :func:`public` is forgotten when the outermost scope ends (normally or by an error)."""
    stack = _stack()
    stack.append(True)
    try:
        yield
    finally:
        stack.pop()
        if not any(stack):
            forget()


@contextmanager
def public() -> Iterator[None]:
    """Work inside this block handles no family data: its results may be kept."""
    stack = _stack()
    stack.append(False)
    try:
        yield
    finally:
        stack.pop()


_pause_lock = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one bounded piece of work (a packet, a
    poster). Building a packet leaves a few thousand objects in cycles (reportlab's document,
    Jinja's macros), which the collector frees once it runs again; meanwhile it does not walk
    the caches again and again. Measured on 100 packets of 20 languages in one process: 20.8
    s of CPU with the collector running throughout, 16.6 s paused per packet, 14.4 s never
    collecting (but then 675 MB instead of 360 MB). Nested and threaded uses share one pause;
    a collector that was off stays off."""
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def forget() -> None:
    """Empty every scratch tier (the end of a packet)."""
    for memo in _MEMOS:
        memo.scratch.clear()
    for clear in _FORGET:
        clear()


def forget_with_packet(clear: Callable[[], None]) -> None:
    """Call ``clear`` at the end of every packet (a cache that has no scratch tier of its own,
    such as an ``lru_cache`` of texts)."""
    _FORGET.append(clear)


def publish(obj: object) -> None:
    """Mark ``obj`` (made by public work) as holding no family data."""
    if len(_PUBLISHED) >= PUBLISHED_LIMIT:
        _PUBLISHED.clear()
    _PUBLISHED[id(obj)] = obj  # held: its id is not reused while it is here


def published(obj: object) -> bool:
    return _PUBLISHED.get(id(obj)) is obj


class Memo(Generic[K, V]):
    """A cache with a kept tier (at most ``limit`` entries, oldest forgotten first) and a
    scratch tier for the packet being built (see the module docstring)."""

    __slots__ = ("kept", "scratch", "limit", "name")

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.kept: dict[K, V] = {}
        self.scratch: dict[K, V] = {}
        _MEMOS.append(self)

    def get(self, key: K) -> V | None:
        value = self.kept.get(key)
        if value is None and self.scratch:
            value = self.scratch.get(key)
        return value

    def put(self, key: K, value: V, keep: bool | None = None) -> None:
        """Remember ``value``: kept when ``keep`` (default: when the work now is public),
        else for this packet only."""
        if keep is None:
            keep = not private()
        if keep:
            kept = self.kept
            if len(kept) >= self.limit:
                kept.pop(next(iter(kept)))  # oldest first
            kept[key] = value
        else:
            self.scratch[key] = value

    def setdefault(self, key: K, value: V) -> V:
        """Keep ``value`` unless ``key`` is known (prepared typesetting loads this way)."""
        got = self.get(key)
        if got is None:
            self.put(key, value, keep=True)
            return value
        return got

    def adopt(self, entries: dict[K, V]) -> dict[K, V]:
        """Keep the entries whose key is not known yet, as many as fit under the limit
        (prepared typesetting loads this way: into an empty cache, in one step); returns
        those kept."""
        kept = self.kept
        if kept or self.scratch:
            entries = {key: value for key, value in entries.items() if self.get(key) is None}
        room = self.limit - len(kept)
        if len(entries) > room:
            entries = dict(list(entries.items())[: max(room, 0)])
        kept.update(entries)
        return entries

    def items(self) -> Iterator[tuple[K, V]]:
        """The kept entries (prepared typesetting is written from these)."""
        return iter(list(self.kept.items()))

    def __len__(self) -> int:
        return len(self.kept) + len(self.scratch)

    def clear(self) -> None:
        self.kept.clear()
        self.scratch.clear()
