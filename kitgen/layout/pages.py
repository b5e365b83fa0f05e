"""Stage 5, layout: document model -> pages of positioned items.

In: a :class:`~kitgen.content.document.Document`, paper size, a
:class:`~kitgen.text.Typesetter`. Out: :class:`Page` values holding text set into lines
(:class:`TextItem`), rules and boxes, in PDF coordinates (points, origin bottom left), with the
footer and "page X of Y" already placed. Nothing here knows about PDF syntax or scripts.

Blocks become *atoms*: strips of the page that are never split (a field row, a checklist item,
a few lines of a paragraph), each with its height and items relative to its top. Pagination then
places atoms top to bottom, keeping headings with what follows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .. import memo
from ..content import document as d
from ..errors import NumberTooWide
from ..i18n import language
from ..text import SetParagraph, Span, TextStyle, Typesetter
from ..text.bidi import first_strong
from ..text.types import Align
from . import cards, tags
from . import styles as st
from .tags import Tag

# -- what a page is made of ------------------------------------------------------------------


@dataclass(frozen=True)
class TextItem:
    """A set paragraph placed on a page."""

    x: float  # left edge of the measure
    top: float  # top edge of the first line box
    para: SetParagraph
    tag: Tag | None = None  # what it is in the structure tree (None: a paragraph)


@dataclass(frozen=True)
class RectItem:
    """A rectangle placed on a page (a frame, a tint, a box to tick)."""

    x: float
    y: float  # bottom edge
    w: float
    h: float
    fill: st.Color | None = None
    stroke: st.Color | None = None
    width: float = 0.6
    tag: Tag | None = None  # None: decoration (an artifact)


@dataclass(frozen=True)
class LineItem:
    """A rule placed on a page (a write-in line, a separator, a cut mark)."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: st.Color = st.RULE
    width: float = 0.6
    dash: tuple[float, ...] = ()
    tag: Tag | None = None  # None: decoration (an artifact)


Item = TextItem | RectItem | LineItem


@dataclass(frozen=True)
class Page:
    """One laid-out page: its size, what is drawn on it and what the paginator measured."""

    width: float
    height: float
    items: tuple[Item, ...]
    #: outline (bookmark) entries that start on this page: (section title, its part)
    marks: tuple[tuple[str, str], ...] = ()
    #: what the paginator measured, for checks: the part the page belongs to, the key of the
    #: section it opens with, the share of the text area filled (0 to 1), whether the last
    #: thing on it is a heading, and whether it is a blank back added for two-sided printing
    part: str = ""
    section: str = ""
    fill: float = 0.0
    ends_with_heading: bool = False
    starts_with_signature: bool = False
    blank: bool = False


def _shift(item: Item, dy: float) -> Item:
    # built directly: dataclasses.replace costs several times as much, for every placed item
    cls = type(item)
    if cls is TextItem:
        return TextItem(item.x, item.top + dy, item.para, item.tag)  # type: ignore[union-attr]
    if cls is RectItem:
        i: Any = item
        return RectItem(i.x, i.y + dy, i.w, i.h, i.fill, i.stroke, i.width, i.tag)
    if cls is LineItem:
        i = item
        return LineItem(i.x1, i.y1 + dy, i.x2, i.y2 + dy, i.color, i.width, i.dash, i.tag)
    if isinstance(item, TextItem):
        return replace(item, top=item.top + dy)
    if isinstance(item, RectItem):
        return replace(item, y=item.y + dy)
    return replace(item, y1=item.y1 + dy, y2=item.y2 + dy)


@dataclass
class Atom:
    """An unsplittable strip: ``items`` are placed with y = 0 at the atom's top (y grows up)."""

    height: float
    items: list[Item] = field(default_factory=list)
    keep_with_next: bool = False
    space: bool = False  # vertical space only: dropped at the top of a page
    page_break: bool = False
    signature: bool = False  # a signature line: kept on the page of the text it signs
    mark: tuple[str, str] | None = None  # an outline entry (title, part) starts with this atom
    heading: bool = False  # part of a heading: never the last thing on a page
    section: int = -1  # index of the section it belongs to (the running footer names it)
    head: Atom | None = None  # a table's column titles, placed again when this opens a page


# -- setting text ----------------------------------------------------------------------------


