"""Compact tables (the resource list): column widths from what the cells hold, and rows that
may break across pages between their lines.

In: a :class:`~kitgen.content.document.Table` and the :class:`~kitgen.layout.pages.Composer`
setting the section. Out: atoms for the paginator (:mod:`kitgen.layout.pages`).

Column widths start from the table's own shares of the measure; a column too narrow for the
widest piece of text it must keep whole (a word, a phone number, a web or e-mail address) grows,
and the others give up the difference in proportion. An address wider than
:data:`ADDRESS_GROWTH` times its column's share may instead break after its "/" or "." (in a
right-to-left packet only when the table cannot hold it whole); a word is broken inside only
when even that cannot fit (the text engine's last resort).

A tall row is cut into several atoms between its lines, so that it can begin at the foot of a
page and end on the next instead of leaving a gap: every cut crosses no line of any cell, leaves
at least two lines of the row on each side, never splits a cell's first paragraph (a name, a
phone number) and leaves at least two lines of any paragraph it splits on each side. The rest
of a row continued on a new page comes under the column titles again (an artifact in the
structure tree: a screen reader hears them once); a whole row opening a page does not (it costs
Burmese and Urdu packets two pages).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import memo
from ..content import document as d
from ..text import SetParagraph
from . import styles as st
from . import tags

if TYPE_CHECKING:
    from .pages import Atom, Composer

#: the space between two columns
GAP = 8.0
#: a column may grow to this many times its share to keep an address on one line
ADDRESS_GROWTH = 1.5
#: in a right-to-left packet, when not every address fits whole: the widest share of its
#: column one may take and still be held whole, tried in turn
RTL_ADDRESS_GROWTH: tuple[float, ...] = (float("inf"), 3.0, 2.5, 2.0)
#: ... unless the table grows longer than this share of its length without
RTL_TALLER = 1.04
#: lines of a row (and of a paragraph it splits) kept on each side of a cut
MIN_LINES = 2
_EPS = 0.01
#: a table row's padding, as a share of the print size's: a rule parts the rows, and the
#: translated source dates grew them (0.7 keeps the Burmese packet at 32 pages)
ROW_PADDING = 0.7
#: between the repeated column titles and the row below them
_CONTINUED_GAP = 3.0


def table_atoms(composer: Composer, block: d.Table) -> list[Atom]:
    """One atom per row piece: cells side by side (mirrored in a right-to-left packet), a rule
    under each row; the column titles stay with the first row and repeat on later pages."""
    widths = column_widths(composer, block)
    if composer.rtl_doc:
        # addresses whole in right-to-left text, unless that makes the table much longer
        # (Nastaliq's tall lines in a narrowed first column cost an Urdu packet two pages)
        plain = column_widths(composer, block, rtl=False)
        if plain != widths and _height(composer, block, widths) > RTL_TALLER * _height(
            composer, block, plain
        ):
            widths = plain
    return _atoms(composer, block, widths)


def _height(composer: Composer, block: d.Table, widths: list[float]) -> float:
    return sum(
        _row(composer, row, _xs(composer, widths), widths, False).height for row in block.rows
    )


def _xs(composer: Composer, widths: list[float]) -> list[float]:
    xs, x = [], composer.left
    for w in widths:
        xs.append(x)
        x += w + GAP
    if composer.rtl_doc:
        left = composer.left
        xs = [left + composer.width - (xi - left) - w for xi, w in zip(xs, widths)]
    return xs


def _atoms(composer: Composer, block: d.Table, widths: list[float]) -> list[Atom]:
    from .pages import Atom, LineItem

    xs = _xs(composer, widths)
    atoms: list[Atom] = [Atom(height=1, keep_with_next=True)]
    atoms[0].items.append(LineItem(composer.left, 0, composer.left + composer.width, 0, width=0.3))
    head = None
    if block.head:
        head = _row(composer, block.head, xs, widths, True)
        atoms.append(head)
        head = _repeated(head)
    for row in block.rows:
        pieces = _split(_row(composer, row, xs, widths, False))
        for piece in pieces[1:]:  # a row continued on a new page: the titles over it
            piece.head = head
        atoms += pieces
    atoms.append(composer.spacer(6))
    return atoms


# -- column widths ---------------------------------------------------------------------------


def column_widths(composer: Composer, block: d.Table, *, rtl: bool | None = None) -> list[float]:
    """Each column's measure (reading order): the table's shares (raised to the print size's
    ``column_power``), widened where a cell's unbreakable text needs it."""
    weights = [c**composer.print_size.column_power for c in block.columns]
    total = sum(weights) or 1.0
    base = [composer.width * w / total - GAP for w in weights]
    avail = sum(base)
    rows = [(block.head, True)] if block.head else []
    rows += [(row, False) for row in block.rows]
    mins = [
        [_cell_min(composer, cell, head) for cell in cells] for cells, head in rows
    ]  # per row, per cell: (addresses whole, addresses broken)
    broken = [max((row[i][1] for row in mins), default=0.0) for i in range(len(base))]
    # in right-to-left text an address is never split, when the table can hold it whole
    rtl = composer.rtl_doc if rtl is None else rtl
    growths = RTL_ADDRESS_GROWTH if rtl else ()
    for growth in (*growths, ADDRESS_GROWTH):
        whole = [
            max(
                (row[i][0] if row[i][0] <= base[i] * growth else row[i][1] for row in mins),
                default=0.0,
            )
            for i in range(len(base))
        ]
        if sum(whole) <= avail + _EPS:
            return _distribute(base, whole, avail)
    if sum(broken) <= avail + _EPS:
        return _distribute(base, broken, avail)
    scale = avail / sum(broken)  # too narrow for whole words: the engine breaks inside them
    return [f * scale for f in broken]


