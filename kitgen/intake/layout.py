"""Lay out an intake form: questions in, pages of text, rules and answer areas out.

In: the questions (:mod:`.questions`), a locale, a paper size, the flavour (``fillable`` or
``paper``) and the answers to show (pre-filled from a family file). Out: :class:`FormPage`
values: kitgen's layout items (text set by kitgen's engine, rules, boxes) plus
:class:`AnswerArea` values where an answer goes. Both flavours come from this one layout: the
fillable form puts a form field on each answer area, the printable form draws writing lines
and boxes there, with writing lines a fixed step apart (:data:`WRITE_STEP`, :data:`METRICS`).

Each question is a row: its label in the family's language with the English under it, on the
reading side (the right in a right-to-left language), and its answer area beside it. Areas are
listed in reading order, which is the form's tab order.
"""

from __future__ import annotations

from dataclasses import asdict, astuple, dataclass, field, replace
from typing import Literal, cast

from ..i18n.catalog import Language
from ..layout import LineItem, Page, RectItem, TextItem, tags
from ..layout import styles as st
from ..text import SetParagraph, Span, TextStyle, Typesetter
from ..text.types import Align
from . import labels as lb
from .questions import Block, Question

FILLABLE, PAPER = "fillable", "paper"
VALUE_PAD = 2.5  # inside an answer field


@dataclass(frozen=True)
class Metrics:
    line: float  # a one-line answer
    lines: float  # a free-text answer
    list_: float  # a list, one entry a line
    check_row: float  # one row of checkboxes (minimum)
    box: float  # side of a checkbox
    gap: float  # between rows

    def scaled(self, factor: float) -> Metrics:
        return Metrics(*(round(v * factor, 2) for v in astuple(self)))


#: The printable form's handwriting: writing lines a fixed step apart, each with the whole step
#: of room above it (handwriting needs about 24 pt a line; large print 1.4 times that), and a
#: little room under an area's lowest line for descenders.
WRITE_STEP = 24.0
WRITE_BASE = 3.0
#: Writing lines of each printable answer: a one-line answer gets one line at the full step
#: (a second, squeezed line invites writing in two half-height rows), free text four, a list
#: three entries.
WRITE_LINES = {"line": 1, "lines": 4, "list": 3}


def paper_metrics(step: float, base: float, *, check_row: float, box: float, gap: float) -> Metrics:
    """The printable form's metrics: its answer areas as tall as their writing lines."""
    heights = {form: round(n * step + base, 2) for form, n in WRITE_LINES.items()}
    return Metrics(
        line=heights["line"],
        lines=heights["lines"],
        list_=heights["list"],
        check_row=check_row,
        box=box,
        gap=gap,
    )


METRICS = {
    FILLABLE: Metrics(line=20, lines=46, list_=40, check_row=16, box=11, gap=7),
    PAPER: paper_metrics(WRITE_STEP, WRITE_BASE, check_row=22, box=14, gap=10),
}


@dataclass(frozen=True)
class FormType:
    """The form's type sizes in points. The English beside a text is ``english`` times its
    size, and never under ``floor`` (nor is any other text but the footer)."""

    title: float = 17.0
    heading: float = 15.0
    block: float = 12.0  # a block's title (Child 2)
    intro: float = 10.5
    privacy: float = 10.0
    viewers: float = 9.5
    label: float = 10.0
    hint: float = 8.0
    choice: float = 9.0  # beside a checkbox
    note: float = 9.0  # "write by hand later"
    value: float = 10.0  # a pre-filled one-line answer
    value_lines: float = 9.0  # a pre-filled answer of several lines
    field: float = 10.0  # what is typed into a one-line field
    field_lines: float = 0.0  # ... into a field of several lines (0: the viewer fits it)
    footer: float = 7.5
    english: float = 0.82
    floor: float = 0.0


@dataclass(frozen=True)
class FormSize:
    """Everything on the form that grows with its type: the one value :func:`layout_form`
    reads sizes from. :data:`STANDARD` is the form as it has always printed; :data:`LARGE` is
    the form for a reader with low vision (``--large-print``), from the packet's own large-print
    setting (:data:`kitgen.layout.styles.LARGE_PRINT`)."""

    name: str
    type: FormType
    metrics: dict[str, Metrics]
    space: float = 1.0  # spacing between rows and blocks, times the standard
    write_line: float = WRITE_STEP  # the printable form's writing lines: the step between them
    write_base: float = WRITE_BASE  # under an area's lowest writing line
    footer_height: float = st.FOOTER_HEIGHT


