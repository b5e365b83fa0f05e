"""Poster layout: one document per language + the district's branding -> one positioned page.

In: the poster's documents (one per language, rendered from ``templates/poster.xml.j2``), a
:class:`PosterSpec` (size, orientation, bleed), the district's
:class:`~kitgen.settings.Settings` (or none) and a :class:`~kitgen.text.Typesetter`.
Out: a :class:`PosterPage`: a :class:`kitgen.layout.Page` of text, rules, boxes, the logo
(:class:`ImageItem`) and the QR code (:class:`QrItem`), with the trim and bleed boxes when the
poster is for a print shop.

From top to bottom: the district's band (accent colour, to the edge of the paper), the language
blocks, and the foot: the QR code beside where to get free help. One language fills the page in
one column (two in landscape); two to four languages stand side by side in columns (landscape)
or in bands one above the other (portrait, each band in two columns), each labelled with the
language's own name. Right-to-left languages are set from the right, their columns too.

Type is sized for the wall: at scale 1 the body is 24 pt on Tabloid and the headline about 3% of
the page's height, both scaling with the page (by the square root of its area). The poster is
set at the largest scale, from 1.25 down in steps of 2.5%, at which everything fits: a short text
grows a little, a long one shrinks, nothing ever runs off the page. If it cannot fit with
readable type (a body under 7 pt) the poster is refused (:class:`~kitgen.errors.UsageError`).

Large print (``PosterSpec(large_print=True)``, ``--large-print``): no text under 14 pt, the
packet's large-print floor (:data:`kitgen.layout.styles.LARGE_BODY_MIN`). Each size is the
scaled size or 14 pt, whichever is larger (the small print, the help contacts and the language
labels reach the floor first), and the body is never under 14 pt: a poster that cannot fit at
that size is refused with the same message, naming large print.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..content import document as d
from ..errors import NumberTooWide, UsageError
from ..i18n import language
from ..layout import LineItem, Page, RectItem, TextItem, tags
from ..layout.pages import Composer
from ..layout.styles import ACCENT, INK, LARGE_BODY_MIN, Color, TextRole
from ..layout.tags import Tag
from ..settings import Logo, Settings
from ..text import SetParagraph, Typesetter

WHITE: Color = (1.0, 1.0, 1.0)
BLACK: Color = (0.0, 0.0, 0.0)  # the QR code and the crop marks

#: Trim sizes in points, portrait (width, height). ``--landscape`` swaps them.
SIZES: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
    "a4": (595.2756, 841.8898),
    "a3": (841.8898, 1190.5512),
    "18x24": (1296.0, 1728.0),
    "24x36": (1728.0, 2592.0),
}
_ALIASES = {"11x17": "tabloid", "ledger": "tabloid", "8.5x11": "letter", "8.5x14": "legal"}

BLEED = 9.0  # 0.125 in beyond the trim on every side
SLUG = 18.0  # room beyond the bleed for the crop marks
CROP_MARK_GAP = 2.0  # between the bleed edge and the start of a crop mark

#: The size unit: 1 on Tabloid, the square root of the page's area relative to Tabloid's.
_TABLOID_AREA = 792.0 * 1224.0

#: Type sizes in points at scale 1 on Tabloid.
BASE_SIZES = {
    "brand": 30.0,
    "label": 18.0,
    "headline": 36.0,
    "lead": 24.0,
    "h2": 27.0,
    "body": 24.0,
    "help_title": 21.0,
    "help_lead": 21.0,
    "help": 16.0,
    "small": 13.0,
}
QR_SIZE = 104.0  # side of the QR code, points at Tabloid (about 1.45 in)
MIN_MODULE = 1.5  # points (0.53 mm): a long address makes a bigger code, not a finer one
LOGO_SIZE = 52.0  # height of the logo tile at scale 1, points at Tabloid
MARGIN = 0.04  # of the shorter side
#: The foot's first column (help titles, the district's line) as a share of the room beside
#: the QR code; large print also tries the narrower ones and keeps the shortest foot (the
#: contacts' column, at 14 pt, wraps less when wider)
SPLIT = 0.46
LARGE_SPLITS = (0.46, 0.4, 0.34, 0.28)
#: The largest and smallest scales tried (a short text grows a little to fill the poster), and
#: the smallest body size accepted, in points.
MAX_SCALE = 1.25
MIN_SCALE = 0.2
MIN_BODY = 7.0
_STEP = 0.975  # each try shrinks the type by 2.5%


def poster_size(name: str, landscape: bool = False) -> tuple[float, float]:
    """Trim size of ``name`` in points (width, height)."""
    key = name.strip().lower().replace(" ", "")
    key = _ALIASES.get(key, key)
    if key not in SIZES:
        raise UsageError(f"'{name}' is not a poster size; use one of: {', '.join(SIZES)}")
    width, height = SIZES[key]
    return (height, width) if landscape else (width, height)


def size_key(name: str) -> str:
    """The canonical name of a size (``11x17`` -> ``tabloid``); UsageError if unknown."""
    poster_size(name)
    key = name.strip().lower().replace(" ", "")
    return _ALIASES.get(key, key)


@dataclass(frozen=True)
class PosterSpec:
    size: str = "tabloid"
    landscape: bool = False
    bleed: bool = False
    large_print: bool = False  # no text under 14 pt (see the module docstring)

    @property
    def trim(self) -> tuple[float, float]:
        return poster_size(self.size, self.landscape)


# -- items the poster adds to the page ---------------------------------------------------------


@dataclass(frozen=True)
class ImageItem:
    """The district's logo, fitted into the box (x, y, w, h) keeping its proportions."""

    x: float
    y: float
    w: float
    h: float
    logo: Logo
    tag: Tag | None = None  # a figure: the district's name as its alternative text


