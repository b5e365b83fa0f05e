"""The fonts kitgen ships, and which of them to try, in order, for a language.

Follows: OpenType 1.9 (``cmap``, ``hhea``/``OS/2`` metrics read through HarfBuzz), ISO 15924
script codes, BCP 47 language tags.

In: the fonts folder (``fonts/``) and its index ``fonts.toml``: one ``[[font]]`` table per
file with ``key``, ``file`` (relative to the folder; an absolute path also works), ``family``,
``bold``, ``scripts`` (ISO 15924), optional ``langs`` (region-specific faces: ``zh-Hans``,
``zh-Hant``, ``ja``, ``ko``; Nastaliq for ``ur``), ``line_height`` (multiple of the size) and
an optional ``index`` (face index in a ``.ttc`` collection, default 0). Other fields
(provenance) are ignored.

Out: :class:`Font` objects, each loaded lazily, once per process (HarfBuzz face and font at
upem scale, the set of code points its ``cmap`` maps, ascender and descender), and
:meth:`FontLibrary.stack`, the fallback order for a language and weight.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from kitgen.resources import read_toml

from . import unicode_icu as icu

__all__ = ["Font", "FontLibrary", "default_library", "lang_scripts", "lang_is_rtl", "region_tag"]

#: Scripts written right to left (ISO 15924).
RTL_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Yezi"}
)

#: Scripts of the languages kitgen serves, where ICU's likely-subtags data is missing or too
#: coarse (ICU 78 knows no script for ``prs``). Others fall back to ICU (``ru`` → Cyrl).
_LANG_SCRIPTS: dict[str, tuple[str, ...]] = {
    "ar": ("Arab",), "fa": ("Arab",), "prs": ("Arab",), "ps": ("Arab",), "ur": ("Arab",),
    "ckb": ("Arab",), "sd": ("Arab",), "ug": ("Arab",),
    "he": ("Hebr",), "yi": ("Hebr",),
    "bn": ("Beng",), "as": ("Beng",),
    "ne": ("Deva",), "hi": ("Deva",), "mr": ("Deva",),
    "km": ("Khmr",), "my": ("Mymr",), "am": ("Ethi",), "ti": ("Ethi",),
    "zh-Hans": ("Hani", "Bopo"), "zh-Hant": ("Hani", "Bopo"),
    "ja": ("Hani", "Hira", "Kana"), "ko": ("Hang", "Hani"),
}  # fmt: skip

#: ICU's compound script subtags, expanded to the ISO 15924 codes fonts declare.
_COMPOUND = {"Hans": ("Hani",), "Hant": ("Hani",), "Jpan": ("Hani", "Hira", "Kana"),
             "Kore": ("Hang", "Hani")}  # fmt: skip


@cache
def region_tag(lang: str) -> str:
    """The tag region-specific faces are listed under: ``zh-TW`` → ``zh-Hant``, ``ja-JP`` → ``ja``.

    Chinese is told apart by script (explicit, else ICU likely subtags: TW, HK, MO → Hant);
    every other tag is reduced to its primary language subtag, lower case.
    """
    parts = lang.replace("_", "-").split("-")
    primary = parts[0].lower()
    if primary != "zh":
        return primary
    script = next((p.title() for p in parts[1:] if len(p) == 4), None)
    if script is None:
        script = icu.Locale.forLanguageTag(lang.replace("_", "-")).addLikelySubtags().getScript()
    return "zh-Hant" if script == "Hant" else "zh-Hans"


@cache
def lang_scripts(lang: str) -> tuple[str, ...]:
    """ISO 15924 scripts a language is written in (``prs`` → ``("Arab",)``)."""
    tag = region_tag(lang)
    if tag in _LANG_SCRIPTS:
        return _LANG_SCRIPTS[tag]
    script = icu.Locale.forLanguageTag(lang.replace("_", "-")).addLikelySubtags().getScript()
    return _COMPOUND.get(script, (script,)) if script else ("Latn",)


def lang_is_rtl(lang: str) -> bool:
    """Whether ``lang`` is normally written right to left."""
    return lang_scripts(lang)[0] in RTL_SCRIPTS


@dataclass(eq=False)
class Font:
    """One font file (one face of it), loaded on first use and then kept for the process."""

    key: str
    path: Path
    family: str
    bold: bool
    scripts: tuple[str, ...]
    langs: tuple[str, ...]
    line_height: float
    index: int = 0
    _loaded: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            blob = hb.Blob.from_file_path(str(self.path))
            face = hb.Face(blob, self.index)
            font = hb.Font(face)  # scale defaults to upem: shaping results are in font units
            extents = font.get_font_extents("ltr")
            self._face = face
            self._hb_font = font
            self._upem = face.upem
            self._cmap = frozenset(face.unicodes)
            self._ascender = extents.ascender
            self._descender = -extents.descender
            self._loaded = True

    @property
    def hb_font(self) -> hb.Font:
        if not self._loaded:
            self._load()
        return self._hb_font

    @property
    def cmap(self) -> frozenset[int]:
        """Code points the font maps to a glyph."""
        if not self._loaded:
            self._load()
        return self._cmap

    @property
    def upem(self) -> int:
        if not self._loaded:
            self._load()
        return self._upem

    @property
    def ascender(self) -> int:
        """Above the baseline, font units (hhea/OS/2 as HarfBuzz reports it)."""
        if not self._loaded:
            self._load()
        return self._ascender

    @property
    def descender(self) -> int:
        """Below the baseline, font units, positive."""
        if not self._loaded:
            self._load()
        return self._descender

    @property
    def latin_numbers(self) -> bool:
        """Numbers (ASCII digits with their punctuation) next to this face's text are set in
        the Latin font instead: a language-specific right-to-left face (Urdu Nastaliq) draws
        ASCII digits in its own style, unlike the English column and the wallet cards."""
        return bool(self.langs) and any(s in RTL_SCRIPTS for s in self.scripts)

    def has(self, text: str) -> bool:
        cmap = self.cmap
        return all(ord(c) in cmap for c in text)


class FontLibrary:
    """The fonts in ``font_dir`` as listed by ``fonts.toml`` (or ``toml_path``)."""

    def __init__(self, font_dir: str | Path, toml_path: str | Path | None = None) -> None:
        self.font_dir = Path(font_dir)
        self.toml_path = Path(toml_path) if toml_path is not None else self.font_dir / "fonts.toml"
        index = read_toml(self.toml_path)
        self.fonts: tuple[Font, ...] = tuple(
            Font(
                key=str(entry["key"]),
                path=self.font_dir / entry["file"],
                family=str(entry["family"]),
                bold=bool(entry.get("bold", False)),
                scripts=tuple(entry.get("scripts", ())),
                langs=tuple(entry.get("langs", ())),
                line_height=float(entry.get("line_height", 1.3)),
                index=int(entry.get("index", 0)),
            )
            for entry in index.get("font", ())
        )
        self.by_key: dict[str, Font] = {f.key: f for f in self.fonts}
        self._stacks: dict[tuple[str, bool], tuple[Font, ...]] = {}

    def __getitem__(self, key: str) -> Font:
        return self.by_key[key]

    def _families(self, bold: bool) -> list[Font]:
        """One face per family, in index order: the requested weight, else the other one."""
        chosen: dict[str, Font] = {}
        for font in self.fonts:
            have = chosen.get(font.family)
            if have is None or (have.bold != bold and font.bold == bold):
                chosen[font.family] = font
        order = list(dict.fromkeys(f.family for f in self.fonts))
        return [chosen[name] for name in order]

    def stack(self, lang: str, bold: bool = False, prefer: str | None = None) -> tuple[Font, ...]:
        """Fonts to try, in order, for text in ``lang``.

        1. the region-specific face listed for the language (CJK by region, Nastaliq for ur);
        2. the fonts for the language's scripts (faces without ``langs``);
        3. Noto Sans (Latin, Cyrillic, Greek, digits, punctuation);
        4. every other font, as a last resort (faces with ``langs`` after the others).

        Each family appears once, in the requested weight when it has one (CJK faces are
        regular only: the caller synthesises bold when ``bold and not font.bold``).

        ``prefer`` (another language) puts that language's own faces (its region face, else
        its script fonts) right after the first Latin font: a Japanese name inside English
        takes the Japanese face, an Urdu name the Nastaliq face, while Latin letters, digits
        and punctuation keep the paragraph's font.
        """
        if prefer is not None and region_tag(prefer) != region_tag(lang):
            return self._preferring(lang, bold, prefer)
        key = (lang, bold)
        cached = self._stacks.get(key)
        if cached is not None:
            return cached
        tag = region_tag(lang)
        scripts = lang_scripts(lang)
        families = self._families(bold)
        first = [f for f in families if any(t.lower() == tag.lower() for t in f.langs)]
        script_fonts = [f for f in families if not f.langs and any(s in f.scripts for s in scripts)]
        latin = [f for f in families if not f.langs and "Latn" in f.scripts]
        rest_plain = [f for f in families if not f.langs]
        rest_region = [f for f in families if f.langs]
        order: list[Font] = []
        for group in (first, script_fonts, latin, rest_plain, rest_region):
            for f in group:
                if f not in order:
                    order.append(f)
        result = tuple(order)
        self._stacks[key] = result
        return result

    def _preferring(self, lang: str, bold: bool, prefer: str) -> tuple[Font, ...]:
        key = (f"{lang}>{prefer}", bold)
        cached = self._stacks.get(key)
        if cached is not None:
            return cached
        base = list(self.stack(lang, bold))
        own = self.stack(prefer, bold)
        tag = region_tag(prefer)
        pref = [f for f in own if any(t.lower() == tag.lower() for t in f.langs)]
        if not pref:
            scripts = lang_scripts(prefer)
            pref = [f for f in own if not f.langs and any(s in f.scripts for s in scripts)]
        at = next((k + 1 for k, f in enumerate(base) if "Latn" in f.scripts), 0)
        head = [f for f in base[:at] if f not in pref]
        result = tuple(head + pref + [f for f in base[at:] if f not in pref])
        self._stacks[key] = result
        return result


@cache
def default_library() -> FontLibrary:
    """The library of the fonts kitgen ships (``kitgen.resources.data_dir("fonts")``)."""
    from kitgen.resources import data_dir

    return FontLibrary(data_dir("fonts"))
