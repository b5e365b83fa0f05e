"""Tagged PDF: the structure tree, marked content and metadata of PDF/UA-1 (ISO 14289-1:2014).

In: the items :mod:`kitgen.pdf.draw` draws, with their :class:`~kitgen.layout.tags.Tag`
(none: a text item is a paragraph, anything else decoration). Out: around each drawn item, in
the page's content stream, a marked-content sequence: ``/P <</MCID n>> BDC ... EMC`` for
content that belongs to a structure element, ``/Artifact ... BDC ... EMC`` for running
footers, page numbers, rules, tints and crop marks; and at :meth:`StructureTree.finish`, the
structure tree (``/StructTreeRoot``, one ``/Document`` element, headings, paragraphs, lists,
tables, figures, form fields), the parent tree, each page's ``/StructParents`` and ``/Tabs /S``,
the catalog's ``/MarkInfo``, ``/ViewerPreferences /DisplayDocTitle`` and XMP metadata with
``pdfuaid:part 1``.

Languages. Every structure element that holds text has its own ``/Lang``: the language its
paragraph was set in; a run of another script inside it (a family member's name written in
Arabic inside an English line) becomes a ``/Span`` child with that script's language (the
packet's language when it is written in that script, else the script's most used language).
Digits, spaces and punctuation take the language of the text around them.

Logical text. Glyphs of right-to-left runs are written in visual order (see
:mod:`kitgen.pdf.fonts`), so an element holding right-to-left text carries ``/ActualText``:
its text in logical order, the lines joined by :func:`line_gap`. Left-to-right text needs
none: its glyphs' ``/ToUnicode`` texts are already in logical order, and a wrapped line ends
with an invisible glyph whose text is the word space the line break took (none between
letters of scripts written without spaces).

Writing. reportlab writes only the tree root's placeholder (the catalog refers to it);
:meth:`StructureTree.pack` hands the elements, the parent tree and the root, formatted as
text, to :func:`kitgen.pdf.compact.pack_objects`, which puts them straight into the object
stream, numbered after reportlab's objects (reportlab's formatting of ~1,800 objects, and
reading them back out of its output, had been a third of the cost of tagging). A table cell,
list body or heading holds the content of its first line itself (the first without an
/ActualText), and its other lines as Spans (:meth:`StructureTree.open_line`). In an element's
``/K``, its own marked content and its ``/Span`` kids come in reading order.

Nothing here changes what is drawn: marked-content operators do not touch the graphics state,
and the untagged build (``tagged=False`` in :func:`kitgen.pdf.draw.render_pdf`) renders to the
same pixels.

reportlab private API (checked with reportlab 5.1.0): ``canvas._doc``, ``doc.Catalog``
attributes (``StructTreeRoot``, ``MarkInfo``, ``Metadata`` are among those it writes),
``doc.Pages.pages`` (the page objects, to which ``StructParents`` and ``Tabs`` are added),
``doc.thisPageName()`` (the name a page's object is registered under),
``doc.idToObjectNumberAndVersion`` (the number of a registered object) and ``canvas._code``
(the list of the page's content-stream pieces ``canvas.addLiteral`` appends to).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate, compress
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..layout.tags import Tag
from ..text.fonts import lang_scripts
from ..text.types import GlyphRun
from ..text.unicode_icu import Script
from .compact import pack_objects

__all__ = ["StructureTree", "run_language", "logical_text"]

#: The language a run of a script is read in when neither its paragraph's nor the packet's
#: language is written in that script.
SCRIPT_LANG = {
    "Arab": "ar", "Hebr": "he", "Hani": "zh", "Hira": "ja", "Kana": "ja", "Hang": "ko",
    "Khmr": "km", "Mymr": "my", "Ethi": "am", "Beng": "bn", "Deva": "hi", "Cyrl": "ru",
    "Latn": "en", "Grek": "el", "Thai": "th", "Armn": "hy", "Geor": "ka", "Laoo": "lo",
}  # fmt: skip

#: Scripts written without spaces between words: lines of them join without a space.
_NO_SPACES = frozenset({"Hani", "Hira", "Kana", "Bopo", "Khmr", "Mymr", "Thai", "Laoo"})

_HEADINGS = frozenset({"H1", "H2", "H3", "H4", "H5", "H6"})

#: Elements whose lines (a tag's role and its last container's) hold their text themselves
#: (:meth:`StructureTree.open_line`): a table cell's or list body's paragraphs, a heading's Spans.
LINE_HOLDERS = frozenset(
    {("P", "TD"), ("P", "TH"), ("P", "LBody"), *(("Span", h) for h in _HEADINGS)}
)

_NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})

#: A marked-content kid is ``page << _PAGE_SHIFT | mcid``.
_PAGE_SHIFT = 24
_MCID_MASK = (1 << _PAGE_SHIFT) - 1


def _first_script(chars: Iterable[str]) -> str | None:
    """The ISO 15924 script of the first letter among ``chars`` (None: digits, spaces,
    punctuation and format characters such as U+061C ARABIC LETTER MARK only)."""
    for ch in chars:
        if unicodedata.category(ch) == "Cf":
            continue
        script = Script.getScript(ch).getShortName()
        if script not in _NEUTRAL_SCRIPTS:
            return script
    return None


@lru_cache(maxsize=65536)
def text_script(text: str) -> str | None:
    """The script of the first letter of ``text`` (None: no letter; :func:`_first_script`)."""
    return _first_script(text)


def run_language(run: GlyphRun, para_lang: str, doc_lang: str) -> str | None:
    """The language a run is read in (None: neutral, it takes the language around it)."""
    return _texts_language(run.texts, para_lang, doc_lang)


@lru_cache(maxsize=65536)
def _texts_language(texts: tuple[str, ...], para_lang: str, doc_lang: str) -> str | None:
    script = text_script("".join(texts))
    if script is None:
        return None
    for lang in (para_lang, doc_lang):
        if lang and script in lang_scripts(lang):
            return lang
    return SCRIPT_LANG.get(script, f"und-{script}")


def logical_text(run: GlyphRun) -> str:
    """The run's text in logical order (its glyphs are in visual order)."""
    return "".join(reversed(run.texts)) if run.rtl else "".join(run.texts)


