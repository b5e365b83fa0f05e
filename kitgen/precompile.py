"""Prepare kitgen's own templates and catalogs for fast start-up (run once, at set-up).

``python -m kitgen.precompile`` compiles every template to Jinja bytecode and every catalog to a
gettext ``.mo`` file, in a cache folder next to kitgen's data (``.kitgen-cache`` at the top of a
source checkout), and kitgen's own modules to Python bytecode (``__pycache__``: an editable
install, or an environment with ``PYTHONDONTWRITEBYTECODE`` set, would otherwise compile every
module again in every process, about 50 ms). At run time kitgen only *reads* that cache, and
only entries whose recorded source hash matches the current ``.po`` or template: a stale or
missing cache costs time (about 0.2 s per process), never correctness. Nothing about a family
is ever written there.

It also parses the TOML tables every packet reads (``fonts.toml``, the legal sources) into
pickles named by each file's hash (:func:`prepare_tables`, read by
:func:`kitgen.resources.read_toml`), and the CLDR facts of every locale (:func:`prepare_cldr`).

In a source checkout it also prepares, per language, what a packet's caches keep across
packets (:func:`prepare_typesetting`), so that a fresh process's first packet computes only
what a warm process's next packet computes: the work on the family's own values. It builds each
language's sample packet and takes every entry of the caches' *kept* tier (public work:
template text and the public values of region packs, legal sources and form specifications,
:mod:`kitgen.memo`), leaving out any entry that holds a value the sample family typed:

* the Typesetter's set paragraphs and narrowest measures;
* the PDF run plans of those paragraphs' runs, the plans by run object, the content-stream
  text drawn from each plan (by its codes, font resource and position) and each paragraph's
  drawing plan (its runs grouped by language, for tagging);
* the layout's set template texts (:data:`kitgen.layout.pages._SET_TEXTS`);
* the templates' translations without values, with each language's text then: used only while
  the catalogs still give that text (a district's import may change one after set-up);
* the glyphs some character maps to, in each font the plans use.

One pickle per language (``prepared/<code>.pickle``: 1.2-4.1 MB, unpickled in 16-28 ms CPU), so
that the objects the caches share stay shared; the caches keyed by an object's id are stored by
the object and keyed again when loaded (:func:`load_prepared`, before the document is
rendered), and equal strings and plain tuples are written once (:func:`_shared`). Entries are
keyed by their full input, so they only ever answer for identical work; the file records a
fingerprint of the text, layout and drawing code, fonts, ICU and HarfBuzz that made it, and is
ignored when any differs.
"""

from __future__ import annotations

import gc
import hashlib
import io
import pickle
import re
import sys
from pathlib import Path
from typing import Any, cast

import jinja2

from .resources import cache_folder, data_dir, toml_cache_path


def cache_dir() -> Path:
    return cache_folder()


class ReadOnlyBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache that never writes, unless built with ``writable=True``.

    Jinja keys each entry by the template's name and source checksum, so an edited template
    simply misses the cache."""

    def __init__(self, directory: Path, writable: bool = False) -> None:
        super().__init__(str(directory), "%s.jinja-cache")
        self.writable = writable

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.writable:
            super().dump_bytecode(bucket)


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mo_path(code: str) -> Path:
    return cache_dir() / "locales" / f"{code}.mo"


def compile_modules() -> bool:
    """Write the bytecode of every kitgen module (``py_compile`` writes it even where the
    interpreter was told not to); True if every module compiled."""
    import compileall  # a set-up step only

    package = Path(__file__).resolve().parent
    return bool(compileall.compile_dir(str(package), quiet=1))


def precompile() -> tuple[int, int]:
    """Compile every template and catalog into the cache; returns (templates, catalogs)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from .content.render import make_environment
    from .i18n.catalog import DOMAIN, EXTRA_DOMAINS, REGIONS_DOMAIN

    target = cache_dir()
    (target / "templates").mkdir(parents=True, exist_ok=True)
    (target / "locales").mkdir(parents=True, exist_ok=True)
    env = make_environment(ReadOnlyBytecodeCache(target / "templates", writable=True))
    templates = 0
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
        templates += 1
    catalogs = 0
    pos = [
        p
        for p in data_dir("locales").glob("*/LC_MESSAGES/*.po")
        if p.stem in (DOMAIN, *EXTRA_DOMAINS, REGIONS_DOMAIN)
    ]
    for po in sorted(pos):
        data = po.read_bytes()
        catalog = read_po(io.BytesIO(data))
        buffer = io.BytesIO()
        # the .mo keeps draft (fuzzy) strings: kitgen prints drafts, marked as drafts
        write_mo(buffer, catalog, use_fuzzy=True)
        code = po.parent.parent.name
        if po.stem != DOMAIN:
            code = f"{code}.{po.stem}"  # the cache key catalog._messages uses for that domain
        mo_path(code).write_bytes(source_hash(data).encode() + b"\n" + buffer.getvalue())
        catalogs += 1
    return templates, catalogs


