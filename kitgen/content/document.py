"""The document model: what a packet, card sheet or poster says, before any layout.

Templates render to a small XML vocabulary (see :mod:`kitgen.content.markup`); the parser turns
it into these frozen values. Every piece of text is a :class:`Text` in one language; a block
that is bilingual carries one ``Text`` per language, the family's language first and English
last, and the layout decides how to place them. User data only ever appears as ``Inline`` values
of kind ``"user"`` (or ``"ltr"`` for numbers), never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

InlineKind = Literal["text", "strong", "user", "ltr"]


@dataclass(frozen=True)
class Inline:
    """A run of text in one style: plain, bold, a family value, or a number kept left to right."""

    text: str
    kind: InlineKind = "text"
    #: printed from a value (``<u>`` or ``<n>``), even where it is set bold (kind "strong"):
    #: what the layout must not keep across packets unless it is a public value (see
    #: :attr:`Document.public_values`). Not part of equality: it changes nothing on the page.
    value: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Text:
    """Text in one language: a sequence of inlines."""

    lang: str
    inlines: tuple[Inline, ...]

    @property
    def plain(self) -> str:
        return "".join(i.text for i in self.inlines)


#: The same thing said in one or more languages (family language first, English last).
Texts = tuple[Text, ...]


@dataclass(frozen=True)
class Heading:
    """A section title (level 1), sub-heading (2) or small heading (3)."""

    level: int  # 1 = section title, 2 = sub-heading, 3 = small heading
    texts: Texts


@dataclass(frozen=True)
class Para:
    """A paragraph in one or more languages, in one of the body styles."""

    texts: Texts
    style: Literal["body", "lead", "small", "note", "warning"] = "body"


@dataclass(frozen=True)
class Check:
    """A list item: a box to tick (``mark="box"``) or a plain bullet (``"bullet"``)."""

    texts: Texts
    mark: Literal["box", "bullet"] = "box"
    checked: bool = False  # a box already ticked (a form's authority taken from the family file)


@dataclass(frozen=True)
class Field:
    """A labelled value; ``value`` None means a blank line to fill in by hand."""

    label: Texts
    value: Texts | None
    lines: int = 1  # how many write-in lines when blank


@dataclass(frozen=True)
class FieldGroup:
    """Labelled values under an optional title (a contact, a child's doctor)."""

    title: Texts | None
    fields: tuple[Field, ...]
    #: ``"large"``: values set large and bold (the numbers to memorize)
    style: Literal["normal", "large"] = "normal"


@dataclass(frozen=True)
class Signature:
    """A signature line with a date line beside it, both completed by hand."""

    label: Texts
    date_label: Texts


@dataclass(frozen=True)
class Box:
    """Blocks set apart in a tinted frame (warnings, what to say)."""

    blocks: tuple[Block, ...]
    tone: Literal["info", "warning"] = "info"


@dataclass(frozen=True)
class Table:
    """A compact table: each row's cells side by side, each cell a few paragraphs.
    ``columns`` are the cells' shares of the measure, in reading order."""

    columns: tuple[float, ...]
    head: tuple[tuple[Para, ...], ...]  # the column titles (may be empty)
    rows: tuple[tuple[tuple[Para, ...], ...], ...]


@dataclass(frozen=True)
class Keep:
    """Blocks kept together on one page when they fit one (a witness or notary block)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreak:
    """The next block starts on a new page."""

    pass


@dataclass(frozen=True)
class Contents:
    """The packet's contents: every section's title and the page it starts on (filled in by
    the layout, which alone knows the pages)."""


@dataclass(frozen=True)
class Card:
    """One wallet card face (credit-card size): a title and a few lines."""

    title: Texts
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CardSheet:
    """Cards eight to a sheet with cut marks. ``backs`` print on the reverse, mirrored so that
    each back lands behind its front when the sheet is printed on both sides (long-edge flip)."""

    fronts: tuple[Card, ...]
    backs: tuple[Card, ...]


Block = Union[
    Heading, Para, Check, FieldGroup, Signature, Box, Table, Keep, PageBreak, CardSheet, Contents
]


@dataclass(frozen=True)
class Section:
    """A part of the document with a title: starts a page unless ``new_page`` is false."""

    key: str
    title: Texts
    blocks: tuple[Block, ...]
    new_page: bool = True
    #: starts a new sheet: an odd page when printed two-sided (each caregiver form, so that
    #: its sheets can be handed over and signed on the spot)
    new_sheet: bool = False
    #: the language the section is laid out in when it is not the family's (an English form
    #: inside a right-to-left packet reads left to right)
    lang: str | None = None
    #: a translation for understanding: set small, without write-in lines
    compact: bool = False


@dataclass(frozen=True)
class Document:
    """A whole packet, card sheet or poster, ready for the layout."""

    lang: str  # the family's language
    title: str  # English title for the PDF's metadata (never personal data)
    subject: str
    sections: tuple[Section, ...]
    footer: Texts  # "Confidential — keep in a safe place"
    page_label: tuple[tuple[str, str], ...]  # (lang, "Page {page} of {pages}") per language
    blank_page: Texts = ()  # "This page is intentionally blank", for a duplex part's blank back
    #: values printed (kind "user" or "ltr") that come from no family: the region pack's
    #: contacts, legal sources, form specifications, language names. The layout may keep what
    #: it sets from them across packets (kitgen.memo); anything else of those kinds it may not.
    public_values: frozenset[str] = frozenset()


#: The parts of a packet a liaison handles separately, in printing order. Each starts on an odd
#: page when printed two-sided, so that no sheet holds two parts.
PARTS: tuple[str, ...] = ("binder", "forms", "school", "cards")


def part_of(key: str) -> str:
    """The part a section belongs to, from its key (the sources page closes the binder, though
    the template lists it last: the layout prints the parts in :data:`PARTS` order)."""
    if key == "state-forms" or key.startswith("form-"):
        return "forms"
    if key == "school":
        return "school"
    if key == "cards":
        return "cards"
    return "binder"