def _distribute(base: list[float], floors: list[float], avail: float) -> list[float]:
    """``base`` scaled to ``avail`` with every column at least its floor: the columns below
    theirs take it, the others share what is left in proportion to their base."""
    fixed: set[int] = set()
    while True:
        rest = avail - sum(floors[i] for i in fixed)
        share = sum(b for i, b in enumerate(base) if i not in fixed) or 1.0
        widths = [floors[i] if i in fixed else b * rest / share for i, b in enumerate(base)]
        short = {i for i, w in enumerate(widths) if i not in fixed and w < floors[i] - _EPS}
        if not short:
            return widths
        fixed |= short


def _cell_min(composer: Composer, cell: tuple[d.Para, ...], head: bool) -> tuple[float, float]:
    """The widest piece of a cell's text no line break may split: with its addresses whole,
    and with them broken after "/" or "."."""
    from .pages import _template_only

    soft = hard = 0.0
    for p in cell:
        role = composer.role("label" if head else p.style)
        for i, text in enumerate(p.texts):
            if not text.plain.strip():
                continue
            english = i > 0 and len(p.texts) > 1
            size = role.english_size if english and role.english_size else role.size
            spans = composer.spans(text, size, role.bold, st.INK)
            direction = composer.direction(text.lang)
            # the region pack's text is kept across packets; a family's only for its own
            work = memo.public() if _template_only(text, composer.public_values) else nullcontext()
            with work:
                for whole in (True, False):
                    w = composer.ts.min_width(
                        spans, lang=text.lang, direction=direction, break_addresses=not whole
                    )
                    if whole:
                        soft = max(soft, w)
                    else:
                        hard = max(hard, w)
    return soft, hard


# -- rows --------------------------------------------------------------------------------------


def _row(
    composer: Composer,
    cells: tuple[tuple[d.Para, ...], ...],
    xs: list[float],
    widths: list[float],
    head: bool,
) -> Atom:
    from .pages import Atom, LineItem, _stack_height

    atom = Atom(height=0.0, keep_with_next=head, heading=head)
    bottom = 0.0
    pad = composer.print_size.row_padding * ROW_PADDING
    for cell, cx, cw in zip(cells, xs, widths):
        y = -pad
        for n, p in enumerate(cell):
            role = composer.role("label" if head else p.style)
            paras = composer.set_texts(p.texts, role, cw)
            if n and paras:
                y -= 1.5
            composer._place_stack(atom, paras, cx, y)
            y -= _stack_height(paras)
        bottom = min(bottom, y)
    atom.height = -bottom + pad
    left, right = composer.left, composer.left + composer.width
    atom.items.append(LineItem(left, -atom.height, right, -atom.height, width=0.6 if head else 0.3))
    return atom


