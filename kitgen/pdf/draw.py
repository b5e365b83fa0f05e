"""Stage 6, draw: positioned pages -> PDF bytes.

In: :class:`~kitgen.layout.Page` values. Out: the bytes of a PDF with every font embedded and
subset, the document language, title and subject set, and no personal data in its metadata
(the title and subject are fixed English descriptions; author, keywords and dates are empty or
fixed). reportlab's ``invariant`` mode plus our deterministic font subsets make the same input
give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas

from ..layout import LineItem, Page, RectItem, TextItem
from ..resources import data_dir
from .fonts import PdfFonts

# Page streams are compressed only, not also ASCII85-encoded: 25% smaller, and reportlab's
# ASCII85 encoder is pure Python (a third of the drawing time, measured). reportlab reads this
# global when each stream is written; kitgen is its only user in the process.
rl_config.useA85 = 0


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


def _draw_text(fonts: PdfFonts, item: TextItem) -> None:
    top = item.top
    for line in item.para.lines:
        # centre the glyphs' box in the line box (half-leading above and below)
        baseline = top - (line.height - (line.ascent + line.descent)) / 2 - line.ascent
        # runs go into the content stream in logical order (text extraction reads it)
        fonts.draw_line(line, item.x, baseline, item.para.direction)
        top -= line.height


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


def draw_items(canvas: Canvas, fonts: PdfFonts, items: Sequence[Any]) -> None:
    """Draw one page's items."""
    for item in items:
        if isinstance(item, TextItem):
            _draw_text(fonts, item)
        elif isinstance(item, RectItem):
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
    # print at actual size (wallet cards must not shrink) and two-sided, long-edge flip
    canvas.setViewerPreference("PrintScaling", PDFName("None"))
    canvas.setViewerPreference("Duplex", PDFName("DuplexFlipLongEdge"))
    marked = 0
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        for title, _part in page.marks:
            key = f"s{marked}"
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(title, key, level=0)
            marked += 1
        draw_items(canvas, fonts, page.items)
        canvas.showPage()
    if marked:
        canvas.showOutline()
    fonts.finish()
    canvas.save()
    return buffer.getvalue()
