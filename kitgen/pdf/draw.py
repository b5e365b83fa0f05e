"""Stage 6, draw: positioned pages -> PDF bytes.

In: :class:`~kitgen.layout.Page` values. Out: the bytes of a PDF with every font embedded and
subset, the document language, title and subject set, and no personal data in its metadata
(the title and subject are fixed English descriptions; author, keywords and dates are empty or
fixed). reportlab's ``invariant`` mode plus our deterministic font subsets make the same input
give the same bytes. The PDF is tagged (:mod:`kitgen.pdf.tagging`: structure tree, a language
on every text, artifacts); :func:`untagged` turns that off, for tests that compare pixels and
for the benchmark.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen import canvas as reportlab_canvas
from reportlab.pdfgen import pathobject as reportlab_pathobject
from reportlab.pdfgen import textobject as reportlab_textobject
from reportlab.pdfgen.canvas import Canvas

from .. import memo
from ..layout import LineItem, Page, RectItem, TextItem
from ..resources import data_dir
from ..text.types import GlyphRun, SetParagraph
from . import tagging
from .fonts import PdfFonts, line_emission_order
from .tagging import (
    LINE_HOLDERS,
    StructureTree,
    join_lines,
    line_gap,
    logical_text,
    run_language,
)

# the tagging helpers remember texts, a family's names among them: forgotten with each packet
for _remembered in (tagging.text_script, tagging._texts_language, tagging.line_gap, tagging._text):
    memo.forget_with_packet(_remembered.cache_clear)

# Page streams are compressed only, not also ASCII85-encoded: 25% smaller, and reportlab's
# ASCII85 encoder is pure Python (a third of the drawing time, measured). reportlab reads this
# global when each stream is written; kitgen is its only user in the process.
rl_config.useA85 = 0


class _RememberingFlate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter (the same ``zlib.compress`` call, so the same bytes) that
    remembers what it compressed outside a packet: posters' and card sheets' pages and font
    subsets recur in a poster batch. Inside a packet (:func:`kitgen.memo.family_scope`)
    nothing is remembered: its pages and font subsets hold the glyphs of a family's names.
    A pure function of the bytes given, so no PDF depends on what was drawn before it; kept
    to :data:`LIMIT` bytes of input (oldest forgotten first)."""

    LIMIT = 24 * 1024 * 1024

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}
        self._size = 0

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        packed = self._done.get(data)
        if packed is None:
            packed = zlib.compress(data)
            if memo.private():
                return packed  # inside a packet: its pages and font subsets are a family's
            if len(data) <= self.LIMIT // 8:
                while self._done and self._size + len(data) > self.LIMIT:
                    oldest = next(iter(self._done))
                    del self._done[oldest]
                    self._size -= len(oldest)
                self._done[data] = packed
                self._size += len(data)
        return packed


def _remembering_fp_str(fp_str: Callable[..., str]) -> Callable[..., str]:
    """reportlab's number formatter (pure Python here: about 4 us a call, thousands of calls a
    packet for colours, line widths, rules and boxes), remembering its answers: the same
    numbers recur on every page. Its result depends only on the numbers' values (1 and 1.0
    print alike), so the cache never changes what is written."""
    done: dict[tuple[Any, ...], str] = {}

    def remembering(*numbers: Any) -> str:
        try:
            return done[numbers]
        except KeyError:
            pass
        except TypeError:  # a list: reportlab's other calling form, not remembered
            return fp_str(*numbers)
        text = fp_str(*numbers)
        if len(done) >= 100_000:
            done.clear()
        done[numbers] = text
        return text

    return remembering


# the modules that write kitgen's pages hold reportlab's fp_str under their own name
_FP_STR = _remembering_fp_str(pdfdoc.fp_str)
for _module in (pdfdoc, reportlab_canvas, reportlab_textobject, reportlab_pathobject):
    _module.fp_str = _FP_STR

# reportlab reads this global when it writes each page stream (and kitgen's font streams name
# it): kitgen is its only user in the process, as for useA85 above
pdfdoc.PDFZCompress = _RememberingFlate()


