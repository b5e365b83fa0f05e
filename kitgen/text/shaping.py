"""Shaping one run of text with one font (OpenType layout through HarfBuzz).

Follows: OpenType 1.9 layout (GSUB/GPOS) as implemented by HarfBuzz (uharfbuzz 0.57,
HarfBuzz 15), with the run's direction from its bidi level (UAX #9), its ISO 15924 script and
its BCP 47 language (HarfBuzz maps the tag to an OpenType language system: ``fa`` → FAR,
``ur`` → URD, ``zh-Hant`` → ZHT, ...). In right-to-left runs HarfBuzz mirrors
Bidi_Mirrored characters (UAX #9 rule L4: checked, ``(`` is drawn with the ``)`` glyph) and
returns glyphs in visual order.

In: font, text, direction, script, language.
Out: :class:`Shaped` (glyph ids, advances and offsets in font units, cluster = code point
offset into the text), cached in an LRU bounded by a glyph budget: the same labels recur
thousands of times in a packet. Scale to points with ``size / font.upem``.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

import uharfbuzz as hb

from .. import memo
from .fonts import Font

__all__ = ["Shaped", "shape", "hb_language", "cache_info", "cache_clear"]

_UNSAFE = int(hb.GlyphFlags.UNSAFE_TO_BREAK)
_FLAGS = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
_ZERO = (0.0, 0.0)

#: BCP 47 tags HarfBuzz would not map to the right OpenType language system on its own.
#: Dari (prs) is written like Persian: shape it as Persian (FAR, which Noto Naskh Arabic has).
_HB_LANG = {"prs": "fa"}


def hb_language(lang: str) -> str:
    """The language tag given to HarfBuzz for a BCP 47 tag."""
    primary = lang.split("-")[0].lower()
    return _HB_LANG.get(primary, lang)


class Shaped:
    """One shaped run, in font units; glyphs in visual order (reversed for RTL).

    Stored compactly (``array('i')``): a cached 300-character paragraph costs about 40 KB.
    """

    __slots__ = (
        "glyphs", "advances", "x_offsets", "y_offsets", "clusters", "char_advances",
        "texts", "rtl", "_buffer", "_unsafe", "_scaled", "_neg",
    )  # fmt: skip

    def __init__(self, text: str, rtl: bool, buf: hb.Buffer) -> None:
        infos = buf.glyph_infos
        positions = buf.glyph_positions
        self.glyphs = array("i", [i.codepoint for i in infos])
        #: code point offset of each glyph's cluster in the shaped text; HarfBuzz keeps them
        #: monotonic (ascending for LTR, descending for RTL), a cluster's glyphs adjacent.
        clusters = [i.cluster for i in infos]
        self.clusters = array("i", clusters)
        advances = [p.x_advance for p in positions]
        self.advances = array("i", advances)
        self.x_offsets = array("i", [p.x_offset for p in positions])
        self.y_offsets = array("i", [p.y_offset for p in positions])
        #: Advance of each code point: a cluster's whole advance on its first code point, 0 on
        #: the others (any range of the text is measured by summing).
        n = len(text)
        identity = range(n - 1, -1, -1) if rtl else range(n)
        if len(clusters) == n and clusters == list(identity):
            # One glyph per code point (most Latin, Cyrillic, CJK text): no cluster work.
            self.char_advances = array("i", advances[::-1] if rtl else advances)
            texts = list(text[::-1] if rtl else text)
        else:
            char_adv = [0] * n
            for c, a in zip(clusters, advances):
                char_adv[c] += a
            self.char_advances = array("i", char_adv)
            # Text of each glyph for copy and search: the cluster's text on its first glyph in
            # logical order (the last of the cluster in visual order when RTL), "" on others.
            starts = sorted(set(clusters))
            ends = dict(zip(starts, starts[1:] + [n]))
            if rtl:
                after = clusters[1:] + [-1]
                texts = [text[c : ends[c]] if c != d else "" for c, d in zip(clusters, after)]
            else:
                before = [-1] + clusters[:-1]
                texts = [text[c : ends[c]] if c != d else "" for c, d in zip(clusters, before)]
        self.texts: tuple[str, ...] = tuple(texts)
        self.rtl = rtl
        self._buffer = buf  # HarfBuzz's glyph flags, read when the run is cut
        self._unsafe: dict[int, bool] = {}
        self._scaled: dict[float, tuple] = {}
        self._neg: array | None = None

    def __len__(self) -> int:
        return len(self.glyphs)

    def unsafe_to_break(self, cluster: int) -> bool:
        """Whether cutting the text before code point ``cluster`` needs reshaping: HarfBuzz's
        ``UNSAFE_TO_BREAK`` on a glyph of that cluster, or no cluster starts there."""
        known = self._unsafe.get(cluster)
        if known is None:
            self.check_cuts((cluster,))
            known = self._unsafe[cluster]
        return known

    def check_cuts(self, clusters: Iterable[int]) -> None:
        """Look up :meth:`unsafe_to_break` for several cut points at once (reading glyph flags
        costs ~0.5 us each and the glyph list ~0.04 us a glyph: only the cut clusters' glyphs
        are read, once)."""
        todo = [c for c in clusters if c not in self._unsafe]
        if not todo:
            return
        infos = None
        for cluster in todo:
            g0, g1 = self.glyph_range(cluster, cluster + 1)
            if g0 == g1 or self.clusters[g0] != cluster:
                self._unsafe[cluster] = True
                continue
            if infos is None:
                infos = self._buffer.glyph_infos
            self._unsafe[cluster] = any(int(infos[g].flags) & _UNSAFE for g in range(g0, g1))

    def glyph_range(self, lo: int, hi: int) -> tuple[int, int]:
        """Indices ``[g0, g1)`` of the glyphs whose cluster is in ``[lo, hi)``."""
        if not self.rtl:
            return bisect_left(self.clusters, lo), bisect_left(self.clusters, hi)
        # Descending clusters: lo <= c < hi  <=>  -hi < -c <= -lo on the ascending negation.
        neg = self._neg
        if neg is None:
            neg = self._neg = array("i", [-c for c in self.clusters])
        return bisect_right(neg, -hi), bisect_right(neg, -lo)

    def scaled(self, scale: float) -> tuple[tuple[float, ...], tuple[tuple[float, float], ...]]:
        """Advances and (dx, dy) offsets multiplied by ``scale`` (cached per scale)."""
        got = self._scaled.get(scale)
        if got is None:
            adv = tuple([a * scale for a in self.advances])
            offs = tuple(
                [
                    (x * scale, y * scale) if x or y else _ZERO
                    for x, y in zip(self.x_offsets, self.y_offsets)
                ]
            )
            got = self._scaled[scale] = (adv, offs)
        return got


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    entries: int
    glyphs: int


class _Cache:
    """LRU of :class:`Shaped`, bounded by the total number of glyphs it holds."""

    def __init__(self, max_glyphs: int) -> None:
        self.max_glyphs = max_glyphs
        self._data: OrderedDict[tuple, Shaped] = OrderedDict()
        #: what was shaped for the packet being built from its family's data (kitgen.memo)
        self._scratch: dict[tuple, Shaped] = {}
        memo.forget_with_packet(self._scratch.clear)
        self._glyphs = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> Shaped | None:
        with self._lock:
            got = self._data.get(key)
            if got is not None:
                self._data.move_to_end(key)
                self.hits += 1
            elif self._scratch and (got := self._scratch.get(key)) is not None:
                self.hits += 1
            else:
                self.misses += 1
            return got

    def put(self, key: tuple, value: Shaped) -> None:
        size = len(value) + 8
        if memo.private():
            self._scratch[key] = value
            return
        with self._lock:
            if key in self._data:
                return
            self._data[key] = value
            self._glyphs += size
            while self._glyphs > self.max_glyphs and len(self._data) > 1:
                _, old = self._data.popitem(last=False)
                self._glyphs -= len(old) + 8

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._data), self._glyphs)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._scratch.clear()
            self._glyphs = 0
            self.hits = self.misses = 0


#: About 130 bytes a glyph (arrays, texts, HarfBuzz's buffer, points at one size): ~50 MB at
#: most, enough for every paragraph of a large packet.
_CACHE = _Cache(max_glyphs=400_000)


def shape(font: Font, text: str, rtl: bool, script: str, lang: str) -> Shaped:
    """Shape ``text`` with ``font`` (cached).

    ``script`` is ISO 15924 (``"Arab"``), ``lang`` BCP 47.
    """
    lang = hb_language(lang)
    key = (font, text, rtl, script, lang)
    got = _CACHE.get(key)
    if got is not None:
        return got
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = script
    buf.language = lang
    buf.flags = _FLAGS
    hb.shape(font.hb_font, buf)
    got = Shaped(text, rtl, buf)
    _CACHE.put(key, got)
    return got


def cache_info() -> CacheInfo:
    """Hits, misses, entries and glyphs of the shaping cache (for measurements)."""
    return _CACHE.info()


def cache_clear() -> None:
    _CACHE.clear()
