"""The card-sheet orchestrator: languages, paper and settings in, PDF bytes out."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..content import legal
from ..content.document import Document
from ..content.render import Number, Renderer
from ..errors import TypesetError, UsageError, typeset_problem
from ..i18n import language
from ..i18n.catalog import canonical_code
from ..layout import Page, layout_document, tags
from ..layout.pages import Item
from ..pdf.draw import render_pdf
from ..settings import Settings
from ..text import Typesetter

#: The most sheets (front and back) of one language in one file.
MAX_COPIES = 1000


def card_languages(codes: Sequence[str]) -> tuple[str, ...]:
    """Canonical codes, checked: at least one, each a shipped language, none twice."""
    if not codes:
        raise UsageError("card sheets need a language: give --lang, e.g. --lang es")
    canonical = tuple(canonical_code(c) for c in codes)
    repeated = sorted({c for c in canonical if canonical.count(c) > 1})
    if repeated:
        raise UsageError(f"a language is given twice: {', '.join(repeated)}")
    return canonical


def card_document(code: str, settings: Settings | None) -> Document:
    """The card sheet in ``code`` (front) and English (back), branded from ``settings``."""
    lang = language(code)
    english = language("en")
    renderer = Renderer((lang,) if lang.code == "en" else (lang, english))
    district: dict[str, Any] | None = None
    if settings is not None:
        district = {
            "name": settings.district_name,
            "phone": Number(settings.phone) if settings.phone else None,
        }
    context = {"district": district, "draft_note": lang.is_draft, "cite": legal.cite}
    return renderer.render("cards.xml.j2", context)


def card_pages(
    codes: Sequence[str],
    typesetter: Typesetter,
    settings: Settings | None = None,
    *,
    paper: str = "letter",
    copies: int = 1,
) -> list[Page]:
    """Each language's sheet (front page, back page), ``copies`` times, languages in order."""
    if not 1 <= copies <= MAX_COPIES:
        raise UsageError(f"copies must be a whole number from 1 to {MAX_COPIES}, not {copies}")
    pages: list[Page] = []
    for code in card_languages(codes):
        doc = card_document(code, settings)
        try:
            sheet = layout_document(doc, typesetter, paper=paper, duplex=False)
        except TypesetError as exc:  # a district name with a character no font has
            source = settings.source if settings else "the card sheet"
            raise UsageError(
                f"{source}: {typeset_problem(exc, settings.phone if settings else None)}"
            ) from None
        pages += sheet
        # the copies carry no outline entries (one per language is enough to find it) and
        # structure elements of their own (a copy's heading is not read out with the first's)
        for _ in range(copies - 1):
            pages += _copy(sheet)
    return pages


def _copy(sheet: list[Page]) -> list[Page]:
    """The pages of ``sheet`` again, without outline entries, their tags given new ids."""
    ids: dict[int, int] = {}

    def new(ident: int) -> int:
        if ident not in ids:
            ids[ident] = tags.group_id()
        return ids[ident]

    def retag(item: Item) -> Item:
        tag = item.tag
        if tag is None or not (tag.parents or tag.key):
            return item
        parents = tuple((role, new(ident)) for role, ident in tag.parents)
        key = new(tag.key) if tag.key else 0
        return dataclasses.replace(item, tag=dataclasses.replace(tag, parents=parents, key=key))

    return [
        dataclasses.replace(page, marks=(), items=tuple(retag(it) for it in page.items))
        for page in sheet
    ]


def build_cards(
    codes: Sequence[str],
    typesetter: Typesetter,
    settings: Settings | None = None,
    *,
    paper: str = "letter",
    copies: int = 1,
) -> bytes:
    """Wallet rights cards in each language of ``codes`` as PDF bytes: per language, ``copies``
    sheets of eight (a front page, then its back page), with no family's data."""
    pages = card_pages(codes, typesetter, settings, paper=paper, copies=copies)
    first = card_languages(codes)[0]
    return render_pdf(
        pages,
        title="Wallet rights cards",
        subject="Know-your-rights wallet cards for immigrant families, from the school district",
        lang=first,
    )