@dataclass(frozen=True)
class QrItem:
    """A QR code drawn as vector squares: ``matrix`` rows top to bottom, True = dark module.
    (x, y) is the bottom left corner of the symbol itself (the quiet zone lies around it)."""

    x: float
    y: float
    module: float
    matrix: tuple[tuple[bool, ...], ...]
    color: Color
    tag: Tag | None = None  # a figure: the address it encodes as its alternative text


@dataclass(frozen=True)
class PosterPage:
    page: Page
    trim_box: tuple[float, float, float, float] | None = None
    bleed_box: tuple[float, float, float, float] | None = None
    body_size: float = 0.0  # the body text size the poster was set at, in points


def _first_strong(text: str, only: str | None = None) -> str | None:
    """``"ltr"`` or ``"rtl"``: the direction of the first letter of ``text`` (UAX #9 strong
    types L, R and AL), looking only for ``only``'s letters if given; None if there is none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L" and only != "rtl":
            return "ltr"
        if kind in ("R", "AL") and only != "ltr":
            return "rtl"
    return None


def _shift(item: Any, dx: float, dy: float) -> Any:
    if isinstance(item, TextItem):
        return replace(item, x=item.x + dx, top=item.top + dy)
    if isinstance(item, RectItem | ImageItem | QrItem):
        return replace(item, x=item.x + dx, y=item.y + dy)
    if isinstance(item, LineItem):
        return replace(item, x1=item.x1 + dx, x2=item.x2 + dx, y1=item.y1 + dy, y2=item.y2 + dy)
    raise TypeError(type(item).__name__)


# -- units of the flow -------------------------------------------------------------------------


@dataclass
class _Unit:
    """A piece of a column that is never split; items relative to its top (y = 0, y grows up)."""

    height: float
    items: list[Any] = field(default_factory=list)
    gap: float = 0.0  # space above it, dropped at the top of a column


def _place(units: Sequence[_Unit], x: float, top: float) -> tuple[list[Any], float]:
    """Stack ``units`` from ``top`` down; the items and the height used."""
    items: list[Any] = []
    y = top
    for i, unit in enumerate(units):
        if i:
            y -= unit.gap
        items.extend(_shift(item, x, y) for item in unit.items)
        y -= unit.height
    return items, top - y


def _columns(units: Sequence[_Unit], height: float) -> list[list[_Unit]]:
    """Greedy fill of columns ``height`` tall (a unit taller than that gets a column alone)."""
    columns: list[list[_Unit]] = [[]]
    used = 0.0
    for unit in units:
        need = unit.height + (unit.gap if columns[-1] else 0.0)
        if columns[-1] and used + need > height + 1e-6:
            columns.append([])
            need, used = unit.height, 0.0
        columns[-1].append(unit)
        used += need
    return columns


def _stack_height(units: Sequence[_Unit]) -> float:
    return sum(u.height for u in units) + sum(u.gap for u in units[1:])


def _balance(units: Sequence[_Unit], count: int) -> tuple[float, list[list[_Unit]]]:
    """The shortest column height that holds ``units`` in ``count`` columns, and the columns."""
    if count <= 1 or len(units) <= 1:
        return _stack_height(units), [list(units)]
    low = max(u.height for u in units)
    high = _stack_height(units)
    if len(_columns(units, low)) <= count:
        return low, _columns(units, low)
    while high - low > 0.5:
        mid = (low + high) / 2
        if len(_columns(units, mid)) <= count:
            high = mid
        else:
            low = mid
    columns = _columns(units, high)
    return max(_stack_height(c) for c in columns), columns


# -- the poster --------------------------------------------------------------------------------


class _Poster:
    """Lays the poster out at one scale; :func:`layout_poster` finds the largest that fits."""

    def __init__(
        self,
        docs: Sequence[d.Document],
        spec: PosterSpec,
        settings: Settings | None,
        typesetter: Typesetter,
        qr: tuple[tuple[bool, ...], ...] | None,
    ) -> None:
        self.docs = docs
        self.spec = spec
        self.settings = settings
        self.ts = typesetter
        self.qr = qr
        self.width, self.height = spec.trim
        self.unit = math.sqrt(self.width * self.height / _TABLOID_AREA)
        self.margin = MARGIN * min(self.width, self.height)
        self.accent = settings.accent if settings else ACCENT
        self.ink = settings.ink if settings else INK
        self.floor = LARGE_BODY_MIN if spec.large_print else 0.0
        #: phone numbers too wide for a layout tried (the error to give if none fits)
        self.too_wide: list[NumberTooWide] = []
        self.composers = {doc.lang: Composer(typesetter, doc.lang, self.width, 0.0) for doc in docs}
        self.sections = [{s.key: s for s in doc.sections} for doc in docs]

    # text ---------------------------------------------------------------------------------------
    def role(
        self, name: str, scale: float, *, bold: bool = False, color: Color | None = None
    ) -> TextRole:
        size = max(self.floor, BASE_SIZES[name] * self.unit * scale)
        return TextRole(size=size, bold=bold, color=color or self.ink)

    def set(self, text: d.Text, role: TextRole, width: float) -> SetParagraph:
        """One text of a language's block, its lines on the block's start side (the right for
        a right-to-left language). A text with no letter of its language's direction (English
        standing in for a missing translation) runs in the other direction, so its full stop
        stays at its end."""
        spans = self.composers[text.lang].spans(
            text, role.size, role.bold, role.color, self.floor or None
        )
        rtl_lang = self.rtl(text.lang)
        direction: Literal["ltr", "rtl"] = "rtl" if rtl_lang else "ltr"
        if _first_strong(text.plain, only="rtl" if rtl_lang else "ltr") is None:
            direction = "ltr" if rtl_lang else ("rtl" if _first_strong(text.plain) else "ltr")
        align: Literal["start", "end"] = "start" if (direction == "rtl") == rtl_lang else "end"
        return self.ts.set(spans, width, lang=text.lang, direction=direction, align=align)

    def set_neutral(self, text: d.Text, role: TextRole, width: float) -> SetParagraph:
        """Names and numbers shared by every language (the district's, the help contacts'):
        direction from the first letter, lines on the left."""
        spans = self.composers[text.lang].spans(
            text, role.size, role.bold, role.color, self.floor or None
        )
        direction: Literal["ltr", "rtl"] = "rtl" if _first_strong(text.plain) == "rtl" else "ltr"
        align: Literal["start", "end"] = "start" if direction == "ltr" else "end"
        return self.ts.set(spans, width, lang=text.lang, direction=direction, align=align)

    @staticmethod
    def rtl(lang: str) -> bool:
        return language(lang).direction == "rtl"

    # units --------------------------------------------------------------------------------------
    def text_unit(self, para: SetParagraph, gap: float = 0.0) -> _Unit:
        return _Unit(para.height, [TextItem(0.0, 0.0, para)], gap)

    def block_units(self, index: int, width: float, scale: float) -> list[_Unit]:
        """The flowing part of a language's block: the lead, each section, the small print."""
        doc = self.docs[index]
        sections = self.sections[index]
        rtl = self.rtl(doc.lang)
        body = self.role("body", scale)
        units: list[_Unit] = []
        headline = sections.get("headline")
        if headline:
            for block in headline.blocks:
                if isinstance(block, d.Para):
                    lead = self.role("lead", scale)
                    units.extend(self.text_unit(self.set(t, lead, width)) for t in block.texts)
        for key in ("door", "stopped", "school"):
            section = sections.get(key)
            if section is None:
                continue
            head_role = self.role("h2", scale, bold=True, color=self.accent)
            heading = [self.set(t, head_role, width) for t in section.title]
            head_h = sum(p.height for p in heading)
            after = 0.25 * body.size
            first = True
            for block in section.blocks:
                if not isinstance(block, d.Check):
                    continue
                unit = self.item_unit(block, width, body, rtl)
                unit.gap = 0.2 * body.size
                if first:  # the heading travels with its first item
                    items = []
                    y = 0.0
                    tag = tags.heading(2)
                    for para in heading:
                        items.append(TextItem(0.0, y, para, tag))
                        y -= para.height
                    items.extend(_shift(i, 0.0, -(head_h + after)) for i in unit.items)
                    unit = _Unit(head_h + after + unit.height, items, 0.6 * body.size)
                    first = False
                units.append(unit)
        note = sections.get("note")
        if note:
            small = self.role("small", scale)
            paras = [
                self.set(t, small, width)
                for block in note.blocks
                if isinstance(block, d.Para)
                for t in block.texts
            ]
            if paras:
                items, height = _place([self.text_unit(p) for p in paras], 0.0, 0.0)
                units.append(_Unit(height, items, 0.6 * body.size))
        return units

    def item_unit(self, block: d.Check, width: float, role: TextRole, rtl: bool) -> _Unit:
        indent = 0.9 * role.size
        dot = 0.32 * role.size
        paras = [self.set(t, role, width - indent) for t in block.texts]
        items: list[Any] = []
        y = 0.0
        item = tags.group_id()  # a list item (its bullet is decoration)
        tag = Tag("P", (("LI", item), ("LBody", item)))
        for para in paras:
            items.append(TextItem(0.0 if rtl else indent, y, para, tag))
            y -= para.height
        if paras and paras[0].lines:
            line = paras[0].lines[0]
            centre = -(line.height / 2)
            x = width - dot if rtl else 0.0
            items.append(
                RectItem(
                    x + (0 if rtl else 0.08 * role.size),
                    centre - dot / 2,
                    dot,
                    dot,
                    fill=self.accent,
                )
            )
        return _Unit(-y, items)

    def block_header(self, index: int, width: float, scale: float, labelled: bool) -> _Unit:
        """The language's name (when the poster has several) and the headline, block wide."""
        doc = self.docs[index]
        rtl = self.rtl(doc.lang)
        items: list[Any] = []
        y = 0.0
        if labelled:
            lang = language(doc.lang)
            role = self.role("label", scale, bold=True, color=WHITE)
            label = d.Text(doc.lang, (d.Inline(lang.native_name),))
            para = self.set(label, role, width)
            pad = 0.35 * role.size
            text_w = max((line.width for line in para.lines), default=0.0)
            tag_w = min(width, text_w + 2 * pad)
            tag_x = width - tag_w if rtl else 0.0
            items.append(
                RectItem(
                    tag_x,
                    y - para.height - 2 * pad * 0.6,
                    tag_w,
                    para.height + 2 * pad * 0.6,
                    fill=self.accent,
                )
            )
            inner = self.set(label, role, tag_w - 2 * pad)
            items.append(TextItem(tag_x + pad, y - pad * 0.6, inner))
            y -= para.height + 2 * pad * 0.6 + 0.3 * role.size
        headline = self.sections[index].get("headline")
        if headline is not None:
            role = self.role("headline", scale, bold=True, color=self.accent)
            tag = tags.heading(1)
            for text in headline.title:
                para = self.set(text, role, width)
                items.append(TextItem(0.0, y, para, tag))
                y -= para.height
        y -= 0.3 * BASE_SIZES["body"] * self.unit * scale
        return _Unit(-y, items)

    def block(
        self, index: int, width: float, columns: int, scale: float, labelled: bool
    ) -> tuple[float, list[Any]]:
        """A language's block ``width`` wide, its flow in ``columns`` balanced columns."""
        gutter = 1.3 * BASE_SIZES["body"] * self.unit * scale
        col_w = (width - gutter * (columns - 1)) / columns
        header = self.block_header(index, width, scale, labelled)
        units = self.block_units(index, col_w, scale)
        flow_h, cols = _balance(units, columns)
        items = list(header.items)
        rtl = self.rtl(self.docs[index].lang)
        for c, col in enumerate(cols):
            slot = columns - 1 - c if rtl else c
            placed, _ = _place(col, slot * (col_w + gutter), -header.height)
            items.extend(placed)
        return header.height + flow_h, items

    # bands at the top and the foot --------------------------------------------------------------
    def brand(self, scale: float) -> tuple[float, list[Any]]:
        """The district's band across the top: logo on a white tile, the district's name."""
        stripe = 12.0 * self.unit
        if self.settings is None:
            return stripe, [RectItem(0.0, -stripe, self.width, stripe, fill=self.accent)]
        pad = 12.0 * self.unit * scale
        x = self.margin
        items: list[Any] = []
        height = 0.0
        tile = 0.0
        if self.settings.logo is not None:
            tile = LOGO_SIZE * self.unit * scale
            height = tile
        title = self.sections[0].get("brand")
        role = self.role("brand", scale, bold=True, color=WHITE)
        paras: list[SetParagraph] = []
        text_x = x + (tile + pad if tile else 0.0)
        if title is not None:
            paras = [
                self.set_neutral(t, role, self.width - self.margin - text_x) for t in title.title
            ]
        text_h = sum(p.height for p in paras)
        height = max(height, text_h)
        band = height + 2 * pad
        items.append(RectItem(0.0, -band, self.width, band, fill=self.accent))
        if self.settings.logo is not None:
            logo = self.settings.logo
            inset = 0.1 * tile
            items.append(RectItem(x, -pad - (height + tile) / 2, tile, tile, fill=WHITE))
            items.append(
                ImageItem(
                    x + inset,
                    -pad - (height + tile) / 2 + inset,
                    tile - 2 * inset,
                    tile - 2 * inset,
                    logo,
                    tags.figure(self.settings.district_name),
                )
            )
        y = -pad - (height - text_h) / 2
        for para in paras:
            items.append(TextItem(text_x, y, para))
            y -= para.height
        return band, items

    def foot(self, scale: float) -> tuple[float, list[Any]]:
        """Where to get help: the QR code, the help titles in every language, the contacts."""
        if not self.spec.large_print:
            return self.foot_split(scale, SPLIT)
        feet = []
        for split in LARGE_SPLITS:
            try:
                feet.append(self.foot_split(scale, split))
            except NumberTooWide as error:  # the district's phone number too wide for it
                if split == LARGE_SPLITS[0]:
                    raise
                self.too_wide.append(error)
        return min(feet, key=lambda foot: foot[0])

    def foot_split(self, scale: float, split: float) -> tuple[float, list[Any]]:
        """The foot with its first column ``split`` of the room beside the QR code."""
        width = self.width - 2 * self.margin
        items: list[Any] = []
        rule = 3.0 * self.unit * scale
        top_pad = 0.6 * BASE_SIZES["body"] * self.unit * scale
        title_role = self.role("help_title", scale, bold=True, color=self.accent)
        qr_side = module = quiet = 0.0
        if self.qr is not None:
            qr_side = max(QR_SIZE * self.unit, MIN_MODULE * len(self.qr))
            module = qr_side / len(self.qr)
            quiet = 4 * module  # white around the symbol, as QR readers need
        text_x = qr_side + max(quiet, 0.8 * title_role.size) if self.qr is not None else 0.0
        gutter = 1.2 * title_role.size
        # two columns beside the QR code: the titles, the district's line and its page; then
        # the free legal help contacts
        col_a = split * (width - text_x - gutter)
        col_b = width - text_x - gutter - col_a
        x_b = text_x + col_a + gutter
        titles = [
            self.set(t, title_role, col_a)
            for section in (s.get("help") for s in self.sections)
            if section is not None
            for t in section.title
        ]
        y = -top_pad
        row_h = 0.0
        x = 0.0
        spacing = 1.0 * title_role.size
        for para in titles:  # flowed like words on a line
            w = max((line.width for line in para.lines), default=0.0)
            if x and x + w > col_a:
                y -= row_h
                x, row_h = 0.0, 0.0
            # a title set on the right of the column (right-to-left): move its box
            offset = -min((line.x for line in para.lines), default=0.0)
            items.append(TextItem(text_x + x + offset, y, para))
            x += w + spacing
            row_h = max(row_h, para.height)
        y -= row_h + 0.2 * title_role.size
        y_b = -top_pad
        help_section = self.sections[0].get("help")
        for block in help_section.blocks if help_section is not None else ():
            if not isinstance(block, d.Para):
                continue
            lead = block.style == "lead"
            role = self.role("help_lead" if lead else "help", scale, bold=lead)
            for text in block.texts:
                para = self.set_neutral(text, role, col_a if lead else col_b)
                if lead:
                    items.append(TextItem(text_x, y, para))
                    y -= para.height + 0.15 * role.size
                else:
                    items.append(TextItem(x_b, y_b, para))
                    y_b -= para.height + 0.2 * role.size
        y = min(y, y_b)
        web = self.sections[0].get("web")
        if web is not None:  # the resource page's address, under both columns
            role = self.role("help_lead", scale, bold=True)
            for text in web.title:
                para = self.set_neutral(text, role, width - text_x)
                items.append(TextItem(text_x, y, para))
                y -= para.height
        height = -y
        items.insert(0, LineItem(0.0, 0.0, width, 0.0, color=self.accent, width=rule))
        if self.qr is not None:
            qr_top = -max(top_pad, quiet + rule / 2)
            url = self.settings.resource_url if self.settings else ""
            items.append(
                QrItem(0.0, qr_top - qr_side, module, self.qr, BLACK, tags.figure(url or "QR"))
            )
            height = max(height, -qr_top + qr_side + quiet)
        return height, [_shift(i, self.margin, 0.0) for i in items]

    # the whole page -----------------------------------------------------------------------------
    def attempt(self, scale: float) -> list[Any] | None:
        """Every item of the poster at ``scale``, or None if it does not fit."""
        band_h, band_items = self.brand(scale)
        foot_h, foot_items = self.foot(scale)
        stripe = 10.0 * self.unit
        gap = 0.6 * BASE_SIZES["body"] * self.unit * scale
        top = self.height - band_h - gap
        bottom = stripe + self.margin * 0.6 + foot_h + gap
        body_h = top - bottom
        if body_h <= 0:
            return None
        left, width = self.margin, self.width - 2 * self.margin
        n = len(self.docs)
        landscape = self.width > self.height
        items: list[Any] = [_shift(i, 0.0, self.height) for i in band_items]
        items.append(RectItem(0.0, 0.0, self.width, stripe, fill=self.accent))
        items.extend(_shift(i, 0.0, bottom - gap) for i in foot_items)
        if n == 1:
            height, block = self.block(0, width, 2 if landscape else 1, scale, False)
            if height > body_h:
                return None
            items.extend(_shift(i, left, top) for i in block)
            return items
        if landscape:  # languages side by side
            gutter = 1.6 * BASE_SIZES["body"] * self.unit * scale
            col_w = (width - gutter * (n - 1)) / n
            for i in range(n):
                height, block = self.block(i, col_w, 1, scale, True)
                if height > body_h:
                    return None
                x = left + i * (col_w + gutter)
                items.extend(_shift(it, x, top) for it in block)
                if i:
                    rx = x - gutter / 2
                    items.append(
                        LineItem(
                            rx, top, rx, top - body_h, color=self.accent, width=1.2 * self.unit
                        )
                    )
            return items
        # portrait: bands one above the other, each in two columns
        blocks = [self.block(i, width, 2, scale, True) for i in range(n)]
        gap_band = 1.2 * BASE_SIZES["body"] * self.unit * scale
        total = sum(h for h, _ in blocks) + gap_band * (n - 1)
        if total > body_h:
            return None
        spare = (body_h - total) / n  # shared out between the bands
        y = top
        for i, (height, block) in enumerate(blocks):
            if i:
                rule_y = y - (gap_band + spare) / 2
                items.append(
                    LineItem(
                        left, rule_y, left + width, rule_y, color=self.accent, width=1.2 * self.unit
                    )
                )
                y -= gap_band + spare
            items.extend(_shift(it, left, y) for it in block)
            y -= height
        return items