class _NoInitialFont:
    """Stands in for reportlab's initial font (Helvetica), which every page would otherwise
    select in its preamble: a font that is not embedded, though kitgen never draws with it.
    reportlab (checked with 5.1.0) writes no initial font for a "dynamic" font, and nothing else
    reads this object while kitgen draws only through :class:`PdfFonts`."""

    fontName = "kitgen-no-initial-font"
    _dynamicFont = 1
    _multiByte = 0

    class face:  # noqa: N801 - the attribute name reportlab reads
        name = b"kitgen-no-initial-font"


def _no_initial_font() -> str:
    if _NoInitialFont.fontName not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_NoInitialFont())
    return _NoInitialFont.fontName


_TAGGED = [True]


@contextmanager
def untagged() -> Iterator[None]:
    """Draw without structure tree or marked content inside this block (pixels must not
    differ: tests compare the two; the benchmark measures the cost)."""
    _TAGGED.append(False)
    try:
        yield
    finally:
        _TAGGED.pop()


def structure_tree(canvas: Canvas, *, lang: str, title: str, subject: str) -> StructureTree | None:
    """The canvas's structure tree, or None when drawing :func:`untagged`."""
    if not _TAGGED[-1]:
        return None
    return StructureTree(canvas, lang=lang, title=title, subject=subject)


def _draw_text(fonts: PdfFonts, item: TextItem) -> None:
    """Draw a text item untagged (tagged: :func:`_draw_tagged_text`)."""
    top = item.top
    for line in item.para.lines:
        # centre the glyphs' box in the line box (half-leading above and below)
        baseline = top - (line.height - (line.ascent + line.descent)) / 2 - line.ascent
        # runs go into the content stream in logical order (text extraction reads it)
        fonts.draw_line(line, item.x, baseline, item.para.direction)
        top -= line.height


#: One group of runs of one language: (language, has right-to-left runs, its logical text
#: when it has, runs as (line number, run, ends with a word space)).
_Group = tuple[str, bool, str, tuple[tuple[int, GlyphRun, bool], ...]]

#: Paragraphs already planned (the layout hands out the same paragraph objects again, build
#: after build): id -> (paragraph, document language, its groups). The paragraph is held, so
#: its id is not reused while it is here.
#: Kept across packets for paragraphs of published runs only (template text, kitgen.memo).
_PLANS_SIZE = 20_000
_PLANS: memo.Memo[int, tuple[SetParagraph, str, tuple[_Group, ...]]] = memo.Memo(
    "paragraph drawing plans", _PLANS_SIZE
)


def _plan(para: SetParagraph, doc_lang: str) -> tuple[_Group, ...]:
    """The runs of ``para`` in drawing order, grouped by language (:func:`_draw_tagged_text`)."""
    hit = _PLANS.get(id(para))
    if hit is not None and hit[0] is para and hit[1] == doc_lang:
        return hit[2]
    placed: list[tuple[int, GlyphRun]] = [
        (number, run)
        for number, line in enumerate(para.lines)
        for run in line_emission_order(line.runs, para.direction)
        if run.glyphs
    ]
    own = para.lang or doc_lang
    if len(placed) == 1 and len(para.lines) == 1:  # the most common: one run (a value, a label)
        only = placed[0][1]
        single = (
            (
                run_language(only, own, doc_lang) or own,
                only.rtl,
                logical_text(only) if only.rtl else "",
                ((0, only, False),),
            ),
        )
        _PLANS.put(id(para), (para, doc_lang, single), memo.published(only))
        return single
    # the word space each line break took: an invisible glyph at the end of the line's last
    # run (left-to-right), or the end of its group's /ActualText (right-to-left text, which
    # reads from it) when the group ends with the line; inside a group, join_lines spaces it
    spaced: set[int] = set()  # runs that end a line before a word space
    if len(para.lines) > 1:
        line_texts: dict[int, str] = {}
        last: dict[int, int] = {}
        for index, (number, run) in enumerate(placed):
            line_texts[number] = line_texts.get(number, "") + logical_text(run)
            last[number] = index
        numbers = sorted(line_texts)
        for a, b in zip(numbers, numbers[1:]):
            end = last[a]
            if line_gap(line_texts[a][-16:], line_texts[b][:16], own):
                spaced.add(end)
    grouped: list[tuple[str, list[tuple[int, GlyphRun, bool]]]] = []
    ends: list[int] = []  # each group's last run
    langs = [run_language(run, own, doc_lang) for _, run in placed]
    current = next((lang for lang in langs if lang), own)
    for index, (lang, (number, run)) in enumerate(zip(langs, placed)):
        lang = lang or current
        current = lang
        entry = (number, run, not run.rtl and index in spaced)
        if grouped and grouped[-1][0] == lang:
            grouped[-1][1].append(entry)
            ends[-1] = index
        else:
            grouped.append((lang, [entry]))
            ends.append(index)
    groups: list[_Group] = []
    for (lang, entries), end in zip(grouped, ends):
        rtl = any(run.rtl for _, run, _ in entries)
        text = ""
        if rtl:
            lines: dict[int, str] = {}
            for number, run, _ in entries:
                lines[number] = lines.get(number, "") + logical_text(run)
            text = join_lines(lines.values(), lang) + (" " if end in spaced else "")
        groups.append((lang, rtl, text, tuple(entries)))
    plan = tuple(groups)
    keep = all(memo.published(run) for _, run in placed)
    _PLANS.put(id(para), (para, doc_lang, plan), keep)
    return plan


