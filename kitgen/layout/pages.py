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

from ..content import document as d
from ..i18n import language
from ..text import SetParagraph, Span, TextStyle, Typesetter
from . import cards
from . import styles as st

# -- what a page is made of ------------------------------------------------------------------


@dataclass(frozen=True)
class TextItem:
    x: float  # left edge of the measure
    top: float  # top edge of the first line box
    para: SetParagraph


@dataclass(frozen=True)
class RectItem:
    x: float
    y: float  # bottom edge
    w: float
    h: float
    fill: st.Color | None = None
    stroke: st.Color | None = None
    width: float = 0.6


@dataclass(frozen=True)
class LineItem:
    x1: float
    y1: float
    x2: float
    y2: float
    color: st.Color = st.RULE
    width: float = 0.6
    dash: tuple[float, ...] = ()


Item = TextItem | RectItem | LineItem


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    items: tuple[Item, ...]
    #: outline (bookmark) entries that start on this page: (section title, its part)
    marks: tuple[tuple[str, str], ...] = ()


def _shift(item: Item, dy: float) -> Item:
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


# -- setting text ----------------------------------------------------------------------------


class Composer:
    """Sets the model's texts with the typesetter and builds atoms for each kind of block."""

    def __init__(self, typesetter: Typesetter, doc_lang: str, width: float, left: float) -> None:
        self.ts = typesetter
        self.doc_lang = doc_lang
        self.width = width
        self.left = left
        self.rtl_doc = language(doc_lang).direction == "rtl"

    # text -----------------------------------------------------------------------------------
    @staticmethod
    def direction(lang: str) -> str:
        return language(lang).direction

    def spans(self, text: d.Text, size: float, bold: bool, color: st.Color) -> list[Span]:
        out = []
        for inline in text.inlines:
            style = TextStyle(size=size, bold=bold or inline.kind == "strong", color=color)
            isolate = {"user": "auto", "ltr": "ltr"}.get(inline.kind)
            out.append(Span(inline.text, style, isolate))  # type: ignore[arg-type]
        return out

    def set_text(
        self, text: d.Text, role: st.TextRole, width: float, *, english: bool, side: str = "start"
    ) -> SetParagraph:
        """Set one text. ``side`` is where its lines sit: ``"start"`` or ``"end"`` of the
        *document's* direction (so English under Arabic lines up on the right too), or
        ``"center"``."""
        size = role.english_size if english and role.english_size else role.size
        color = role.english_color if english else role.color
        spans = self.spans(text, size, role.bold, color)
        if role.leading:
            spans = [replace(s, style=replace(s.style, leading=role.leading)) for s in spans]
        direction = self.direction(text.lang)
        if side == "center":
            align = "center"
        else:
            same = (direction == "rtl") == self.rtl_doc
            align = side if same else ("end" if side == "start" else "start")
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
        """Atoms for stacked paragraphs; a paragraph taller than a page is cut between lines."""
        atoms: list[Atom] = []
        for p_index, para in enumerate(paras):
            gap = st.GAP_BILINGUAL if p_index else 0.0
            for chunk in _line_chunks(para, self.max_atom_height):
                atom = Atom(height=chunk.height + gap, keep_with_next=keep_with_next)
                atom.items.append(TextItem(x, -gap, chunk))
                atoms.append(atom)
        if atoms and not keep_with_next:
            # the family text and its English travel together when they fit
            for atom in atoms[:-1]:
                atom.keep_with_next = True
        return atoms

    max_atom_height = 600.0  # set by the paginator to the page's body height

    def spacer(self, height: float) -> Atom:
        return Atom(height=height, space=True)

    def heading(self, block: d.Heading) -> list[Atom]:
        role = st.ROLES["h2" if block.level == 2 else "h3"]
        paras = self.set_texts(block.texts, role, self.width)
        atoms = [self.spacer(role.space_before)] if role.space_before else []
        body = self.paragraph_atoms(paras, self.left, keep_with_next=True)
        atoms += body
        atoms.append(self.spacer(role.space_after))
        atoms[-1].keep_with_next = True
        return atoms

    def section_title(self, texts: d.Texts) -> list[Atom]:
        role = st.ROLES["title"]
        paras = self.set_texts(texts, role, self.width)
        atoms = self.paragraph_atoms(paras, self.left, keep_with_next=True)
        rule = Atom(height=10, keep_with_next=True)
        rule.items.append(
            LineItem(self.left, -5, self.left + self.width, -5, color=st.ACCENT, width=1.6)
        )
        return atoms + [rule, self.spacer(role.space_after)]

    def para(self, block: d.Para) -> list[Atom]:
        role = st.ROLES[block.style]
        paras = self.set_texts(block.texts, role, self.width)
        return self.paragraph_atoms(paras, self.left) + [self.spacer(role.space_after)]

    def check(self, block: d.Check) -> list[Atom]:
        role = st.ROLES["body"]
        indent = st.CHECKBOX + 8
        text_x = self.left if self.rtl_doc else self.left + indent
        paras = self.set_texts(block.texts, role, self.width - indent)
        atoms = self.paragraph_atoms(paras, text_x)
        if atoms:
            first = paras[0].lines[0] if paras[0].lines else None
            box_top = -((first.height - st.CHECKBOX) / 2) if first else 0.0
            box_x = self.left + self.width - st.CHECKBOX if self.rtl_doc else self.left
            if block.mark == "box":
                atoms[0].items.append(
                    RectItem(
                        box_x,
                        box_top - st.CHECKBOX,
                        st.CHECKBOX,
                        st.CHECKBOX,
                        stroke=st.INK,
                        width=0.9,
                    )
                )
                if block.checked:  # an X across the box
                    y0, y1 = box_top - st.CHECKBOX + 2, box_top - 2
                    x0, x1 = box_x + 2, box_x + st.CHECKBOX - 2
                    atoms[0].items.append(LineItem(x0, y0, x1, y1, color=st.INK, width=1.2))
                    atoms[0].items.append(LineItem(x0, y1, x1, y0, color=st.INK, width=1.2))
            else:
                dot = st.BULLET
                atoms[0].items.append(
                    RectItem(
                        box_x + (st.CHECKBOX - dot) / 2,
                        box_top - (st.CHECKBOX + dot) / 2,
                        dot,
                        dot,
                        fill=st.ACCENT,
                    )
                )
        return atoms + [self.spacer(role.space_after)]

    def field_row(
        self, f: d.Field, width: float, left: float, value_role: str = "value"
    ) -> list[Atom]:
        label_w = width * st.LABEL_COLUMN
        value_w = width - label_w - st.COLUMN_GAP
        if self.rtl_doc:
            label_x, value_x = left + width - label_w, left
        else:
            label_x, value_x = left, left + label_w + st.COLUMN_GAP
        label_paras = self.set_texts(f.label, st.ROLES["label"], label_w)
        label_h = _stack_height(label_paras)
        pad = st.ROW_PADDING
        if f.value is None:
            lines = max(1, f.lines)
            height = max(label_h, lines * st.WRITE_LINE) + 2 * pad
            atom = Atom(height=height)
            self._place_stack(atom, label_paras, label_x, -pad)
            for i in range(lines):
                y = -pad - (i + 1) * st.WRITE_LINE + 3
                atom.items.append(
                    LineItem(value_x, y, value_x + value_w, y, color=st.INK, width=0.6)
                )
            atom.items.append(LineItem(left, -height, left + width, -height, width=0.3))
            return [atom]
        value_paras = self.set_texts(f.value, st.ROLES[value_role], value_w)
        value_h = _stack_height(value_paras)
        if max(label_h, value_h) + 2 * pad <= self.max_atom_height:
            height = max(label_h, value_h) + 2 * pad
            atom = Atom(height=height)
            self._place_stack(atom, label_paras, label_x, -pad)
            self._place_stack(atom, value_paras, value_x, -pad)
            atom.items.append(LineItem(left, -height, left + width, -height, width=0.3))
            return [atom]
        # a value taller than a page (a very long name): the label, then the value in pieces
        atoms = []
        head = Atom(height=label_h + pad, keep_with_next=True)
        self._place_stack(head, label_paras, label_x, -pad)
        atoms.append(head)
        atoms += self.paragraph_atoms(value_paras, value_x)
        return atoms

    def _place_stack(self, atom: Atom, paras: list[SetParagraph], x: float, top: float) -> None:
        y = top
        for i, para in enumerate(paras):
            if i:
                y -= st.GAP_BILINGUAL
            atom.items.append(TextItem(x, y, para))
            y -= para.height

    def fields(self, block: d.FieldGroup) -> list[Atom]:
        atoms: list[Atom] = []
        if block.title:
            atoms += self.heading(d.Heading(3, block.title))
        top_rule = Atom(height=1, keep_with_next=True)  # never alone under its title
        top_rule.items.append(LineItem(self.left, 0, self.left + self.width, 0, width=0.3))
        atoms.append(top_rule)
        value_role = "value_large" if block.style == "large" else "value"
        for f in block.fields:
            atoms += self.field_row(f, self.width, self.left, value_role)
        atoms.append(self.spacer(8))
        return atoms

    def signature(self, block: d.Signature) -> list[Atom]:
        sign_w = self.width * 0.62
        date_w = self.width * 0.30
        if self.rtl_doc:
            sign_x, date_x = self.left + self.width - sign_w, self.left
        else:
            sign_x, date_x = self.left, self.left + self.width - date_w
        label = self.set_texts(block.label, st.ROLES["label"], sign_w)
        date = self.set_texts(block.date_label, st.ROLES["label"], date_w)
        line_y = -34.0
        atom = Atom(
            height=34 + 4 + max(_stack_height(label), _stack_height(date)) + 10, signature=True
        )
        atom.items.append(
            LineItem(sign_x, line_y, sign_x + sign_w, line_y, color=st.INK, width=0.8)
        )
        atom.items.append(
            LineItem(date_x, line_y, date_x + date_w, line_y, color=st.INK, width=0.8)
        )
        self._place_stack(atom, label, sign_x, line_y - 4)
        self._place_stack(atom, date, date_x, line_y - 4)
        return [atom]

    def box(self, block: d.Box) -> list[Atom]:
        pad = st.BOX_PADDING
        inner = Composer(self.ts, self.doc_lang, self.width - 2 * pad, self.left + pad)
        inner.max_atom_height = self.max_atom_height - 2 * pad
        atoms = [self.spacer(4), Atom(height=pad, keep_with_next=True)]
        for child in block.blocks:
            atoms += inner.block(child)
        while atoms and atoms[-1].space:  # the box's own padding replaces trailing space
            atoms.pop()
        atoms.append(Atom(height=pad))
        tint = st.TINT_WARNING if block.tone == "warning" else st.TINT_INFO
        for atom in atoms[1:]:
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

    def block(self, block: d.Block) -> list[Atom]:
        handler: dict[type, Callable[[object], list[Atom]]] = {
            d.Heading: self.heading,  # type: ignore[dict-item]
            d.Para: self.para,  # type: ignore[dict-item]
            d.Check: self.check,  # type: ignore[dict-item]
            d.FieldGroup: self.fields,  # type: ignore[dict-item]
            d.Signature: self.signature,  # type: ignore[dict-item]
            d.Box: self.box,  # type: ignore[dict-item]
        }
        if isinstance(block, d.PageBreak):
            return [Atom(height=0, page_break=True)]
        return handler[type(block)](block)


