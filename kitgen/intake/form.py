"""The intake-form orchestrator: a language, paper, flavour (and a family to pre-fill) in, PDF
bytes out. See :mod:`kitgen.intake` for what the form is."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from .. import memo
from ..errors import UsageError
from ..family.model import Family
from ..i18n import language
from ..layout.styles import paper_size
from ..text import Typesetter
from .draw import fill_form, form_id, render_form
from .layout import FILLABLE, PAPER, form_size, layout_form
from .prefill import answers, check_fits
from .questions import form_items, walk


@dataclass(frozen=True)
class IntakeForm:
    pdf: bytes
    pages: int
    fields: int  # form fields (0 on the printable form)
    notes: tuple[str, ...]  # what the person making the form should know (sensitive numbers)


def build_intake_form(
    lang: str | None = None,
    *,
    paper: str = "letter",
    printable: bool = False,
    family: Family | None = None,
    filename: str = "the family file",
    typesetter: Typesetter | None = None,
    large_print: bool = False,
) -> IntakeForm:
    """The intake form in ``lang`` beside English (default: the family's language).

    ``large_print``: for a reader with low vision: text at 14 pt or more, taller fields and
    writing lines, larger checkboxes, what is typed at 14 pt; more pages. The fields, their
    names and the form id are the same, so :func:`read_intake_form` reads either."""
    if lang is None and family is None:
        raise UsageError("an intake form needs a language: give --lang, e.g. --lang es")
    if family is not None and printable:
        raise UsageError("--from pre-fills the fillable form; leave out --paper-form")
    # pre-filled: what is set and drawn from the family's answers is forgotten with the form
    with memo.family_scope() if family is not None else nullcontext():
        return _build(lang, paper, printable, family, filename, typesetter, large_print)


def _build(
    lang: str | None,
    paper: str,
    printable: bool,
    family: Family | None,
    filename: str,
    typesetter: Typesetter | None,
    large_print: bool,
) -> IntakeForm:
    locale = language(lang or family.language)  # type: ignore[union-attr]
    items = form_items()
    texts: dict[str, str] = {}
    checked: set[str] = set()
    notes: list[str] = []
    if family is not None:
        check_fits(family, filename)
        texts, checked, notes = answers(family, walk(items))
    flavour = PAPER if printable else FILLABLE
    pages = layout_form(
        items,
        locale,
        paper_size(paper),
        flavour,
        typesetter or Typesetter(),
        answers=texts,
        checked=checked,
        footer=form_id(locale.code),
        print_size=form_size(large_print),
    )
    pdf, looks = render_form(pages, lang=locale.code, fillable=not printable)
    if texts:
        pdf = fill_form(pdf, texts, looks)
    count = 0 if printable else sum(len(p.areas) for p in pages) + 1
    return IntakeForm(pdf, len(pages), count, tuple(notes))
