"""What each positioned item *is*, for the PDF's structure tree (tagged PDF, PDF/UA-1).

The layout puts a :class:`Tag` on the items whose meaning the page alone does not show: a
heading, a table cell, a list item, a checkbox, a line to write on. The drawing stage
(:mod:`kitgen.pdf.tagging`) turns tags into structure elements and marked content; an item
without a tag is a paragraph (text) or decoration (rules, boxes, tints: an artifact).

A tag names its own structure type (``role``) and the containers it sits in (``parents``,
outermost first, each a structure type and an id from :func:`group_id`): the items of one
table row share ``("TR", id)``, so the row is one element even when its label and value are
separate paragraphs. Items with the same non-zero ``key`` are one element (a checkbox's box
and its cross are one figure).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

_ids = itertools.count(1)


def N_(msgid: str) -> str:  # noqa: N802 - gettext's conventional marker name
    """Marks a string for translation (extracted into locales/kitgen.pot)."""
    return msgid


#: Alternative texts, said by a screen reader in the packet's language.
CHECKED = N_("checked")
NOT_CHECKED = N_("not checked")
BLANK = N_("blank to fill in by hand")


def group_id() -> int:
    """A new id for a container (a table, a row, a cell, a heading) or a figure's key."""
    return next(_ids)


@dataclass(frozen=True)
class Tag:
    """What a placed item is in the PDF's structure tree."""

    #: the structure type of the item's own element: P, Span, H1-H3, Figure, Artifact, ...
    role: str
    #: the containers the element sits in, outermost first: (structure type, id)
    parents: tuple[tuple[str, int], ...] = ()
    #: alternative text (a figure's /Alt): what a screen reader says instead of the picture
    alt: str = ""
    #: the language of ``alt`` (BCP 47), "" for the document's
    lang: str = ""
    #: items with the same non-zero key are one element
    key: int = 0
    #: for artifacts: Pagination (running footers, page numbers), Layout (rules, tints) or
    #: Page (crop and cut marks)
    artifact: str = "Layout"


#: Running footers and page numbers.
PAGINATION = Tag("Artifact", artifact="Pagination")
#: Crop and cut marks.
PRINTER_MARK = Tag("Artifact", artifact="Page")


def heading(level: int) -> Tag:
    """The tag of each language's line of one heading: a Span inside one H1-H3 element."""
    return Tag("Span", (("H" + str(max(1, min(level, 6))), group_id()),))


def figure(alt: str, lang: str = "", parents: tuple[tuple[str, int], ...] = ()) -> Tag:
    """One figure (its items share the tag) with alternative text."""
    return Tag("Figure", parents, alt=alt, lang=lang, key=group_id())