STANDARD = FormSize("standard", FormType(), METRICS)


def _large_type(standard: FormType) -> FormType:
    sizes = {}
    for name, value in asdict(standard).items():
        if name in ("english", "floor") or not value:
            sizes[name] = value
            continue
        floor = st.LARGE_FOOTER_MIN if name == "footer" else st.LARGE_BODY_MIN
        sizes[name] = max(floor, round(value * st.LARGE_FACTOR, 1))
    sizes["field_lines"] = sizes["field"]  # fixed: a viewer's fitting would shrink it
    sizes["floor"] = st.LARGE_BODY_MIN
    return FormType(**sizes)


_LARGE_STEP = round(WRITE_STEP * st.LARGE_FACTOR, 2)  # 33.6 pt
_LARGE_BASE = round(WRITE_BASE * st.LARGE_FACTOR, 2)

LARGE = FormSize(
    "large",
    _large_type(FormType()),
    {
        FILLABLE: METRICS[FILLABLE].scaled(st.LARGE_FACTOR),
        PAPER: paper_metrics(
            _LARGE_STEP,
            _LARGE_BASE,
            check_row=round(METRICS[PAPER].check_row * st.LARGE_FACTOR, 2),
            box=round(METRICS[PAPER].box * st.LARGE_FACTOR, 2),
            gap=round(METRICS[PAPER].gap * st.LARGE_FACTOR, 2),
        ),
    },
    space=st.LARGE_FACTOR,
    write_line=_LARGE_STEP,
    write_base=_LARGE_BASE,
    footer_height=st.LARGE_PRINT.footer_height,
)


def form_size(large_print: bool) -> FormSize:
    return LARGE if large_print else STANDARD


@dataclass(frozen=True)
class AnswerArea:
    """Where one answer goes: a text field or one checkbox (PDF points, origin bottom left)."""

    name: str  # the PDF field name (see questions.field_name)
    kind: str  # "text" or "check"
    x: float
    y: float
    w: float
    h: float
    multiline: bool = False
    tooltip: str = ""
    value: str = ""  # pre-filled text
    checked: bool = False
    font_size: float = 0.0  # of what is typed into a text field (0: the viewer fits it)
    rtl: bool = False  # the family's language is written right to left
    #: the pre-filled value set by kitgen's engine: drawn as the field's appearance, so every
    #: viewer shows it shaped and in order, in any script
    shown: SetParagraph | None = None
    #: the field's place in the structure tree (a /Form element), set when it is laid out
    tag: tags.Tag | None = None


@dataclass
class FormPage:
    width: float
    height: float
    items: list = field(default_factory=list)  # kitgen.layout items
    areas: list[AnswerArea] = field(default_factory=list)

    def page(self) -> Page:
        return Page(self.width, self.height, tuple(self.items))


@dataclass(frozen=True)
class _Title:
    """A heading waiting for its first question (see :meth:`_Layout.room`)."""

    paras: list[SetParagraph]
    tag: tags.Tag
    before: float
    after: float
    rule: bool = False  # a rule under it


def writing_lines(area: AnswerArea, size: FormSize) -> list[float]:
    """The heights of a printable text area's writing lines, top down: ``size.write_line``
    apart, the lowest ``size.write_base`` above the area's foot, as many as fit with the whole
    step of room above each (at least one)."""
    step, base = size.write_line, size.write_base
    n = max(1, int((area.h - base) / step + 1e-6))
    return [area.y + base + (n - 1 - i) * step for i in range(n)]


