"""Every shipped locale: complete, printable, honest about drafts; export and import."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po

from kitgen.errors import DataError
from kitgen.i18n import available_codes, language
from kitgen.i18n import exchange
from kitgen.i18n.check import check_catalogs
from kitgen.packet import build_packet
from kitgen.resources import data_dir

from conftest import pdftotext, squash

#: The 29 languages issue 4 names (shared/DOMAIN.md's language lists).
CLAIMED = (
    "en es pt ht kea fr vi zh-Hans zh-Hant ar so ru uk ko ja tl hmn ur bn fa prs ps ne my km "
    "am ti pl sw"
).split()


def test_every_claimed_language_ships():
    assert sorted(available_codes()) == sorted(CLAIMED)


def test_catalogs_are_complete_and_placeholders_match():
    problems = [str(p) for r in check_catalogs() for p in r.problems]
    assert problems == []


@pytest.mark.parametrize("code", CLAIMED)
def test_locale_metadata(code):
    lang = language(code)
    assert lang.native_name and lang.english_name
    assert lang.direction == ("rtl" if code in ("ar", "fa", "prs", "ps", "ur") else "ltr")
    assert lang.review.status in ("source", "draft", "reviewed")
    if lang.review.status == "reviewed":
        assert lang.review.reviewer and lang.review.date


@pytest.mark.parametrize("code", CLAIMED)
def test_every_locale_prints_a_whole_packet(rivera, code):
    pdf = build_packet(rivera, lang=code)
    text = squash(pdftotext(pdf))
    assert not language(code).missing  # nothing fell back to English
    assert not re.search(r"%\(\w+\)s|\{\{|\{%", text)  # no placeholder or template code left
    assert "Sofía Rivera Gómez" in text
    if language(code).is_draft:
        first_page = pdftotext(pdf).split("\f")[0]
        assert "draft translation" in squash(first_page)


def test_a_missing_string_falls_back_to_english_and_is_recorded():
    lang = language("es")
    assert lang.gettext("A string kitgen has never had") == "A string kitgen has never had"
    assert "A string kitgen has never had" in lang.missing
    lang.missing.discard("A string kitgen has never had")


@pytest.fixture
def scratch_locales(tmp_path, monkeypatch):
    shutil.copytree(data_dir("locales") / "es", tmp_path / "es")
    monkeypatch.setattr(
        exchange, "_catalog_path", lambda code: tmp_path / code / "LC_MESSAGES" / "kitgen.po"
    )
    return tmp_path


def test_xliff_export_and_import_round_trip(scratch_locales, tmp_path):
    xliff = exchange.export_locale("es", "xliff")
    root = ET.fromstring(xliff)
    ns = {"x": exchange.XLIFF_NS}
    units = root.findall(".//x:trans-unit", ns)
    assert len(units) > 250
    unit = next(u for u in units if u.find("x:source", ns).text == "Know your rights")
    assert unit.find("x:target", ns).text == "Conozca sus derechos"
    assert unit.find("x:target", ns).get("state") == "needs-review-translation"
    unit.find("x:target", ns).text = "Conozca sus derechos (revisado)"
    path = tmp_path / "es-review.xlf"
    path.write_bytes(ET.tostring(root, encoding="utf-8"))
    assert exchange.import_locale("es", path, reviewed=True) >= 1
    with (scratch_locales / "es" / "LC_MESSAGES" / "kitgen.po").open("rb") as fh:
        message = read_po(fh).get("Know your rights")
    assert message.string == "Conozca sus derechos (revisado)"
    assert not message.fuzzy


def test_import_refuses_mismatched_placeholders_and_unknown_strings(scratch_locales, tmp_path):
    po = tmp_path / "bad.po"
    po.write_text(
        'msgid "Page %(page)s of %(pages)s"\nmsgstr "Página %(pagina)s de %(pages)s"\n\n'
        'msgid "Not a kitgen string"\nmsgstr "No"\n',
        encoding="utf-8",
    )
    before = (scratch_locales / "es" / "LC_MESSAGES" / "kitgen.po").read_bytes()
    with pytest.raises(DataError) as info:
        exchange.import_locale("es", po)
    assert [str(p) for p in info.value.problems] == [
        "bad.po: Page %(page)s of %(pages)s: the placeholders (%(name)s) differ from the English",
        "bad.po: Not a kitgen string: kitgen has no such English string",
    ]
    assert (scratch_locales / "es" / "LC_MESSAGES" / "kitgen.po").read_bytes() == before


def test_precompiled_catalogs_match_the_po_files_and_stale_ones_are_ignored(tmp_path, monkeypatch):
    from kitgen import precompile
    from kitgen.i18n import catalog

    monkeypatch.setattr(precompile, "cache_dir", lambda: tmp_path)
    templates, catalogs = precompile.precompile()
    # every locale's kitgen.po, and the further domains' catalogs it has (intake.po...)
    extra = [p for p in data_dir("locales").glob("*/LC_MESSAGES/*.po")
             if p.stem in catalog.EXTRA_DOMAINS]
    assert templates >= 20 and catalogs == len(CLAIMED) - 1 + len(extra)
    for code in CLAIMED[1:]:
        po = data_dir("locales") / code / "LC_MESSAGES" / "kitgen.po"
        from_mo = catalog._messages(code, po)
        (tmp_path / "locales" / f"{code}.mo").rename(tmp_path / "aside.mo")
        from_po = catalog._messages(code, po)
        assert from_mo == from_po and len(from_po) > 250
        # a .mo made from another version of the .po is not used
        (tmp_path / "locales" / f"{code}.mo").write_bytes(b"0" * 64 + b"\nnot a .mo file")
        assert catalog._messages(code, po) == from_po