# -- prepared typesetting of template text ---------------------------------------------------

#: What a prepared file holds (one pickle, so that the objects shared between the parts stay
#: shared): ``sets`` and ``mins`` (the Typesetter's set paragraphs and narrowest measures),
#: ``plans`` (the PDF run plans of their runs), and the caches keyed by those objects' ids,
#: stored by the objects themselves and keyed again at load: ``fast`` (run plans by run:
#: (run, after_rtl, space_after, plan)), ``drawn`` (content-stream texts: (plan, resource, x,
#: baseline, codes, text)), ``groups`` (a paragraph's drawing plan: (paragraph, document
#: language, groups)) and ``texts`` (the layout's set template texts: (key, paragraph)); and
#: ``nominal``, the glyphs some character maps to in each font the plans use (by font key);
#: ``translations``, the markup of template strings without values (by msgid, marking and
#: language codes, with each language's text then: used only while it is the same).
Prepared = dict[str, Any]
_LOADED: set[str] = set()
#: The code the prepared objects' meaning depends on (besides the fonts and libraries).
_FINGERPRINTED = (
    "text/*.py",
    "pdf/*.py",
    "layout/*.py",
    "content/document.py",
    "content/render.py",
    "memo.py",
    "precompile.py",  # the file's own layout
)


def prepared_path(code: str) -> Path:
    return cache_dir() / "prepared" / f"{code}.pickle"


def fingerprint() -> str:
    """What prepared typesetting depends on: the text, layout and drawing code (and this
    module, which writes the file), the fonts (fonts.toml records each file's hash), the ICU
    and HarfBuzz builds and the Python version."""
    import uharfbuzz

    from .text import unicode_icu

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for pattern in _FINGERPRINTED for p in package.glob(pattern)):
        digest.update(path.read_bytes())
    digest.update((data_dir("fonts") / "fonts.toml").read_bytes())
    versions = (unicode_icu.ICU_VERSION, uharfbuzz.__version__, sys.version_info[:2])
    digest.update(repr(versions).encode())
    return digest.hexdigest()


def load_prepared(code: str, typesetter: Any) -> bool:
    """Add the prepared typesetting of ``code``'s packet to ``typesetter``, the PDF drawing
    caches and the layout's set template texts, once per process; False if there is none or
    it is stale."""
    if code in _LOADED:
        return True
    _LOADED.add(code)
    try:
        raw = prepared_path(code).read_bytes()
    except OSError:
        return False
    head, _, body = raw.partition(b"\n")
    if head.decode("ascii", "replace") != fingerprint():
        return False
    # Unpickling makes tens of thousands of containers, none of them garbage: the cyclic
    # collector, triggered again and again by that many allocations, took 40% of the load.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        prepared = cast(Prepared, pickle.loads(body))
        _install(prepared, typesetter)
    except Exception:  # noqa: BLE001 - a damaged cache costs time, never a packet
        return False
    finally:
        if was_enabled:
            gc.enable()
    return True