class _Layout:
    def __init__(
        self,
        lang: Language,
        size: tuple[float, float],
        flavour: str,
        answers: dict[str, str],
        checked: set[str],
        ts: Typesetter,
        print_size: FormSize,
    ) -> None:
        self.lang = lang
        self.en = lang.code == "en"
        self.rtl = lang.direction == "rtl"
        self.width, self.height = size
        self.flavour = flavour
        self.m = print_size.metrics[flavour]
        self.t = print_size.type
        self.print_size = print_size
        self.space = print_size.space
        self.answers = answers
        self.checked = checked
        self.ts = ts
        self.left = st.MARGIN
        self.measure = self.width - 2 * st.MARGIN
        self.bottom = st.MARGIN + print_size.footer_height
        self.pages: list[FormPage] = []
        self.titles: list[_Title] = []  # placed with the question that follows them
        self.new_page()

    # -- text --------------------------------------------------------------------------------

    def set(
        self,
        text: str,
        lang: str,
        width: float,
        size: float,
        *,
        bold: bool = False,
        color: st.Color = st.INK,
        align: str = "start",
    ) -> SetParagraph:
        direction: Literal["ltr", "rtl"] = "rtl" if lang != "en" and self.rtl else "ltr"
        if align == "start" and self.rtl:
            align = "end" if direction == "ltr" else "start"
        style = TextStyle(size=size, bold=bold, color=color)
        return self.ts.set(
            [Span(text, style)], width, lang=lang, direction=direction, align=cast(Align, align)
        )

    def bilingual(
        self,
        texts: tuple[str, str],
        width: float,
        size: float,
        *,
        bold: bool = False,
        color: st.Color = st.INK,
    ) -> list[SetParagraph]:
        """``texts`` (family language, English): the first, then the English smaller and grey
        under it; the English alone on an English form."""
        own, english = texts
        if self.en:
            return [self.set(english, "en", width, size, bold=bold, color=color)]
        return [
            self.set(own, self.lang.code, width, size, bold=bold, color=color),
            self.set(english, "en", width, self.english(size), color=st.SECONDARY),
        ]

    def english(self, size: float) -> float:
        """The size of the English beside a text of ``size``."""
        return max(self.t.floor, size * self.t.english)

    def says(self, msgid: str) -> tuple[str, str]:
        """A string of the form in the family's language and in English."""
        return self.lang.gettext(msgid), msgid

    # -- pages -------------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pages.append(FormPage(self.width, self.height))
        self.y = self.height - st.MARGIN

    @property
    def page(self) -> FormPage:
        return self.pages[-1]

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the titles waiting for it; then place
        those titles (a title never ends a page without the question under it)."""
        above = sum(t.before + self.stack_h(t.paras) + t.after for t in self.titles)
        if self.y - above - height < self.bottom and self.y < self.height - st.MARGIN - 1:
            self.new_page()
        titles, self.titles = self.titles, []
        for t in titles:
            self.y -= t.before
            self.y -= self.place(t.paras, self.left, self.y, t.tag)
            if t.rule:
                self.page.items.append(
                    LineItem(
                        self.left, self.y - 2, self.left + self.measure, self.y - 2, st.ACCENT, 1.0
                    )
                )
            self.y -= t.after

    def place(
        self, paras: list[SetParagraph], x: float, top: float, tag: tags.Tag | None = None
    ) -> float:
        """Stack ``paras`` from ``top``; returns their height."""
        y = top
        for para in paras:
            self.page.items.append(TextItem(x, y, para, tag))
            y -= para.height + st.GAP_BILINGUAL
        return top - y

    @staticmethod
    def stack_h(paras: list[SetParagraph]) -> float:
        return sum(p.height + st.GAP_BILINGUAL for p in paras)

    # -- blocks ------------------------------------------------------------------------------

    def heading(self, msgid: str) -> None:
        paras = self.bilingual(
            self.says(msgid), self.measure, self.t.heading, bold=True, color=st.ACCENT
        )
        self.titles.append(_Title(paras, tags.heading(2), 8 * self.space, 10 * self.space, True))

    def block_title(self, block: Block) -> None:
        title = (
            lb.block_title(block.pattern, block.number, self.lang),
            lb.block_title(block.pattern, block.number),
        )
        paras = self.bilingual(title, self.measure, self.t.block, bold=True)
        self.titles.append(_Title(paras, tags.heading(3), 4 * self.space, 4 * self.space))

    def text_block(
        self, msgid: str, size: float, color: st.Color = st.INK, tag: tags.Tag | None = None
    ) -> None:
        paras = self.bilingual(self.says(msgid), self.measure, size, color=color)
        self.room(self.stack_h(paras))
        self.y -= self.place(paras, self.left, self.y, tag) + 4 * self.space

    # -- questions ---------------------------------------------------------------------------

    def columns(self) -> tuple[float, float, float, float]:
        """(label x, label width, answer x, answer width), mirrored right to left."""
        label_w = self.measure * 0.38
        answer_w = self.measure - label_w - st.COLUMN_GAP
        if self.rtl:
            return self.left + answer_w + st.COLUMN_GAP, label_w, self.left, answer_w
        return self.left, label_w, self.left + label_w + st.COLUMN_GAP, answer_w

    def question(self, q: Question) -> None:
        lx, lw, ax, aw = self.columns()
        label, tooltip = self.label_of(q, lw)
        m = self.m
        if q.form in ("choice", "choices", "check"):
            words = q.choices or ("",)
            col_w = (aw - 8) / 2 if len(words) > 1 else aw
            rows = []
            for word in words:
                if word:
                    text = (
                        lb.choice_label(q.pattern, word, self.lang),
                        lb.choice_label(q.pattern, word),
                    )
                    paras = self.bilingual(text, col_w - m.box - 6 * self.space, self.t.choice)
                else:
                    paras = []
                rows.append((word, paras))
            grid = [rows[i : i + 2] for i in range(0, len(rows), 2)]
            heights = [
                max(m.check_row, *(self.stack_h(p) + 3 * self.space for _, p in r)) for r in grid
            ]
            total = max(self.stack_h(label), sum(heights))
            self.room(total + m.gap)
            self.place(label, lx, self.y)
            top = self.y
            for r, row_h in zip(grid, heights):
                for col, (word, paras) in enumerate(r):
                    # the first column is on the reading side
                    if self.rtl:
                        cx = ax + aw - (col + 1) * col_w - col * 8
                        bx = cx + col_w - m.box
                        tx = cx
                    else:
                        cx = ax + col * (col_w + 8)
                        bx = cx
                        tx = cx + m.box + 6 * self.space
                    name = q.check_name(word)
                    by = top - m.box - 2
                    self.area(
                        AnswerArea(
                            name,
                            "check",
                            bx,
                            by,
                            m.box,
                            m.box,
                            tooltip=tooltip
                            + (f": {lb.choice_label(q.pattern, word)}" if word else ""),
                            checked=name in self.checked,
                            rtl=self.rtl,
                        )
                    )
                    if paras:
                        self.place(paras, tx, top)
                top -= row_h
            self.y -= total + m.gap
            return
        if q.form == "by_hand":
            note = self.bilingual(self.says(lb.BY_HAND), aw, self.t.note, color=st.SECONDARY)
            total = max(self.stack_h(label), self.stack_h(note))
            self.room(total + m.gap)
            self.place(label, lx, self.y)
            self.place(note, ax, self.y)
            self.y -= total + m.gap
            return
        h = {"line": m.line, "lines": m.lines, "list": m.list_}[q.form]
        total = max(self.stack_h(label), h)
        self.room(total + m.gap)
        self.place(label, lx, self.y)
        self.text_area(q, ax, self.y - h, aw, h, tooltip)
        self.y -= total + m.gap

    def text_area(self, q: Question, x: float, y: float, w: float, h: float, tooltip: str) -> None:
        value = self.answers.get(q.field_name, "")
        shown = None
        if value:
            style = TextStyle(size=self.t.value if q.form == "line" else self.t.value_lines)
            shown = self.ts.set(
                [Span(value, style)],
                w - 2 * VALUE_PAD,
                lang=self.lang.code,
                direction="auto",
                align="start",
            )
        self.area(
            AnswerArea(
                q.field_name,
                "text",
                x,
                y,
                w,
                h,
                multiline=q.form != "line",
                tooltip=tooltip,
                font_size=self.t.field if q.form == "line" else self.t.field_lines,
                value=value,
                rtl=self.rtl,
                shown=shown,
            )
        )

    def label_of(self, q: Question, width: float) -> tuple[list[SetParagraph], str]:
        """The question's label (and hint) set in ``width``, and its tooltip."""
        english = lb.label(q.pattern)
        own = lb.label(q.pattern, self.lang)
        label = self.bilingual((own, english), width, self.t.label, bold=True)
        hint = self.hint(q)
        if hint:
            label += self.bilingual(self.says(hint), width, self.t.hint, color=st.SECONDARY)
        return label, english if self.en else f"{own} / {english}"

    def pair(self, first: Question, second: Question) -> None:
        """Two one-line questions side by side, each label above its field; the first on the
        reading side (so tab order stays reading order)."""
        m = self.m
        half = (self.measure - st.COLUMN_GAP) / 2
        xs = [self.left, self.left + half + st.COLUMN_GAP]
        if self.rtl:
            xs.reverse()
        labels = [self.label_of(q, half) for q in (first, second)]
        label_h = max(self.stack_h(paras) for paras, _ in labels)
        total = label_h + 2 + m.line
        self.room(total + m.gap)
        for q, x, (paras, tooltip) in zip((first, second), xs, labels):
            self.place(paras, x, self.y)
            self.text_area(q, x, self.y - total, half, m.line, tooltip)
        self.y -= total + m.gap

    def hint(self, q: Question) -> str:
        if q.form == "choice":
            return lb.TICK_ONE
        if q.form == "choices":
            return lb.TICK_ANY
        if q.form == "list":
            return lb.ONE_A_LINE
        if type(q.spec.kind).__name__ == "Date":
            return lb.DATE_HINT
        return ""

    def area(self, area: AnswerArea) -> None:
        area = replace(area, tag=tags.Tag("Form", key=tags.group_id()))
        self.page.areas.append(area)
        if self.flavour == PAPER:
            self.paper_area(area)
        else:  # a light frame, so the field shows in print and in viewers without forms
            self.page.items.append(
                RectItem(
                    area.x,
                    area.y,
                    area.w,
                    area.h,
                    fill=(0.96, 0.97, 1.0),
                    stroke=st.RULE,
                    width=0.5,
                    tag=area.tag,
                )
            )

    def paper_area(self, area: AnswerArea) -> None:
        items = self.page.items
        if area.kind == "check":
            alt = self.lang.gettext(tags.CHECKED if area.checked else tags.NOT_CHECKED)
            box = tags.figure(alt, self.lang.code)
            items.append(
                RectItem(area.x, area.y, area.w, area.h, stroke=st.INK, width=0.8, tag=box)
            )
            return
        blank = tags.figure(self.lang.gettext(tags.BLANK), self.lang.code)
        for y in writing_lines(area, self.print_size):
            items.append(LineItem(area.x, y, area.x + area.w, y, st.RULE, 0.6, tag=blank))

    # -- the whole form ----------------------------------------------------------------------

    def items(self, items: tuple[Question | Block, ...], *, top: bool = False) -> None:
        current = ""
        waiting: Question | None = None  # a one-line question looking for a partner
        for item in items:
            section = item.path.split("[")[0].split(".")[0]
            starts = top and section != current and section in lb.HEADINGS
            one_line = isinstance(item, Question) and item.form == "line"
            if waiting is not None and (starts or not one_line):
                self.question(waiting)
                waiting = None
            if starts:
                self.heading(lb.HEADINGS[section])
            current = section
            if isinstance(item, Block):
                self.block(item)
            elif not one_line:
                self.question(item)
            elif waiting is None:
                waiting = item
            else:
                self.pair(waiting, item)
                waiting = None
        if waiting is not None:
            self.question(waiting)

    def block(self, block: Block) -> None:
        if block.pattern in lb.BLOCKS:
            self.block_title(block)
        self.items(block.items)
        self.y -= 4 * self.space


