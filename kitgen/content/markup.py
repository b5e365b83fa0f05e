"""Parse the XML that templates render into the document model.

In: the text a Jinja template rendered (autoescaped, so user data is always character data,
never elements). Out: a :class:`~kitgen.content.document.Document`.

The vocabulary is small and closed; anything else is a bug in a template and raises
:class:`~kitgen.errors.ContentError` naming the template and element::

    <document title subject> <footer>T</footer> <pagelabel>T</pagelabel> [<blankpage>T</blankpage>]
    <section key newpage lang compact>… (newpage: yes, no, or sheet: an odd page two-sided)
    <section> holds <title>T</title> then blocks:
      <h2>T</h2> <h3>T</h3> <p style>T</p> <check on>T</check> <item>T</item>
      <signature><label>T</label><date>T</date></signature>
      <fields style><title>T</title>? <field lines><label>T</label><value>T</value>?</field>…
      </fields> (style: normal, or large for the numbers to memorize)
      <box tone>blocks</box> <keep>blocks</keep> <pagebreak/> <contents/>
      <table columns="0.5 0.5"><head><cell><p>…</p>…</cell>…</head>
             <row><cell><p>…</p>…</cell>…</row>…</table>
      <cards><front><card><title>T</title>blocks</card>…</front><back>…</back></cards>
    T (text) is either one <tr> holding <l lang>I</l> per language, or I (inline content):
      character data, <b>I</b> (strong), <u>…</u> (a value the family typed), <n>…</n> (a number,
      date or ID that reads left to right in every language).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..errors import ContentError
from . import document as d

_INLINE_KIND = {"b": "strong", "u": "user", "n": "ltr"}
#: the elements that hold a printed value (:attr:`kitgen.content.document.Inline.value`)
_VALUE_TAGS = frozenset({"u", "n"})


class _Parser:
    def __init__(self, source: str, lang: str) -> None:
        self.source = source
        self.lang = lang

    def fail(self, message: str) -> ContentError:
        return ContentError(f"template {self.source}: {message}")

    # -- text -------------------------------------------------------------------------------
    def inlines(
        self, el: ET.Element, kind: str = "text", value: bool = False
    ) -> tuple[d.Inline, ...]:
        out: list[d.Inline] = []
        if el.text:
            out.append(d.Inline(el.text, kind, value))  # type: ignore[arg-type]
        for child in el:
            child_kind = _INLINE_KIND.get(child.tag)
            if child_kind is None:
                raise self.fail(f"<{child.tag}> is not allowed inside text (in <{el.tag}>)")
            child_value = value or child.tag in _VALUE_TAGS
            if kind != "text" and child_kind != "strong":
                child_kind = kind
            out.extend(self.inlines(child, child_kind, child_value))
            if child.tail:
                out.append(d.Inline(child.tail, kind, value))  # type: ignore[arg-type]
        merged: list[d.Inline] = []
        for item in out:
            if merged and merged[-1].kind == item.kind:
                last = merged[-1]
                merged[-1] = d.Inline(last.text + item.text, item.kind, last.value or item.value)
            else:
                merged.append(item)
        return tuple(merged)

    def texts(self, el: ET.Element) -> d.Texts:
        children = list(el)
        if len(children) == 1 and children[0].tag == "tr" and not (el.text or "").strip():
            tr = children[0]
            texts = tuple(
                d.Text(lang=l_el.get("lang", self.lang), inlines=self.inlines(l_el)) for l_el in tr
            )
            if not texts:
                raise self.fail(f"empty <tr> in <{el.tag}>")
            return texts
        if any(c.tag == "tr" for c in children):
            raise self.fail(f"<tr> mixed with other content in <{el.tag}>")
        return (d.Text(lang=self.lang, inlines=self.inlines(el)),)

    def optional_title(self, el: ET.Element) -> d.Texts | None:
        title = el.find("title")
        return self.texts(title) if title is not None else None

    # -- blocks -----------------------------------------------------------------------------
    def blocks(self, parent: ET.Element) -> tuple[d.Block, ...]:
        out: list[d.Block] = []
        for el in parent:
            if el.tag == "title":
                continue
            out.append(self.block(el))
        return tuple(out)

    def block(self, el: ET.Element) -> d.Block:
        tag = el.tag
        if tag in ("h2", "h3"):
            return d.Heading(level=int(tag[1]), texts=self.texts(el))
        if tag == "p":
            style = el.get("style", "body")
            if style not in ("body", "lead", "small", "note", "warning"):
                raise self.fail(f"unknown paragraph style {style!r}")
            return d.Para(texts=self.texts(el), style=style)  # type: ignore[arg-type]
        if tag == "check":
            return d.Check(texts=self.texts(el), checked=el.get("on") == "yes")
        if tag == "item":
            return d.Check(texts=self.texts(el), mark="bullet")
        if tag == "signature":
            label, date = el.find("label"), el.find("date")
            if label is None or date is None:
                raise self.fail("<signature> needs <label> and <date>")
            return d.Signature(label=self.texts(label), date_label=self.texts(date))
        if tag == "pagebreak":
            return d.PageBreak()
        if tag == "contents":
            return d.Contents()
        if tag == "fields":
            fields = []
            for f in el.findall("field"):
                label = f.find("label")
                if label is None:
                    raise self.fail("<field> without <label>")
                value = f.find("value")
                fields.append(
                    d.Field(
                        label=self.texts(label),
                        value=self.texts(value) if value is not None else None,
                        lines=int(f.get("lines", "1")),
                    )
                )
            style = el.get("style", "normal")
            if style not in ("normal", "large"):
                raise self.fail(f"<fields style={style!r}>: use normal or large")
            return d.FieldGroup(
                title=self.optional_title(el),
                fields=tuple(fields),
                style=style,  # type: ignore[arg-type]
            )
        if tag == "table":
            return self.table(el)
        if tag == "keep":
            return d.Keep(blocks=self.blocks(el))
        if tag == "box":
            tone = el.get("tone", "info")
            return d.Box(blocks=self.blocks(el), tone=tone)  # type: ignore[arg-type]
        if tag == "cards":
            return d.CardSheet(
                fronts=self.cards(el.find("front")), backs=self.cards(el.find("back"))
            )
        raise self.fail(f"unknown element <{tag}>")

    def table(self, el: ET.Element) -> d.Table:
        try:
            columns = tuple(float(c) for c in el.get("columns", "").split())
        except ValueError:
            raise self.fail('<table columns> must be numbers, e.g. columns="0.5 0.5"') from None

        def cells(row: ET.Element) -> tuple[tuple[d.Para, ...], ...]:
            out = []
            for cell in row.findall("cell"):
                paras = []
                for block in self.blocks(cell):
                    if not isinstance(block, d.Para):
                        raise self.fail("a table <cell> holds only <p> paragraphs")
                    paras.append(block)
                out.append(tuple(paras))
            if len(out) != len(columns):
                raise self.fail(f"a table row has {len(out)} cells for {len(columns)} columns")
            return tuple(out)

        head = el.find("head")
        return d.Table(
            columns=columns,
            head=cells(head) if head is not None else (),
            rows=tuple(cells(row) for row in el.findall("row")),
        )

    def cards(self, el: ET.Element | None) -> tuple[d.Card, ...]:
        if el is None:
            return ()
        out = []
        for card in el.findall("card"):
            title = self.optional_title(card)
            if title is None:
                raise self.fail("<card> without <title>")
            out.append(d.Card(title=title, blocks=self.blocks(card)))
        return tuple(out)

    # -- document ---------------------------------------------------------------------------
    def document(self, root: ET.Element) -> d.Document:
        if root.tag != "document":
            raise self.fail("the root element must be <document>")
        footer = root.find("footer")
        pagelabel = root.find("pagelabel")
        blank = root.find("blankpage")
        if footer is None or pagelabel is None:
            raise self.fail("<document> needs <footer> and <pagelabel>")
        sections = []
        family_lang = self.lang
        for s in root.findall("section"):
            # texts with no language of their own (values, numbers) take the section's
            self.lang = s.get("lang") or family_lang
            title = self.optional_title(s)
            sections.append(
                d.Section(
                    key=s.get("key", ""),
                    title=title or (),
                    blocks=self.blocks(s),
                    new_page=s.get("newpage", "yes") in ("yes", "sheet"),
                    new_sheet=s.get("newpage", "yes") == "sheet",
                    lang=s.get("lang"),
                    compact=s.get("compact", "no") == "yes",
                )
            )
        self.lang = family_lang
        return d.Document(
            lang=self.lang,
            title=root.get("title", ""),
            subject=root.get("subject", ""),
            sections=tuple(sections),
            footer=self.texts(footer),
            page_label=tuple((t.lang, t.plain) for t in self.texts(pagelabel)),
            blank_page=self.texts(blank) if blank is not None else (),
        )


def parse_document(xml_text: str, *, source: str, lang: str) -> d.Document:
    """Parse rendered template output into a :class:`Document`."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        context = xml_text.splitlines()[line - 1][:120] if line else ""
        raise ContentError(
            f"template {source} rendered invalid XML ({exc}); line {line}: {context}"
        ) from None
    return _Parser(source, lang).document(root)