#: Characters after which a line break is no word break: hyphens, zero width space.
_JOINERS = frozenset("-\u00ad\u2010\u2011\u200b")


def _edge_script(text: str, last: bool) -> str | None:
    """The script of the last (or first) letter of ``text`` (None: no letter)."""
    return _first_script(reversed(text) if last else text)


@lru_cache(maxsize=16384)
def line_gap(before: str, after: str, lang: str) -> str:
    """What a reader puts between two lines of one paragraph (logical texts): the word space
    the line break took (" "), or nothing where the break was inside a word of a script
    written without spaces (Chinese, Japanese, Khmer, Burmese, Thai, Lao), at a hyphen, or
    next to a space already there. Judged by the letters on either side of the break; lines
    of neutral characters only (digits, punctuation) by the paragraph's language."""
    if not before or not after or before[-1].isspace() or after[0].isspace():
        return ""
    if before[-1] in _JOINERS:
        return ""
    scripts = {_edge_script(before, True), _edge_script(after, False)}
    if scripts & _NO_SPACES:
        return ""
    if scripts == {None}:
        return "" if set(lang_scripts(lang) if lang else ()) & _NO_SPACES else " "
    return " "


def join_lines(lines: Iterable[str], lang: str) -> str:
    """Lines of one paragraph as one text, with :func:`line_gap` between them."""
    out = ""
    for line in lines:
        if out:
            out += line_gap(out[-16:], line[:16], lang)
        out += line
    return out


