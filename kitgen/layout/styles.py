"""One table of the sizes, colours and measures a printed page uses.

Everything the layout needs to look consistent lives here, so a designer can change the look
without reading layout code. Sizes are in points (1/72 inch).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError

Color = tuple[float, float, float]

INK: Color = (0.08, 0.09, 0.12)
ACCENT: Color = (0.09, 0.26, 0.47)  # headings and rules: dark blue, high contrast on white
SECONDARY: Color = (0.30, 0.32, 0.36)  # the English text beside the family's language
RULE: Color = (0.55, 0.58, 0.63)
TINT_INFO: Color = (0.92, 0.95, 0.98)
TINT_WARNING: Color = (1.0, 0.95, 0.86)
WARNING_EDGE: Color = (0.80, 0.45, 0.05)

PAPER = {
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
}


def paper_size(name: str) -> tuple[float, float]:
    try:
        return PAPER[name.lower()]
    except KeyError:
        raise UsageError(f"unknown paper size '{name}'; use one of: {', '.join(PAPER)}") from None


@dataclass(frozen=True)
class TextRole:
    """How one kind of text is set: the family's language and the English beside it."""

    size: float
    bold: bool = False
    color: Color = INK
    english_size: float | None = None  # None: same as size
    english_color: Color = SECONDARY
    space_before: float = 0.0
    space_after: float = 4.0
    leading: float | None = None  # line height as a multiple of the size; None: the fonts'


ROLES: dict[str, TextRole] = {
    "title": TextRole(22, bold=True, color=ACCENT, english_size=14, space_after=10),
    "h2": TextRole(15, bold=True, color=ACCENT, english_size=11, space_before=10, space_after=5),
    "h3": TextRole(12, bold=True, color=INK, english_size=10, space_before=4, space_after=4),
    "lead": TextRole(13, english_size=10.5, space_after=8),
    "body": TextRole(11, english_size=9.5, space_after=6),
    "warning": TextRole(11, bold=True, english_size=9.5, space_after=6),
    "note": TextRole(10, english_size=9, space_after=5),
    "small": TextRole(9, english_size=8, space_after=4),
    "label": TextRole(9.5, bold=True, color=SECONDARY, english_size=8, space_after=0),
    "value": TextRole(11.5, english_size=10, english_color=INK, space_after=0),
    "footer": TextRole(8.5, color=SECONDARY, english_size=8, space_after=0),
    # wallet cards: never under 8 pt (kitgen.layout.cards.MIN_TYPE), the English side too
    "card_title": TextRole(9.5, bold=True, color=ACCENT, english_size=8, space_after=2),
    "card_body": TextRole(8.5, english_size=8, space_after=2),
    "card_number": TextRole(13, bold=True, english_size=13, english_color=INK, space_after=0),
    # the numbers to memorize on the contacts page
    "value_large": TextRole(16, bold=True, english_size=16, english_color=INK, space_after=0),
}

MARGIN = 54.0  # 0.75 in on every side
FOOTER_HEIGHT = 30.0  # reserved at the bottom of the text area for the footer
GAP_BILINGUAL = 1.5  # between a text and its English beside it
LABEL_COLUMN = 0.36  # share of the measure a field label takes
COLUMN_GAP = 12.0
CHECKBOX = 10.0  # side of a checklist box
BULLET = 4.5  # side of a list bullet
ROW_PADDING = 4.0  # above and below a field row
WRITE_LINE = 22.0  # height of one hand-writing line
BOX_PADDING = 9.0

# Wallet cards: ISO/IEC 7810 ID-1, credit-card size, eight to a sheet (2 x 4).
CARD_W = 243.0  # 3.375 in
CARD_H = 153.0  # 2.125 in
CARD_PADDING = 8.0
CUT_MARK = 12.0
CARD_SHEET_TOP = 30.0  # the card pages' top margin: the grid needs most of the sheet
