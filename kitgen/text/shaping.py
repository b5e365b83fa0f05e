"""Shaping one run of text with one font (OpenType layout through HarfBuzz).

Follows: OpenType 1.9 layout (GSUB/GPOS) as implemented by HarfBuzz (uharfbuzz 0.57,
HarfBuzz 15), with the run's direction from its bidi level (UAX #9), its ISO 15924 script and
its BCP 47 language (HarfBuzz maps the tag to an OpenType language system: ``fa`` → FAR,
``ur`` → URD, ``zh-Hant`` → ZHT, ...). In right-to-left runs HarfBuzz mirrors
Bidi_Mirrored characters (UAX #9 rule L4) and returns glyphs in visual order.

In: font, text, direction, script, language.
Out: :class:`Shaped` (glyph ids, advances and offsets in font units, cluster = code point
offset into the text, unsafe-to-break flags), cached in an LRU: the same labels recur thousands
of times in a packet. Scale to points with ``size / font.upem``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import uharfbuzz as hb

from .fonts import Font

__all__ = ["Shaped", "shape", "hb_language"]

_UNSAFE = int(hb.GlyphFlags.UNSAFE_TO_BREAK)
_FLAGS = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
_ZERO = (0.0, 0.0)

#: BCP 47 tags HarfBuzz would not map to the right OpenType language system on its own.
#: Dari (prs) is written like Persian: HarfBuzz maps ``prs`` to DRI, which Noto Naskh Arabic
#: does not have, so shape it as Persian (FAR: Persian digit forms ۴۵۶).
_HB_LANG = {"prs": "fa"}


def hb_language(lang: str) -> str:
    """The language tag given to HarfBuzz for a BCP 47 tag."""
    primary = lang.split("-")[0].lower()
    return _HB_LANG.get(primary, lang)


class Shaped:
    """One shaped run, in font units; glyphs in visual order (reversed for RTL)."""

    __slots__ = (
        "glyphs", "advances", "x_offsets", "y_offsets", "clusters", "char_advances",
        "cluster_starts", "texts", "rtl", "_infos", "_scaled",
    )  # fmt: skip

    def __init__(self, text: str, rtl: bool, infos, positions) -> None:
        self.glyphs: tuple[int, ...] = tuple([i.codepoint for i in infos])
        #: code point offset of each glyph's cluster in the shaped text
        self.clusters: tuple[int, ...] = tuple([i.cluster for i in infos])
        self.advances: tuple[int, ...] = tuple([p.x_advance for p in positions])
        self.x_offsets: tuple[int, ...] = tuple([p.x_offset for p in positions])
        self.y_offsets: tuple[int, ...] = tuple([p.y_offset for p in positions])
        clusters = self.clusters
        #: Advance of each code point: a cluster's whole advance on its first code point, 0 on
        #: the others (any range of the text is measured by summing).
        char_adv = [0] * len(text)
        for c, a in zip(clusters, self.advances):
            char_adv[c] += a
        self.char_advances: tuple[int, ...] = tuple(char_adv)
        self.cluster_starts: frozenset[int] = frozenset(clusters)
        # Text of each glyph for copy and search: the cluster's text on its first glyph in
        # logical order (the last of the cluster in visual order when RTL), "" on the others.
        # HarfBuzz keeps clusters monotonic (cluster level 0): ascending for LTR, descending
        # for RTL, so the glyphs of one cluster are adjacent.
        starts = sorted(self.cluster_starts)
        ends = dict(zip(starts, starts[1:] + [len(text)]))
        if rtl:
            after = clusters[1:] + (-1,)
            texts = [text[c : ends[c]] if c != d else "" for c, d in zip(clusters, after)]
        else:
            before = (-1,) + clusters[:-1]
            texts = [text[c : ends[c]] if c != d else "" for c, d in zip(clusters, before)]
        self.texts: tuple[str, ...] = tuple(texts)
        self.rtl = rtl
        self._infos = infos
        self._scaled: dict[float, tuple] = {}

    def unsafe_to_break(self, cluster: int) -> bool:
        """Whether cutting the text before code point ``cluster`` needs reshaping (HarfBuzz
        ``UNSAFE_TO_BREAK`` on a glyph of that cluster, or not a cluster start at all)."""
        if cluster not in self.cluster_starts:
            return True
        g0, g1 = self.glyph_range(cluster, cluster + 1)
        return any(int(self._infos[g].flags) & _UNSAFE for g in range(g0, g1))

    def glyph_range(self, lo: int, hi: int) -> tuple[int, int]:
        """Indices ``[g0, g1)`` of the glyphs whose cluster is in ``[lo, hi)``."""
        clusters = self.clusters
        if not self.rtl:
            return bisect_left(clusters, lo), bisect_left(clusters, hi)
        # Descending clusters: lo <= c < hi  <=>  -hi < -c <= -lo on the ascending negation.
        neg = self._neg()
        return bisect_right(neg, -hi), bisect_right(neg, -lo)

    def _neg(self) -> tuple[int, ...]:
        neg = self._scaled.get("neg")
        if neg is None:
            neg = self._scaled["neg"] = tuple([-c for c in self.clusters])
        return neg

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


@lru_cache(maxsize=16384)
def _shape(font: Font, text: str, rtl: bool, script: str, lang: str) -> Shaped:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = script
    buf.language = lang
    buf.flags = _FLAGS
    hb.shape(font.hb_font, buf)
    return Shaped(text, rtl, buf.glyph_infos, buf.glyph_positions)


def shape(font: Font, text: str, rtl: bool, script: str, lang: str) -> Shaped:
    """Shape ``text`` with ``font`` (cached).

    ``script`` is ISO 15924 (``"Arab"``), ``lang`` BCP 47.
    """
    return _shape(font, text, rtl, script, hb_language(lang))


def cache_info():
    """Hit/miss counts of the shaping cache (for measurements)."""
    return _shape.cache_info()