def _stack_height(paras: Sequence[SetParagraph]) -> float:
    if not paras:
        return 0.0
    return sum(p.height for p in paras) + st.GAP_BILINGUAL * (len(paras) - 1)


def _line_chunks(para: SetParagraph, max_height: float) -> list[SetParagraph]:
    if para.height <= max_height:
        return [para]
    chunks, current, h = [], [], 0.0
    for line in para.lines:
        if current and h + line.height > max_height:
            chunks.append(SetParagraph(tuple(current), para.width, para.direction))
            current, h = [], 0.0
        current.append(line)
        h += line.height
    if current:
        chunks.append(SetParagraph(tuple(current), para.width, para.direction))
    return chunks


# -- pagination ------------------------------------------------------------------------------


class _Pager:
    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.top = height - st.MARGIN
        self.bottom = st.MARGIN + st.FOOTER_HEIGHT
        self.pages: list[list[Item]] = []
        self.card_pages: set[int] = set()  # indexes of pages holding a card sheet
        self.marks: dict[int, list[tuple[str, str]]] = {}  # outline entries by page index
        self.y = self.top
        self.items: list[Item] | None = None

    def new_page(self) -> None:
        self.items = []
        self.pages.append(self.items)
        self.y = self.top

    @property
    def fresh(self) -> bool:
        return self.items is not None and self.y == self.top

    def place(self, atoms: list[Atom]) -> None:
        i = 0
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
                    self.y -= min(atom.height, self.y - self.bottom)
                i += 1
                continue
            # the atom and those it keeps with must fit, or start a new page
            group_h, j = atom.height, i
            while atoms[j].keep_with_next and j + 1 < len(atoms):
                j += 1
                if not atoms[j].page_break:
                    group_h += atoms[j].height  # spaces between kept atoms count too
                if atoms[j].page_break:
                    break
            need = atom.height if group_h > self.top - self.bottom else group_h
            trivial = (
                atom.height <= 12
                and not atom.keep_with_next
                and not any(isinstance(i, TextItem) for i in atom.items)
            )
            if (
                self.y - need < self.bottom
                and not self.fresh
                and not (trivial and self.y - atom.height >= self.bottom - 12)
            ):
                self.new_page()
            assert self.items is not None
            if atom.mark is not None:
                self.marks.setdefault(len(self.pages) - 1, []).append(atom.mark)
            self.items.extend(_shift(item, self.y) for item in atom.items)
            self.y -= atom.height
            i += 1


