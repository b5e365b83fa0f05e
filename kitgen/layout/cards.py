"""Wallet card sheets: card faces -> eight ID-1 cards on a page, backs mirrored, crop marks.

In: the :class:`~kitgen.content.document.CardSheet` of a document (the packet's card sheet, or
the staff card sheet of :mod:`kitgen.cards`), a :class:`~kitgen.layout.pages.Composer` and the
top of the free space on the page. Out: positioned items (card outlines, set text, crop marks)
for the front page and for the back page.

The grid is 2 x 4 cards of 3.375 x 2.125 in (ISO/IEC 7810 ID-1), butted edge to edge and
centred across the page, at the same height on both faces. A long-edge flip mirrors left and
right, so the back of the card in column 0 is drawn in column 1: held up to the light, each
back sits behind its front. Crop marks are short strokes in the margin around the grid, in line
with every cut, starting a few points away from the cards: never on a card, and kept below the
heading above the grid, so they never cross text.

Card text is never smaller than :data:`MIN_TYPE` (8 pt), the English side too. When a card's
text does not fit at its usual sizes it is set smaller down to that floor, then with tighter
spacing; it never shrinks below it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..content import document as d
from ..errors import NumberTooWide
from . import styles as st
from . import tags

if TYPE_CHECKING:
    from .pages import Composer, Item

COLS, ROWS = 2, 4
#: The smallest type on a card, in points (the English side included).
MIN_TYPE = st.CARD_MIN
#: Crop marks start this far from the grid and are :data:`~kitgen.layout.styles.CUT_MARK` long.
MARK_GAP = 3.0
#: Space between the text above the grid and the top of the crop marks.
MARK_CLEARANCE = 4.0
#: The line height (a multiple of the size) of the last resort for a card whose text does not
#: fit otherwise: scripts with tall stacks (Myanmar, 1.7) closer, Latin barely changed.
TIGHT_LEADING = 1.4


@dataclass(frozen=True)
class Grid:
    """Where the cards sit on a page: ``x0`` the left edge, ``y0`` the top edge (points)."""

    x0: float
    y0: float

    @property
    def width(self) -> float:
        return COLS * st.CARD_W

    @property
    def height(self) -> float:
        return ROWS * st.CARD_H

    def card_box(self, index: int, *, back: bool = False) -> tuple[float, float, float, float]:
        """The box (x, y bottom, w, h) of card ``index`` (row by row) on the front or back."""
        col, row = index % COLS, index // COLS
        if back:
            col = COLS - 1 - col  # long-edge flip mirrors left and right
        x = self.x0 + col * st.CARD_W
        top = self.y0 - row * st.CARD_H
        return (x, top - st.CARD_H, st.CARD_W, st.CARD_H)

    @property
    def bottom(self) -> float:
        """The lowest point the sheet uses: the bottom crop marks' ends."""
        return self.y0 - self.height - MARK_GAP - st.CUT_MARK


def grid_below(page_width: float, text_bottom: float) -> Grid:
    """The grid centred across the page, its crop marks starting below ``text_bottom``."""
    x0 = (page_width - COLS * st.CARD_W) / 2
    y0 = text_bottom - MARK_CLEARANCE - st.CUT_MARK - MARK_GAP
    return Grid(x0, y0)


def _sized(role: st.TextRole, scale: float, leading: float | None) -> st.TextRole:
    english = role.english_size or role.size
    return replace(
        role,
        size=max(MIN_TYPE, role.size * scale),
        english_size=max(MIN_TYPE, english * scale),
        leading=leading,
    )