def layout_form(
    items: tuple[Question | Block, ...],
    lang: Language,
    size: tuple[float, float],
    flavour: str,
    ts: Typesetter,
    *,
    answers: dict[str, str] | None = None,
    checked: set[str] | None = None,
    footer: str,
    print_size: FormSize = STANDARD,
) -> list[FormPage]:
    """Pages of the form (see the module docstring)."""
    lay = _Layout(lang, size, flavour, answers or {}, checked or set(), ts, print_size)
    t = print_size.type
    lay.text_block(lb.TITLE, t.title, st.ACCENT, tags.heading(1))
    lay.text_block(lb.INTRO, t.intro)
    lay.text_block(lb.PRIVACY, t.privacy, st.WARNING_EDGE)
    if flavour == FILLABLE:
        lay.text_block(lb.VIEWERS, t.viewers, st.SECONDARY)
    lay.heading(lb.HEADINGS[""])
    lay.items(items, top=True)
    lay.room(0)  # (no title is left waiting: each section and block has a question)
    count = len(lay.pages)
    for number, page in enumerate(lay.pages, 1):
        text = f"{footer} · {number}/{count}"
        para = ts.set(
            [Span(text, TextStyle(size=t.footer, color=st.SECONDARY))],
            lay.measure,
            lang="en",
            direction="ltr",
            align="center",
        )
        page.items.append(TextItem(st.MARGIN, st.MARGIN + 12, para, tags.PAGINATION))
    return lay.pages