def layout_document(
    doc: d.Document,
    typesetter: Typesetter,
    *,
    paper: str = "letter",
    duplex: bool = True,
    parts: Sequence[str] | None = None,
) -> list[Page]:
    """Lay out the sections of ``doc`` on pages of ``paper`` size, footers included.

    ``parts`` keeps only the sections of those parts (see :data:`~kitgen.content.document.PARTS`).
    With ``duplex``, each part starts on an odd page: a part that ends on an odd page gets a
    blank back saying so, so that a two-sided print never puts two parts on one sheet.
    """
    width, height = st.paper_size(paper)
    pager = _Pager(width, height)
    measure = width - 2 * st.MARGIN
    composer = Composer(typesetter, doc.lang, measure, st.MARGIN)
    composer.max_atom_height = pager.top - pager.bottom
    by_lang = {doc.lang: composer}
    marks = pager.marks
    blank_pages: set[int] = set()
    current_part: str | None = None
    contents_at: tuple[int, float] | None = None
    for section in doc.sections:
        part = d.part_of(section.key)
        if parts is not None and part not in parts:
            continue
        if part != current_part and current_part is not None:
            if duplex and len(pager.pages) % 2 == 1:
                pager.new_page()
                blank_pages.add(len(pager.pages) - 1)
                _place_blank_note(pager, composer, doc.blank_page)
            pager.items = None  # a new part begins on a page of its own
        current_part = part
        if any(isinstance(b, d.Contents) for b in section.blocks):
            pager.new_page()
            pager.place(composer.section_title(section.title))
            contents_at = (len(pager.pages) - 1, pager.y)
            marks.setdefault(len(pager.pages) - 1, []).append((_title_text(section), part))
            continue
        if any(isinstance(b, d.CardSheet) for b in section.blocks):
            _place_card_section(pager, composer, section)
            marks.setdefault(len(pager.pages) - 2, []).append((_title_text(section), part))
            continue
        if section.new_page or pager.items is None:
            pager.new_page()
        lang = section.lang or doc.lang
        if lang not in by_lang:
            by_lang[lang] = Composer(typesetter, lang, measure, st.MARGIN)
            by_lang[lang].max_atom_height = composer.max_atom_height
        section_composer = by_lang[lang]
        atoms: list[Atom] = []
        if section.title:
            atoms += section_composer.section_title(section.title)
            atoms[0].mark = (_title_text(section), part)
        for block in section.blocks:
            atoms += section_composer.block(block)
        _keep_signatures_with_their_text(atoms)
        pager.place(atoms)
    if not pager.pages:
        pager.new_page()
    if contents_at is not None:
        _fill_contents(pager, composer, doc, contents_at, marks)
    footer_pages = _footers(doc, composer, pager.pages, width, pager.card_pages)
    return [
        Page(width, height, tuple(items), tuple(marks.get(i, ())))
        for i, items in enumerate(footer_pages)
    ]


