"""kitgen's own machine checks of PDF/UA-1 (ISO 14289-1:2014), on pikepdf.

The ``pdfua`` package (PyPI) checks 16 rules; these checks cover more of the rules a machine
can decide (numbers are ISO 14289-1 clauses, in the Matterhorn Protocol's terms):

* 5 / 6.2 / 7.1: XMP metadata with ``pdfuaid:part 1`` and ``dc:title``; ``/MarkInfo
  /Marked true``; a structure tree; ``/ViewerPreferences /DisplayDocTitle true``; a title in
  the document information dictionary.
* 7.1: every page has ``/StructParents``; every text-showing operator, path-painting
  operator and ``Do`` is inside marked content that is either an artifact or carries an MCID;
  no marked content with an MCID inside another one or inside an artifact; every MCID on a
  page is in the parent tree and points at the element that owns it; only standard
  structure types (no role map needed).
* 7.2: the document has a ``/Lang``; every structure element that owns text has a ``/Lang``
  (own or inherited) and the text's script is one that language is written in.
* 7.3: every ``/Figure`` has ``/Alt``.
* 7.4: the first heading is ``H1`` and no heading skips a level.
* 7.5: ``Table`` holds ``TR`` only, ``TR`` holds ``TH``/``TD`` only, every table has a header
  cell, every ``TH`` has a ``/Scope``.
* 7.6: ``L`` holds ``LI`` (or ``Caption``); ``LI`` holds ``Lbl``/``LBody``.
* 7.18: every annotation that is not hidden is a widget with ``/StructParent``, owned by a
  ``/Form`` element through an object reference; every field has ``/TU``; pages with
  annotations have ``/Tabs /S``.
* 7.21: every font is embedded, and every composite font has a ``/ToUnicode`` map.

Not checked here (need a person or a full veraPDF run): that alternative text is apt, that
reading order matches meaning, colour contrast, the other 7.21 font rules (CIDSet, widths).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf

from kitgen.pdf.tagging import text_script
from kitgen.text.fonts import lang_scripts

STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form".split()
)
TEXT_OPS = frozenset({"Tj", "TJ", "'", '"'})
PAINT_OPS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"})


@dataclass
class Element:
    """A structure element as read back: its type, language, kids, text."""

    obj: pikepdf.Dictionary
    role: str
    lang: str  # own or inherited
    kids: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, mcid)
    text: str = ""  # of its own marked content (its /ActualText when it has one)
    #: its kids and its own marked content's texts, in /K order (the reading order)
    parts: list[Element | str] = field(default_factory=list)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


@dataclass
class Tagged:
    """What a check needs of one PDF: its structure tree and the text of each MCID."""

    pdf: pikepdf.Pdf
    root: Element
    mcid_text: dict[tuple[int, int], str]
    problems: list[str]


def _cmap(font: pikepdf.Dictionary) -> dict[bytes, str]:
    out: dict[bytes, str] = {}
    tu = font.get("/ToUnicode")
    if tu is None:
        return out
    data = tu.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be")
    return out


def _page_content(pdf: pikepdf.Pdf, index: int, problems: list[str]) -> dict[int, str]:
    """MCID -> text on one page; unmarked drawing and bad nesting go into ``problems``."""
    page = pdf.pages[index]
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    cmaps: dict[str, dict[bytes, str]] = {}
    stack: list[tuple[str, int | None]] = []  # ("mcid", n) / ("artifact", None) / ("other", _)
    texts: dict[int, str] = {}
    font = None
    where = f"page {index + 1}"
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if name == "BDC" and len(operands) > 1 else None
            mcid = None
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
            if tag == "/Artifact":
                if any(kind == "mcid" for kind, _ in stack):
                    problems.append(f"{where}: an artifact inside tagged content")
                stack.append(("artifact", None))
            elif mcid is not None:
                if any(kind in ("mcid", "artifact") for kind, _ in stack):
                    problems.append(f"{where}: MCID {mcid} nested in other marked content")
                if mcid in texts:
                    problems.append(f"{where}: MCID {mcid} used twice")
                texts[mcid] = ""
                stack.append(("mcid", mcid))
            else:
                stack.append(("other", None))
        elif name == "EMC":
            if not stack:
                problems.append(f"{where}: EMC without BDC")
            else:
                stack.pop()
        elif name == "Tf":
            key = str(operands[0])
            font = key
            if key not in cmaps:
                cmaps[key] = _cmap(fonts[key]) if key in fonts else {}
        elif name in TEXT_OPS or name in PAINT_OPS:
            marked = [e for e in stack if e[0] in ("mcid", "artifact")]
            if not marked:
                problems.append(f"{where}: '{name}' outside tagged content and artifacts")
                continue
            kind, mcid = marked[-1]
            if kind == "mcid" and name in TEXT_OPS and font is not None:
                strings = operands[0] if name == "TJ" else [operands[-1]]
                cmap = cmaps[font]
                for s in strings:
                    if isinstance(s, pikepdf.String):
                        raw = bytes(s)
                        texts[mcid] += "".join(
                            cmap.get(raw[i : i + 2], "") for i in range(0, len(raw), 2)
                        )
    if stack:
        problems.append(f"{where}: marked content left open")
    return texts


def read(data: bytes | str) -> Tagged:
    """Open a PDF and read its structure tree (problems found on the way are collected)."""
    import io

    pdf = pikepdf.open(io.BytesIO(data) if isinstance(data, bytes) else data)
    problems: list[str] = []
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    mcid_text: dict[tuple[int, int], str] = {}
    for i in range(len(pdf.pages)):
        for mcid, text in _page_content(pdf, i, problems).items():
            mcid_text[(i, mcid)] = text
    tree = pdf.Root.get("/StructTreeRoot")
    doc_lang = str(pdf.Root.get("/Lang", ""))
    if tree is None:
        problems.append("no structure tree")
        return Tagged(pdf, Element(pikepdf.Dictionary(), "none", doc_lang), mcid_text, problems)

    def build(obj: pikepdf.Dictionary, lang: str) -> Element:
        own = str(obj.get("/Lang", "")) or lang
        el = Element(obj, str(obj.get("/S", ""))[1:], own)
        page = pages.get(obj.Pg.objgen) if "/Pg" in obj else None
        k = obj.get("/K")
        kids = list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]
        for kid in kids:
            if isinstance(kid, int):
                el.mcids.append((page, int(kid)))  # type: ignore[arg-type]
                el.parts.append(mcid_text.get(el.mcids[-1], ""))  # type: ignore[arg-type]
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                el.mcids.append((pages.get(kid.Pg.objgen), int(kid.MCID)))  # type: ignore[arg-type]
                el.parts.append(mcid_text.get(el.mcids[-1], ""))  # type: ignore[arg-type]
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                continue
            elif isinstance(kid, pikepdf.Dictionary):
                el.kids.append(build(kid, own))
                el.parts.append(el.kids[-1])
        if "/ActualText" in obj:
            el.text = str(obj.ActualText)
        else:
            el.text = "".join(mcid_text.get(m, "") for m in el.mcids)
        return el

    k = tree.get("/K")
    top = list(k) if isinstance(k, pikepdf.Array) else [k]
    root = Element(tree, "StructTreeRoot", doc_lang, [build(e, doc_lang) for e in top])
    return Tagged(pdf, root, mcid_text, problems)


def logical_text(el: Element) -> str:
    """The element's text as a structure-tree extractor reads it: /ActualText, else its own
    content and its kids' in /K order."""
    if "/ActualText" in el.obj:
        return str(el.obj.ActualText)
    return "".join(p if isinstance(p, str) else logical_text(p) for p in el.parts)


