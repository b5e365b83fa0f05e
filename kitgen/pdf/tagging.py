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
reading them back out of its output, had been a third of the cost of tagging). A table cell
or list body holding one paragraph holds that paragraph's content itself. In an element's
``/K``, its own marked content and its ``/Span`` kids come in reading order.

Nothing here changes what is drawn: marked-content operators do not touch the graphics state,
and the untagged build (``tagged=False`` in :func:`kitgen.pdf.draw.render_pdf`) renders to the
same pixels.

reportlab private API (checked with reportlab 5.1.0): ``canvas._doc``, ``doc.Catalog``
attributes (``StructTreeRoot``, ``MarkInfo``, ``Metadata`` are among those it writes),
``doc.Pages.pages`` (the page objects, to which ``StructParents`` and ``Tabs`` are added),
``doc.thisPageName()`` (the name a page's object is registered under) and
``doc.idToObjectNumberAndVersion`` (the number of a registered object).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from html import escape
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

#: Elements that may hold text themselves instead of one paragraph (:meth:`StructureTree._hoist`).
_HOLDS_TEXT = frozenset({"TD", "TH", "LBody"})

_HEADINGS = frozenset({"H1", "H2", "H3", "H4", "H5", "H6"})

_NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})

#: A marked-content kid is ``page << _PAGE_SHIFT | mcid``.
_PAGE_SHIFT = 24
_MCID_MASK = (1 << _PAGE_SHIFT) - 1


@lru_cache(maxsize=65536)
def text_script(text: str) -> str | None:
    """The ISO 15924 script of the first letter of ``text`` (None: digits, spaces,
    punctuation and format characters such as U+061C ARABIC LETTER MARK only)."""
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            continue
        script = Script.getScript(ch).getShortName()
        if script not in _NEUTRAL_SCRIPTS:
            return script
    return None


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
    for ch in reversed(text) if last else text:
        if unicodedata.category(ch) == "Cf":
            continue
        script = Script.getScript(ch).getShortName()
        if script not in _NEUTRAL_SCRIPTS:
            return script
    return None


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


class _Node:
    """A structure element being built."""

    __slots__ = ("role", "kids", "lang", "alt", "actual", "row_header", "num", "page")

    def __init__(self, role: str, lang: str = "", alt: str = "", actual: str = "") -> None:
        self.role = role
        #: _Node, marked content (an int: page index << _PAGE_SHIFT | mcid: no tuple, one
        #: object fewer for the garbage collector to track) or ("OBJR", object number, page)
        self.kids: list[Any] = []
        self.lang = lang
        self.alt = alt
        self.actual = actual
        self.row_header = False
        self.num = 0  # its place in the tree, depth first (set by finish)
        self.page: int | None = None  # the page of its first content


