"""Drawing posters: :class:`~kitgen.poster.layout.PosterPage` values -> PDF bytes.

A thin wrapper around :mod:`kitgen.pdf.draw` (same canvas set-up, same font embedding, same
determinism) that adds what posters need: the logo (PNG through reportlab's ImageReader, SVG
as vector shapes through svglib), the QR code as vector squares, the trim and bleed boxes of a
print shop's file, and copies: a poster printed several times is drawn once, as a form, and
each copy's page shows the form, so ten copies cost little more than one. Tagged (the
default), the first copy is drawn on its page and tagged; the other copies show the form inside
an artifact (a screen reader reads the poster once).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.graphics import renderPDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..pdf.draw import EXTRA_DRAWERS, draw_items, open_canvas, structure_tree
from ..pdf.fonts import PdfFonts
from ..resources import data_dir
from ..settings import logo_drawing
from .layout import ImageItem, PosterPage, QrItem

TITLE = "Know your rights poster"
SUBJECT = "Know-your-rights information for immigrant families, from the school district"


def _draw_qr(canvas: Canvas, item: QrItem) -> None:
    """Dark modules as one path of rectangles, one per horizontal run (fewer operators)."""
    path = canvas.beginPath()
    n = len(item.matrix)
    m = item.module
    for r, row in enumerate(item.matrix):
        y = item.y + (n - 1 - r) * m
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(item.x + start * m, y, (c - start) * m, m)
            else:
                c += 1
    canvas.setFillColorRGB(*item.color)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_logo(canvas: Canvas, item: ImageItem) -> None:
    logo = item.logo
    scale = min(item.w / logo.width, item.h / logo.height)
    w, h = logo.width * scale, logo.height * scale
    x = item.x + (item.w - w) / 2
    y = item.y + (item.h - h) / 2
    if logo.kind == "png":
        # the PNG as kitgen decoded and wrote it again when the settings were read
        canvas.drawImage(ImageReader(io.BytesIO(logo.data)), x, y, w, h, mask="auto")
        return
    drawing = logo_drawing(logo)
    # reportlab's renderer selects the drawing's initial font even when nothing is text (a logo
    # is shapes only): make that the canvas's own initial font, which writes no font resource,
    # rather than Helvetica, which would be a font the PDF does not embed
    drawing.initialFontName = canvas._fontname
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()


EXTRA_DRAWERS[QrItem] = _draw_qr
EXTRA_DRAWERS[ImageItem] = _draw_logo


def render_posters(
    posters: Sequence[tuple[PosterPage, int]], *, lang: str, title: str = TITLE
) -> bytes:
    """One PDF of every poster, each ``copies`` times (pages in order)."""
    buffer = io.BytesIO()
    first = posters[0][0].page if posters else None
    canvas = open_canvas(
        buffer,
        pagesize=(first.width, first.height) if first else (792, 1224),
        title=title,
        subject=SUBJECT,
        lang=lang,
    )
    fonts = PdfFonts(canvas, data_dir("fonts"))
    tree = structure_tree(canvas, lang=lang, title=title, subject=SUBJECT)
    for number, (poster, copies) in enumerate(posters):
        page = poster.page
        canvas.setPageSize((page.width, page.height))
        form = None
        if copies > 1:
            form = f"kitgen-poster-{number}"
            canvas.beginForm(form)
            draw_items(canvas, fonts, page.items)
            canvas.endForm()
        for copy in range(max(1, copies)):
            canvas.setPageSize((page.width, page.height))
            canvas.setTrimBox(poster.trim_box)
            canvas.setBleedBox(poster.bleed_box)
            if tree is not None:
                tree.begin_page()
            if form is None or (tree is not None and copy == 0):
                draw_items(canvas, fonts, page.items, tree)
            elif tree is not None:
                tree.open_artifact("Layout")
                canvas.doForm(form)
                tree.close()
            else:
                canvas.doForm(form)
            if tree is not None:
                tree.end_marks()
            canvas.showPage()
            if tree is not None:
                tree.end_page()
    if tree is not None:
        tree.finish()
    fonts.finish()
    canvas.save()
    return buffer.getvalue() if tree is None else tree.pack(buffer.getvalue())