@lru_cache(maxsize=4096)
def _text(text: str) -> str:
    """A PDF text string: ASCII as is, anything else UTF-16BE with a byte order mark, its
    bytes as latin-1 characters (encode the result with latin-1)."""
    if text.isascii() and text.isprintable():
        s = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({s})"
    raw = b"\xfe\xff" + text.encode("utf-16-be")  # raw bytes: they compress better
    for c in b"\\()\r":
        raw = raw.replace(bytes([c]), b"\\%03o" % c)
    return "(" + raw.decode("latin-1") + ")"


class _Bytes(pdfdoc.PDFObject):
    """An object written as given (its bytes are set before the document is written)."""

    def __init__(self, data: bytes = b"") -> None:
        self.data = data

    def format(self, document: Any) -> bytes:  # noqa: ANN001 - reportlab's document
        return self.data


class _Raw(pdfdoc.PDFObject):
    def __init__(self, text: str) -> None:
        self.text = text

    def format(self, document: Any) -> bytes:  # noqa: ANN001
        return self.text.encode("ascii")


#: A kid of an element: ``page << _PAGE_SHIFT | mcid`` (>= 0) for marked content, ``~index``
#: (< 0) for an element.
_NO_KID = -(1 << 62)


class StructureTree:
    """The structure tree of one document being drawn on one reportlab canvas.

    Per page: :meth:`begin_page` before drawing, the ``open_*`` / :meth:`close` pairs around
    what is drawn, :meth:`end_page` after ``canvas.showPage()``. Then :meth:`finish` once,
    before ``canvas.save()``.

    An element is an index (0: the ``/Document`` element) into flat lists of its attributes,
    and kids are pairs of ints in two lists: no Python object per element, so a packet's
    thousands of elements add nothing for the garbage collector to track (its collections
    had been a third of the cost of tagging, measured).
    """

    def __init__(self, canvas: Canvas, *, lang: str, title: str, subject: str = "") -> None:
        self.canvas = canvas
        self.doc = canvas._doc  # reportlab private API, see the module docstring
        self.lang = lang
        self.title = title
        self.subject = subject
        # elements, by index
        self._role: list[str] = ["Document"]
        self._lang: list[str] = [""]
        self._alt: dict[int, str] = {}  # the few elements that have one
        self._actual: dict[int, str] = {}
        self._page: list[int] = [-1]  # the page of its first own content (-1: none)
        self._last: list[int] = [_NO_KID]  # its last kid so far
        self._row_headers: set[int] = set()  # TH elements: /A /O /Table /Scope /Row
        # kids in the order they came: kid _kids[i] of element _kid_of[i]
        self._kid_of: list[int] = []
        self._kids: list[int] = []
        self._containers: dict[tuple[str, int], int] = {}
        self._keyed: dict[int, int] = {}
        self._resolved: dict[tuple[tuple[str, int], ...], int] = {}  # parents -> element
        self._pages: list[str] = []  # page object names
        self._mcids: list[list[int]] = []  # per page: the element of each MCID
        self._page_mcids: list[int] = []  # this page's
        self._page_kid = 0
        self._widgets: list[tuple[int, pdfdoc.PDFDictionary, int]] = []
        self._artifact: str | None = None  # the kind of the artifact open now
        self._pending: str | None = None  # an artifact drawn last, not closed yet
        # set by finish(), written by pack()
        self._order: list[int] = []  # the elements written, depth first
        self._num: list[int] = []  # element -> its place in _order (a hoisted Span: its holder's)
        self._start: list[int] = []  # element -> where its kids start in _sorted
        self._end: list[int] = []
        self._sorted: list[int] = []  # every kid, grouped by element, in order
        self._objrs: dict[int, list[tuple[int, int]]] = {}  # element -> (widget object, page)
        self._hoisted: list[tuple[int, int]] = []  # (paragraph, the element that holds its content)
        self._lone: set[int] = set()  # holders whose first line is a Span (right-to-left)
        self._holders: set[int] = set()  # elements with elements among their kids
        self._widget_keys: list[tuple[int, int]] = []
        self._page_numbers: list[int] = []
        self._root_number = 0

    # -- pages -------------------------------------------------------------------------------

    def begin_page(self) -> None:
        self._pages.append(self.doc.thisPageName())
        self._page_mcids = []
        self._page_kid = (len(self._mcids)) << _PAGE_SHIFT  # this page's first kid
        self._mcids.append(self._page_mcids)

    def end_page(self) -> None:
        """Call right after ``canvas.showPage()``."""
        assert self._pending is None, "StructureTree.end_marks() before showPage()"
        page = self.doc.Pages.pages[-1]
        page.StructParents = len(self._pages) - 1
        page.Tabs = pdfdoc.PDFName("S")
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]

    # -- marked content ----------------------------------------------------------------------

    def end_marks(self) -> None:
        """Close the last artifact of a page: call before ``canvas.showPage()``."""
        self._flush()

    def _emit(self, text: str) -> None:
        self.canvas._code.append(text)  # what canvas.addLiteral does, without its str()

    def open_artifact(self, kind: str = "Layout") -> None:
        """Start decoration: Pagination (footers, page numbers), Layout or Page (marks).
        Decoration of one kind drawn one after another is one artifact (smaller files)."""
        if self._pending == kind:
            self._pending = None
            return
        self._flush()
        self._emit("/Artifact BMC" if kind == "Layout" else f"/Artifact<</Type/{kind}>>BDC")
        self._artifact = kind

    def close(self) -> None:
        """End what the last ``open_*`` started."""
        if self._artifact is not None:
            self._pending, self._artifact = self._artifact, None  # closed when something else comes
        else:
            self.canvas._code.append("EMC")

    def _flush(self) -> None:
        if self._pending is not None:
            self._emit("EMC")
            self._pending = None

    def open_content(self, node: int, tag: str | None = None) -> None:
        """Start content belonging to element ``node`` (a new MCID on this page), marked with
        ``tag`` (default: the element's type)."""
        code = self.canvas._code
        if self._pending is not None:
            code.append("EMC")
            self._pending = None
        mcids = self._page_mcids
        mcid = len(mcids)
        code.append(f"/{tag or self._role[node]}<</MCID {mcid}>>BDC")
        mcids.append(node)
        kid = self._page_kid | mcid
        self._kid_of.append(node)
        self._kids.append(kid)
        self._last[node] = kid
        if self._page[node] < 0:
            self._page[node] = kid >> _PAGE_SHIFT

    def open_paragraph(self, lang: str, actual: str = "") -> None:
        """Start the content of a new paragraph of the document, in ``lang`` (with its
        /ActualText when right-to-left): ``element(None)``, ``set_text`` and
        ``open_content`` with fewer calls, for the most common text drawn."""
        node = len(self._role)
        self._role.append("P")
        self._lang.append(lang)
        if actual:
            self._actual[node] = actual
        self._page.append(-1)  # both set by open_content
        self._last.append(_NO_KID)
        self._kid_of.append(0)  # the document's new kid
        self._kids.append(~node)
        self._last[0] = ~node
        self.open_content(node)

    def open_line(self, tag: Tag, lang: str, actual: str = "") -> None:
        """Start one line (one language, one group of runs) of a table cell, list body or
        heading, the holder being ``tag``'s last container. The holder's own content when it
        has none yet and the line has no /ActualText (on the holder it would stand for the
        other lines too); else a Span of its own, with its language (:data:`LINE_HOLDERS`)."""
        holder = self._parent(tag.parents)
        if not actual and not self._lang[holder]:
            self._lang[holder] = lang
            self.open_content(holder, tag.role)  # marked as the line it is (P, Span)
            return
        if self._last[holder] == _NO_KID:  # its first line: it holds it at finish if alone
            self._lone.add(holder)
        self.open_content(self.span(holder, lang, actual))

    # -- elements ----------------------------------------------------------------------------

    def _new(self, role: str, lang: str = "", alt: str = "", actual: str = "") -> int:
        node = len(self._role)
        self._role.append(role)
        self._lang.append(lang)
        if alt:
            self._alt[node] = alt
        if actual:
            self._actual[node] = actual
        self._page.append(-1)
        self._last.append(_NO_KID)
        return node

    def _add(self, parent: int, node: int) -> None:
        self._kid_of.append(parent)
        self._kids.append(~node)
        self._last[parent] = ~node

    def _parent(self, parents: tuple[tuple[str, int], ...]) -> int:
        known = self._resolved.get(parents)  # the same cell's, list item's, heading's again
        if known is not None:
            return known
        node = 0
        containers = self._containers
        for pair in parents:
            child = containers.get(pair)
            if child is None:
                role = pair[0]
                child = self._new(role)
                if role == "TH":
                    self._row_headers.add(child)  # it heads its row
                holder = node
                if role == "LI":  # list items side by side form one list
                    last = self._last[node]
                    if last < 0 and last != _NO_KID and self._role[~last] == "L":
                        holder = ~last
                    else:
                        holder = self._new("L")
                        self._add(node, holder)
                self._add(holder, child)
                containers[pair] = child
            node = child
        self._resolved[parents] = node
        return node

    def element(self, tag: Tag | None, default: str = "P", lang: str = "") -> int:
        """The element an item's content belongs to: the tag's (same key, same element) or a
        new one in the tag's containers."""
        if tag is None:
            node = self._new(default, lang)
            self._add(0, node)
            return node
        key = tag.key
        if key:
            known = self._keyed.get(key)
            if known is not None:
                return known
        node = self._new(tag.role, tag.lang or lang, tag.alt)
        self._add(self._parent(tag.parents) if tag.parents else 0, node)
        if key:
            self._keyed[key] = node
        return node

    def lang_of(self, node: int) -> str:
        return self._lang[node]

    def set_text(self, node: int, lang: str, actual: str = "") -> None:
        """Set the language of element ``node`` and (right-to-left text) its /ActualText."""
        self._lang[node] = lang
        if actual:
            self._actual[node] = actual

    def span(self, parent: int, lang: str, actual: str) -> int:
        node = self._new("Span", lang=lang, actual=actual)
        self._add(parent, node)
        return node

    def widget(self, tag: Tag | None, annotation: pdfdoc.PDFDictionary, alt: str = "") -> None:
        """Tie a form field's widget to a /Form element (the tag's, or a new one at the end)."""
        node = self.element(tag, "Form") if tag is not None else self.element(None, "Form")
        if alt and not self._alt.get(node):
            self._alt[node] = alt
        self._widgets.append((node, annotation, len(self._pages) - 1))

    # -- writing -----------------------------------------------------------------------------

    def _hoist_lone(self, holder: int) -> None:
        """A holder whose only line is a Span (one right-to-left line, with its /ActualText)
        holds that line's content itself: one object less (:meth:`open_line`)."""
        start, end, kids = self._start, self._end, self._sorted
        if end[holder] - start[holder] != 1 or kids[start[holder]] >= 0:
            return
        span = ~kids[start[holder]]
        a, b = start[span], end[span]
        if a == b or min(kids[a:b]) < 0:  # elements of its own (a name in another script)
            return
        start[holder], end[holder] = a, b
        self._lang[holder] = self._lang[span]
        if span in self._actual:
            self._actual[holder] = self._actual[span]
        self._page[holder] = self._page[span]
        self._hoisted.append((span, holder))  # numbered as the holder once it has a number

    def finish(self) -> None:
        """Settle the structure tree and write the catalog entries. Call once before
        ``save()``; then pass the saved bytes through :meth:`pack`, which writes the tree."""
        doc = self.doc
        count = len(self._role)
        # every element's kids, grouped by element in the order they came (a stable sort; no
        # Python loop over the kids)
        kid_of, all_kids = self._kid_of, self._kids
        placed = list(map(all_kids.__getitem__, sorted(range(len(kid_of)), key=kid_of.__getitem__)))
        sizes = Counter(kid_of)
        end = list(accumulate(map(sizes.__getitem__, range(count))))
        start = [0, *end[:-1]]
        self._start, self._end, self._sorted = start, end, placed
        numbers = doc.idToObjectNumberAndVersion
        objrs: dict[int, list[tuple[int, int]]] = {}
        for node, annotation, page in self._widgets:
            objrs.setdefault(node, []).append((numbers[doc.Reference(annotation).name][0], page))
        self._objrs = objrs
        # headings never skip a level (a screen reader's outline of the document)
        roles = self._role
        num = [-1] * count
        self._num = num
        level = 0
        order: list[int] = []
        stack = [0]
        # the elements that have elements among their kids (the rest hold content only)
        holders = set(compress(kid_of, map((0).__gt__, all_kids)))
        self._holders = holders
        self._hoisted = []
        lone = self._lone
        while stack:  # depth first, in order
            node = stack.pop()
            role = roles[node]
            if role in _HEADINGS:
                level = min(int(role[1]), level + 1)
                roles[node] = f"H{level}"
            if node in lone:
                self._hoist_lone(node)
            num[node] = len(order)
            order.append(node)
            if node in holders:
                stack.extend([~kid for kid in placed[start[node] : end[node]][::-1] if kid < 0])
        for para, cell in self._hoisted:  # a hoisted paragraph's content belongs to its cell
            num[para] = num[cell]
        pages = self._page
        for node in reversed(order):  # an element's page: its first content's, else its first kid's
            if pages[node] < 0:
                for i in range(start[node], end[node]):
                    kid = placed[i]
                    if kid < 0 and pages[~kid] >= 0:
                        pages[node] = pages[~kid]
                        break
        next_key = len(self._pages)  # parent tree keys: the pages', then the widgets'
        widget_keys: list[tuple[int, int]] = []
        for node, annotation, page in self._widgets:
            annotation["StructParent"] = next_key
            if pages[node] < 0:
                pages[node] = page
            widget_keys.append((next_key, node))
            next_key += 1
        self._order = order
        self._widget_keys = widget_keys
        self._page_numbers = [numbers[name][0] for name in self._pages]
        # the root is an object reportlab writes (the catalog refers to it), replaced in pack()
        root = doc.Reference(_Bytes(b"null"), "kitgen:StructTreeRoot")
        self._root_number = numbers[root.name][0]
        catalog = doc.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": _Raw("true")})
        catalog.Metadata = doc.Reference(_metadata(self.title, self.subject, self.lang))
        self.canvas.setViewerPreference("DisplayDocTitle", "true")

    def pack(self, data: bytes) -> bytes:
        """The PDF reportlab saved (after :meth:`finish`), its objects packed into object
        streams (:func:`kitgen.pdf.compact.pack_objects`) with the structure tree's."""
        return pack_objects(data, self._objects)

    def _objects(self, base: int) -> dict[int, bytes]:
        """The tree's objects as bytes: element ``n`` is object ``base + n``, then the parent
        tree; the root replaces its placeholder. Written here, not as reportlab objects:
        reportlab's formatting, and reading its output back, cost more than the rest of
        tagging (measured)."""
        order, num = self._order, self._num
        start, end, placed = self._start, self._end, self._sorted
        roles, pages, alts, actuals = self._role, self._page, self._alt, self._actual
        objrs, row_headers = self._objrs, self._row_headers
        own_langs = self._lang
        number_of = [base + n for n in num]  # element -> its object number
        pg = [f"/Pg {n} 0 R" for n in self._page_numbers]
        parent = [0] * len(order)  # by place
        parent[0] = self._root_number
        holders = self._holders
        for node in order:
            if node in holders:
                number = number_of[node]
                for kid in placed[start[node] : end[node]]:
                    if kid < 0:
                        parent[num[~kid]] = number
        # str, not bytes (f-strings are the fastest formatting), latin-1 encoded at the end:
        # a text string's UTF-16 bytes pass through as one character each
        langs: dict[str, str] = {"": ""}
        special = alts.keys() | actuals.keys() | row_headers | objrs.keys()
        out: dict[int, bytes] = {}
        for place, node in enumerate(order):
            page = pages[node]
            lang = own_langs[node]
            more = langs.get(lang)
            if more is None:
                more = langs[lang] = "/Lang" + _text(lang)
            first = start[node]
            # /Type /StructElem is optional: left out (size)
            if node not in special:
                if end[node] - first == 1:
                    kid = placed[first]
                    if kid >= 0 and kid >> _PAGE_SHIFT == page:
                        # the most common: one marked-content sequence on the element's page
                        out[base + place] = (
                            f"<</S/{roles[node]}/P {parent[place]} 0 R{pg[page]}{more}"
                            f"/K {kid & _MCID_MASK}>>"
                        ).encode("latin-1")
                        continue
            else:
                if node in alts:
                    more += "/Alt" + _text(alts[node])
                if node in actuals:
                    more += "/ActualText" + _text(actuals[node])
                if node in row_headers:
                    more += "/A<</O/Table/Scope/Row>>"
            kids: list[str] = []
            content = False
            for kid in placed[first : end[node]]:
                if kid < 0:
                    kids.append(f"{number_of[~kid]} 0 R")
                    continue
                content = True
                if kid >> _PAGE_SHIFT == page:
                    kids.append(str(kid & _MCID_MASK))
                else:
                    kids.append(f"<</Type/MCR{pg[kid >> _PAGE_SHIFT]}/MCID {kid & _MCID_MASK}>>")
            for number, on in objrs.get(node, ()):
                content = True
                kids.append(f"<</Type/OBJR/Obj {number} 0 R{pg[on]}>>")
            head = f"<</S/{roles[node]}/P {parent[place]} 0 R"
            if content and page >= 0:
                head += pg[page]
            head += more
            if len(kids) == 1:
                head += f"/K {kids[0]}>>"
            elif kids:
                head += f"/K[{' '.join(kids)}]>>"
            else:
                head += ">>"
            out[base + place] = head.encode("latin-1")
        nums: list[bytes] = []
        for page, mcids in enumerate(self._mcids):
            refs = (b"%d 0 R " * len(mcids)) % tuple(map(number_of.__getitem__, mcids))
            nums.append(b"%d[%s]" % (page, refs[:-1]))
        for key, node in self._widget_keys:
            nums.append(b"%d %d 0 R" % (key, number_of[node]))
        parent_tree = base + len(order)
        out[parent_tree] = b"<</Nums[%s]>>" % b"\n".join(nums)
        out[self._root_number] = (
            b"<</Type/StructTreeRoot/K %d 0 R/ParentTree %d 0 R/ParentTreeNextKey %d>>"
            % (base, parent_tree, len(nums))
        )
        return out


#: What XML text must escape, as ``html.escape`` writes it (without importing the html package,
#: which a packet does not otherwise need).
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escape_xml(text: str) -> str:
    """``text`` fit for XML content or an attribute value: ``&<>"'`` escaped."""
    return text.translate(_XML_ESCAPES)


def _metadata(title: str, subject: str, lang: str) -> pdfdoc.PDFStream:
    """The XMP packet: title, description, language and the PDF/UA identifier."""
    xml = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_escape_xml(title)}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_escape_xml(subject)}</rdf:li></rdf:Alt>
</dc:description>
<dc:language><rdf:Bag><rdf:li>{_escape_xml(lang)}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>ReportLab PDF Library - www.reportlab.com</pdf:Producer>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = pdfdoc.PDFStream(content=xml.encode("utf-8"), filters=[])
    stream.dictionary["Type"] = pdfdoc.PDFName("Metadata")
    stream.dictionary["Subtype"] = pdfdoc.PDFName("XML")
    return stream
