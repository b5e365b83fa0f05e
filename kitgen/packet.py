"""The orchestrator: a family file in, a packet PDF out, through the stages in order.

load (kitgen.family) -> choose locale (kitgen.i18n) -> render templates (kitgen.content)
-> typeset and lay out (kitgen.text, kitgen.layout) -> draw (kitgen.pdf).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from . import memo
from .content.document import Document
from .content.packet import packet_document
from .content.regions import Region
from .content.regions import region as load_region
from .errors import DataError, NumberTooWide, Problem, TypesetError
from .i18n import language
from .layout import Page, layout_document
from .layout.styles import print_size
from .pdf.draw import render_pdf
from .text import Typesetter, default_library

_TYPESETTER: Typesetter | None = None


def typesetter() -> Typesetter:
    """The process's typesetter: fonts are loaded once and shaping results cached across packets."""
    global _TYPESETTER
    if _TYPESETTER is None:
        _TYPESETTER = Typesetter(default_library())
    return _TYPESETTER


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text in the family data with its field path, e.g. ``children[1].full_name``."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


#: The message of a :class:`DataError` for a family file that is valid but cannot be printed
#: (a character no font draws, a number too long for its line): ``kitgen validate`` passes it.
UNPRINTABLE = "the packet cannot be printed"


def _unprintable(
    family: Any,
    error: TypesetError,
    lang: str,
    filename: str | None,
    large_print: bool = False,
    paper: str = "letter",
) -> DataError:
    if isinstance(error, NumberTooWide):
        return _number_too_wide(family, error, filename, large_print, paper)
    char = getattr(error, "char", None)
    field = ""
    if char:
        field = next((p for p, text in _strings(family) if char in text), "")
    code = f"U+{ord(char):04X}" if char else "a character"
    problem = Problem(
        field=field,
        file=filename,
        message=(
            f"{code} cannot be printed in a {lang} packet: no font kitgen ships has it. "
            "Replace it (for example an emoji) with words, or write it by hand on the printout."
        ),
    )
    return DataError(UNPRINTABLE, (problem,))


def _number_too_wide(
    family: Any,
    error: NumberTooWide,
    filename: str | None,
    large_print: bool,
    paper: str,
) -> DataError:
    """A phone number (or other number kept whole) too long for its line even at the smallest
    size allowed: the field it came from, and what to change. The number is not repeated."""
    field = next((p for p, text in _strings(family) if error.number in text), "")
    if field.endswith((".display", ".e164")):
        field = field.rsplit(".", 1)[0]
    fixes = "shorten it (an extension or a note can go in another field)"
    fixes += ", print on letter paper (wider than A4)" if paper.lower() == "a4" else ""
    fixes += ", or print without --large-print" if large_print else ""
    where = "" if field else " in the packet's own text (the region pack)"
    problem = Problem(
        field=field,
        file=filename,
        message=(
            f"a number{where} is too long for its line even at {error.floor:g} pt, and a phone "
            f"number is never split across lines: {fixes}"
        ),
    )
    return DataError(UNPRINTABLE, (problem,))


def packet_pages(
    family: Any,
    *,
    lang: str | None = None,
    paper: str = "letter",
    region: str | Region | None = None,
    prepared: dt.date | None = None,
    draft_note: bool = True,
    filename: str | None = None,
    parts: Sequence[str] | None = None,
    duplex: bool = True,
    prepared_typesetting: bool = False,
    large_print: bool = False,
) -> tuple[Document, list[Page]]:
    """The packet for ``family`` laid out: its document and its pages (see build_packet).

    What the caches learn from the family's data is forgotten when this returns, unless it
    runs inside a longer :func:`kitgen.memo.family_scope` (as :func:`counted_packet`)."""
    with memo.family_scope():
        return _packet_pages(
            family,
            lang=lang,
            paper=paper,
            region=region,
            prepared=prepared,
            draft_note=draft_note,
            filename=filename,
            parts=parts,
            duplex=duplex,
            prepared_typesetting=prepared_typesetting,
            large_print=large_print,
        )