class StructureTree:
    """The structure tree of one document being drawn on one reportlab canvas.

    Per page: :meth:`begin_page` before drawing, the ``open_*`` / :meth:`close` pairs around
    what is drawn, :meth:`end_page` after ``canvas.showPage()``. Then :meth:`finish` once,
    before ``canvas.save()``.
    """

    def __init__(self, canvas: Canvas, *, lang: str, title: str, subject: str = "") -> None:
        self.canvas = canvas
        self.doc = canvas._doc  # reportlab private API, see the module docstring
        self.lang = lang
        self.title = title
        self.subject = subject
        self.root = _Node("Document")
        self._containers: dict[tuple[str, int], _Node] = {}
        self._keyed: dict[int, _Node] = {}
        self._pages: list[str] = []  # page object names
        self._mcids: list[list[_Node]] = []  # per page: the element of each MCID
        self._widgets: list[tuple[_Node, pdfdoc.PDFDictionary, int]] = []
        self._artifact: str | None = None  # the kind of the artifact open now
        self._pending: str | None = None  # an artifact drawn last, not closed yet
        # set by finish(), written by pack()
        self._nodes: list[_Node] = []  # depth first
        self._widget_keys: list[tuple[int, _Node]] = []
        self._page_numbers: list[int] = []
        self._root_number = 0

    # -- pages -------------------------------------------------------------------------------

    def begin_page(self) -> None:
        self._pages.append(self.doc.thisPageName())
        self._mcids.append([])

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
        self.canvas.addLiteral(text)

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
            self._emit("EMC")

    def _flush(self) -> None:
        if self._pending is not None:
            self._emit("EMC")
            self._pending = None

    def open_content(self, node: _Node, tag: str) -> None:
        """Start content belonging to ``node`` (a new MCID on this page)."""
        if self._pending is not None:
            self._flush()
        page = len(self._mcids) - 1
        mcids = self._mcids[page]
        mcid = len(mcids)
        self.canvas.addLiteral(f"/{tag}<</MCID {mcid}>>BDC")
        mcids.append(node)
        node.kids.append(page << _PAGE_SHIFT | mcid)
        if node.page is None:
            node.page = page

    # -- elements ----------------------------------------------------------------------------

    def _parent(self, parents: tuple[tuple[str, int], ...]) -> _Node:
        node = self.root
        containers = self._containers
        for pair in parents:
            child = containers.get(pair)
            if child is None:
                role = pair[0]
                child = _Node(role)
                if role == "TH":
                    child.row_header = True  # /A: /O /Table /Scope /Row (it heads its row)
                holder = node
                if role == "LI":  # list items side by side form one list
                    last = node.kids[-1] if node.kids else None
                    if isinstance(last, _Node) and last.role == "L":
                        holder = last
                    else:
                        holder = _Node("L")
                        node.kids.append(holder)
                holder.kids.append(child)
                containers[pair] = child
            node = child
        return node

    def element(self, tag: Tag | None, default: str = "P", lang: str = "") -> _Node:
        """The element an item's content belongs to: the tag's (same key, same element) or a
        new one in the tag's containers."""
        if tag is None:
            node = _Node(default, lang)
            self.root.kids.append(node)
            return node
        key = tag.key
        if key:
            known = self._keyed.get(key)
            if known is not None:
                return known
        node = _Node(tag.role, tag.lang or lang, tag.alt)
        (self._parent(tag.parents) if tag.parents else self.root).kids.append(node)
        if key:
            self._keyed[key] = node
        return node

    def span(self, parent: _Node, lang: str, actual: str) -> _Node:
        node = _Node("Span", lang=lang, actual=actual)
        parent.kids.append(node)
        return node

    def widget(self, tag: Tag | None, annotation: pdfdoc.PDFDictionary, alt: str = "") -> None:
        """Tie a form field's widget to a /Form element (the tag's, or a new one at the end)."""
        node = self.element(tag, "Form") if tag is not None else self.element(None, "Form")
        if alt and not node.alt:
            node.alt = alt
        self._widgets.append((node, annotation, len(self._pages) - 1))

    # -- writing -----------------------------------------------------------------------------

    def _hoist(self, cell: _Node) -> None:
        """A table cell or list body holding one paragraph of one language holds its content
        itself (a TD with text is as standard as a TD with a P; one object less each).
        Called for TD, TH and LBody elements only."""
        if len(cell.kids) != 1:
            return
        para = cell.kids[0]
        if not isinstance(para, _Node) or para.role != "P" or para.alt:
            return
        if any(type(k) is not int for k in para.kids):
            return
        cell.kids, cell.lang, cell.actual, cell.page = para.kids, para.lang, para.actual, para.page
        for kid in cell.kids:
            self._mcids[kid >> _PAGE_SHIFT][kid & _MCID_MASK] = cell

    def finish(self) -> None:
        """Settle the structure tree and write the catalog entries. Call once before
        ``save()``; then pass the saved bytes through :meth:`pack`, which writes the tree."""
        doc = self.doc
        # headings never skip a level (a screen reader's outline of the document)
        level = 0
        nodes: list[_Node] = []
        stack = [self.root]
        while stack:  # depth first, in order
            node = stack.pop()
            role = node.role
            if role in _HOLDS_TEXT:
                self._hoist(node)
            elif role in _HEADINGS:
                level = min(int(role[1]), level + 1)
                node.role = f"H{level}"
            node.num = len(nodes)
            nodes.append(node)
            for kid in reversed(node.kids):
                if type(kid) is _Node:
                    stack.append(kid)
        for node in reversed(nodes):  # an element's page: its first content's, else its first kid's
            if node.page is None:
                node.page = next(
                    (k.page for k in node.kids if type(k) is _Node and k.page is not None), None
                )
        numbers = doc.idToObjectNumberAndVersion
        next_key = len(self._pages)  # parent tree keys: the pages', then the widgets'
        widget_keys: list[tuple[int, _Node]] = []
        for node, annotation, page in self._widgets:
            annotation["StructParent"] = next_key
            node.kids.append(("OBJR", numbers[doc.Reference(annotation).name][0], page))
            if node.page is None:
                node.page = page
            widget_keys.append((next_key, node))
            next_key += 1
        self._nodes = nodes
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
        nodes = self._nodes
        pg = [f"/Pg {n} 0 R" for n in self._page_numbers]
        parent = [0] * len(nodes)
        parent[0] = self._root_number
        for node in nodes:
            number = base + node.num
            for kid in node.kids:
                if type(kid) is _Node:
                    parent[kid.num] = number
        # str, not bytes (f-strings are the fastest formatting), latin-1 encoded at the end:
        # a text string's UTF-16 bytes pass through as one character each
        langs: dict[str, str] = {"": ""}
        out: dict[int, bytes] = {}
        for node in nodes:
            page = node.page
            own = node.kids
            lang = langs.get(node.lang)
            if lang is None:
                lang = langs[node.lang] = "/Lang" + _text(node.lang)
            more = lang
            if node.alt:
                more += "/Alt" + _text(node.alt)
            if node.actual:
                more += "/ActualText" + _text(node.actual)
            if node.row_header:
                more += "/A<</O/Table/Scope/Row>>"
            # /Type /StructElem is optional: left out (size)
            if len(own) == 1 and type(own[0]) is int and own[0] >> _PAGE_SHIFT == page:
                # the most common: one marked-content sequence on the element's page
                out[base + node.num] = (
                    f"<</S/{node.role}/P {parent[node.num]} 0 R{pg[page]}{more}"
                    f"/K {own[0] & _MCID_MASK}>>"
                ).encode("latin-1")
                continue
            kids: list[str] = []
            content = False
            for kid in own:
                if type(kid) is _Node:
                    kids.append(f"{base + kid.num} 0 R")
                    continue
                content = True
                if type(kid) is not int:  # ("OBJR", object number, page)
                    kids.append(f"<</Type/OBJR/Obj {kid[1]} 0 R{pg[kid[2]]}>>")
                elif kid >> _PAGE_SHIFT == page:
                    kids.append(str(kid & _MCID_MASK))
                else:
                    kids.append(f"<</Type/MCR{pg[kid >> _PAGE_SHIFT]}/MCID {kid & _MCID_MASK}>>")
            head = f"<</S/{node.role}/P {parent[node.num]} 0 R"
            if content and page is not None:
                head += pg[page]
            head += more
            if len(kids) == 1:
                head += f"/K {kids[0]}>>"
            elif kids:
                head += f"/K[{' '.join(kids)}]>>"
            else:
                head += ">>"
            out[base + node.num] = head.encode("latin-1")
        nums: list[bytes] = []
        for page, mcids in enumerate(self._mcids):
            nums.append(b"%d[%s]" % (page, b" ".join(b"%d 0 R" % (base + n.num) for n in mcids)))
        for key, node in self._widget_keys:
            nums.append(b"%d %d 0 R" % (key, base + node.num))
        parent_tree = base + len(nodes)
        out[parent_tree] = b"<</Nums[%s]>>" % b"\n".join(nums)
        out[self._root_number] = (
            b"<</Type/StructTreeRoot/K %d 0 R/ParentTree %d 0 R/ParentTreeNextKey %d>>"
            % (base, parent_tree, len(nums))
        )
        return out


def _metadata(title: str, subject: str, lang: str) -> pdfdoc.PDFStream:
    """The XMP packet: title, description, language and the PDF/UA identifier."""
    xml = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt>
</dc:description>
<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
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