def _install(prepared: Prepared, typesetter: Any) -> None:
    """Put what was prepared into the caches. An entry already known in this process keeps
    its own object; the caches keyed by ids then take only the loaded objects kept."""
    from .content import render
    from .layout import pages
    from .pdf import draw
    from .pdf import fonts as pdf_fonts

    sets = typesetter._set_cache.adopt(prepared["sets"])
    paras = {id(para) for para in sets.values()}  # the loaded paragraphs now in the cache
    runs = {id(run) for para in sets.values() for line in para.lines for run in line.runs}
    typesetter._min_cache.adopt(prepared["mins"])
    plans = {id(plan) for plan in pdf_fonts._RUN_CACHE.adopt(prepared["plans"]).values()}
    files = {
        key: pdf_fonts._font_file(key, None)
        for key in {run.font_key for run, *_ in prepared["fast"]}
    }
    pdf_fonts._FAST_PLANS.adopt(
        {
            (id(run), id(files[run.font_key]), after_rtl, space_after): (
                run, files[run.font_key], plan
            )
            for run, after_rtl, space_after, plan in prepared["fast"]
            if id(run) in runs and id(plan) in plans
        }
    )  # fmt: skip
    pdf_fonts._DRAWN.adopt(
        {
            (id(plan), resource, x, y, codes): (plan, text)
            for plan, resource, x, y, codes, text in prepared["drawn"]
            if id(plan) in plans
        }
    )
    draw._PLANS.adopt(
        {id(entry[0]): entry for entry in prepared["groups"] if id(entry[0]) in paras}
    )
    render.PREPARED_TRANSLATIONS.update(prepared["translations"])
    for key, gids in prepared["nominal"].items():
        pdf_fonts._NOMINAL_GIDS.setdefault(pdf_fonts._font_file(key, None), gids)
    pages._SET_TEXTS.adopt(
        {key: (typesetter, para) for key, para in prepared["texts"] if id(para) in paras}
    )


def _typed_values(family: Any, strings: Any) -> list[str]:
    """What the family file says that a paragraph must not contain to be prepared: every
    text of three characters or more, except the schema's own lower-case codes (``parent``,
    ``caregiver``), which are words of the templates too."""
    return [
        text
        for _, text in strings(family)
        if len(text.strip()) >= 3 and not re.fullmatch(r"[a-z0-9_-]+", text)
    ]


def _snapshot(typesetter: Any, values: list[str]) -> Prepared:
    """The kept (public) entries of every typesetting and drawing cache after a packet was
    built, less any that holds one of ``values`` (what the sample family typed)."""
    from .content import render
    from .layout import pages
    from .pdf import draw
    from .pdf import fonts as pdf_fonts

    def clean(texts: Any) -> bool:
        return not any(v in t for t in texts for v in values)

    sets = {
        key: para
        for key, para in typesetter._set_cache.items()
        if clean(span.text for span in key[0])
    }
    mins = {
        key: width
        for key, width in typesetter._min_cache.items()
        if clean(span.text for span in key[0])
    }
    paras = {id(para) for para in sets.values()}
    all_runs = [run for para in sets.values() for line in para.lines for run in line.runs]
    runs = {id(run) for run in all_runs}
    run_keys = {(r.font_key, r.glyphs, r.advances, r.offsets, r.texts) for r in all_runs}
    plans = {key: plan for key, plan in pdf_fonts._RUN_CACHE.items() if key[:5] in run_keys}
    plan_ids = {id(plan) for plan in plans.values()}
    fast = [
        (run, after_rtl, space_after, plan)
        for (_, _, after_rtl, space_after), (run, file, plan) in pdf_fonts._FAST_PLANS.items()
        if id(run) in runs
        and id(plan) in plan_ids
        and file is pdf_fonts._font_file(run.font_key, None)
    ]
    drawn = [
        (plan, resource, x, y, codes, text)
        for (_, resource, x, y, codes), (plan, text) in pdf_fonts._DRAWN.items()
        if id(plan) in plan_ids
    ]
    groups = [value for _, value in draw._PLANS.items() if id(value[0]) in paras]
    texts = [
        (key, para)
        for key, (owner, para) in pages._SET_TEXTS.items()
        if owner is typesetter and id(para) in paras and clean([key[0].plain])
    ]
    translations = {
        (msgid, marking, tuple(lang.code for lang in langs)): (
            tuple(lang.gettext(msgid) for lang in langs),
            markup,
        )
        for (msgid, marking, *_), (langs, markup) in list(render._TRANSLATED.items())
        if clean([msgid, str(markup)])
    }
    nominal = {
        key: gids
        for key in sorted({str(key[0]) for key in plans})
        if (gids := pdf_fonts._NOMINAL_GIDS.get(pdf_fonts._font_file(key, None))) is not None
    }
    return {
        "translations": translations,
        "nominal": nominal,
        "sets": sets,
        "mins": mins,
        "plans": plans,
        "fast": fast,
        "drawn": drawn,
        "groups": groups,
        "texts": texts,
    }