def layout_poster(
    docs: Sequence[d.Document],
    spec: PosterSpec,
    typesetter: Typesetter,
    settings: Settings | None = None,
    qr: tuple[tuple[bool, ...], ...] | None = None,
) -> PosterPage:
    """The poster at the largest type that fits (see the module docstring)."""
    poster = _Poster(docs, spec, settings, typesetter, qr)
    scales = []
    scale = MAX_SCALE
    min_body = LARGE_BODY_MIN if spec.large_print else MIN_BODY
    while scale >= MIN_SCALE and BASE_SIZES["body"] * poster.unit * scale >= min_body - 1e-9:
        scales.append(scale)
        scale *= _STEP
    found: tuple[float, list[Any]] | None = None
    too_wide = poster.too_wide

    def attempt(scale: float) -> list[Any] | None:
        try:
            return poster.attempt(scale)
        except NumberTooWide as error:  # a phone number too wide at this scale: smaller type
            too_wide.append(error)
            return None

    first = attempt(scales[0]) if scales else None
    if first is not None:
        found = (scales[0], first)
    elif scales:
        low, high = 1, len(scales) - 1  # the answer's index is in [low, high], if any
        last = attempt(scales[high])
        if last is not None:
            found = (scales[high], last)
            while low < high:
                mid = (low + high) // 2
                items = attempt(scales[mid])
                if items is not None:
                    found = (scales[mid], items)
                    high = mid
                else:
                    low = mid + 1
    if found is None and too_wide:
        raise too_wide[-1]
    if found is None:
        what = "1 language does" if len(docs) == 1 else f"{len(docs)} languages do"
        type_ = "large print (14 pt and up)" if spec.large_print else "readable type"
        raise UsageError(
            f"{what} not fit on a {spec.size} poster with {type_}; choose a larger size "
            "or fewer languages"
        )
    scale, items = found
    return _finish(items, spec, max(poster.floor, BASE_SIZES["body"] * poster.unit * scale))