def _repeated(head: Atom) -> Atom:
    """The column titles again, above a row that opens a later page: an artifact."""
    from .pages import Atom, LineItem, TextItem

    items = [replace(i, tag=tags.PAGINATION) if isinstance(i, TextItem) else i for i in head.items]
    rule = head.items[-1]  # the rule under the titles, and the same above them
    assert isinstance(rule, LineItem)
    items.append(replace(rule, y1=0.0, y2=0.0, width=0.3))
    # a little air between the titles and a row continued below them
    return Atom(height=head.height + _CONTINUED_GAP, items=items)


def _split(row: Atom) -> list[Atom]:
    """``row`` cut between its lines where a page may end (see the module's rules)."""
    from .pages import Atom, TextItem, _shift

    texts = [i for i in row.items if isinstance(i, TextItem)]
    # each line as (top depth, bottom depth, item index), depths growing down from the top
    lines: list[tuple[float, float, int]] = []
    for k, item in enumerate(texts):
        depth = -item.top
        for line in item.para.lines:
            lines.append((depth, depth + line.height, k))
            depth += line.height
    # the first paragraph of each cell (a name, a phone number) is never split
    firsts: set[int] = set()
    seen_x: set[float] = set()
    for k, item in enumerate(texts):
        if item.x not in seen_x:
            seen_x.add(item.x)
            firsts.add(k)
    cuts: list[float] = []
    for c in sorted({b for _, b, _ in lines}):
        if any(t < c - _EPS and b > c + _EPS for t, b, _ in lines):
            continue  # a line crosses it
        ok = True
        for k, item in enumerate(texts):
            above = sum(1 for t, b, j in lines if j == k and b <= c + _EPS)
            below = len(item.para.lines) - above
            if above and below and (k in firsts or min(above, below) < MIN_LINES):
                ok = False
                break
        if not ok:
            continue
        above_row = max(_count(lines, k, c, True) for k in range(len(texts)))
        below_row = max(_count(lines, k, c, False) for k in range(len(texts)))
        if (
            above_row >= MIN_LINES
            and below_row >= MIN_LINES
            and _piece_ok(lines, texts, cuts[-1] if cuts else 0.0, c)
        ):
            cuts.append(c)
    if not cuts:
        return [row]
    bounds = [0.0, *cuts, row.height]
    pieces = []
    for top, bottom in zip(bounds, bounds[1:]):
        piece = Atom(height=bottom - top, section=row.section)
        for k, item in enumerate(texts):
            chosen = [
                line
                for line, (t, b, j) in zip(
                    item.para.lines, [entry for entry in lines if entry[2] == k]
                )
                if t >= top - _EPS and b <= bottom + _EPS
            ]
            if not chosen:
                continue
            first_top = next(t for t, b, j in lines if j == k and t >= top - _EPS)
            para = SetParagraph(tuple(chosen), item.para.width, item.para.direction, item.para.lang)
            piece.items.append(replace(item, top=-(first_top - top), para=para))
        pieces.append(piece)
    for other in row.items:  # the rule under the row
        if not isinstance(other, TextItem):
            pieces[-1].items.append(_shift(other, bounds[-2]))
    return pieces


def _piece_ok(lines: list[tuple[float, float, int]], texts: list, top: float, c: float) -> bool:
    """Whether the piece from ``top`` to ``c`` holds two lines of the row at least, and two
    lines at least of every paragraph it holds a part of."""
    most = 0
    for k, item in enumerate(texts):
        n = sum(1 for t, b, j in lines if j == k and t >= top - _EPS and b <= c + _EPS)
        if 0 < n < min(MIN_LINES, len(item.para.lines)):
            return False
        most = max(most, n)
    return most >= MIN_LINES


def _count(lines: list[tuple[float, float, int]], k: int, c: float, above: bool) -> int:
    if above:
        return sum(1 for t, b, j in lines if j == k and b <= c + _EPS)
    return sum(1 for t, b, j in lines if j == k and t >= c - _EPS)