def _fill_contents(
    pager: _Pager,
    composer: Composer,
    doc: d.Document,
    at: tuple[int, float],
    marks: dict[int, list[tuple[str, str]]],
) -> None:
    """Write each section's title and first page onto the contents page."""
    page, y = at
    titles = {s.key: s.title for s in doc.sections if s.title}
    starts: list[tuple[int, d.Texts]] = []
    seen: set[str] = set()
    for index in sorted(marks):
        for title, _part in marks[index]:
            if index == page or title in seen:
                continue
            seen.add(title)
            texts = next((t for t in titles.values() if _title_text_of(t) == title), ())
            if texts:
                starts.append((index, texts))
    number_w = 40.0
    text_w = composer.width - number_w
    rtl = composer.rtl_doc
    text_x = composer.left + (number_w if rtl else 0)
    number_x = composer.left if rtl else composer.left + text_w
    items = pager.pages[page]
    for index, texts in starts:
        paras = composer.set_texts(texts, st.ROLES["small"], text_w - 8)
        number = composer.set_text(
            d.Text("en", (d.Inline(str(index + 1)),)),
            st.ROLES["small"],
            number_w,
            english=False,
            side="start" if rtl else "end",
        )
        height = _stack_height(paras) + 7
        if y - height < pager.bottom:
            break  # never over the footer; the outline still lists every section
        atom = Atom(height=height)
        composer._place_stack(atom, paras, text_x, -3)
        composer._place_stack(atom, [number], number_x, -3)
        atom.items.append(
            LineItem(
                composer.left,
                -height,
                composer.left + composer.width,
                -height,
                color=st.RULE,
                width=0.3,
            )
        )
        items.extend(_shift(item, y) for item in atom.items)
        y -= height