class Composer:
    """Sets the model's texts with the typesetter and builds atoms for each kind of block."""

    def __init__(
        self,
        typesetter: Typesetter,
        doc_lang: str,
        width: float,
        left: float,
        family_lang: str | None = None,
    ) -> None:
        self.ts = typesetter
        self.doc_lang = doc_lang
        #: the family's language: values it typed prefer its fonts inside other languages' text
        self.family_lang = family_lang or doc_lang
        self.width = width
        self.left = left
        self.rtl_doc = language(doc_lang).direction == "rtl"

    # text -----------------------------------------------------------------------------------
    @staticmethod
    def direction(lang: str) -> Literal["ltr", "rtl"]:
        return "rtl" if language(lang).direction == "rtl" else "ltr"

    def spans(
        self,
        text: d.Text,
        size: float,
        bold: bool,
        color: st.Color,
        min_size: float | None = None,
    ) -> list[Span]:
        out = []
        for inline in text.inlines:
            style = TextStyle(
                size=size, bold=bold or inline.kind == "strong", color=color, min_size=min_size
            )
            isolate = {"user": "auto", "ltr": "ltr"}.get(inline.kind)
            prefer = self.family_lang if inline.kind == "user" else None
            if prefer == text.lang:
                prefer = None
            out.append(Span(inline.text, style, isolate, prefer))  # type: ignore[arg-type]
        return out

    def set_text(
        self, text: d.Text, role: st.TextRole, width: float, *, english: bool, side: str = "start"
    ) -> SetParagraph:
        """Set one text. ``side`` is where its lines sit: ``"start"`` or ``"end"`` of the
        *document's* direction (so English under Arabic lines up on the right too), or
        ``"center"``.

        Template text (no values but public ones, :func:`_template_only`) is set as public
        work and remembered across packets (:mod:`kitgen.memo`); a family's text is
        remembered for its own packet only."""
        if not _template_only(text, self.public_values):
            return self._set_text(text, role, width, english, side)
        key = (text, role, width, english, side, self.doc_lang, self.family_lang)
        got = _SET_TEXTS.kept.get(key)
        if got is None or got[0] is not self.ts:
            with memo.public():
                got = (self.ts, self._set_text(text, role, width, english, side))
            _SET_TEXTS.put(key, got, keep=True)
        return got[1]

    def _set_text(
        self, text: d.Text, role: st.TextRole, width: float, english: bool, side: str
    ) -> SetParagraph:
        size = role.english_size if english and role.english_size else role.size
        color = role.english_color if english else role.color
        spans = self.spans(text, size, role.bold, color, role.min_size)
        if role.leading:
            spans = [replace(s, style=replace(s.style, leading=role.leading)) for s in spans]
        direction = self.direction(text.lang)
        value = _all_user(text)
        if value:
            # a value the family typed, alone: its paragraph takes the direction of its own
            # first strong character (an English wish in an Arabic packet reads left to right,
            # "שרה כהן (vecina)" right to left), else the field's language
            direction = first_strong(text.plain) or direction
            spans = [replace(sp, isolate=None) if sp.isolate == "auto" else sp for sp in spans]
        align: Align
        if side == "center":
            align = "center"
        else:
            # text in the other direction (English under Arabic, an English form, a value)
            # sits on its own start side: English is left-aligned in right-to-left packets
            # (a value alone keeps to the document's side, in line with the other values)
            same = (direction == "rtl") == self.rtl_doc
            if same:
                align = "end" if side == "end" else "start"
            elif value:
                align = "end" if side == "start" else "start"
            else:
                align = "start"
        return self.ts.set(spans, width, lang=text.lang, direction=direction, align=align)

    def set_texts(
        self, texts: d.Texts, role: st.TextRole, width: float, align: str = "start"
    ) -> list[SetParagraph]:
        """The family-language text, then each other language beside it (English last).

        ``align`` is the side of the document's direction the lines sit on (see set_text)."""
        out = []
        for i, text in enumerate(texts):
            english = i > 0 and len(texts) > 1
            if not text.plain.strip():
                continue
            out.append(self.set_text(text, role, width, english=english, side=align))
        return out

    # atoms ----------------------------------------------------------------------------------
    def paragraph_atoms(
        self, paras: list[SetParagraph], x: float, *, keep_with_next: bool = False
    ) -> list[Atom]:
        """Atoms for stacked paragraphs (a text and its English beside it).

        Short paragraphs travel together. A text of :data:`SPLIT_LINES` lines or more may break
        between lines, never leaving fewer than two lines of it at the foot or head of a page."""
        atoms: list[Atom] = []
        for p_index, para in enumerate(paras):
            gap = st.GAP_BILINGUAL if p_index else 0.0
            if keep_with_next or len(para.lines) < SPLIT_LINES or self.compact:
                pieces = _line_chunks(para, self.max_atom_height)
            else:
                pieces = [SetParagraph((line,), para.width, para.direction) for line in para.lines]
            para_atoms = []
            for n, chunk in enumerate(pieces):
                atom = Atom(height=chunk.height + (gap if n == 0 else 0.0))
                atom.items.append(TextItem(x, -gap if n == 0 else 0.0, chunk))
                para_atoms.append(atom)
            if len(pieces) > 1 and len(pieces) == len(para.lines):
                # orphans and widows: the first two and the last two lines stay together
                para_atoms[0].keep_with_next = True
                para_atoms[-2].keep_with_next = True
                para_atoms[-1].keep_with_next = p_index < len(paras) - 1
            else:
                for atom in para_atoms:
                    atom.keep_with_next = True
                if p_index == len(paras) - 1:
                    para_atoms[-1].keep_with_next = False
            atoms += para_atoms
        if keep_with_next:
            for atom in atoms:
                atom.keep_with_next = True
        return atoms

    max_atom_height = 600.0  # set by the paginator to the page's body height
    #: the document's values that come from no family (set by :func:`layout_document`)
    public_values: frozenset[str] = frozenset()
    #: a translation for understanding: smaller type, no write-in lines (nothing is signed on it)
    compact = False
    #: the type and the measures that grow with it (standard or large print)
    print_size: st.PrintSize = st.STANDARD

    def role(self, name: str) -> st.TextRole:
        roles = self.print_size.roles
        if self.compact and name in st.COMPACT_ROLES:
            return roles[st.COMPACT_ROLES[name]]
        return roles[name]

    def spacer(self, height: float) -> Atom:
        return Atom(height=height, space=True)

    def heading(self, block: d.Heading) -> list[Atom]:
        role = self.role("h2" if block.level == 2 else "h3")
        paras = self.set_texts(block.texts, role, self.width)
        atoms = [self.spacer(role.space_before)] if role.space_before else []
        body = self.paragraph_atoms(paras, self.left, keep_with_next=True)
        _tag_texts(body, tags.heading(block.level))
        for atom in body:
            atom.heading = True
        atoms += body
        atoms.append(self.spacer(role.space_after))
        atoms[-1].keep_with_next = True
        return atoms

    def section_title(self, texts: d.Texts) -> list[Atom]:
        role = self.role("title")
        paras = self.set_texts(texts, role, self.width)
        atoms = self.paragraph_atoms(paras, self.left, keep_with_next=True)
        _tag_texts(atoms, tags.heading(1))
        rule = Atom(height=10, keep_with_next=True, heading=True)
        for atom in atoms:
            atom.heading = True
        rule.items.append(
            LineItem(self.left, -5, self.left + self.width, -5, color=st.ACCENT, width=1.6)
        )
        after = self.spacer(role.space_after)
        after.keep_with_next = True
        return atoms + [rule, after]

    def para(self, block: d.Para) -> list[Atom]:
        role = self.role(block.style)
        paras = self.set_texts(block.texts, role, self.width)
        return self.paragraph_atoms(paras, self.left) + [self.spacer(role.space_after)]

    def check(self, block: d.Check) -> list[Atom]:
        role = self.role("body")
        side = self.print_size.checkbox
        indent = side + 8
        text_x = self.left if self.rtl_doc else self.left + indent
        paras = self.set_texts(block.texts, role, self.width - indent)
        atoms = self.paragraph_atoms(paras, text_x)
        item = tags.group_id()  # the list item: its box (a label) and its text
        _tag_texts(atoms, Tag("P", (("LI", item), ("LBody", item))))
        if atoms:
            box = tags.figure(
                self.alt(tags.CHECKED if block.checked else tags.NOT_CHECKED),
                self.doc_lang,
                (("LI", item), ("Lbl", item)),
            )
            first = paras[0].lines[0] if paras[0].lines else None
            box_top = -((first.height - side) / 2) if first else 0.0
            box_x = self.left + self.width - side if self.rtl_doc else self.left
            if block.mark == "box":
                atoms[0].items.append(
                    RectItem(
                        box_x,
                        box_top - side,
                        side,
                        side,
                        stroke=st.INK,
                        width=0.9,
                        tag=box,
                    )
                )
                if block.checked:  # an X across the box
                    y0, y1 = box_top - side + 2, box_top - 2
                    x0, x1 = box_x + 2, box_x + side - 2
                    atoms[0].items.append(LineItem(x0, y0, x1, y1, st.INK, 1.2, tag=box))
                    atoms[0].items.append(LineItem(x0, y1, x1, y0, st.INK, 1.2, tag=box))
            else:
                dot = self.print_size.bullet
                atoms[0].items.append(
                    RectItem(
                        box_x + (side - dot) / 2,
                        box_top - (side + dot) / 2,
                        dot,
                        dot,
                        fill=st.ACCENT,
                    )
                )
        return atoms + [self.spacer(role.space_after)]

    def alt(self, msgid: str) -> str:
        """Alternative text in the document's language (a screen reader says it)."""
        return language(self.doc_lang).gettext(msgid)

    def field_row(
        self, f: d.Field, width: float, left: float, table: int = 0, value_role: str = "value"
    ) -> list[Atom]:
        """One labelled value; with ``table`` (a :func:`tags.group_id`), a row of that table
        in the structure tree: the label its header cell, the value its data cell."""
        row = (("Table", table), ("TR", tags.group_id())) if table else ()
        th = Tag("P", (*row, ("TH", tags.group_id()))) if table else None
        td = (*row, ("TD", tags.group_id())) if table else ()
        label_w = width * st.LABEL_COLUMN
        value_w = width - label_w - st.COLUMN_GAP
        if self.rtl_doc:
            label_x, value_x = left + width - label_w, left
        else:
            label_x, value_x = left, left + label_w + st.COLUMN_GAP
        label_paras = self.set_texts(f.label, self.role("label"), label_w)
        label_h = _stack_height(label_paras)
        pad = self.print_size.row_padding * (0.6 if self.compact else 1.0)
        if f.value is None and self.compact:  # a translation: the label, a short rule
            atom = Atom(height=label_h + 2 * pad)
            self._place_stack(atom, label_paras, label_x, -pad)
            y = -pad - label_h + 3
            atom.items.append(
                LineItem(value_x, y, value_x + value_w * 0.5, y, dash=(1.5, 2.0), width=0.5)
            )
            return [atom]
        if f.value is None:
            lines = max(1, f.lines)
            write_line = self.print_size.write_line
            height = max(label_h, lines * write_line) + 2 * pad
            atom = Atom(height=height)
            self._place_stack(atom, label_paras, label_x, -pad, th)
            blank = tags.figure(self.alt(tags.BLANK), self.doc_lang, td)
            for i in range(lines):
                y = -pad - (i + 1) * write_line + 3
                atom.items.append(
                    LineItem(value_x, y, value_x + value_w, y, color=st.INK, width=0.6, tag=blank)
                )
            atom.items.append(LineItem(left, -height, left + width, -height, width=0.3))
            return [atom]
        value_paras = self.set_texts(f.value, self.role(value_role), value_w)
        value_h = _stack_height(value_paras)
        if max(label_h, value_h) + 2 * pad <= self.max_atom_height:
            height = max(label_h, value_h) + 2 * pad
            atom = Atom(height=height)
            self._place_stack(atom, label_paras, label_x, -pad, th)
            self._place_stack(atom, value_paras, value_x, -pad, Tag("P", td) if table else None)
            atom.items.append(LineItem(left, -height, left + width, -height, width=0.3))
            return [atom]
        # a value taller than a page (a very long name): the label, then the value in pieces
        atoms = []
        head = Atom(height=label_h + pad, keep_with_next=True)
        self._place_stack(head, label_paras, label_x, -pad, th)
        atoms.append(head)
        atoms += self.paragraph_atoms(value_paras, value_x)
        if table:
            _tag_texts(atoms[1:], Tag("P", td))
        return atoms

    def _place_stack(
        self, atom: Atom, paras: list[SetParagraph], x: float, top: float, tag: Tag | None = None
    ) -> None:
        y = top
        for i, para in enumerate(paras):
            if i:
                y -= st.GAP_BILINGUAL
            atom.items.append(TextItem(x, y, para, tag))
            y -= para.height

    def fields(self, block: d.FieldGroup) -> list[Atom]:
        atoms: list[Atom] = []
        if block.title:
            atoms += self.heading(d.Heading(3, block.title))
        top_rule = Atom(height=1, keep_with_next=True, heading=bool(block.title))
        top_rule.items.append(LineItem(self.left, 0, self.left + self.width, 0, width=0.3))
        atoms.append(top_rule)
        table = tags.group_id()
        value_role = "value_large" if block.style == "large" else "value"
        # a group of short fields prints two to a row, when every pair fits (a grid, aligned)
        fields = block.fields
        rows: dict[int, list[Atom]] = {}  # each field's full-width row, set once

        def row(i: int) -> list[Atom]:
            if i not in rows:
                rows[i] = self.field_row(fields[i], self.width, self.left, table, value_role)
            return rows[i]

        pairable = self.print_size.pair_write_ins or all(f.value is not None for f in fields)
        pairs: list[Atom] | None = None
        if pairable and len(fields) >= 4:
            pairs = []
            for i in range(0, len(fields) - 1, 2):
                pair = self._field_pair(
                    fields[i], fields[i + 1], (row(i), row(i + 1)), table, value_role
                )
                if pair is None:  # one pair does not fit: one field a row
                    pairs = None
                    break
                pairs.append(pair)
        if pairs is not None:
            atoms += pairs
            if len(fields) % 2:
                last = len(fields) - 1
                alone = self._field_pair(fields[last], None, (row(last),), table, value_role)
                atoms += [alone] if alone else row(last)
        else:
            for i in range(len(fields)):
                atoms += row(i)
        atoms.append(self.spacer(6))
        return atoms

    def _field_pair(
        self,
        first: d.Field,
        second: d.Field | None,
        full: Sequence[list[Atom]],
        table: int = 0,
        value_role: str = "value",
    ) -> Atom | None:
        """Two short fields side by side on one row, when neither grows taller for it (with
        ``second`` None, the first alone in the first half). ``full``: their full-width rows."""
        gap = st.COLUMN_GAP * 1.5
        half = (self.width - gap) / 2
        both = (first,) if second is None else (first, second)
        if any(len(a) != 1 for a in full):
            return None
        lefts = (self.left, self.left + half + gap)
        if self.rtl_doc:
            lefts = lefts[::-1]
        try:
            halves = [self.field_row(f, half, x, table, value_role) for f, x in zip(both, lefts)]
        except NumberTooWide:  # a phone number too long for half the row: one to a row
            return None
        if any(len(a) != 1 for a in halves):
            return None
        tallest = max(a[0].height for a in full)
        if any(a[0].height > tallest + 0.5 for a in halves):
            return None
        height = max(a[0].height for a in halves)
        atom = Atom(height=height)
        for part in halves:
            for item in part[0].items:
                if isinstance(item, LineItem) and item.y1 == item.y2 == -part[0].height:
                    item = replace(item, y1=-height, y2=-height)  # the row's rule, at its foot
                atom.items.append(item)
        return atom

    def signature(self, block: d.Signature) -> list[Atom]:
        sign_w = self.width * 0.62
        date_w = self.width * 0.30
        if self.rtl_doc:
            sign_x, date_x = self.left + self.width - sign_w, self.left
        else:
            sign_x, date_x = self.left, self.left + self.width - date_w
        label = self.set_texts(block.label, self.role("label"), sign_w)
        date = self.set_texts(block.date_label, self.role("label"), date_w)
        # a translation is read, not signed
        line_y = -10.0 if self.compact else -self.print_size.signature_gap
        atom = Atom(
            height=-line_y
            + 3
            + max(_stack_height(label), _stack_height(date))
            + (3 if self.compact else 6),
            signature=True,
        )
        for x, w in ((sign_x, sign_w), (date_x, date_w)):
            blank = tags.figure(self.alt(tags.BLANK), self.doc_lang)
            atom.items.append(LineItem(x, line_y, x + w, line_y, st.INK, 0.8, tag=blank))
        self._place_stack(atom, label, sign_x, line_y - 4)
        self._place_stack(atom, date, date_x, line_y - 4)
        return [atom]

    def box(self, block: d.Box) -> list[Atom]:
        pad = self.print_size.box_padding
        inner = Composer(
            self.ts, self.doc_lang, self.width - 2 * pad, self.left + pad, self.family_lang
        )
        inner.max_atom_height = self.max_atom_height - 2 * pad
        inner.compact = self.compact
        inner.print_size = self.print_size
        inner.public_values = self.public_values
        atoms = [self.spacer(4), Atom(height=pad, keep_with_next=True)]
        for child in block.blocks:
            atoms += inner.block(child)
        while atoms and atoms[-1].space:  # the box's own padding replaces trailing space
            atoms.pop()
        atoms.append(Atom(height=pad))
        if sum(a.height for a in atoms) <= self.max_atom_height * BOX_KEEP:
            for atom in atoms[1:-1]:  # a short box is kept whole: its heading with its numbers
                atom.keep_with_next = True
        tint = st.TINT_WARNING if block.tone == "warning" else st.TINT_INFO
        for prev, atom in zip(atoms, atoms[1:]):
            if atom.space:  # tinted now: it keeps with what follows as the space did
                atom.keep_with_next = atom.keep_with_next or prev.keep_with_next
            atom.space = False
            atom.items.insert(
                0, RectItem(self.left, -atom.height, self.width, atom.height, fill=tint)
            )
            if block.tone == "warning":
                edge_x = self.left + self.width - 3 if self.rtl_doc else self.left
                atom.items.insert(
                    1, RectItem(edge_x, -atom.height, 3, atom.height, fill=st.WARNING_EDGE)
                )
        atoms.append(self.spacer(8))
        return atoms

    def table(self, block: d.Table) -> list[Atom]:
        from .tables import table_atoms  # the table module builds on this one's atoms

        return table_atoms(self, block)

    def block(self, block: d.Block) -> list[Atom]:
        handler: dict[type, Callable[[object], list[Atom]]] = {
            d.Table: self.table,  # type: ignore[dict-item]
            d.Heading: self.heading,  # type: ignore[dict-item]
            d.Para: self.para,  # type: ignore[dict-item]
            d.Check: self.check,  # type: ignore[dict-item]
            d.FieldGroup: self.fields,  # type: ignore[dict-item]
            d.Signature: self.signature,  # type: ignore[dict-item]
            d.Box: self.box,  # type: ignore[dict-item]
        }
        if isinstance(block, d.PageBreak):
            return [Atom(height=0, page_break=True)]
        if isinstance(block, d.Keep):  # kept on one page when it fits one
            atoms = [a for child in block.blocks for a in self.block(child)]
            while atoms and atoms[-1].space:
                atoms.pop()
            for atom in atoms[:-1]:
                atom.keep_with_next = True
            return atoms + [self.spacer(6)]
        return handler[type(block)](block)