def _packet_pages(
    family: Any,
    *,
    lang: str | None,
    paper: str,
    region: str | Region | None,
    prepared: dt.date | None,
    draft_note: bool,
    filename: str | None,
    parts: Sequence[str] | None,
    duplex: bool,
    prepared_typesetting: bool,
    large_print: bool,
) -> tuple[Document, list[Page]]:
    fam_lang = language(lang or family.language)
    if prepared_typesetting:  # before the document: it brings the templates' translations too
        from .precompile import load_prepared

        load_prepared(fam_lang.code, typesetter())
    pack = load_region(region if region is not None else family.region)
    when = prepared or family.prepared or dt.date.today()
    note = draft_note and fam_lang.is_draft
    doc = None
    if note and fam_lang.reviewed:
        # Some strings are reviewed (a district's import): the note goes if every translation
        # the packet uses is one of them. Rendered once without it to see which are used.
        probe = fam_lang.recording()
        doc = packet_document(
            family, probe, region=pack, prepared=when, draft_note=False, filename=filename
        )
        if not probe.only_reviewed_used():
            doc = None
    if doc is None:
        doc = packet_document(
            family, fam_lang, region=pack, prepared=when, draft_note=note, filename=filename
        )
    try:
        pages = layout_document(
            doc,
            typesetter(),
            paper=paper,
            parts=parts,
            duplex=duplex,
            print_size=print_size(large_print),
        )
    except TypesetError as exc:
        raise _unprintable(family, exc, fam_lang.code, filename, large_print, paper) from None
    return doc, pages


def build_packet(
    family: Any,
    *,
    lang: str | None = None,
    paper: str = "letter",
    region: str | Region | None = None,
    prepared: dt.date | None = None,
    draft_note: bool = True,
    filename: str | None = None,
    parts: Sequence[str] | None = None,
    duplex: bool = True,
    prepared_typesetting: bool = True,
    large_print: bool = False,
) -> bytes:
    """The packet for ``family`` as PDF bytes.

    ``lang`` overrides the family file's language; ``region`` its region pack; ``prepared`` the
    date printed on the cover (default: the file's, else today). ``draft_note`` prints a short
    notice on the cover when the family's language is a draft translation (left out when every
    translation the packet uses is reviewed: a district's ``locales import --reviewed``).
    ``parts`` keeps only those parts of the packet (default: all); ``duplex`` starts each part,
    and each caregiver form, on an odd page. ``prepared_typesetting`` starts from the template
    text set at install, if there is any (:func:`kitgen.precompile.load_prepared`; the PDF is
    the same either way). ``large_print`` sets the packet for a reader with low vision: text
    at 14 pt or more, larger boxes, lines and rows, and a page with the wallet cards' text in
    large print (:data:`kitgen.layout.styles.LARGE_PRINT`).
    """
    return counted_packet(
        family,
        lang=lang,
        paper=paper,
        region=region,
        prepared=prepared,
        draft_note=draft_note,
        filename=filename,
        parts=parts,
        duplex=duplex,
        prepared_typesetting=prepared_typesetting,
        large_print=large_print,
    )[0]


def counted_packet(family: Any, **options: Any) -> tuple[bytes, int]:
    """:func:`build_packet` (the same options) with the number of pages of the PDF, as laid
    out (a batch reports it without reading the PDF again)."""
    lang = options.get("lang")
    # one scope for layout and drawing: what drawing derives from the family's pages (their
    # compressed streams, the tagging's texts) is forgotten with the packet too
    with memo.collector_paused(), memo.family_scope():
        doc, pages = packet_pages(family, **{"prepared_typesetting": True, **options})
        fam_lang = language(lang or family.language)
        data = render_pdf(pages, title=doc.title, subject=doc.subject, lang=fam_lang.code)
    return data, len(pages)