def check(data: bytes | str) -> list[str]:
    """Every problem found (empty: the PDF passes these checks)."""
    t = read(data)
    pdf, problems = t.pdf, list(t.problems)
    root = pdf.Root
    # 5, 6.2, 7.1 -- the document
    xmp = root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in root else ""
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
        problems.append("XMP metadata without pdfuaid:part 1")
    if "<dc:title>" not in xmp:
        problems.append("XMP metadata without dc:title")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append("/DisplayDocTitle is not true")
    if not str(pdf.trailer.get("/Info", {}).get("/Title", "")):
        problems.append("no /Title in the document information")
    if not str(root.get("/Lang", "")):
        problems.append("no document /Lang")
    # 7.1 -- pages and the parent tree
    parent_tree: dict[int, object] = {}
    if "/StructTreeRoot" in root:
        nums = root.StructTreeRoot.ParentTree.get("/Nums", [])
        for i in range(0, len(nums), 2):
            parent_tree[int(nums[i])] = nums[i + 1]
    owner: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for el in t.root.walk():
        for m in el.mcids:
            owner[m] = el.obj
    for index, page in enumerate(pdf.pages):
        if "/StructParents" not in page.obj:
            problems.append(f"page {index + 1}: no /StructParents")
            continue
        entry = parent_tree.get(int(page.obj.StructParents))
        for p, mcid in [m for m in t.mcid_text if m[0] == index]:
            if (p, mcid) not in owner:
                problems.append(f"page {index + 1}: MCID {mcid} belongs to no element")
            elif (
                entry is None or mcid >= len(entry) or entry[mcid].objgen != owner[(p, mcid)].objgen
            ):
                problems.append(f"page {index + 1}: MCID {mcid} is wrong in the parent tree")
        annots = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != "/S":
            problems.append(f"page {index + 1}: annotations without /Tabs /S")
        for a in annots:
            if int(a.get("/F", 0)) & 2:  # hidden
                continue
            if a.get("/Subtype") != "/Widget":
                problems.append(f"page {index + 1}: a {a.get('/Subtype')} annotation")
                continue
            if "/StructParent" not in a:
                problems.append(f"page {index + 1}: widget {a.get('/T')} without /StructParent")
                continue
            form = parent_tree.get(int(a.StructParent))
            if not isinstance(form, pikepdf.Dictionary) or form.get("/S") != "/Form":
                problems.append(f"page {index + 1}: widget {a.get('/T')} not in a /Form element")
            elif not any(
                isinstance(k, pikepdf.Dictionary)
                and k.get("/Obj", None) is not None
                and k.Obj.objgen == a.objgen
                for k in (form.K if isinstance(form.K, pikepdf.Array) else [form.K])
            ):
                problems.append(f"page {index + 1}: /Form element does not own its widget")
            if not str(a.get("/TU", "")):
                problems.append(f"page {index + 1}: field {a.get('/T')} without /TU")
    # 7.1-7.6 -- the structure
    level = 0
    for el in t.root.walk():
        if el is t.root:
            continue
        where = f"/{el.role} element"
        if el.role not in STANDARD_TYPES:
            problems.append(f"{where}: not a standard structure type")
        if el.role == "Figure" and not str(el.obj.get("/Alt", "")):
            problems.append(f"{where} without /Alt")
        if re.fullmatch(r"H[1-6]", el.role):
            lv = int(el.role[1])
            if lv > level + 1:
                problems.append(f"{where}: heading skips from H{level} to H{lv}")
            level = lv
        kid_roles = {k.role for k in el.kids}
        if el.role == "Table":
            if not kid_roles <= {"TR", "THead", "TBody", "TFoot", "Caption"}:
                problems.append(f"{where} holds {sorted(kid_roles)}")
            if not any(k.role == "TH" for k in el.walk()):
                problems.append(f"{where} without a header cell")
        if el.role == "TR" and not kid_roles <= {"TH", "TD"}:
            problems.append(f"{where} holds {sorted(kid_roles)}")
        if el.role == "TH" and "/Scope" not in el.obj.get("/A", {}):
            problems.append(f"{where} without /Scope")
        if el.role == "L" and not kid_roles <= {"LI", "Caption", "L"}:
            problems.append(f"{where} holds {sorted(kid_roles)}")
        if el.role == "LI" and not kid_roles <= {"Lbl", "LBody"}:
            problems.append(f"{where} holds {sorted(kid_roles)}")
        if el.mcids and el.role not in ("Figure",):
            if not el.lang:
                problems.append(f"{where} with text and no /Lang")
            script = text_script(el.text)
            if script is not None and el.lang and script not in _scripts(el.lang):
                problems.append(f"{where}: {script} text {el.text[:30]!r} tagged /Lang {el.lang}")
    # 7.21 -- fonts
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            desc = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            fd = desc.get("/FontDescriptor", {})
            if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"font {font.get('/BaseFont')} is not embedded")
            if font.get("/Subtype") == "/Type0" and "/ToUnicode" not in font:
                problems.append(f"font {font.get('/BaseFont')} without /ToUnicode")
    return problems


def _scripts(lang: str) -> tuple[str, ...]:
    if lang.startswith("und-"):
        return (lang[4:],)
    return lang_scripts(lang)