def _has_text(atom: Atom) -> bool:
    return any(isinstance(item, TextItem) for item in atom.items)


#: Template texts set, by everything the setting depends on (kept across packets: no family
#: data): key -> (the typesetter, its paragraph).
_SET_TEXTS: memo.Memo[tuple[Any, ...], tuple[Typesetter, SetParagraph]] = memo.Memo(
    "set template texts", 20_000
)
_VALUE_KINDS = frozenset({"user", "ltr"})


def _template_only(text: d.Text, public_values: frozenset[str]) -> bool:
    """Whether ``text`` holds no family data: the templates' own words, and values only from
    ``public_values`` (:attr:`~kitgen.content.document.Document.public_values`)."""
    kinds = _VALUE_KINDS
    return all(not (i.value or i.kind in kinds) or i.text in public_values for i in text.inlines)


def _all_user(text: d.Text) -> bool:
    """Whether ``text`` is only values the family typed (and spaces between them)."""
    return any(i.kind == "user" for i in text.inlines) and all(
        i.kind == "user" or not i.text.strip() for i in text.inlines
    )


def _tag_texts(atoms: list[Atom], tag: Tag) -> None:
    """Put ``tag`` on every text item of ``atoms`` (see :mod:`kitgen.layout.tags`)."""
    for atom in atoms:
        atom.items = [replace(i, tag=tag) if isinstance(i, TextItem) else i for i in atom.items]


