"""District data outside the install: the data folder (KITGEN_HOME) with the district's region
packs and reviewed translations, ``--region-file``, and the review rules of ``locales import``."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import SAMPLES, pdftotext

from kitgen import resources
from kitgen.cli import main
from kitgen.content import regions
from kitgen.errors import DataError
from kitgen.i18n import catalog, exchange
from kitgen.i18n.district import district_strings
from kitgen.resources import data_dir

SAMPLE = str(SAMPLES / "boston-rivera-es.yaml")
SHIPPED_ES = data_dir("locales") / "es" / "LC_MESSAGES" / "kitgen.po"

PACK = """\
key: springfield
name: Springfield, Massachusetts
state: MA
contacts:
  - name: Springfield Family Law Clinic
    kind: legal_aid
    description:
      en: Free advice for families.
    phone: 413-555-0100
    source: a flyer of the clinic
    source_date: 2026
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("KITGEN_HOME", str(folder))
    catalog.language.cache_clear()
    regions._load_file.cache_clear()
    yield folder
    catalog.language.cache_clear()
    regions._load_file.cache_clear()


# -- where the folder is ---------------------------------------------------------------------------


def test_the_data_folder_per_platform(monkeypatch, tmp_path):
    monkeypatch.delenv("KITGEN_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resources.user_home() == tmp_path / "xdg" / "kitgen"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert resources.user_home() == tmp_path / ".local" / "share" / "kitgen"
    monkeypatch.setattr("sys.platform", "darwin")
    assert resources.user_home() == tmp_path / "Library" / "Application Support" / "kitgen"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert resources.user_home() == tmp_path / "Roaming" / "kitgen"
    monkeypatch.setenv("KITGEN_HOME", str(tmp_path / "mine"))
    assert resources.user_home() == tmp_path / "mine"


def test_nothing_is_written_to_the_data_folder_by_a_packet(home, tmp_path):
    result = run("packet", SAMPLE, "-o", str(tmp_path / "p.pdf"), "--date", "2026-11-02")
    assert result.exit_code == 0, result.output
    assert not home.exists()
    assert run("languages").exit_code == 0 and run("regions").exit_code == 0
    assert not home.exists()


# -- region packs ------------------------------------------------------------


def test_a_district_pack_is_listed_and_used_and_one_named_as_a_shipped_pack_wins(home, tmp_path):
    (home / "regions").mkdir(parents=True)
    (home / "regions" / "springfield.yaml").write_text(PACK, encoding="utf-8")
    (home / "regions" / "boston.yaml").write_text(
        PACK.replace("springfield", "boston").replace("Springfield,", "Boston (district),"),
        encoding="utf-8",
    )
    listing = run("regions")
    assert listing.exit_code == 0
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()}
    assert "used instead of the shipped one" in lines["boston"]
    assert str(home / "regions" / "boston.yaml") in lines["boston"]
    assert lines["hartford"].split()[1] == "shipped"
    assert "district pack" in lines["springfield"]
    assert regions.region("boston").name == "Boston (district), Massachusetts"
    out = tmp_path / "p.pdf"
    result = run("packet", SAMPLE, "-o", str(out), "--region", "springfield")
    assert result.exit_code == 0, result.output
    assert "Springfield Family Law Clinic" in " ".join(pdftotext(out.read_bytes()).split())


def test_a_hostile_district_pack_is_refused_like_a_shipped_one(home, tmp_path):
    (home / "regions").mkdir(parents=True)
    (home / "regions" / "evil.yaml").write_text(
        "key: evil\nname: &a Evil\ncontacts: [*a]\n", encoding="utf-8"
    )
    os.mkfifo(home / "regions" / "pipe.yaml")  # a reader that followed it would hang
    for key in ("evil", "pipe"):
        result = run("packet", SAMPLE, "-o", str(tmp_path / "p.pdf"), "--region", key)
        assert result.exit_code == 1, result.output
        assert str(home / "regions" / f"{key}.yaml") in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "p.pdf").exists()


