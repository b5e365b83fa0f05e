"""One table of the sizes, colours and measures a printed page uses.

Everything the layout needs to look consistent lives here, so a designer can change the look
without reading layout code. Sizes are in points (1/72 inch).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

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
    #: a phone number wider than its line is set smaller, down to this (never broken)
    min_size: float = 7.0


#: Wallet cards: the smallest size of any text, a phone number too long for its line too.
CARD_MIN = 8.0

ROLES: dict[str, TextRole] = {
    "title": TextRole(17, bold=True, color=ACCENT, english_size=11.5, space_after=5),
    "h2": TextRole(13, bold=True, color=ACCENT, english_size=10, space_before=7, space_after=3),
    "h3": TextRole(10.5, bold=True, color=INK, english_size=9, space_before=3, space_after=2),
    "lead": TextRole(11, english_size=9, space_after=4),
    "body": TextRole(10, english_size=8.5, space_after=3.5),
    "warning": TextRole(10, bold=True, english_size=8.5, space_after=3.5),
    "note": TextRole(9, english_size=8, space_after=3),
    "small": TextRole(8.5, english_size=7.5, space_after=3),
    "fine": TextRole(7.5, english_size=7, space_after=2),
    "label": TextRole(8.5, bold=True, color=SECONDARY, english_size=7.5, space_after=0),
    "value": TextRole(10, english_size=8.5, english_color=INK, space_after=0),
    "footer": TextRole(8.5, color=SECONDARY, english_size=8, space_after=0),
    # wallet cards: never under 8 pt (kitgen.layout.cards.MIN_TYPE), the English side too
    "card_title": TextRole(
        9.5, bold=True, color=ACCENT, english_size=8, space_after=2, min_size=CARD_MIN
    ),
    "card_body": TextRole(8.5, english_size=8, space_after=2, min_size=CARD_MIN),
    "card_number": TextRole(
        13, bold=True, english_size=13, english_color=INK, space_after=0, min_size=CARD_MIN
    ),
    # the numbers to memorize on the contacts page
    "value_large": TextRole(16, bold=True, english_size=16, english_color=INK, space_after=0),
}

#: The roles a translation for understanding uses instead (kitgen.layout.pages, ``compact``).
COMPACT_ROLES: dict[str, str] = {
    "lead": "note",
    "h2": "h3",
    "body": "small",
    "warning": "small",
    "value": "small",
    "note": "small",
    "small": "fine",
    "label": "fine",
}

MARGIN = 48.0  # 2/3 in on every side
FOOTER_HEIGHT = 30.0  # reserved at the bottom of the text area for the footer
GAP_BILINGUAL = 1.5  # between a text and its English beside it
LABEL_COLUMN = 0.36  # share of the measure a field label takes
COLUMN_GAP = 12.0
CHECKBOX = 10.0  # side of a checklist box
BULLET = 4.5  # side of a list bullet
ROW_PADDING = 2.5  # above and below a field row
WRITE_LINE = 20.0  # height of one hand-writing line
BOX_PADDING = 7.0

# Wallet cards: ISO/IEC 7810 ID-1, credit-card size, eight to a sheet (2 x 4).
CARD_W = 243.0  # 3.375 in
CARD_H = 153.0  # 2.125 in
CARD_PADDING = 8.0
CUT_MARK = 12.0
CARD_SHEET_TOP = 30.0  # the card pages' top margin: the grid needs most of the sheet


# -- print sizes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintSize:
    """The type and the measures that grow with it: one value the layout reads everything
    size-dependent from. :data:`STANDARD` is the packet as it has always printed;
    :data:`LARGE_PRINT` is the same packet for a reader with low vision (``--large-print``).
    Paper, margins and card geometry are not part of it: they never change."""

    name: str
    roles: Mapping[str, TextRole]
    checkbox: float = CHECKBOX
    bullet: float = BULLET
    row_padding: float = ROW_PADDING
    write_line: float = WRITE_LINE
    signature_gap: float = 34.0  # from the text above a signature line down to the line
    box_padding: float = BOX_PADDING
    footer_height: float = FOOTER_HEIGHT
    #: short blank fields may print two to a row (large print keeps them one to a row, for
    #: longer write-in lines; fields with values still pair when neither grows taller)
    pair_write_ins: bool = True
    #: the packet adds pages carrying the wallet cards' text at this size
    card_text_pages: bool = False
    #: a table's column weights are raised to this power: below 1 the narrow columns grow, so
    #: that a phone number set in large print still fits its column whole
    column_power: float = 1.0


STANDARD = PrintSize("standard", ROLES)

#: Large print: every size times this factor, and never under the floor.
LARGE_FACTOR = 1.4
LARGE_BODY_MIN = 14.0  # body text, both languages, tables and forms
LARGE_FOOTER_MIN = 12.0  # the running footer and page numbers
#: Roles that keep their standard size in large print: the wallet cards stay wallet-sized (a
#: large-print copy of their text prints on a page of its own instead).
CARD_ROLES = frozenset(name for name in ROLES if name.startswith("card_"))


def _large(name: str, role: TextRole) -> TextRole:
    if name in CARD_ROLES:
        return role
    floor = LARGE_FOOTER_MIN if name == "footer" else LARGE_BODY_MIN
    english = role.english_size if role.english_size else role.size
    return replace(
        role,
        size=max(floor, round(role.size * LARGE_FACTOR, 1)),
        english_size=max(floor, round(english * LARGE_FACTOR, 1)),
        space_before=role.space_before * LARGE_FACTOR,
        space_after=role.space_after * LARGE_FACTOR,
        min_size=floor,
    )


LARGE_PRINT = PrintSize(
    "large",
    {name: _large(name, role) for name, role in ROLES.items()},
    checkbox=CHECKBOX * LARGE_FACTOR,
    bullet=BULLET * LARGE_FACTOR,
    row_padding=ROW_PADDING * LARGE_FACTOR,
    write_line=WRITE_LINE * LARGE_FACTOR,
    signature_gap=34.0 * LARGE_FACTOR,
    box_padding=BOX_PADDING * LARGE_FACTOR,
    footer_height=FOOTER_HEIGHT * 1.5,
    pair_write_ins=False,
    card_text_pages=True,
    column_power=0.5,
)


def print_size(large_print: bool) -> PrintSize:
    return LARGE_PRINT if large_print else STANDARD
