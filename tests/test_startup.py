"""What makes a fresh `kitgen packet` start fast, checked as behaviour (speed itself is measured
by scripts/benchmark*.py, never here): the packet command imports only what it uses, kitgen's
bytecode is written at set-up, and the typesetting prepared from template text gives the same PDF
bytes, holds no family value and is ignored once stale."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES

from kitgen import precompile
from kitgen.family import load_family
from kitgen.packet import build_packet

_IMPORTS = """
import json, sys
from kitgen.cli import main
try:
    main(["packet", sys.argv[1], "-o", sys.argv[2]], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""

#: Modules the packet command has no use for (batch runs, posters, the kiosk, intake forms,
#: QR codes, SVG logos, password encryption, the network), and Babel, whose CLDR facts set-up
#: prepared (kitgen.i18n.cldr; tests/test_i18n_cldr.py shows they are Babel's answers); the
#: encryption module when no password is asked for, the reader of a district's own translations
#: when it has none, and standard modules kitgen once imported for one helper (calendar, html).
UNUSED_BY_PACKET = (
    "kitgen.batch", "kitgen.poster", "kitgen.kiosk", "kitgen.intake", "kitgen.settings",
    "segno", "svglib", "flask", "waitress", "pypdf", "cryptography", "urllib.request",
    "http.client", "multiprocessing", "concurrent.futures", "babel",
    "kitgen.pdf.protect", "secrets", "kitgen.i18n.district", "calendar", "html",
)  # fmt: skip
#: Imported, but never run: Pillow's Image module, which reportlab imports and only a raster
#: image uses (kitgen.pdf makes it lazy).
NOT_RUN_BY_PACKET = ("PIL.ExifTags", "PIL.TiffTags", "PIL.ImageMode")


def test_packet_command_imports_nothing_it_does_not_use(tmp_path):
    out = tmp_path / "packet.pdf"
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS, str(SAMPLES / "boston-rivera-es.yaml"), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.read_bytes().startswith(b"%PDF")
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "kitgen.packet" in loaded  # the check sees the modules of a real build
    unused = sorted(m for m in loaded for u in UNUSED_BY_PACKET if m == u or m.startswith(u + "."))
    assert unused == []
    assert not [m for m in NOT_RUN_BY_PACKET if m in loaded]


def test_pillow_still_works_once_used():
    """The lazily made Image module runs whole on first use (a poster's logo)."""
    code = (
        "import io, sys\n"
        "import kitgen.pdf\n"
        "from reportlab.lib.utils import ImageReader\n"
        "assert 'PIL.ExifTags' not in sys.modules\n"
        "from PIL import Image\n"
        "buffer = io.BytesIO()\n"
        "Image.new('RGB', (3, 2)).save(buffer, 'PNG')\n"
        "print(ImageReader(io.BytesIO(buffer.getvalue())).getSize())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "(3, 2)"


def test_the_collector_is_paused_for_a_packet_and_restored_after(tmp_path, monkeypatch):
    import gc

    from click.testing import CliRunner

    import kitgen.packet
    from kitgen.cli import main

    seen = []
    real = kitgen.packet.build_packet
    monkeypatch.setattr(
        kitgen.packet, "build_packet", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k)
    )
    assert gc.isenabled()
    out = tmp_path / "p.pdf"
    done = CliRunner().invoke(
        main, ["packet", str(SAMPLES / "boston-rivera-es.yaml"), "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert seen == [False]  # paused while the packet was built
    assert gc.isenabled()  # and collecting again afterwards
    failed = CliRunner().invoke(main, ["packet", str(tmp_path / "missing.yaml"), "-o", str(out)])
    assert failed.exit_code != 0 and gc.isenabled()  # restored after an error too


def test_set_up_writes_the_bytecode_of_every_kitgen_module(tmp_path, monkeypatch):
    import compileall

    seen = []
    monkeypatch.setattr(compileall, "compile_dir", lambda d, **kw: seen.append(d) or True)
    assert precompile.compile_modules()
    assert seen == [str(ROOT / "kitgen")]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Prepared typesetting for es and ur in a cache folder of the test's own."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setattr(precompile, "cache_dir", lambda: folder)
    patch.setattr("kitgen.i18n.available_codes", lambda: ("es", "ur"))
    samples = [SAMPLES / "boston-rivera-es.yaml", SAMPLES / "hartford-malik-ur.yaml"]
    assert precompile.prepare_typesetting(samples) == 2
    yield folder
    patch.undo()


def _fresh_build(sample: str, cache: str, use: bool, lang: str = "") -> bytes:
    """A packet from a new process (nothing cached yet), with or without prepared typesetting
    (``lang`` overrides the family file's language)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kitgen import precompile\n"
        "precompile.cache_dir = lambda: Path(sys.argv[2])\n"
        "from kitgen.family import load_family\n"
        "from kitgen.packet import build_packet, typesetter\n"
        "family = load_family(sys.argv[1])\n"
        "use = sys.argv[3] == '1'\n"
        "lang = sys.argv[4] or family.language\n"
        "assert not use or precompile.load_prepared(lang, typesetter())\n"
        "sys.stdout.buffer.write(build_packet(family, lang=lang, prepared_typesetting=use))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, sample, cache, "1" if use else "0", lang],
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize(
    "sample, lang",
    [
        ("boston-rivera-es.yaml", ""),
        ("hartford-malik-ur.yaml", ""),
        # another family (and region) than the one es was prepared from
        ("hartford-malik-ur.yaml", "es"),
    ],
)
def test_prepared_typesetting_gives_the_same_bytes(prepared, sample, lang):
    """A fresh process's packet is the same with prepared typesetting, without it, and as a
    process that built other packets before (warm caches) makes it."""
    path = str(SAMPLES / sample)
    with_prepared = _fresh_build(path, str(prepared), True, lang)
    without = _fresh_build(path, str(prepared), False, lang)
    assert with_prepared.startswith(b"%PDF")
    assert with_prepared == without
    family = load_family(path)
    build_packet(load_family(SAMPLES / "boston-wang-zh-hans.yaml"))
    warm = build_packet(family, lang=lang or None, prepared_typesetting=False)
    assert with_prepared == warm


def test_prepared_typesetting_holds_template_text_only(prepared):
    """Every cache prepared holds only what the packet keeps across families (template text
    and the public values of region packs and legal sources), never a value the sample family
    typed; the drawing caches hold only plans of runs of those paragraphs."""
    from kitgen.packet import _strings, packet_pages

    for sample, code in (("boston-rivera-es.yaml", "es"), ("hartford-malik-ur.yaml", "ur")):
        family = load_family(SAMPLES / sample)
        values = [  # what the family typed (not the schema's lower-case codes)
            t for _, t in _strings(family) if len(t.strip()) >= 3 and not t.islower()
        ]
        public = packet_pages(family)[0].public_values
        raw = (prepared / "prepared" / f"{code}.pickle").read_bytes()
        parts = pickle.loads(raw.partition(b"\n")[2])
        sets, plans = parts["sets"], parts["plans"]
        assert len(sets) > 100 and len(plans) > 100 and parts["mins"]
        assert len(parts["drawn"]) > 500 and parts["fast"] and parts["groups"] and parts["texts"]
        spans = [span for key in [*sets, *parts["mins"]] for span in key[0]]
        texts = [span.text for span in spans]
        texts += [key[0].plain for key, _ in parts["texts"]]
        runs = [run for para in sets.values() for line in para.lines for run in line.runs]
        texts += ["".join(run.texts) for run in runs]
        assert family.family_name not in " ".join(texts)
        assert not [v for v in values if any(v in t for t in texts)]
        # typed values never; values only as page numbers, counts and public values
        assert all(
            span.isolate is None
            or (span.text.isdigit() and len(span.text) <= 3)
            or span.text in public
            for span in spans
        )
        assert any(span.isolate == "ltr" and span.text in public for span in spans)
        # the caches keyed by ids hold the very objects of the prepared paragraphs and plans
        paras, run_ids = {id(p) for p in sets.values()}, {id(r) for r in runs}
        plan_ids = {id(plan) for plan in plans.values()}
        assert {(r.font_key, r.glyphs, r.advances, r.offsets, r.texts) for r in runs} >= {
            key[:5] for key in plans
        }
        assert all(id(run) in run_ids and id(plan) in plan_ids for run, *_, plan in parts["fast"])
        assert all(id(entry[0]) in plan_ids for entry in parts["drawn"])
        assert all(id(entry[0]) in paras for entry in parts["groups"])
        assert all(id(para) in paras for _, para in parts["texts"])


def test_stale_prepared_typesetting_is_ignored(prepared, monkeypatch):
    from kitgen.text import Typesetter

    monkeypatch.setattr(precompile, "cache_dir", lambda: prepared)
    monkeypatch.setattr(precompile, "_LOADED", set())
    fresh = Typesetter()
    assert precompile.load_prepared("es", fresh)
    assert len(fresh._set_cache) > 100
    monkeypatch.setattr(precompile, "_LOADED", set())
    monkeypatch.setattr(precompile, "fingerprint", lambda: "made by other code")
    other = Typesetter()
    assert not precompile.load_prepared("es", other)
    assert len(other._set_cache) == 0
    monkeypatch.setattr(precompile, "_LOADED", set())
    assert not precompile.load_prepared("fr", Typesetter())  # none prepared: no error


def test_a_packet_builds_the_same_in_one_process_after_prepared_loading(prepared, monkeypatch):
    """Loading prepared text into a process that already built packets changes nothing."""
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    before = build_packet(family, prepared_typesetting=False)
    monkeypatch.setattr(precompile, "cache_dir", lambda: prepared)
    monkeypatch.setattr(precompile, "_LOADED", set())
    assert build_packet(family) == before


def test_a_damaged_prepared_file_is_ignored(prepared, tmp_path, monkeypatch):
    """A prepared file cut short (a set-up interrupted, a disk full) costs time, never a
    packet: it is not loaded, and set-up writes each file whole or not at all."""
    from kitgen.text import Typesetter

    whole = (prepared / "prepared" / "es.pickle").read_bytes()
    (tmp_path / "prepared").mkdir()
    (tmp_path / "prepared" / "es.pickle").write_bytes(whole[: len(whole) // 2])
    monkeypatch.setattr(precompile, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(precompile, "_LOADED", set())
    cut = Typesetter()
    assert not precompile.load_prepared("es", cut)
    assert len(cut._set_cache) == 0
    assert not list((prepared / "prepared").glob("*.part"))  # no leftovers from set-up


def test_prepared_objects_are_shared_without_changing_any_value():
    """Set-up writes equal strings and equal plain tuples once; numbers keep their type and
    sign, and objects and lists are not merged (the caches tell them apart by identity)."""
    import math

    from kitgen.text.types import GlyphRun

    def run():
        return GlyphRun("NotoSans-Regular", 11.0, (0, 0, 0), 0.0, (5, 6), (1.0, 2.0),
                        ((0.0, 0.0), (0.0, -0.0)), ("a", "b"))  # fmt: skip

    one, two = run(), run()
    plans = [[1, "x"], [1, "x"]]
    copy = precompile._shared(
        {"runs": (one, two, one), "plans": plans, "numbers": ((0.0, 1), (-0.0, 1.0), (0.0, 1))}
    )
    a, b, c = copy["runs"]
    assert a is c and a is not b and a == one and b == two
    assert a.glyphs is b.glyphs and a.advances is b.advances and a.texts is b.texts
    assert a.offsets[0] is b.offsets[0] and a.offsets[0] is not a.offsets[1]
    assert math.copysign(1, a.offsets[1][1]) == -1.0
    assert copy["plans"] == plans and copy["plans"][0] is not copy["plans"][1]
    zero, negative, again = copy["numbers"]
    assert zero is again and zero is not negative
    assert [type(v) for v in negative] == [float, float] and math.copysign(1, negative[0]) < 0


def test_a_prepared_translation_is_used_only_while_the_catalogs_agree(monkeypatch):
    """The prepared markup of a template string stands in for translating it only while each
    language gives the text it gave at set-up (a district's import may change a catalog), and
    the languages are asked as when translating (what they record stays the same)."""
    from markupsafe import Markup

    from kitgen.content import render
    from kitgen.i18n import language

    es, en = language("es"), language("en")
    msgid = "Emergency contacts"
    texts = (es.gettext(msgid), en.gettext(msgid))
    fresh = render.Renderer([es, en])
    expected = fresh._tr(msgid)
    marker = Markup("<tr><l lang='es'>prepared</l></tr>")
    monkeypatch.setattr(render, "_TRANSLATED", {})
    monkeypatch.setattr(
        render, "PREPARED_TRANSLATIONS", {(msgid, False, ("es", "en")): (texts, marker)}
    )
    assert render.Renderer([es, en]).tr(msgid) is marker
    monkeypatch.setattr(render, "_TRANSLATED", {})
    monkeypatch.setattr(
        render, "PREPARED_TRANSLATIONS", {(msgid, False, ("es", "en")): (("otro", msgid), marker)}
    )
    assert render.Renderer([es, en]).tr(msgid) == expected  # the catalog changed: translated
    untranslated = "A string no catalog has (test)"
    monkeypatch.setattr(render, "_TRANSLATED", {})
    monkeypatch.setattr(
        render,
        "PREPARED_TRANSLATIONS",
        {(untranslated, False, ("es", "en")): ((untranslated, untranslated), marker)},
    )
    es.missing.discard(untranslated)
    assert render.Renderer([es, en]).tr(untranslated) is marker
    assert untranslated in es.missing  # recorded as untranslated, as translating records it
    es.missing.discard(untranslated)


def test_data_tables_are_read_from_set_up_only_for_their_own_content(tmp_path, monkeypatch):
    """A TOML table comes from the copy set-up parsed only for the very content it was made
    from (named by its hash); a changed file is parsed again, a damaged copy is ignored."""
    import tomllib

    from kitgen import resources

    fonts = ROOT / "fonts" / "fonts.toml"
    assert resources.read_toml(fonts) == tomllib.loads(fonts.read_text(encoding="utf-8"))
    monkeypatch.setattr(resources, "_TOML", {})
    monkeypatch.setattr(resources, "cache_folder", lambda: tmp_path)
    table = tmp_path / "table.toml"
    table.write_text('[a]\nb = "one"\n', encoding="utf-8")
    digest = precompile.source_hash(table.read_bytes())
    (tmp_path / "toml").mkdir()
    resources.toml_cache_path(digest).write_bytes(pickle.dumps({"a": {"b": "prepared"}}))
    assert resources.read_toml(table) == {"a": {"b": "prepared"}}  # set-up's copy
    table.write_text('[a]\nb = "two"\n', encoding="utf-8")
    assert resources.read_toml(table) == {"a": {"b": "two"}}  # changed: parsed again
    table.write_text('[a]\nb = "three"\n', encoding="utf-8")
    resources.toml_cache_path(precompile.source_hash(table.read_bytes())).write_bytes(b"\x80")
    assert resources.read_toml(table) == {"a": {"b": "three"}}  # damaged copy: parsed
    table.write_text("[a\n", encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        resources.read_toml(table)