def _title_text_of(texts: d.Texts) -> str:
    return " / ".join(dict.fromkeys(t.plain for t in texts))


def _title_text(section: d.Section) -> str:
    """The outline entry of a section: its title in the family's language, then English."""
    texts = [t.plain for t in section.title]
    return " / ".join(dict.fromkeys(texts)) or section.key


def _place_blank_note(pager: _Pager, composer: Composer, note: d.Texts) -> None:
    if not note:
        return
    paras = composer.set_texts(note, st.ROLES["small"], composer.width, align="center")
    pager.y = pager.top - (pager.top - pager.bottom) / 2
    atom = Atom(height=_stack_height(paras))
    composer._place_stack(atom, paras, composer.left, 0)
    pager.place([atom])


#: How many atoms before a signature line are kept on its page: the text it signs (a
#: statement, the signer's name, a witness's name and address rows).
SIGN_KEEP = 4


def _keep_signatures_with_their_text(atoms: list[Atom]) -> None:
    for i, atom in enumerate(atoms):
        if not atom.signature:
            continue
        kept = 0
        j = i - 1
        while j >= 0 and kept < SIGN_KEEP:
            atoms[j].keep_with_next = True
            if not atoms[j].space:
                kept += 1
            j -= 1


def _footers(
    doc: d.Document,
    composer: Composer,
    pages: list[list[Item]],
    width: float,
    no_footer: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[list[Item]]:
    """The confidential notice and "page X of Y", each in the family's language above English.

    Pages in ``no_footer`` (card sheets: the cards and their crop marks fill the page) get
    none."""
    role = st.ROLES["footer"]
    total = len(pages)
    measure = width - 2 * st.MARGIN
    notice_w, number_w = measure * 0.62, measure * 0.38
    if composer.rtl_doc:
        notice_x, number_x = st.MARGIN + number_w, st.MARGIN
    else:
        notice_x, number_x = st.MARGIN, st.MARGIN + notice_w
    notice = composer.set_texts(doc.footer, role, notice_w)
    out = []
    for number, items in enumerate(pages, start=1):
        if number - 1 in no_footer:
            out.append(list(items))
            continue
        y_top = st.MARGIN + st.FOOTER_HEIGHT - 8
        labels = tuple(
            d.Text(
                lang,
                (d.Inline(template.replace("{page}", str(number)).replace("{pages}", str(total))),),
            )
            for lang, template in doc.page_label
        )
        page_items = list(items)
        page_items.append(LineItem(st.MARGIN, y_top + 4, width - st.MARGIN, y_top + 4, width=0.4))
        composer_x = [
            (notice_x, notice),
            (number_x, composer.set_texts(labels, role, number_w, align="end")),
        ]
        for x, paras in composer_x:
            y = y_top
            for para in paras:
                page_items.append(TextItem(x, y, para))
                y -= para.height
        out.append(page_items)
    return out


# -- wallet cards ----------------------------------------------------------------------------


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
            (back if after else front).extend(composer.para(d.Para(block.texts, "small")))
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