#: A box up to this share of the page is kept on one page (longer ones may break).
BOX_KEEP = 0.5

#: A text of this many lines or more may break across pages (two lines at least on each).
SPLIT_LINES = 5


def _stack_height(paras: Sequence[SetParagraph]) -> float:
    if not paras:
        return 0.0
    return sum(p.height for p in paras) + st.GAP_BILINGUAL * (len(paras) - 1)


def _line_chunks(para: SetParagraph, max_height: float) -> list[SetParagraph]:
    if para.height <= max_height:
        return [para]
    chunks: list[SetParagraph] = []
    current: list[Any] = []
    h = 0.0
    for line in para.lines:
        if current and h + line.height > max_height:
            chunks.append(SetParagraph(tuple(current), para.width, para.direction, para.lang))
            current, h = [], 0.0
        current.append(line)
        h += line.height
    if current:
        chunks.append(SetParagraph(tuple(current), para.width, para.direction, para.lang))
    return chunks


# -- pagination ------------------------------------------------------------------------------


#: A page outside a part's end is at least this full (share of the text area).
MIN_FILL = 1 / 3


@dataclass
class _PageInfo:
    """What the paginator measures of the page it is filling."""

    part: str = ""
    section: int = -1  # the section the page opens with
    low: float | None = None  # the lowest y any text or rule reaches
    last_heading: bool = False
    first_signature: bool = False  # the first thing on the page is a signature line
    blank: bool = False
    fixed_fill: float | None = None  # pages laid out outside the flow (cards, contents)