def test_region_file_on_packet_validate_poster_batch_and_kiosk(home, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    out = tmp_path / "p.pdf"
    assert run("packet", SAMPLE, "-o", str(out), "--region-file", str(pack)).exit_code == 0
    assert "Springfield Family Law Clinic" in " ".join(pdftotext(out.read_bytes()).split())
    assert run("validate", SAMPLE, "--region-file", str(pack)).exit_code == 0
    poster = tmp_path / "poster.pdf"
    result = run("poster", "--lang", "es", "--region-file", str(pack), "-o", str(poster))
    assert result.exit_code == 0, result.output
    assert "Springfield Family Law Clinic" in " ".join(pdftotext(poster.read_bytes()).split())
    batch, roster = tmp_path / "batch", tmp_path / "families"
    roster.mkdir()
    (roster / "rivera.yaml").write_bytes(Path(SAMPLE).read_bytes())
    result = run(
        "batch", "packets", str(roster), "-o", str(batch), "--jobs", "1", "--region-file", str(pack)
    )
    assert result.exit_code == 0, result.output
    first = sorted(batch.glob("*.pdf"))[0]
    assert "Springfield Family Law Clinic" in " ".join(pdftotext(first.read_bytes()).split())
    plan, posters = tmp_path / "plan.csv", tmp_path / "posters"
    plan.write_text("school,languages,size\nA School,es,letter\n", encoding="utf-8")
    result = run(
        "batch", "posters", str(plan), "-o", str(posters), "--jobs", "1", "--region-file", str(pack)
    )
    assert result.exit_code == 0, result.output
    (made,) = posters.glob("*.pdf")
    assert "Springfield Family Law Clinic" in " ".join(pdftotext(made.read_bytes()).split())

    broken = tmp_path / "broken.yaml"
    broken.write_text(PACK.replace("source_date: 2026", "source_date: soon"), encoding="utf-8")
    for args in (
        ["packet", SAMPLE, "-o", str(tmp_path / "x.pdf")],
        ["validate", SAMPLE],
        ["poster", "--lang", "es", "-o", str(tmp_path / "x.pdf")],
        ["batch", "packets", str(roster), "-o", str(tmp_path / "xb")],
        ["batch", "posters", str(plan), "-o", str(tmp_path / "xb")],
        ["kiosk", "--port", "0"],  # stops before serving
    ):
        result = run(*args, "--region-file", str(broken))
        assert result.exit_code == 1, (args, result.output)
        assert "contacts[0].source_date" in result.output and str(broken) in result.output
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "xb").exists()
    both = run(
        "packet",
        SAMPLE,
        "-o",
        str(tmp_path / "y.pdf"),
        "--region",
        "boston",
        "--region-file",
        str(pack),
    )
    assert both.exit_code == 2 and "not both" in both.output


def test_the_kiosk_takes_a_region_file_pack(home, tmp_path):
    from kitgen.kiosk import form as kform

    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    answers = kform.new_answers("es", regions.region_file(pack))
    assert answers["region"] is None and answers["state"] == "MA"


# -- translations ------------------------------------------------------------


