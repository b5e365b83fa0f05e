"""Values the text engine takes and gives (the hand-off between typesetting and drawing).

In: :class:`Span` (logical text with a style and an isolation mark) for one paragraph.
Out: :class:`SetParagraph`, lines of :class:`GlyphRun` in visual order, positioned in points,
ready to be drawn by :mod:`kitgen.pdf` without knowing anything about scripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["ltr", "rtl"]
Align = Literal["start", "center", "end", "justify"]


@dataclass(frozen=True)
class TextStyle:
    """How a span is set: size, weight, colour, and optional leading and smallest size."""

    size: float = 11.0
    bold: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    #: Optional line height as a multiple of ``size``; ``None`` lets the fonts decide
    #: (Nastaliq needs about 2x, most scripts about 1.3x).
    leading: float | None = None
    #: The smallest size a phone number (or other number kept whole) wider than its line may
    #: be set at; ``None``: :data:`kitgen.text.engine.NUMBER_MIN_SIZE`.
    min_size: float | None = None


@dataclass(frozen=True)
class Span:
    """A piece of one paragraph's logical text, all in one style.

    ``isolate`` keeps the span's own direction inside text of the other direction:
    ``"ltr"`` (an LRI ... PDI isolate) for phone numbers, dates, times, e-mails, URLs and IDs, so
    "(617) 555-0100" reads the same inside Arabic; ``"auto"`` (FSI ... PDI) for values a family
    typed (names, addresses), so a Hebrew name inside English, or an English name inside Arabic,
    keeps its own order and cannot reorder the text around it.
    """

    text: str
    style: TextStyle = field(default_factory=TextStyle)
    isolate: Literal["ltr", "auto"] | None = None
    #: The language whose own faces this span's characters prefer when it is not the
    #: paragraph's: a family's name inside an English line takes the family's CJK region face
    #: (Japanese names in Japanese glyphs) or Urdu Nastaliq. ``None``: the paragraph's.
    lang: str | None = None


@dataclass(frozen=True)
class GlyphRun:
    """Glyphs from one font, one size, one colour, in visual (left-to-right drawing) order."""

    font_key: str  # key of the font in fonts/fonts.toml, e.g. "NotoSans-Regular"
    size: float
    color: tuple[float, float, float]
    x: float  # left edge of the run, from the left edge of the line, in points
    glyphs: tuple[int, ...]  # glyph ids in the font
    advances: tuple[float, ...]  # horizontal advance of each glyph, in points
    offsets: tuple[tuple[float, float], ...]  # (dx, dy) of each glyph from its pen position, points
    #: Unicode text each glyph stands for, for copy, search and read-aloud (the PDF's ToUnicode
    #: map): the whole cluster's text on one glyph of the cluster, "" on the others.
    texts: tuple[str, ...]
    rtl: bool = False
    #: Draw with a thin outline too: the font has no bold face (CJK), so bold is synthesised.
    fake_bold: bool = False

    @property
    def width(self) -> float:
        return sum(self.advances)


@dataclass(frozen=True)
class Line:
    """One set line: its glyph runs in visual order and its measures."""

    runs: tuple[GlyphRun, ...]
    width: float  # of the ink, in points (without trailing spaces)
    ascent: float  # above the baseline, points
    descent: float  # below the baseline, points (positive)
    height: float  # baseline-to-baseline distance to the next line, points
    x: float = 0.0  # offset from the paragraph's left edge (alignment)


@dataclass(frozen=True)
class SetParagraph:
    """A paragraph set in lines for a measure, ready to be drawn."""

    lines: tuple[Line, ...]
    width: float  # the measure it was set in
    direction: Direction
    #: the language it was set in (BCP 47), for the PDF's structure tree (a screen reader's
    #: voice); "" when unknown
    lang: str = ""

    @property
    def height(self) -> float:
        return sum(line.height for line in self.lines)