class _Pager:
    """Places atoms on pages. A *flow* (the atoms between two forced page breaks) is placed at
    once, so that its last page can be balanced: when it would be less than a third full, the
    page before it gives up lines until both are at least a third full."""

    def __init__(
        self, width: float, height: float, footer_height: float = st.FOOTER_HEIGHT
    ) -> None:
        self.width, self.height = width, height
        self.top = height - st.MARGIN
        self.bottom = st.MARGIN + footer_height
        self.pages: list[list[Item]] = []
        self.info: list[_PageInfo] = []
        self.card_pages: set[int] = set()  # indexes of pages holding a card sheet
        self.marks: dict[int, list[tuple[str, str]]] = {}  # outline entries by page index
        self.y = self.top
        self.items: list[Item] | None = None
        self.part = ""
        self.squeeze: dict[int, float] = {}  # page index -> points taken off its foot

    @property
    def body(self) -> float:
        return self.top - self.bottom

    def new_page(self) -> None:
        self.items = []
        self.pages.append(self.items)
        self.info.append(_PageInfo(part=self.part))
        self.y = self.top

    @property
    def fresh(self) -> bool:
        return self.items is not None and self.y == self.top

    def fill(self, index: int) -> float:
        info = self.info[index]
        if info.fixed_fill is not None:
            return info.fixed_fill
        if info.low is None:
            return 0.0
        return min(1.0, (self.top - info.low) / self.body)

    def _floor(self) -> float:
        return self.bottom + self.squeeze.get(len(self.pages) - 1, 0.0)

    # -- one flow ------------------------------------------------------------------------------
    def flow(self, atoms: list[Atom]) -> None:
        """Place ``atoms``, then balance: a page of the flow less than a third full (its last,
        or one before a block too big to join it) takes lines from the page before it, when
        that leaves both at least a third full and the flow no longer."""
        if not atoms:
            return
        saved = self._save()
        first = len(self.pages) - (0 if self.items is None else 1)
        self.place(atoms)
        count = len(self.pages)
        squeeze: dict[int, float] = {}
        for _ in range(8):  # a few thin pages at most in one flow
            thin = next(
                (
                    k
                    for k in range(first + 1, count)
                    if self.fill(k) < MIN_FILL and k not in squeeze
                ),
                None,
            )
            if thin is None or thin - 1 in squeeze:
                break
            best = None
            extra = 12.0
            while extra < self.body * (1 - MIN_FILL):
                self._restore(saved)
                self.squeeze = {**squeeze, thin - 1: extra}
                self.place(atoms)
                if (
                    len(self.pages) <= count
                    and self.fill(thin) >= MIN_FILL
                    and self.fill(thin - 1) >= MIN_FILL
                ):
                    best = extra
                    break
                extra += 12.0
            self.squeeze = {}
            if best is None:
                squeeze[thin] = 0.0  # nothing better for this page; look further on
            else:
                squeeze[thin - 1] = best
            self._restore(saved)
            self.squeeze = {k: v for k, v in squeeze.items() if v}
            self.place(atoms)
            self.squeeze = {}
            count = len(self.pages)

    def _save(self) -> tuple:
        current = None if self.items is None else list(self.items)
        info = replace(self.info[-1]) if self.info and self.items is not None else None
        marks = {k: list(v) for k, v in self.marks.items()}
        return (len(self.pages), current, info, self.y, marks)

    def _restore(self, saved: tuple) -> None:
        count, current, info, y, marks = saved
        del self.pages[count:]
        del self.info[count:]
        if current is None:
            self.items = None
        else:
            self.items = list(current)
            self.pages[-1] = self.items
            self.info[-1] = replace(info)
        self.y = y
        self.marks = {k: list(v) for k, v in marks.items()}

    def _put(self, atom: Atom) -> None:
        assert self.items is not None
        info = self.info[-1]
        if atom.mark is not None:
            self.marks.setdefault(len(self.pages) - 1, []).append(atom.mark)
        if info.section < 0 or (info.low is None and atom.section >= 0):
            info.section = atom.section
        self.items.extend(_shift(item, self.y) for item in atom.items)
        self.y -= atom.height
        if atom.items:
            if info.low is None:
                info.first_signature = atom.signature
            info.low = self.y if info.low is None else min(info.low, self.y)
            info.last_heading = atom.heading

    def place(self, atoms: list[Atom]) -> None:
        i = 0
        committed = -1  # atoms up to here go on this page: a heading with what it heads
        while i < len(atoms):
            atom = atoms[i]
            if atom.page_break:
                if not self.fresh:
                    self.new_page()
                i += 1
                continue
            if self.items is None:
                self.new_page()
            if atom.space:
                if not self.fresh:
                    self.y -= min(atom.height, max(0.0, self.y - self.bottom))
                i += 1
                continue
            if i <= committed:
                self._put(atom)
                i += 1
                continue
            # the atom and those it keeps with must fit, or start a new page
            group_h, j = atom.height, i
            while (atoms[j].keep_with_next or (j > i and atoms[j].space)) and j + 1 < len(atoms):
                j += 1
                if atoms[j].page_break:
                    break
                group_h += atoms[j].height  # spaces between kept atoms count too
            need = group_h
            if group_h > self.body:  # a chain longer than a page: a heading and what it heads
                need, k = atom.height, i
                while k + 1 <= j and (atoms[k].heading or not _has_text(atoms[k])):
                    k += 1
                    need += atoms[k].height
                committed = k if k > i else -1
            trivial = (
                atom.height <= 12
                and not atom.keep_with_next
                and not any(isinstance(i, TextItem) for i in atom.items)
            )
            floor = self._floor()
            if (
                self.y - need < floor
                and not self.fresh
                and not (trivial and self.y - atom.height >= floor - 12)
            ):
                self.new_page()
                if atom.head is not None:
                    self._put(atom.head)
            self._put(atom)
            i += 1


