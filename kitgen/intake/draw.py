"""Draw an intake form: :class:`~.layout.FormPage` values in, PDF bytes out.

The page content (labels in every script, rules, writing lines) is drawn by kitgen's own
drawing stage (:mod:`kitgen.pdf.draw`: embedded, subset fonts, glyphs shaped by kitgen). The
fillable flavour adds an AcroForm field on each answer area (reportlab's ``acroForm``), in the
areas' reading order, which is the order viewers tab through them. Pre-filled answers and the
form's identity (:data:`ID_FIELD`: a hidden, read-only field holding the form format version and
the language) are written into the fields afterwards with pypdf, so any script can be stored.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ..pdf.compact import pack_objects
from ..pdf.draw import draw_items, open_canvas, structure_tree
from ..pdf.fonts import PdfFonts
from ..resources import data_dir
from .layout import VALUE_PAD, AnswerArea, FormPage

#: The hidden field that says "this is a kitgen intake form, format N, language L".
ID_FIELD = "kitgen_intake_form"
#: Bumped when field names or meanings change; a reader refuses other versions.
FORM_VERSION = 1
FORM_ID = "kitgen-intake-form"

TITLE = "Family preparedness intake form"
SUBJECT = "Questions for a family preparedness packet (kitgen intake form)"
#: The printable form's subject: a reader that meets it can say what to do instead.
PAPER_SUBJECT = "Questions for a family preparedness packet (kitgen printable intake form)"
_FIELD_FONT = "Helvetica"
_FIELD_FILL = (0.96, 0.97, 1.0)


def form_id(lang: str) -> str:
    return f"{FORM_ID} {FORM_VERSION} {lang}"


def render_form(pages: Sequence[FormPage], *, lang: str, fillable: bool) -> tuple[bytes, list[str]]:
    """The PDF, and the names of the fields whose appearance it drew (for :func:`fill_form`)."""
    buffer = io.BytesIO()
    first = pages[0]
    canvas = open_canvas(
        buffer,
        pagesize=(first.width, first.height),
        title=TITLE,
        subject=SUBJECT if fillable else PAPER_SUBJECT,
        lang=lang,
    )
    fonts = PdfFonts(canvas, data_dir("fonts"))
    tree = structure_tree(
        canvas, lang=lang, title=TITLE, subject=SUBJECT if fillable else PAPER_SUBJECT
    )
    from reportlab.lib.colors import Color

    fill = Color(*_FIELD_FILL)
    border = Color(0.55, 0.58, 0.63)
    looks: list[str] = []  # appearance forms of pre-filled fields, named after their field
    for number, page in enumerate(pages):
        canvas.setPageSize((page.width, page.height))
        if tree is not None:
            tree.begin_page()
        if fillable:
            for area in page.areas:
                if area.shown is not None:
                    looks.append(area.name)
                    _appearance(canvas, fonts, area, f"{_LOOK}{len(looks)}")
        draw_items(canvas, fonts, page.items, tree)
        if fillable:
            form = canvas.acroForm
            if number == 0:
                form.textfield(
                    name=ID_FIELD,
                    value=form_id(lang),
                    x=0,
                    y=0,
                    width=1,
                    height=1,
                    annotationFlags="hidden",
                    fieldFlags="readOnly",
                    maxlen=0,
                    borderWidth=0,
                )
            for area in page.areas:
                _field(form, area, fill, border)
                if tree is not None:  # the widget, tied to its label in the structure tree
                    widget = canvas._doc.idToObject[form.fields[-1].name]  # reportlab private
                    tree.widget(area.tag, widget)
        if tree is not None:
            tree.end_marks()
        canvas.showPage()
        if tree is not None:
            tree.end_page()
    if looks:  # a last page that names every appearance form; fill_form removes it
        if tree is not None:
            tree.begin_page()
            tree.open_artifact("Layout")
        for index in range(1, len(looks) + 1):
            canvas.doForm(f"{_LOOK}{index}")
        if tree is not None:
            tree.close()
        if tree is not None:
            tree.end_marks()
        canvas.showPage()
        if tree is not None:
            tree.end_page()
    if tree is not None:
        tree.finish()
    fonts.finish()
    canvas.save()
    data = buffer.getvalue()
    return (data if tree is None else tree.pack(data)), looks


_LOOK = "kitgenLook"


def _appearance(canvas: Any, fonts: PdfFonts, area: AnswerArea, name: str) -> None:  # noqa: ANN001
    """The look of a pre-filled field: its value set by kitgen, on the field's background."""
    from ..layout import RectItem, TextItem

    assert area.shown is not None
    canvas.beginForm(name, 0, 0, area.w, area.h)
    para = area.shown
    if area.multiline:
        top = area.h - VALUE_PAD
    else:  # one line, centred in the box
        top = (area.h + para.height) / 2 if para.lines else area.h - VALUE_PAD
    items = [
        RectItem(0, 0, area.w, area.h, fill=_FIELD_FILL, stroke=(0.55, 0.58, 0.63), width=0.5),
        TextItem(VALUE_PAD, top, para),
    ]
    draw_items(canvas, fonts, items)
    canvas.endForm()


def _field(form: Any, area: AnswerArea, fill: Any, border: Any) -> None:  # noqa: ANN001 - reportlab objects
    if area.kind == "check":
        form.checkbox(
            name=area.name,
            tooltip=area.tooltip,
            x=area.x,
            y=area.y,
            size=area.w,
            checked=area.checked,
            buttonStyle="check",
            fieldFlags="",
            borderWidth=0.8,
            fillColor=fill,
            borderColor=border,
        )
        return
    flags = "multiline doNotSpellCheck" if area.multiline else "doNotSpellCheck"
    form.textfield(
        name=area.name,
        tooltip=area.tooltip,
        value="",
        x=area.x,
        y=area.y,
        width=area.w,
        height=area.h,
        fontName=_FIELD_FONT,
        fontSize=area.font_size,
        fieldFlags=flags,
        maxlen=0,
        borderWidth=0.5,
        fillColor=fill,
        borderColor=border,
    )


def fill_form(pdf: bytes, values: dict[str, str], looks: list[str]) -> bytes:
    """Write text answers into a form's fields, by field name, with the appearances
    :func:`render_form` drew for them (``looks``: the names of those fields, in order).
    Checkboxes are ticked when the form is drawn."""
    if not values:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    forms = {}
    if looks:
        last = writer.pages[-1]
        xobjects: Any = last["/Resources"]["/XObject"]  # type: ignore[index]
        for index, field in enumerate(looks, 1):
            forms[field] = xobjects.raw_get(f"/FormXob.{_LOOK}{index}")
        writer.remove_page(len(writer.pages) - 1)
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            name = annot.get("/T")
            if name is None:
                continue
            if annot.get("/FT") == "/Tx" and name in values:
                annot[NameObject("/V")] = TextStringObject(values[name])
                if name in forms:
                    annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): forms[name]})
    out = io.BytesIO()
    writer.write(out)
    tagged = "/StructTreeRoot" in writer.root_object
    return pack_objects(out.getvalue()) if tagged else out.getvalue()