def _draw_tagged_text(fonts: PdfFonts, item: TextItem, tree: StructureTree) -> None:
    """Draw a text item as one element (a paragraph unless its tag says otherwise), each run
    of one language a marked-content sequence of its own (see :mod:`kitgen.pdf.tagging`)."""
    tag = item.tag
    if tag is not None and tag.role == "Artifact":
        tree.open_artifact(tag.artifact)
        _draw_text(fonts, item)
        tree.close()
        return
    para = item.para
    groups = _plan(para, tree.lang)
    if not groups:
        return
    if tag is None and len(groups) == 1:  # the most common: one paragraph, one language
        lang, rtl, text, entries = groups[0]
        tree.open_paragraph(lang, text if rtl else "")
        _draw_entries(fonts, para, item.x, item.top, entries)
        tree.close()
        return
    if (
        len(groups) == 1
        and tag is not None
        and tag.parents
        and not tag.key
        and (tag.role, tag.parents[-1][0]) in LINE_HOLDERS
    ):  # a line of a table cell, list body or heading: the holder's content or a Span
        lang, rtl, text, entries = groups[0]
        tree.open_line(tag, lang, text if rtl else "")
        _draw_entries(fonts, para, item.x, item.top, entries)
        tree.close()
        return
    node = tree.element(tag, "P", lang=para.lang or tree.lang)
    if len(groups) == 1:
        lang, rtl, text, entries = groups[0]
        tree.set_text(node, lang, text if rtl else "")
        tree.open_content(node)
        _draw_entries(fonts, para, item.x, item.top, entries)
        tree.close()
        return
    own = tree.lang_of(node)
    for lang, rtl, text, entries in groups:
        tree.open_content(node if lang == own and not rtl else tree.span(node, lang, text))
        _draw_entries(fonts, para, item.x, item.top, entries)
        tree.close()


def _draw_entries(
    fonts: PdfFonts,
    para: SetParagraph,
    x: float,
    top: float,
    entries: tuple[tuple[int, GlyphRun, bool], ...],
) -> None:
    """Draw one group's runs at the positions the untagged drawing (:func:`_draw_text`) gives
    them, computed the same way."""
    lines = para.lines
    draw_run = fonts.draw_run
    if len(lines) == 1:
        line = lines[0]
        baseline = top - (line.height - (line.ascent + line.descent)) / 2 - line.ascent
        for _number, run, space in entries:
            draw_run(run, x + line.x, baseline, space)
        return
    baselines = []
    for line in lines:
        baselines.append(top - (line.height - (line.ascent + line.descent)) / 2 - line.ascent)
        top -= line.height
    for number, run, space in entries:
        draw_run(run, x + lines[number].x, baselines[number], space)