def _finish(items: list[Any], spec: PosterSpec, body: float) -> PosterPage:
    width, height = spec.trim
    if not spec.bleed:
        return PosterPage(Page(width, height, tuple(items)), body_size=body)
    off = BLEED + SLUG
    out = []
    for item in items:
        # colour that touches the trim edge runs on into the bleed
        if isinstance(item, RectItem) and item.fill is not None:
            x0, y0, x1, y1 = item.x, item.y, item.x + item.w, item.y + item.h
            if x0 <= 0.01:
                x0 -= BLEED
            if y0 <= 0.01:
                y0 -= BLEED
            if x1 >= width - 0.01:
                x1 += BLEED
            if y1 >= height - 0.01:
                y1 += BLEED
            item = replace(item, x=x0, y=y0, w=x1 - x0, h=y1 - y0)
        out.append(_shift(item, off, off))
    out.extend(_crop_marks(off, width, height))
    page = Page(width + 2 * off, height + 2 * off, tuple(out))
    trim = (off, off, off + width, off + height)
    bleed = (off - BLEED, off - BLEED, off + width + BLEED, off + height + BLEED)
    return PosterPage(page, trim_box=trim, bleed_box=bleed, body_size=body)


def _crop_marks(off: float, width: float, height: float) -> list[LineItem]:
    """Marks on the trim lines, in the slug beyond the bleed, at each corner."""
    marks = []
    start, end = off - BLEED - CROP_MARK_GAP, 1.0
    for x in (off, off + width):
        for y0, y1 in ((start, end), (off + height + BLEED + CROP_MARK_GAP, 2 * off + height - 1)):
            marks.append(LineItem(x, y0, x, y1, BLACK, 0.25, tag=tags.PRINTER_MARK))
    for y in (off, off + height):
        for x0, x1 in ((start, end), (off + width + BLEED + CROP_MARK_GAP, 2 * off + width - 1)):
            marks.append(LineItem(x0, y, x1, y, BLACK, 0.25, tag=tags.PRINTER_MARK))
    return marks