def layout_document(
    doc: d.Document,
    typesetter: Typesetter,
    *,
    paper: str = "letter",
    duplex: bool = True,
    parts: Sequence[str] | None = None,
    print_size: st.PrintSize = st.STANDARD,
) -> list[Page]:
    """Lay out the sections of ``doc`` on pages of ``paper`` size, footers included.

    Sections print part by part, in :data:`~kitgen.content.document.PARTS` order; ``parts``
    keeps only the sections of those parts. With ``duplex``, each part starts on an odd page: a
    part that ends on an odd page gets a blank back saying so, so that a two-sided print never
    puts two parts on one sheet.
    """
    width, height = st.paper_size(paper)
    pager = _Pager(width, height, print_size.footer_height)
    measure = width - 2 * st.MARGIN
    composer = Composer(typesetter, doc.lang, measure, st.MARGIN)
    composer.max_atom_height = pager.body
    composer.print_size = print_size
    composer.public_values = doc.public_values
    composers: dict[tuple[str, bool], Composer] = {(doc.lang, False): composer}
    order = {part: n for n, part in enumerate(d.PARTS)}
    sections = sorted(doc.sections, key=lambda s: order.get(d.part_of(s.key), len(order)))
    contents_at: tuple[int, float] | None = None
    contents_pad = CONTENTS_PAD
    contents_cut: int | None = None
    flow: list[Atom] = []
    notices: tuple[int, int] | None = None  # where the cover's notices are in ``flow``
    for index, section in enumerate(sections):
        part = d.part_of(section.key)
        if parts is not None and part not in parts:
            continue
        if pager.pages and (part != pager.part or section.new_sheet):
            pager.flow(flow)
            flow = []
            if duplex and len(pager.pages) % 2 == 1:
                pager.new_page()
                pager.info[-1].blank = True
                _place_blank_note(pager, composer, doc.blank_page)
            pager.items = None  # a new part (or form) begins on a sheet of its own
        pager.part = part
        title = (_title_text(section), part)
        if any(isinstance(b, d.Contents) for b in section.blocks):
            deferred = _flow_cover(pager, flow, notices)
            flow, notices = [], None
            pager.new_page()
            pager.info[-1].section = index
            pager.info[-1].fixed_fill = 1.0  # filled in at the end
            pager.place(composer.section_title(section.title))
            pager.info[-1].last_heading = False
            contents_at = (len(pager.pages) - 1, pager.y)
            pager.marks.setdefault(len(pager.pages) - 1, []).append(title)
            # more pages when the entries cannot all fit (large print): reserved now, so the
            # page numbers written at the end stay true
            listed = [
                s
                for s in sections
                if s is not section and (parts is None or d.part_of(s.key) in parts)
            ]
            room = pager.y - pager.bottom
            pad = CONTENTS_PAD
            need = sum(_contents_entry(composer, s.title, 0, pad).height for s in _titled(listed))
            if need > room:  # tighter rows before another page
                pad = CONTENTS_PAD_TIGHT
            contents_pad = pad
            heights = [_contents_entry(composer, s.title, 0, pad).height for s in _titled(listed)]
            more, end = _contents_end(heights, pager.y, pager.top, pager.bottom)
            for _ in range(more):
                pager.new_page()
                pager.info[-1].section = index
                pager.info[-1].fixed_fill = 1.0
            if deferred:  # the cover's notices, under the last entry
                assert pager.items is not None
                contents_cut = len(pager.items)  # the entries go before them (reading order)
                pager.y = end
                last = len(pager.pages) - 1
                pager.flow(
                    [composer.spacer(NOTICES_GAP * print_size.roles["body"].size), *deferred]
                )
                pager.info[last].section = index  # still a page of the contents
            pager.items = None
            continue
        if any(isinstance(b, d.CardSheet) for b in section.blocks):
            pager.flow(flow)
            flow = []
            first = len(pager.pages)
            # the sheet keeps its standard type (the cards are wallet-sized in large print too)
            card_composer = Composer(typesetter, doc.lang, measure, st.MARGIN)
            card_composer.max_atom_height = pager.body
            card_composer.public_values = doc.public_values
            _place_card_section(pager, card_composer, section)
            for page in range(first, len(pager.pages)):
                pager.info[page].section = index
                pager.info[page].fixed_fill = 1.0
            pager.marks.setdefault(first, []).append(title)
            pager.items = None
            if print_size.card_text_pages:  # the cards' text, in large print on pages of its own
                text = _card_text_atoms(composer, section.title, section)
                text[0].mark = title
                for atom in text:
                    atom.section = index
                pager.flow(text)
                pager.items = None
            continue
        if section.new_page:
            pager.flow(flow)
            flow = []
            pager.items = None
        lang = section.lang or doc.lang
        key = (lang, section.compact)
        if key not in composers:
            composers[key] = Composer(typesetter, lang, measure, st.MARGIN, doc.lang)
            composers[key].max_atom_height = pager.body
            composers[key].compact = section.compact
            composers[key].print_size = print_size
            composers[key].public_values = doc.public_values
        section_composer = composers[key]
        atoms: list[Atom] = []
        if section.title:
            atoms += section_composer.section_title(section.title)
            atoms[0].mark = title
        last_block_at = len(atoms)
        for block in section.blocks:
            last_block_at = len(atoms)
            atoms += section_composer.block(block)
        # a translation is not signed: only the signer's name stays with each line
        _keep_signatures_with_their_text(atoms, 1 if section.compact else SIGN_KEEP)
        if section.key.startswith("form-") and not section.compact and last_block_at > 0:
            # a form's last block never stands alone on a page
            prior = last_block_at - 1
            while prior > 0 and atoms[prior].space:
                prior -= 1
            for atom in atoms[prior:last_block_at]:
                atom.keep_with_next = True
        for atom in atoms:
            atom.section = index
        if section.key == COVER_NOTICES:
            notices = (len(flow), len(flow) + len(atoms))
        flow += atoms
    pager.flow(flow)
    if not pager.pages:
        pager.new_page()
    marks = pager.marks
    if contents_at is not None:
        _fill_contents(pager, composer, sections, contents_at, marks, contents_pad, contents_cut)
    footer_pages = _footers(doc, composer, pager, sections, width)
    out = []
    for i, items in enumerate(footer_pages):
        info = pager.info[i]
        out.append(
            Page(
                width,
                height,
                tuple(items),
                tuple(marks.get(i, ())),
                part=info.part,
                section=sections[info.section].key if info.section >= 0 else "",
                fill=round(pager.fill(i), 4),
                ends_with_heading=info.last_heading,
                starts_with_signature=info.first_signature,
                blank=info.blank,
            )
        )
    return out