def _open_mark(tree: StructureTree, tag: Any) -> None:
    """Start the marked content of a drawn shape: an artifact unless it is tagged."""
    if tag is None or tag.role == "Artifact":
        tree.open_artifact(tag.artifact if tag is not None else "Layout")
    elif tag.role == "Form":  # a form field's frame: the field's place in the tree
        tree.element(tag, "Form")
        tree.open_artifact("Layout")
    else:
        tree.open_content(tree.element(tag, "Figure"))


def open_canvas(
    buffer: io.BytesIO,
    *,
    pagesize: tuple[float, float],
    title: str,
    subject: str,
    lang: str,
    creator: str = "kitgen",
) -> Canvas:
    """A reportlab canvas set up the kitgen way: invariant, compressed, metadata without
    personal data, no unembedded initial font."""
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        lang=lang,
        initialFontName=_no_initial_font(),
    )
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor("")
    canvas.setCreator(creator)
    canvas.setKeywords("")
    return canvas


#: Drawers for item types other than text, rules and boxes (posters add images), by type.
EXTRA_DRAWERS: dict[type, Callable[[Canvas, Any], None]] = {}


def draw_items(
    canvas: Canvas, fonts: PdfFonts, items: Sequence[Any], tree: StructureTree | None = None
) -> None:
    """Draw one page's items (tagged into ``tree`` when given)."""
    for item in items:
        if isinstance(item, TextItem):
            if tree is None:
                _draw_text(fonts, item)
            else:
                _draw_tagged_text(fonts, item, tree)
            continue
        if tree is not None:
            tag = getattr(item, "tag", None)
            if tag is None:  # the most common: a rule or a tint
                tree.open_artifact()
            else:
                _open_mark(tree, tag)
        if isinstance(item, RectItem):
            if item.fill:
                canvas.setFillColorRGB(*item.fill)
            if item.stroke:
                canvas.setStrokeColorRGB(*item.stroke)
                canvas.setLineWidth(item.width)
            canvas.rect(
                item.x,
                item.y,
                item.w,
                item.h,
                stroke=1 if item.stroke else 0,
                fill=1 if item.fill else 0,
            )
        elif isinstance(item, LineItem):
            canvas.setStrokeColorRGB(*item.color)
            canvas.setLineWidth(item.width)
            canvas.setDash(list(item.dash) if item.dash else [])
            canvas.line(item.x1, item.y1, item.x2, item.y2)
        else:
            EXTRA_DRAWERS[type(item)](canvas, item)
        if tree is not None:
            tree.close()


def render_pdf(
    pages: Sequence[Page], *, title: str, subject: str, lang: str, creator: str = "kitgen"
) -> bytes:
    """Draw ``pages`` into a PDF and return its bytes."""
    buffer = io.BytesIO()
    first = pages[0] if pages else None
    canvas = open_canvas(
        buffer,
        pagesize=(first.width, first.height) if first else (612, 792),
        title=title,
        subject=subject,
        lang=lang,
        creator=creator,
    )
    fonts = PdfFonts(canvas, data_dir("fonts"))
    tree = structure_tree(canvas, lang=lang, title=title, subject=subject)
    # print at actual size (wallet cards must not shrink) and two-sided, long-edge flip
    canvas.setViewerPreference("PrintScaling", PDFName("None"))
    canvas.setViewerPreference("Duplex", PDFName("DuplexFlipLongEdge"))
    marked = 0
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        for entry, _part in page.marks:
            key = f"s{marked}"
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(entry, key, level=0)
            marked += 1
        if tree is not None:
            tree.begin_page()
        draw_items(canvas, fonts, page.items, tree)
        if tree is not None:
            tree.end_marks()
        canvas.showPage()
        if tree is not None:
            tree.end_page()
    if marked:
        canvas.showOutline()
    if tree is not None:
        tree.finish()
    fonts.finish()
    canvas.save()
    return buffer.getvalue() if tree is None else tree.pack(buffer.getvalue())
