"""Region-pack descriptions in the family's language: the "regions" catalogs (issue 11)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import SAMPLES, pdftotext

from kitgen.content import document as d
from kitgen.content.packet import packet_document
from kitgen.content.regions import load_pack, region, shipped_texts
from kitgen.family import load_family
from kitgen.i18n import check as check_mod
from kitgen.i18n import language
from kitgen.packet import build_packet
from kitgen.resources import data_dir

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.yaml"))


def _tables(blocks):
    for block in blocks:
        if isinstance(block, d.Table):
            yield block
        elif isinstance(block, (d.Keep, d.Box)):
            yield from _tables(block.blocks)


def resource_rows(doc: d.Document) -> list[list[tuple[str, str]]]:
    """Each row of the resource table: its description as (language, text) pairs."""
    (rights,) = [s for s in doc.sections if s.key == "rights"]
    (table,) = [t for t in _tables(rights.blocks) if t.head and len(t.head) == 3]
    return [[(t.lang, t.plain) for t in row[0][1].texts] for row in table.rows]


def document(name: str, lang: str | None = None, pack=None) -> d.Document:
    family = load_family(SAMPLES / name)
    return packet_document(
        family,
        language(lang or family.language),
        region=pack if pack is not None else region(family.region),
        prepared=dt.date(2026, 12, 2),
        draft_note=False,
    )


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_description_prints_in_the_family_language_and_in_english_once(name):
    family = load_family(SAMPLES / name)
    fam = language(family.language)
    rows = resource_rows(document(name))
    contacts = region(family.region).contacts
    assert len(rows) == len(contacts)
    for row, contact in zip(rows, contacts):
        english = contact.description["en"]
        translated = fam.region_messages.get(english)
        assert translated and translated != english, (fam.code, english)
        assert row == [(fam.code, translated), ("en", english)]


def test_an_english_packet_prints_each_description_once():
    rows = resource_rows(document("boston-rivera-es.yaml", "en"))
    for row, contact in zip(rows, region("boston").contacts):
        assert row == [("en", contact.description["en"])]


@pytest.mark.parametrize("code", ["es", "fr"])
def test_the_printed_packet_carries_the_translation_and_the_english_once(rivera, code):
    def flat(text: str) -> str:  # pdftotext joins "know-your-" + "rights" at a line end
        return "".join(text.split()).replace("-", "")

    text = flat(pdftotext(build_packet(rivera, lang=code)))
    for contact in region("boston").contacts:
        english = contact.description["en"]
        assert text.count(flat(english)) == 1, english
        assert text.count(flat(language(code).region_messages[english])) == 1


def test_a_changed_description_loses_its_translation(tmp_path):
    pack = tmp_path / "boston.yaml"
    shutil.copy(data_dir("regions") / "boston.yaml", pack)
    old = region("boston").contacts[1].description["en"]
    new = old.replace("15 languages", "16 languages")
    assert new != old and old in pack.read_text(encoding="utf-8")
    pack.write_text(pack.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    changed = load_pack(pack, "boston.yaml")
    spanish = language("es")
    assert changed.contacts[1].describe(spanish) is None  # the old translation is not kept
    assert (
        changed.contacts[0].describe(spanish)
        == spanish.region_messages[changed.contacts[0].description["en"]]
    )
    rows = resource_rows(document("boston-rivera-es.yaml", pack=changed))
    assert rows[1] == [("en", new)]  # the English once, nothing in the Spanish place
    assert rows[0][0][0] == "es" and rows[0][1][0] == "en"


def test_a_district_pack_may_carry_its_own_translation(tmp_path):
    contact = region("boston").contacts[0]
    own = dataclasses.replace(
        contact, description={"en": "Help with something new.", "es": "Ayuda con algo nuevo."}
    )
    assert own.describe(language("es")) == "Ayuda con algo nuevo."
    assert own.describe(language("fr")) is None
    assert own.describe(language("en")) == "Help with something new."


def test_shipped_packs_keep_their_translations_in_the_catalogs_only():
    for key in ("boston", "hartford", "national"):
        pack = load_pack(data_dir("regions") / f"{key}.yaml", key)
        assert all(set(c.description) == {"en"} for c in pack.contacts), key


def test_regions_pot_is_extracted_from_the_shipped_packs(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "extract_regions", data_dir("regions").parent / "scripts" / "extract_regions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path / "regions.pot"
    module.main(target)
    with target.open("rb") as fh:
        fresh = [m.id for m in read_po(fh) if m.id]
    with (data_dir("locales") / "regions.pot").open("rb") as fh:
        shipped = [m.id for m in read_po(fh) if m.id]
    assert fresh == shipped == list(dict.fromkeys(t.english for t in shipped_texts()))
    # names, numbers and addresses are not translated: only descriptions are extracted
    names = {c.name for key in ("boston", "hartford") for c in region(key).contacts}
    assert not names & set(shipped)


@pytest.fixture
def scratch_locales(tmp_path, monkeypatch):
    root = tmp_path / "locales"
    shutil.copytree(data_dir("locales"), root)
    monkeypatch.setattr(check_mod, "data_dir", lambda name: root)
    return root


def test_locales_check_flags_an_untranslated_description(scratch_locales):
    po = scratch_locales / "fr" / "LC_MESSAGES" / "regions.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    english = shipped_texts()[0].english
    catalog[english].string = ""
    with po.open("wb") as fh:
        write_po(fh, catalog, width=0)
    (report,) = [r for r in check_mod.check_catalogs() if r.code == "fr"]
    assert [(p.file, p.message.split(";")[0]) for p in report.problems] == [
        ("locales/fr/LC_MESSAGES/regions.po", "has no translation")
    ]
    from click.testing import CliRunner

    from kitgen.cli import main

    result = CliRunner().invoke(main, ["locales", "check"])
    assert result.exit_code == 1 and "locales/fr/LC_MESSAGES/regions.po" in result.output


def test_locales_check_flags_a_changed_description_in_every_locale(scratch_locales, monkeypatch):
    texts = check_mod._region_texts()
    before = {r.code: r.untranslated for r in check_mod.check_catalogs()}
    monkeypatch.setattr(check_mod, "_region_texts", lambda: texts[:-1] + [texts[-1] + " Now."])
    reports = check_mod.check_catalogs()
    for r in reports:
        if language(r.code).incomplete:  # says so already; counted as printing in English
            assert r.untranslated == before[r.code] + 1, r.code
            continue
        assert any(
            p.file.endswith("regions.po") and p.message.startswith("missing from the catalog;")
            for p in r.problems
        ), r.code


def test_every_locale_translates_every_description_as_a_draft():
    for report in check_mod.check_catalogs():
        assert not [p for p in report.problems if p.file.endswith("regions.po")], report.code
    for po in data_dir("locales").glob("*/LC_MESSAGES/regions.po"):
        with po.open("rb") as fh:
            messages = [m for m in read_po(fh) if m.id]
        assert len(messages) == len(shipped_texts()), po
        assert all(m.string and m.fuzzy for m in messages), po  # a draft until reviewed
