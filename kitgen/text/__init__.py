"""kitgen's text engine: Unicode text in, lines of positioned glyphs out.

Stages (one module each): :mod:`.fonts` (the shipped fonts, fallback stacks), :mod:`.bidi`
(UAX #9 levels and per-line order), :mod:`.breaking` (UAX #14 line breaks, UAX #29 clusters),
:mod:`.itemize` (runs and font fallback), :mod:`.shaping` (HarfBuzz), :mod:`.engine`
(:class:`Typesetter`: the whole paragraph). The values handed to drawing are in :mod:`.types`.
"""

from .engine import Typesetter
from .fonts import FontLibrary, default_library
from .types import Align, Direction, GlyphRun, Line, SetParagraph, Span, TextStyle

__all__ = [
    "Align",
    "Direction",
    "FontLibrary",
    "GlyphRun",
    "Line",
    "SetParagraph",
    "Span",
    "TextStyle",
    "Typesetter",
    "default_library",
]