#: The section of notices printed under the cover (not legal advice; a draft translation): when
#: the cover would take more than one page with them (large print), they follow the contents
#: instead, so that page 1 holds the packet's title, the family's name and what the packet is.
COVER_NOTICES = "cover-notices"
#: The space between the contents' last entry and the notices under it, in body text sizes.
NOTICES_GAP = 1.0


def _flow_cover(pager: _Pager, flow: list[Atom], notices: tuple[int, int] | None) -> list[Atom]:
    """Place the flow before the contents (the cover). When it takes more than one page with
    the cover's notices (``flow[start:end]``), place it without them and return them (the
    contents' pages are followed by them); else return nothing."""
    if notices is None:
        pager.flow(flow)
        return []
    saved = pager._save()
    first = len(pager.pages) - (0 if pager.items is None else 1)
    pager.flow(flow)
    if len(pager.pages) - first <= 1:
        return []
    pager._restore(saved)
    start, end = notices
    pager.flow(flow[:start] + flow[end:])
    return flow[start:end]


def _contents_end(
    heights: Sequence[float], y: float, top: float, bottom: float
) -> tuple[int, float]:
    """Where contents rows of ``heights`` set from ``y`` end, row by row as
    :func:`_fill_contents` sets them: the pages they take after the first, and the y under the
    last row."""
    more = 0
    for height in heights:
        if y - height < bottom:
            more += 1
            y = top
        y -= height
    return more, y


def _fill_contents(
    pager: _Pager,
    composer: Composer,
    sections: Sequence[d.Section],
    at: tuple[int, float],
    marks: dict[int, list[tuple[str, str]]],
    pad: float,
    cut: int | None = None,
) -> None:
    """Write each section's title and first page onto the contents page (and the pages
    reserved after it, see :func:`layout_document`). With ``cut``, the last of those pages
    already holds items from that index on (the cover's notices): the entries go before them."""
    page, y = at
    last = page
    while last + 1 < len(pager.info) and pager.info[last + 1].section == pager.info[page].section:
        last += 1  # the contents' own pages
    titles = {s.key: s.title for s in sections if s.title}
    starts: list[tuple[int, d.Texts]] = []
    seen: set[str] = set()
    for index in sorted(marks):
        for title, _part in marks[index]:
            if page <= index <= last or title in seen:
                continue
            seen.add(title)
            texts = next((t for t in titles.values() if _title_text_of(t) == title), ())
            if texts:
                starts.append((index, texts))
    rows: dict[int, list[Item]] = {}
    for index, texts in starts:
        atom = _contents_entry(composer, texts, index + 1, pad)
        if y - atom.height < pager.bottom:
            if page == last:
                break  # never over the footer; the outline still lists every section
            page += 1
            y = pager.top
        rows.setdefault(page, []).extend(_shift(item, y) for item in atom.items)
        y -= atom.height
    for page, items in rows.items():
        where = cut if page == last and cut is not None else len(pager.pages[page])
        pager.pages[page][where:where] = items


def _titled(sections: Sequence[d.Section]) -> list[d.Section]:
    """The sections a contents page lists: one entry per distinct title."""
    out, seen = [], set()
    for section in sections:
        if section.title and _title_text(section) not in seen:
            seen.add(_title_text(section))
            out.append(section)
    return out


#: Space in a contents row (points), and in rows tightened so the contents keeps to one page.
CONTENTS_PAD = 7.0
CONTENTS_PAD_TIGHT = 3.0


def _contents_entry(composer: Composer, texts: d.Texts, number: int, pad: float) -> Atom:
    """One line of the contents: a section's title and the page it starts on."""
    number_w = 40.0
    text_w = composer.width - number_w
    rtl = composer.rtl_doc
    text_x = composer.left + (number_w if rtl else 0)
    number_x = composer.left if rtl else composer.left + text_w
    small = composer.print_size.roles["small"]
    paras = composer.set_texts(texts, small, text_w - 8)
    shown = composer.set_text(
        d.Text("en", (d.Inline(str(number)),)),
        small,
        number_w,
        english=False,
        side="start" if rtl else "end",
    )
    atom = Atom(height=_stack_height(paras) + pad)
    composer._place_stack(atom, paras, text_x, -pad * 3 / 7)
    composer._place_stack(atom, [shown], number_x, -pad * 3 / 7)
    atom.items.append(
        LineItem(
            composer.left,
            -atom.height,
            composer.left + composer.width,
            -atom.height,
            color=st.RULE,
            width=0.3,
        )
    )
    return atom


def _title_text_of(texts: d.Texts) -> str:
    return " / ".join(dict.fromkeys(t.plain for t in texts))


def _title_text(section: d.Section) -> str:
    """The outline entry of a section: its title in the family's language, then English."""
    texts = [t.plain for t in section.title]
    return " / ".join(dict.fromkeys(texts)) or section.key


def _place_blank_note(pager: _Pager, composer: Composer, note: d.Texts) -> None:
    if not note:
        return
    small = composer.print_size.roles["small"]
    paras = composer.set_texts(note, small, composer.width, align="center")
    pager.y = pager.top - (pager.top - pager.bottom) / 2
    atom = Atom(height=_stack_height(paras))
    composer._place_stack(atom, paras, composer.left, 0)
    pager.place([atom])


#: How many atoms before a signature line are kept on its page: the text it signs (a
#: statement, the signer's name, a witness's name and address rows).
SIGN_KEEP = 4