def _shared(root: Any) -> Any:
    """A copy of ``root`` in which equal strings, and equal tuples of plain values (numbers,
    strings, such tuples), are one object each: pickle writes each once and a load makes it
    once (Urdu's file is a sixth smaller and loads a third faster). Objects and lists stay as
    many as they were (the caches tell them apart by identity); numbers keep their type and
    sign (``repr`` tells ``-0.0`` from ``0.0``, and ``1`` from ``1.0``)."""
    import dataclasses

    copies: dict[int, tuple[Any, Any]] = {}  # id -> (original, copy): the original is held
    strings: dict[str, str] = {}
    tuples: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    plain: set[int] = set()  # ids of the shared plain tuples
    atomic = (int, float, bool, type(None))

    def copy(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return strings.setdefault(value, value)
        if kind in atomic:
            return value
        done = copies.get(id(value))
        if done is not None:
            return done[1]
        new: Any = value
        if kind is tuple:
            new = tuple([copy(item) for item in value])
            if all(type(i) in atomic or type(i) is str or id(i) in plain for i in new):
                key = tuple(
                    (type(i), repr(i)) if type(i) is not tuple else (tuple, id(i)) for i in new
                )
                new = tuples.setdefault(key, new)
                plain.add(id(new))
        elif kind is list:
            new = [copy(item) for item in value]
        elif kind is dict:
            new = {copy(k): copy(v) for k, v in value.items()}
        elif dataclasses.is_dataclass(value) and hasattr(value, "__dict__"):
            new = object.__new__(kind)
            new.__dict__.update({k: copy(v) for k, v in value.__dict__.items()})
        copies[id(value)] = (value, new)
        return new

    return copy(root)


def _clear_caches() -> None:
    from . import memo, packet
    from .content import render
    from .pdf import fonts as pdf_fonts

    packet._TYPESETTER = None
    pdf_fonts.clear_run_caches()
    for cache in memo._MEMOS:
        cache.clear()
    render._TRANSLATED.clear()
    render.PREPARED_TRANSLATIONS.clear()


def prepare_typesetting(families: list[Path]) -> int:
    """Prepare each language's template text from packets of ``families`` (fictional samples,
    used only to choose which template paragraphs a packet has: a paragraph holding any value
    from them is left out); returns how many languages were prepared."""
    from . import packet
    from .family import load_family
    from .i18n import available_codes

    if not families:
        return 0
    loaded = [load_family(path) for path in families]
    by_lang = {f.language: f for f in reversed(loaded)}
    stamp = fingerprint().encode("ascii")
    (cache_dir() / "prepared").mkdir(parents=True, exist_ok=True)
    done = 0
    for code in available_codes():
        family = by_lang.get(code, loaded[0])
        values = _typed_values(family, packet._strings)
        _clear_caches()
        packet.build_packet(family, lang=code, prepared_typesetting=False)
        prepared = _shared(_snapshot(packet.typesetter(), values))
        body = pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL)
        # whole or not at all: a packet built meanwhile never reads half a file
        part = prepared_path(code).with_suffix(".part")
        part.write_bytes(stamp + b"\n" + body)
        part.replace(prepared_path(code))
        done += 1
    _clear_caches()
    return done


def prepare_tables() -> int:
    """The TOML tables every packet reads (fonts.toml, the legal sources), parsed and pickled
    for :func:`kitgen.resources.read_toml` under their hash; returns how many."""
    import tomllib

    from .content.legal import TABLE

    folder = toml_cache_path("x").parent
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pickle"):
        old.unlink()  # tables of files since changed
    paths = [data_dir("fonts") / "fonts.toml", TABLE]
    for path in paths:
        data = path.read_bytes()
        table = tomllib.loads(data.decode("utf-8"))
        target = toml_cache_path(source_hash(data))
        part = target.with_suffix(".part")
        part.write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        part.replace(target)
    return len(paths)


def prepare_cldr() -> int:
    """The CLDR facts of every shipped locale's Babel locale (and English's language names),
    for :mod:`kitgen.i18n.cldr`; returns how many locales."""
    from .i18n import available_codes, cldr, language

    return cldr.prepare(["en", *(language(code).babel for code in available_codes())])


if __name__ == "__main__":  # pragma: no cover - a set-up step
    compile_modules()
    done = precompile()
    print(f"kitgen: compiled {done[0]} templates and {done[1]} catalogs into {cache_dir()}")  # noqa: T201
    print(f"kitgen: prepared the CLDR data of {prepare_cldr()} locales")  # noqa: T201
    print(f"kitgen: parsed {prepare_tables()} data tables")  # noqa: T201
    samples = data_dir("templates").parent / "samples" / "families"
    if samples.is_dir():
        count = prepare_typesetting(sorted(samples.glob("*.yaml")))
        print(f"kitgen: prepared the typesetting of template text in {count} languages")  # noqa: T201