def _export(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / ("es." + ("xlf" if fmt == "xliff" else "po"))
    assert run("locales", "export", "es", "-o", str(path)).exit_code == 0
    return path


def test_an_untouched_export_reimported_changes_nothing_and_writes_nothing(home, tmp_path):
    before = SHIPPED_ES.read_bytes()
    for fmt in ("po", "xliff"):
        path = _export(tmp_path, fmt)
        result = run("locales", "import", "es", str(path), "--reviewed")
        assert result.exit_code == 0, result.output
        assert "Nothing changed" in result.output
    assert not home.exists()
    assert SHIPPED_ES.read_bytes() == before


def _district(home: Path) -> dict[str, object]:
    path = home / "locales" / "es" / "LC_MESSAGES" / "kitgen.po"
    with path.open("rb") as fh:
        return {m.id: m for m in read_po(fh) if m.id}


def test_po_import_keeps_fuzzy_entries_drafts_and_writes_only_the_data_folder(home, tmp_path):
    before = SHIPPED_ES.read_bytes()
    path = _export(tmp_path, "po")
    with path.open("rb") as fh:
        po = read_po(fh)
    reviewed = po.get("Know your rights")
    reviewed.string = "Conozca sus derechos (revisado)"
    reviewed.flags.discard("fuzzy")
    draft = po.get("Emergency contacts")
    draft.string = "Contactos de emergencia (borrador)"  # still fuzzy: a draft
    from babel.messages.pofile import write_po

    with path.open("wb") as fh:
        write_po(fh, po, width=0)
    result = run("locales", "import", "es", str(path), "--reviewed")
    assert result.exit_code == 0, result.output
    assert "2 strings" in result.output and "(1 reviewed, 1 drafts)" in result.output
    assert SHIPPED_ES.read_bytes() == before  # the installed package is never written
    entries = _district(home)
    assert set(entries) == {"Know your rights", "Emergency contacts"}
    assert not entries["Know your rights"].fuzzy
    assert entries["Emergency contacts"].fuzzy
    es = catalog.language("es")
    assert es.gettext("Know your rights") == "Conozca sus derechos (revisado)"
    assert es.district_strings == 2 and es.district_reviewed == 1
    listing = run("languages").stdout
    line = next(x for x in listing.splitlines() if x.startswith("es "))
    assert "2 strings (1 reviewed)" in line and str(home) in line

    # without --reviewed nothing is reviewed, whatever the file says
    catalog.language.cache_clear()
    reviewed.string = "Conozca sus derechos (otra vez)"
    with path.open("wb") as fh:
        write_po(fh, po, width=0)
    assert run("locales", "import", "es", str(path)).exit_code == 0
    assert _district(home)["Know your rights"].fuzzy


def test_xliff12_review_states(home, tmp_path):
    path = _export(tmp_path, "xliff")
    root = ET.parse(path).getroot()
    ns = {"x": exchange.XLIFF_NS}
    cases = [  # target state, trans-unit approved, reviewed?
        ("final", None, True),
        ("signed-off", None, True),
        ("translated", "yes", True),
        ("translated", None, False),
        ("needs-review-translation", "yes", False),
        ("new", None, False),
    ]
    units = root.findall(".//x:trans-unit", ns)[: len(cases)]
    expected = {}
    for unit, (state, approved, is_reviewed) in zip(units, cases, strict=True):
        source = unit.find("x:source", ns).text
        target = unit.find("x:target", ns)
        target.text = f"{target.text} (ES)"
        target.set("state", state)
        if approved:
            unit.set("approved", approved)
        expected[source] = is_reviewed
    path.write_bytes(ET.tostring(root, encoding="utf-8"))
    assert run("locales", "import", "es", str(path), "--reviewed").exit_code == 0
    entries = _district(home)
    assert {k: not entries[k].fuzzy for k in expected} == expected


def test_xliff20_only_final_is_reviewed(home, tmp_path):
    ns = exchange.XLIFF2_NS
    path = tmp_path / "es2.xlf"
    path.write_text(
        f'<xliff xmlns="{ns}" version="2.0" srcLang="en" trgLang="es"><file id="f">'
        '<unit id="1"><segment state="final"><source>Know your rights</source>'
        "<target>Conozca sus derechos (final)</target></segment></unit>"
        '<unit id="2"><segment state="reviewed"><source>Emergency contacts</source>'
        "<target>Contactos (revisado)</target></segment></unit>"
        "</file></xliff>",
        encoding="utf-8",
    )
    assert run("locales", "import", "es", str(path), "--reviewed").exit_code == 0
    entries = _district(home)
    assert not entries["Know your rights"].fuzzy
    assert entries["Emergency contacts"].fuzzy


def test_a_changed_english_string_is_refused_and_nothing_is_written(home, tmp_path):
    po = tmp_path / "old.po"
    po.write_text(
        'msgid "Know your rights"\nmsgstr "Conozca sus derechos"\n\n'
        'msgid "Know your rights!"\nmsgstr "¡Conozca sus derechos!"\n\n'
        'msgid "Page %(page)s of %(pages)s"\nmsgstr "Página %(pagina)s de %(pages)s"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        exchange.import_locale("es", po, reviewed=True)
    assert [p.field for p in info.value.problems] == [
        "Know your rights!",
        "Page %(page)s of %(pages)s",
    ]
    assert "no such English string" in str(info.value.problems[0])
    assert not home.exists()


def test_district_entries_of_other_english_or_drafts_over_reviewed_are_not_used(home, tmp_path):
    from kitgen.i18n.catalog import source_stamp

    shipped = tmp_path / "shipped.po"
    shipped.write_text(
        'msgid "A"\nmsgstr "a reviewed"\n\n#, fuzzy\nmsgid "B"\nmsgstr "b draft"\n\n'
        '#, fuzzy\nmsgid "C"\nmsgstr "c draft"\n\nmsgid "D"\nmsgstr "d"\n',
        encoding="utf-8",
    )
    district = home / "locales" / "es" / "LC_MESSAGES" / "kitgen.po"
    district.parent.mkdir(parents=True)
    district.write_text(
        f'# {source_stamp("A")}\n#, fuzzy\nmsgid "A"\nmsgstr "a district draft"\n\n'
        f'# {source_stamp("B")}\n#, fuzzy\nmsgid "B"\nmsgstr "b district draft"\n\n'
        f'# {source_stamp("old C")}\nmsgid "C"\nmsgstr "c of another English text"\n\n'
        f'# {source_stamp("Gone")}\nmsgid "Gone"\nmsgstr "gone"\n\n'
        f'# {source_stamp("D")}\nmsgid "D"\nmsgstr "d reviewed"\n',
        encoding="utf-8",
    )
    got = district_strings("es", shipped)
    assert got is not None
    assert got.messages == {"B": "b district draft", "D": "d reviewed"}
    assert got.reviewed == 1 and got.ignored == 3


def _cover(family, lang: str = "es") -> str:
    from kitgen.packet import build_packet

    return " ".join(pdftotext(build_packet(family, lang=lang)).split("\f")[0].split())


def test_the_draft_note_goes_only_when_every_translation_used_is_reviewed(
    home, tmp_path, monkeypatch, request
):
    """A district's reviewed import (KITGEN_HOME) takes the "draft translation" note off the
    cover when every translation the packet uses is reviewed; one draft string in use, or a
    region pack's draft description, keeps it."""
    import shutil

    from babel.messages.pofile import write_po

    from kitgen.family import load_family

    note = "is a draft translation that has not yet been checked"
    root = tmp_path / "locales"  # the shipped locales, es and en only, to mark regions.po
    for code in ("en", "es"):
        shutil.copytree(data_dir("locales") / code, root / code)
    shutil.copy(data_dir("locales") / "kitgen.pot", root / "kitgen.pot")
    monkeypatch.setattr(catalog, "_locales_dir", lambda: root)
    monkeypatch.setattr(exchange, "data_dir", lambda name: root)
    catalog.available_codes.cache_clear()
    request.addfinalizer(catalog.available_codes.cache_clear)
    catalog.language.cache_clear()
    family = load_family(SAMPLE)
    assert note in _cover(family)  # shipped drafts

    probe = catalog.language("es").recording()
    from kitgen.content.packet import packet_document
    from kitgen.content.regions import region

    packet_document(
        family, probe, region=region(family.region), prepared=family.prepared, draft_note=False
    )
    assert "Emergency contacts" in probe.used and probe.used_regions

    def import_reviewed(keep_draft: set[str]) -> None:
        (tmp_path / "es.po").unlink(missing_ok=True)
        path = _export(tmp_path, "po")
        with path.open("rb") as fh:
            po = read_po(fh)
        for message in po:
            if message.id and message.id not in keep_draft:
                message.flags.discard("fuzzy")
        with path.open("wb") as fh:
            write_po(fh, po, width=0)
        assert run("locales", "import", "es", str(path), "--reviewed").exit_code == 0
        catalog.language.cache_clear()

    import_reviewed({"Emergency contacts"})  # every string reviewed but one the packet uses
    es = catalog.language("es")
    assert "Emergency contacts" not in es.reviewed and es.district_reviewed > 400
    assert note in _cover(family)
    import_reviewed(set())  # every string reviewed, but the region descriptions are drafts
    assert note in _cover(family)
    regions_po = root / "es" / "LC_MESSAGES" / "regions.po"
    with regions_po.open("rb") as fh:
        descriptions = read_po(fh)
    for message in descriptions:
        message.flags.discard("fuzzy")
    with regions_po.open("wb") as fh:
        write_po(fh, descriptions, width=0)
    catalog.language.cache_clear()
    cover = _cover(family)  # every translation the packet uses is reviewed now
    assert note not in cover and "Para la familia Rivera Gómez" in cover


def test_a_broken_district_catalog_is_a_clean_error(home, tmp_path):
    district = home / "locales" / "es" / "LC_MESSAGES" / "kitgen.po"
    district.parent.mkdir(parents=True)
    os.mkfifo(district)
    result = run("packet", SAMPLE, "-o", str(tmp_path / "p.pdf"))
    assert result.exit_code == 1, result.output
    assert str(district) in result.output and "Traceback" not in result.output