def _keep_signatures_with_their_text(atoms: list[Atom], keep: int = SIGN_KEEP) -> None:
    for i, atom in enumerate(atoms):
        if not atom.signature:
            continue
        kept = 0
        j = i - 1
        while j >= 0 and kept < keep and not atoms[j].signature:  # back to the last signature
            atoms[j].keep_with_next = True
            if not atoms[j].space:
                kept += 1
            j -= 1


def _footers(
    doc: d.Document,
    composer: Composer,
    pager: _Pager,
    sections: Sequence[d.Section],
    width: float,
) -> list[list[Item]]:
    """The running footer: the section's name, the confidential notice and "page X of Y", each
    in the family's language above English. Blank backs carry the notice and number only;
    card sheets (the cards and their crop marks fill the page) carry none."""
    pages, low = pager.pages, pager.card_pages
    total = len(pages)
    measure = width - 2 * st.MARGIN
    notice_w, number_w = measure * 0.62, measure * 0.38
    if composer.rtl_doc:
        notice_x, number_x = st.MARGIN + number_w, st.MARGIN
    else:
        notice_x, number_x = st.MARGIN, st.MARGIN + notice_w
    role = composer.print_size.roles["footer"]
    notice = composer.set_texts(doc.footer, role, notice_w)
    names: dict[int, list[SetParagraph]] = {}
    y_top = st.MARGIN + composer.print_size.footer_height - 8
    out = []
    for number, items in enumerate(pages, start=1):
        if number - 1 in low:  # card sheets: no footer
            out.append(list(items))
            continue
        info = pager.info[number - 1]
        labels = tuple(
            d.Text(
                lang,
                (d.Inline(template.replace("{page}", str(number)).replace("{pages}", str(total))),),
            )
            for lang, template in doc.page_label
        )
        page_items = list(items)
        page_items.append(LineItem(st.MARGIN, y_top + 4, width - st.MARGIN, y_top + 4, width=0.4))
        left = list(notice)
        if info.section >= 0 and not info.blank:
            if info.section not in names:
                named = info.section  # an untitled section (the cover's notices): its cover's
                while named > 0 and not sections[named].title:
                    named -= 1
                names[info.section] = _section_name(composer, sections[named], notice_w)
            left = names[info.section] + left
        composer_x = [
            (notice_x, left),
            (number_x, composer.set_texts(labels, role, number_w, align="end")),
        ]
        for x, paras in composer_x:
            y = y_top
            for para in paras:
                page_items.append(TextItem(x, y, para, tags.PAGINATION))
                y -= para.height
        out.append(page_items)
    return out


def _section_name(composer: Composer, section: d.Section, width: float) -> list[SetParagraph]:
    """The section's title on one footer line: "family title / English title" when both fit,
    else the family's language alone (cut to one line)."""
    if not section.title:
        return []
    role = replace(composer.print_size.roles["footer"], bold=True, color=st.ACCENT)
    first = section.title[0]
    candidates = [first]
    if len(section.title) > 1 and section.title[-1].plain != first.plain:
        english = section.title[-1]
        joined = d.Text(first.lang, first.inlines + (d.Inline(" / "),) + english.inlines)
        candidates.insert(0, joined)
    for text in candidates:
        para = composer.set_text(text, role, width, english=False)
        if len(para.lines) == 1:
            return [para]
    para = composer.set_text(first, role, width, english=False)
    return [SetParagraph(para.lines[:1], para.width, para.direction)]


# -- wallet cards ----------------------------------------------------------------------------


def _card_text_atoms(composer: Composer, title: d.Texts, section: d.Section) -> list[Atom]:
    """The text of every distinct wallet card of ``section`` set as a page of the packet (in
    large print: a reader who cannot read the card's small type reads this copy): a title, then
    each card's front, its heading a level 2 heading, followed by its back."""
    atoms = composer.section_title(title)
    seen: list[tuple[d.Card, d.Card | None]] = []
    for sheet in (b for b in section.blocks if isinstance(b, d.CardSheet)):
        for i, front in enumerate(sheet.fronts):
            back = sheet.backs[i] if i < len(sheet.backs) else None
            if (front, back) in seen:
                continue  # the sheet repeats each card to fill its eight places
            seen.append((front, back))
            blocks: list[d.Block] = [d.Heading(2, front.title), *front.blocks]
            if back is not None:
                if back.title != front.title:
                    blocks.append(d.Heading(3, back.title))
                blocks += back.blocks
            atoms += composer.block(d.Keep(tuple(blocks)))  # one card on one page, if it fits
    return atoms


def _place_card_section(pager: _Pager, composer: Composer, section: d.Section) -> None:
    """A card sheet on pages of its own: the front with a compact heading and the paragraphs
    before the cards above the grid, the back with the paragraphs after the cards (if any) in
    the same place; the grid sits below the taller of the two, at the same height on both."""
    front: list[Atom] = []
    if section.title:
        front += composer.heading(d.Heading(3, section.title))
    back: list[Atom] = []
    sheets = [b for b in section.blocks if isinstance(b, d.CardSheet)]
    after = False
    for block in section.blocks:
        after = after or isinstance(block, d.CardSheet)
        if isinstance(block, d.Para):
            # "note": 9 pt, its English 8 pt (nothing on a card sheet is under 8 pt)
            (back if after else front).extend(composer.para(d.Para(block.texts, "note")))
    front = [a for a in front if not a.space]
    back = [a for a in back if not a.space]
    top = pager.height - st.CARD_SHEET_TOP
    text_bottom = top - max(sum(a.height for a in front), sum(a.height for a in back))
    pager.new_page()
    pager.card_pages.add(len(pager.pages) - 1)
    pager.y = top
    pager.place(front)
    for sheet in sheets:
        _place_cards(pager, composer, sheet, cards.grid_below(pager.width, text_bottom), back)


def _place_cards(
    pager: _Pager, composer: Composer, sheet: d.CardSheet, grid: cards.Grid, back: list[Atom]
) -> None:
    """Fronts on one sheet, backs on the next, each back behind its front (long-edge flip)."""
    for face, faces in (("front", sheet.fronts), ("back", sheet.backs)):
        if not faces:
            continue
        if face == "back":
            pager.new_page()
            pager.card_pages.add(len(pager.pages) - 1)
            pager.y = pager.height - st.CARD_SHEET_TOP
            pager.place(back)
        assert pager.items is not None
        pager.items.extend(cards.place_cards(composer, faces, grid, back=face == "back"))
        pager.y = grid.bottom