def card_items(composer: Composer, card: d.Card, x: float, y_top: float) -> list[Item]:
    """Set one card face in the box whose top-left corner is (x, y_top).

    A card whose title is in English only (the back of a rights card) is set as English, from
    the left, in a right-to-left packet too. Type shrinks, never below :data:`MIN_TYPE`, until
    the text fits; then the gaps between paragraphs close up, then the padding inside the
    card's edge halves, then the lines close up to :data:`TIGHT_LEADING`."""
    from .pages import Composer, TextItem

    if composer.rtl_doc and {t.lang for t in card.title} == {"en"}:
        english = Composer(composer.ts, "en", composer.width, composer.left, composer.family_lang)
        english.max_atom_height = composer.max_atom_height
        english.public_values = composer.public_values
        composer = english
    pad = st.CARD_PADDING
    attempts: list[tuple[float, float, float, float | None]]
    attempts = [(scale, 1.0, pad, None) for scale in (1.0, 0.94, 0.88)]
    attempts += [(0.0, 0.5, pad, None), (0.0, 0.0, pad, None), (0.0, 0.0, pad / 2, None)]
    attempts += [(0.0, 0.0, pad / 2, TIGHT_LEADING)]
    items: list[Item] = []
    for scale, spacing, pad, leading in attempts:
        try:
            inner_w = st.CARD_W - 2 * pad
            inner_h = st.CARD_H - 2 * pad
            items = []
            y = y_top - pad
            title_role = _sized(st.ROLES["card_title"], scale, leading)
            body_role = _sized(st.ROLES["card_body"], scale, leading)
            value_role = st.ROLES["card_number"]
            for para in composer.set_texts(card.title, title_role, inner_w):
                items.append(TextItem(x + pad, y, para))
                y -= para.height
            y -= 3 * spacing
            for block in card.blocks:
                if isinstance(block, d.Para):
                    role = body_role
                    if block.style == "lead":  # the district's name and help line
                        role = replace(body_role, bold=True, color=st.ACCENT)
                    for para in composer.set_texts(block.texts, role, inner_w):
                        items.append(TextItem(x + pad, y, para))
                        y -= para.height + spacing
                elif isinstance(block, d.FieldGroup):
                    for f in block.fields:
                        for para in composer.set_texts(f.label, body_role, inner_w)[:1]:
                            items.append(TextItem(x + pad, y, para))
                            y -= para.height
                        if f.value:
                            for para in composer.set_texts(f.value, value_role, inner_w)[:1]:
                                items.append(TextItem(x + pad, y, para))
                                y -= para.height + 2 * spacing
            if y_top - y <= inner_h + pad:
                return items
        except NumberTooWide:  # a phone number too wide: the next attempt has less padding
            if (scale, spacing, pad, leading) == attempts[-1]:
                raise
    return items  # the tightest setting: a very long name may run to the card's edge


def place_cards(
    composer: Composer, cards: tuple[d.Card, ...], grid: Grid, *, back: bool
) -> list[Item]:
    """One face of the sheet: each card's outline and text, then the crop marks."""
    from .pages import RectItem

    items: list[Item] = []
    for index, card in enumerate(cards[: COLS * ROWS]):
        x, y, w, h = grid.card_box(index, back=back)
        items.append(RectItem(x, y, w, h, stroke=st.RULE, width=0.25))
        items.extend(card_items(composer, card, x, y + h))
    items.extend(crop_marks(grid))
    return items


def crop_marks(grid: Grid) -> list[Item]:
    """Strokes in line with every cut, outside the grid on all four sides."""
    from .pages import LineItem

    marks: list[Item] = []
    gap, length = MARK_GAP, st.CUT_MARK
    xs = [grid.x0 + c * st.CARD_W for c in range(COLS + 1)]
    ys = [grid.y0 - r * st.CARD_H for r in range(ROWS + 1)]
    for x in xs:  # above and below the grid
        marks.append(LineItem(x, ys[0] + gap, x, ys[0] + gap + length, color=st.INK, width=0.4))
        marks.append(LineItem(x, ys[-1] - gap, x, ys[-1] - gap - length, color=st.INK, width=0.4))
    for y in ys:  # left and right of the grid
        marks.append(LineItem(xs[0] - gap, y, xs[0] - gap - length, y, color=st.INK, width=0.4))
        marks.append(LineItem(xs[-1] + gap, y, xs[-1] + gap + length, y, color=st.INK, width=0.4))
    return [replace(m, tag=tags.PRINTER_MARK) for m in marks]
