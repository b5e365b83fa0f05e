"""The resource table (kitgen.layout.tables): addresses never broken at their own hyphens, and
broken only after "/" or "." (whole in right-to-left packets when the table can hold them); tall
rows continued on the next page between their lines, under the column titles again."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from conftest import SAMPLES

from kitgen.content import document as d
from kitgen.content.packet import packet_document
from kitgen.content.regions import region as load_region
from kitgen.family import load_family
from kitgen.i18n import language
from kitgen.layout import styles as st
from kitgen.layout.pages import Composer, TextItem
from kitgen.packet import packet_pages, typesetter
from kitgen.text.engine import _ADDRESS_RE

REGIONS = ("boston", "hartford")
SAMPLE_LANGS = sorted({load_family(p).language for p in SAMPLES.glob("*.yaml")})


@functools.cache
def _rivera():
    return load_family(SAMPLES / "boston-rivera-es.yaml")


def _table(code: str, region: str) -> d.Table:
    doc = packet_document(
        _rivera(), language(code), region=load_region(region), prepared=dt.date(2026, 1, 15),
        draft_note=False, filename=None,
    )  # fmt: skip
    (table,) = [b for s in doc.sections for b in s.blocks if isinstance(b, d.Table)]
    return table


def _line_text(line) -> str:
    return "".join(t for run in line.runs for t in run.texts).strip("\u2066\u2067\u2068\u2069")


def test_bare_domains_are_addresses():
    found = [m.group() for m in _ADDRESS_RE.finditer("see bpswedreamtogether.org or my-site.org")]
    assert found == ["bpswedreamtogether.org", "my-site.org"]


@pytest.mark.parametrize("code", SAMPLE_LANGS)
def test_addresses_break_only_after_a_slash_or_a_dot(code):
    for region in REGIONS:
        table = _table(code, region)
        addresses = {
            m.group()
            for row in table.rows
            for cell in row
            for p in cell
            for t in p.texts
            for m in _ADDRESS_RE.finditer(t.plain)
        }
        assert addresses, region
        for size in (st.STANDARD, st.LARGE_PRINT):
            composer = Composer(typesetter(), code, 516.0, 48.0)
            composer.print_size = size
            items = [i for a in composer.table(table) for i in a.items if isinstance(i, TextItem)]
            for item in items:
                lines = [_line_text(line) for line in item.para.lines]
                whole = "".join(lines)
                if whole not in addresses:
                    continue
                for line in lines[:-1]:  # each line ends after "/" or ".", never at "-"
                    assert line[-1] in "/.", (code, region, size.name, lines)
                natural = sum(line.width for line in item.para.lines)
                if natural <= item.para.width:  # broken only when the column cannot hold it
                    assert len(lines) == 1, (code, region, size.name, lines)


@pytest.mark.parametrize("code", ["es", "ar", "zh-Hans", "km"])
def test_a_short_address_stays_whole_in_large_print(code):
    composer = Composer(typesetter(), code, 516.0, 48.0)
    composer.print_size = st.LARGE_PRINT
    items = [i for a in composer.table(_table(code, "boston")) for i in a.items]
    lines = [
        _line_text(line)
        for i in items
        if isinstance(i, TextItem)
        for line in i.para.lines
        if "bpswedream" in _line_text(line) or _line_text(line) == "r.org"
    ]
    assert lines == ["bpswedreamtogether.org"]


@pytest.fixture(scope="module")
def large_es():
    return packet_pages(_rivera(), large_print=True)[1]


def test_a_tall_row_continues_on_the_next_page_under_the_titles(large_es):
    body_bottom = st.MARGIN + st.LARGE_PRINT.footer_height
    rights = [i for i, p in enumerate(large_es) if p.section == "rights" or i and
              large_es[i - 1].section == "rights"]  # fmt: skip
    titles = "Qué hacen"
    repeated = [
        i
        for i in rights
        if any(
            isinstance(it, TextItem)
            and it.tag is not None
            and it.tag.role == "Artifact"
            and it.top > body_bottom
            and titles in _line_text(it.para.lines[0])
            for it in large_es[i].items
        )
    ]
    assert repeated  # a row was continued under the repeated column titles
    for i in repeated:  # the page before is full: no gap left by a row that moved whole
        assert large_es[i - 1].fill > 0.9, (i, large_es[i - 1].fill)


def test_cuts_leave_two_lines_each_side_and_keep_names_whole():
    composer = Composer(typesetter(), "es", 516.0, 48.0)
    composer.print_size = st.LARGE_PRINT
    composer.max_atom_height = 600
    table = _table("es", "boston")
    atoms = composer.table(table)
    pieces = [a for a in atoms if a.items and not a.space][2:]  # after the rule and the titles
    split = 0
    for atom in pieces:
        texts = [i for i in atom.items if isinstance(i, TextItem)]
        assert max(len(t.para.lines) for t in texts) >= 2
        split += atom.head is not None
    assert split >= 1
    names = [c.name for c in load_region("boston").contacts]
    for name in names:  # each name sits in one piece
        holding = [
            a for a in pieces
            if any(isinstance(i, TextItem) and name.split()[0] in _line_text(i.para.lines[0])
                   and i.x == composer.left for i in a.items)
        ]  # fmt: skip
        assert len(holding) >= 1


@pytest.mark.parametrize("code", ["es", "ar", "zh-Hans", "km"])
def test_the_source_date_is_translated(code):
    lang = language(code)
    texts = {
        (t.lang, t.plain) for row in _table(code, "boston").rows for p in row[-1] for t in p.texts
    }
    undated = lang.gettext("undated source")
    assert undated != "undated source"
    assert (code, undated) in texts and ("en", "undated source") in texts
    dated = lang.gettext("source dated %(year)s") % {"year": "2018"}
    assert any(dated.replace("\u2066", "") in plain.replace("\u2066", "").replace("\u2069", "")
               for _l, plain in texts), texts  # fmt: skip
