"""Every shipped locale: complete, printable, honest about drafts; export and import."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, pdftotext, squash

from kitgen.errors import DataError
from kitgen.i18n import available_codes, exchange, language
from kitgen.i18n.check import check_catalogs
from kitgen.packet import build_packet
from kitgen.resources import data_dir

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
    lang = language(code)
    if lang.incomplete:  # says so (kitgen languages, locales check); only untranslated fall back
        assert lang.missing and lang.missing <= untranslated(code)
    else:
        assert not lang.missing  # nothing fell back to English
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
    """The district's data folder, where ``locales import`` writes (tests/test_district_data.py
    has the rest of its rules)."""
    monkeypatch.setenv("KITGEN_HOME", str(tmp_path / "home"))
    language.cache_clear()
    yield tmp_path / "home" / "locales"
    language.cache_clear()


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
    unit.find("x:target", ns).set("state", "final")
    path = tmp_path / "es-review.xlf"
    path.write_bytes(ET.tostring(root, encoding="utf-8"))
    assert exchange.import_locale("es", path, reviewed=True).changed == 1
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
    with pytest.raises(DataError) as info:
        exchange.import_locale("es", po)
    assert [str(p) for p in info.value.problems] == [
        "bad.po: Page %(page)s of %(pages)s: the placeholders (%(name)s) differ from the English",
        "bad.po: Not a kitgen string: kitgen has no such English string (a changed English"
        " text keeps no old translation)",
    ]
    assert not scratch_locales.exists()


def test_precompiled_catalogs_match_the_po_files_and_stale_ones_are_ignored(tmp_path, monkeypatch):
    from kitgen import precompile
    from kitgen.i18n import catalog

    monkeypatch.setattr(precompile, "cache_dir", lambda: tmp_path)
    templates, catalogs = precompile.precompile()
    extra = [
        po
        for po in data_dir("locales").glob("*/LC_MESSAGES/*.po")
        if po.stem in (*catalog.EXTRA_DOMAINS, catalog.REGIONS_DOMAIN)
    ]  # kiosk.po, intake.po, regions.po: further domains, compiled beside kitgen.po
    assert templates >= 20 and catalogs == len(CLAIMED) - 1 + len(extra)
    for code in CLAIMED[1:]:
        po = data_dir("locales") / code / "LC_MESSAGES" / "kitgen.po"
        from_mo = catalog._messages(code, po)
        (tmp_path / "locales" / f"{code}.mo").rename(tmp_path / "aside.mo")
        from_po = catalog._messages(code, po)
        assert from_mo == from_po and len(from_po) > 200
        # a .mo made from another version of the .po is not used
        (tmp_path / "locales" / f"{code}.mo").write_bytes(b"0" * 64 + b"\nnot a .mo file")
        assert catalog._messages(code, po) == from_po


def test_a_translation_made_from_other_english_is_caught():
    from babel.messages.catalog import Message

    from kitgen.i18n.catalog import stamp, stamped

    message = Message("Home address", "Dirección de su casa", user_comments=["a note"])
    assert stamped(message) is None  # no record of what it was translated from
    stamp(message)
    assert stamped(message) is True and "a note" in message.user_comments
    changed = Message("Address", message.string, user_comments=message.user_comments)
    assert stamped(changed) is False  # the English changed: the old translation is stale


def test_locales_check_fails_on_a_stale_translation(tmp_path, monkeypatch):
    import shutil

    from babel.messages.pofile import read_po, write_po

    from kitgen.i18n import check as check_mod

    root = tmp_path / "locales"
    shutil.copytree(check_mod.data_dir("locales"), root)
    po = root / "es" / "LC_MESSAGES" / "kitgen.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    (victim,) = [m for m in catalog if m.id == "Phone"]
    stale = victim.user_comments[:]
    victim.user_comments = [c.replace("source: ", "source: 0") for c in stale]
    with po.open("wb") as fh:
        write_po(fh, catalog, width=0)
    monkeypatch.setattr(check_mod, "data_dir", lambda name: root)
    (report,) = [r for r in check_mod.check_catalogs() if r.code == "es"]
    assert any(
        p.field == "Phone" and "made from another English text" in p.message
        for p in report.problems
    )


def test_locales_check_says_the_fix_of_each_kind_of_problem(tmp_path, monkeypatch):
    """``locales check`` checks the shipped catalogs: ``locales import`` (which writes only the
    district's data folder) fixes none of its problems, so no message may suggest it."""
    import shutil

    from babel.messages.pofile import write_po

    from kitgen.i18n import check as check_mod
    from kitgen.i18n.catalog import source_stamp

    root = tmp_path / "locales"
    shutil.copytree(check_mod.data_dir("locales"), root)
    po = root / "es" / "LC_MESSAGES" / "kitgen.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    catalog.delete("Phone")  # missing
    catalog["Address"].string = ""  # empty
    catalog["Page %(page)s of %(pages)s"].string = "Página %(pagina)s de %(pages)s"
    stale = catalog["Website"]
    stale.user_comments = [c.replace("source: ", "source: 0") for c in stale.user_comments]
    with po.open("wb") as fh:
        write_po(fh, catalog, width=0)
    (root / "fr" / "LC_MESSAGES" / "regions.po").unlink()
    toml = root / "pt" / "locale.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('status = "draft"', 'status = "reviewed"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(check_mod, "data_dir", lambda name: root)
    monkeypatch.setattr("kitgen.i18n.catalog._locales_dir", lambda: root)
    language.cache_clear()
    try:
        reports = check_mod.check_catalogs()
    finally:
        language.cache_clear()
    found = {(r.code, p.field): p.message for r in reports for p in r.problems}
    assert not any("locales import" in message for message in found.values())
    assert found["es", "Phone"] == (
        "missing from the catalog; run scripts/update_catalogs.sh (it merges locales/kitgen.pot"
        " into every catalog), then translate it"
    )
    assert found["es", "Address"] == (
        "has no translation; write its msgstr in this file as a draft ('#, fuzzy') made from"
        f" the current English, with the translator comment '# {source_stamp('Address')}'"
    )
    assert found["es", "Page %(page)s of %(pages)s"].endswith(
        "; edit its msgstr to use the English placeholders, unchanged"
    )
    assert found["es", "Website"].endswith(
        f"translate it again from the current English and set its translator comment to"
        f" '# {source_stamp('Website')}' (keep '#, fuzzy' until it is reviewed)"
    )
    assert found["fr", ""] == (
        "the catalog is missing; run scripts/update_catalogs.sh (it makes regions.po from"
        " kitgen.po's header)"
    )
    assert found["pt", ""].endswith(
        'remove their fuzzy flags, or set review.status = "draft" in locales/pt/locale.toml'
    )


def untranslated(code: str) -> set[str]:
    """The msgids of kitgen's catalogs (main, kiosk, intake) that the locale leaves empty."""
    folder = data_dir("locales")
    wanted = set()
    for pot in ("kitgen.pot", "kiosk.pot", "intake.pot"):
        with (folder / pot).open("rb") as fh:
            wanted |= {m.id for m in read_po(fh) if m.id}
    done = set()
    for po in (folder / code / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fh:
            done |= {m.id for m in read_po(fh) if m.id and m.string}
    return wanted - done


@pytest.mark.parametrize("code", CLAIMED[1:])
def test_an_incomplete_locale_says_so_and_a_complete_one_does_not(code):
    from click.testing import CliRunner

    from kitgen.cli import main

    lang = language(code)
    left = untranslated(code) & _main_ids()
    assert bool(lang.incomplete) == bool(left), code
    listing = CliRunner().invoke(main, ["languages"]).output
    (line,) = [ln for ln in listing.splitlines() if ln.startswith(f"{code} ")]
    assert ("INCOMPLETE" in line) == bool(lang.incomplete)


def _main_ids() -> set[str]:
    with (data_dir("locales") / "kitgen.pot").open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_the_templates_have_a_full_header():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    for pot in ("kitgen.pot", "kiosk.pot", "intake.pot"):
        text = (data_dir("locales") / pot).read_text(encoding="utf-8")
        assert text.startswith("# Translations template for kitgen.\n"), pot
        with (data_dir("locales") / pot).open("rb") as fh:
            headers = dict(read_po(fh).mime_headers)
        assert headers["Project-Id-Version"] == f"kitgen {version}", pot
        assert "CONTRIBUTING.md" in headers["Report-Msgid-Bugs-To"], pot
        assert headers["Content-Type"] == "text/plain; charset=utf-8", pot
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", headers["POT-Creation-Date"]), pot


def test_every_legal_string_carries_the_translator_comment_in_every_catalog():
    from kitgen.i18n.check import has_legal_comment, is_legal

    with (data_dir("locales") / "kitgen.pot").open("rb") as fh:
        template = read_po(fh)
    legal = {m.id for m in template if m.id and is_legal(m)}
    assert len(legal) > 200  # forms, rights pages, the rights card, the poster
    assert "Caregiver Authorization Affidavit" in legal
    assert "Emergency contacts" not in legal
    assert all(has_legal_comment(template[i]) for i in legal)
    assert not any(has_legal_comment(m) for m in template if m.id not in legal)
    for code in CLAIMED[1:]:
        with (data_dir("locales") / code / "LC_MESSAGES" / "kitgen.po").open("rb") as fh:
            catalog = read_po(fh)
        assert all(has_legal_comment(catalog[i]) for i in legal), code


def test_update_catalogs_on_the_committed_catalogs_changes_no_file(tmp_path):
    """Deterministic extraction and merge: no creation-date churn, no stale catalog."""
    import shutil
    import subprocess
    import sys

    for name in ("kitgen", "templates", "locales", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("babel.cfg", "babel-intake.cfg", "babel_kiosk.cfg", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    before = {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po*")}
    subprocess.run(
        ["bash", str(tmp_path / "scripts" / "update_catalogs.sh")],
        env={**os.environ, "PY": sys.executable},
        check=True,
        capture_output=True,
    )
    after = {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po*")}
    assert sorted(after) == sorted(before)
    assert [p.name for p in before if before[p] != after[p]] == []
