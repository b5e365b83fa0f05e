#!/usr/bin/env python3
"""Regenerate kitgen's shipped fonts (``fonts/``) from the Debian Noto packages.

A maintainer's tool: not run by CI or by setup. It is deterministic (same Debian packages in,
same bytes out) and re-runnable::

    .venv/bin/python scripts/build_fonts.py            # everything (about 70 seconds)
    .venv/bin/python scripts/build_fonts.py --skip-cjk # copy the small fonts, rewrite the index

What it does:

* copies the TrueType (glyf) Noto fonts listed in :data:`CORE` from ``fonts-noto-core``
  (``/usr/share/fonts/truetype/noto``) unchanged;
* extracts the SC, TC, JP and KR faces of Noto Sans CJK Regular from ``fonts-noto-cjk``
  (``NotoSansCJK-Regular.ttc``, CFF outlines, which PDF CIDFontType2 embedding cannot carry),
  subsets each to its region's standard character set plus ASCII, Latin-1, punctuation, CJK
  symbols, kana and fullwidth forms (:data:`CJK`), keeps the horizontal OpenType features that
  matter (``locl``, ``ccmp``, ``kern``, ``palt``/``halt``, width variants), converts the cubic
  CFF outlines to quadratic TrueType outlines with cu2qu (max error 1 font unit of 1000) and
  writes ``fonts/NotoSansCJK{sc,tc,jp,kr}-Regular-kitgen.ttf``;
* writes ``fonts/fonts.toml`` (the index kitgen reads), ``fonts/OFL.txt`` (the licence with
  every shipped font's copyright line) and the generated table in ``fonts/README.md``.

Needs the Debian packages ``fonts-noto-core`` and ``fonts-noto-cjk`` and fontTools (in the
project's venv).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fonts"
CORE_DIR = Path("/usr/share/fonts/truetype/noto")
CJK_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

UPSTREAM_CORE = "https://github.com/notofonts/noto-fonts"
UPSTREAM_CJK = "https://github.com/notofonts/noto-cjk"

#: cu2qu tolerance, in font units (the CJK fonts have 1000 units per em).
MAX_ERR = 1.0

#: Fonts copied from fonts-noto-core, in fonts.toml order: for each script the preferred face
#: first; Noto Sans (Latin, Cyrillic, Greek, digits, punctuation) last, after the script fonts,
#: which lack Latin and often digits or ``-()``.
#: (file stem, ISO 15924 scripts, langs)
CORE: list[tuple[str, list[str], list[str]]] = [
    ("NotoNaskhArabic-Regular", ["Arab"], []),
    ("NotoNaskhArabic-Bold", ["Arab"], []),
    # Urdu is written in Nastaliq; Naskh stays the face for ar, fa, prs, ps.
    ("NotoNastaliqUrdu-Regular", ["Arab"], ["ur"]),
    ("NotoNastaliqUrdu-Bold", ["Arab"], ["ur"]),
    ("NotoSansHebrew-Regular", ["Hebr"], []),
    ("NotoSansHebrew-Bold", ["Hebr"], []),
    ("NotoSansBengali-Regular", ["Beng"], []),
    ("NotoSansBengali-Bold", ["Beng"], []),
    ("NotoSansDevanagari-Regular", ["Deva"], []),
    ("NotoSansDevanagari-Bold", ["Deva"], []),
    ("NotoSansKhmer-Regular", ["Khmr"], []),
    ("NotoSansKhmer-Bold", ["Khmr"], []),
    ("NotoSansMyanmar-Regular", ["Mymr"], []),
    ("NotoSansMyanmar-Bold", ["Mymr"], []),
    ("NotoSansEthiopic-Regular", ["Ethi"], []),
    ("NotoSansEthiopic-Bold", ["Ethi"], []),
]
TAIL: list[tuple[str, list[str], list[str]]] = [
    ("NotoSans-Regular", ["Latn", "Cyrl", "Grek", "Zyyy"], []),
    ("NotoSans-Bold", ["Latn", "Cyrl", "Grek", "Zyyy"], []),
]


@dataclass(frozen=True)
class CjkFace:
    key: str  # output file stem
    face_name: str  # full name (name ID 4) of the face inside the .ttc
    codecs: tuple[str, ...]  # legacy encodings whose repertoire is kept
    extra: tuple[tuple[int, int], ...]  # extra inclusive code point ranges
    scripts: tuple[str, ...]
    langs: tuple[str, ...]
    ot_lang: str  # the OpenType language system of the region (HarfBuzz maps langs to it)


#: Kept in every CJK face: ASCII, Latin-1, general punctuation, CJK symbols and punctuation,
#: hiragana, katakana (and phonetic extensions), halfwidth and fullwidth forms, a few symbols
#: used in forms (arrows, geometric shapes, enclosed numbers), replacement character.
COMMON_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x25FF),
    (0x3000, 0x303F),
    (0x3040, 0x309F),
    (0x30A0, 0x30FF),
    (0x31F0, 0x31FF),
    (0xFF00, 0xFFEF),
    (0xFFFD, 0xFFFD),
)

CJK: list[CjkFace] = [
    CjkFace(
        "NotoSansCJKsc-Regular-kitgen",
        "Noto Sans CJK SC",
        ("gbk",),  # GB 2312 plus every unified ideograph: the rarer characters of names
        (),
        ("Hani", "Hira", "Kana", "Latn"),
        ("zh-Hans",),
        "ZHS ",
    ),
    CjkFace(
        "NotoSansCJKtc-Regular-kitgen",
        "Noto Sans CJK TC",
        ("cp950", "big5hkscs"),  # Big5 plus the Hong Kong supplementary characters
        ((0x3100, 0x312F),),  # Bopomofo
        ("Hani", "Bopo", "Hira", "Kana", "Latn"),
        ("zh-Hant",),
        "ZHT ",
    ),
    CjkFace(
        "NotoSansCJKjp-Regular-kitgen",
        "Noto Sans CJK JP",
        ("cp932", "euc_jis_2004"),  # JIS X 0208 plus JIS X 0213 (names such as 𠮷)
        (),
        ("Hani", "Hira", "Kana", "Latn"),
        ("ja",),
        "JAN ",
    ),
    CjkFace(
        "NotoSansCJKkr-Regular-kitgen",
        "Noto Sans CJK KR",
        ("euc_kr",),  # KS X 1001: 2,350 Hangul, 4,888 Hanja, symbols
        ((0xAC00, 0xD7A3), (0x3130, 0x318F)),  # all 11,172 Hangul syllables, compatibility jamo
        ("Hang", "Hani", "Hira", "Kana", "Latn"),
        ("ko",),
        "KOR ",
    ),
]

#: OpenType features kept in the CJK faces (horizontal setting only). Dropped: vertical
#: (vert, vrt2, vhal, vkrn, vpal), old-Hangul jamo (ljmo, vjmo, tjmo), aalt, dlig, hist, ruby.
CJK_FEATURES = [
    "ccmp", "locl", "liga", "calt", "kern", "mark", "palt", "halt", "fwid", "hwid", "pwid",
]  # fmt: skip

#: Tables dropped from the CJK faces: vertical metrics (horizontal setting only) and VORG
#: (CFF-only).
CJK_DROP_TABLES = ["vhea", "vmtx", "VORG", "DSIG"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)  # noqa: T201 - a command-line tool


def deb_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def charset(face: CjkFace) -> set[int]:
    cps: set[int] = set()
    for lo, hi in COMMON_RANGES + face.extra:
        cps.update(range(lo, hi + 1))
    for codec in face.codecs:
        for cp in range(0x80, 0x30000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            try:
                chr(cp).encode(codec)
            except UnicodeEncodeError:
                continue
            cps.add(cp)
    return cps


def restrict_locl(font: TTFont, own: str) -> None:
    """Keep ``locl`` only in the face's own language system.

    Each regional face of Noto Sans CJK carries, under ``locl``, the other regions' glyph forms
    (language systems JAN, KOR, ZHS, ZHT, ZHH): thousands of glyphs (they doubled the TC file)
    that only apply when the face is shaped with another region's language, which would draw
    the wrong region's forms anyway (for example a Traditional Chinese face shaped with "zh",
    which HarfBuzz maps to ZHS). The face's own ``locl`` (17 to 50 substitutions) stays.
    """
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        table = font[tag].table
        if not table.ScriptList or not table.FeatureList:
            continue
        records = table.FeatureList.FeatureRecord
        for script in table.ScriptList.ScriptRecord:
            langsyses = [(lr.LangSysTag, lr.LangSys) for lr in script.Script.LangSysRecord]
            if script.Script.DefaultLangSys is not None:
                langsyses.append(("dflt", script.Script.DefaultLangSys))
            for lang_tag, langsys in langsyses:
                if lang_tag == own:
                    continue
                keep = [i for i in langsys.FeatureIndex if records[i].FeatureTag != "locl"]
                langsys.FeatureIndex = keep
                langsys.FeatureCount = len(keep)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF outlines of ``font`` by quadratic TrueType outlines (in place).

    After fontTools' ``Snippets/otf2ttf.py``: cu2qu with reversed contour direction (CFF
    contours run counter-clockwise, TrueType clockwise), left side bearings set to the new xMin,
    maxp version 1.0, post format 3 (no glyph names).
    """
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    quad = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        quad[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in quad.items():
        width = hmtx[name][0]
        hmtx[name] = (width, glyph.xMin if hasattr(glyph, "xMin") else 0)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build_cjk(face: CjkFace, out: Path) -> None:
    t0 = time.perf_counter()
    index = None
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(CJK_TTC), lazy=True)
    for i, f in enumerate(collection.fonts):
        if f["name"].getDebugName(4) == face.face_name:
            index = i
            break
    if index is None:
        raise SystemExit(f"{face.face_name} not found in {CJK_TTC}")
    font = TTFont(str(CJK_TTC), fontNumber=index, recalcTimestamp=False, recalcBBoxes=True)
    restrict_locl(font, face.ot_lang)
    cmap = font.getBestCmap()
    wanted = sorted(cp for cp in charset(face) if cp in cmap)

    opts = subset.Options()
    opts.layout_features = CJK_FEATURES
    opts.drop_tables = list(opts.drop_tables) + CJK_DROP_TABLES
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = True
    opts.glyph_names = False
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    t1 = time.perf_counter()
    cff_to_glyf(font)
    buf = io.BytesIO()
    font.save(buf)
    out.write_bytes(buf.getvalue())
    t2 = time.perf_counter()
    log(
        f"{out.name}: {len(wanted)} characters, {len(font.getGlyphOrder())} glyphs, "
        f"{out.stat().st_size / 1e6:.1f} MB (subset {t1 - t0:.0f} s, cu2qu {t2 - t1:.0f} s)"
    )


# -- measuring ------------------------------------------------------------------------------


def name_string(font: TTFont, name_id: int) -> str:
    return (font["name"].getDebugName(name_id) or "").strip()


def line_height(font: TTFont) -> float:
    """Suggested line height as a multiple of the font size.

    The span of the inked glyphs (98th percentile of yMax to 2nd percentile of yMin over all
    glyphs with outlines, so a handful of oversized symbols and rare ligatures do not decide)
    plus 0.15 em of air, rounded up to 0.05, at least 1.35. Measured on the Regular face and
    used for the Bold one too, so bold words do not change a paragraph's leading.

    The fonts' own line metrics (hhea, OS/2 typo and win are identical in every Noto font
    here) are no guide in either direction: far too loose for some scripts (Nastaliq 2.5,
    Myanmar 2.18, Naskh 1.70) and too tight for others (Khmer 1.36 while coeng stacks reach
    1.6 em, Devanagari 1.30).
    """
    upm = font["head"].unitsPerEm
    glyf = font["glyf"]
    tops, bottoms = [], []
    for name in font.getGlyphOrder():
        g = glyf[name]
        if g.numberOfContours == 0:
            continue
        if not hasattr(g, "yMax"):
            g.recalcBounds(glyf)
        tops.append(g.yMax)
        bottoms.append(g.yMin)
    tops.sort()
    bottoms.sort()
    top = tops[int(0.98 * (len(tops) - 1))]
    bottom = bottoms[int(0.02 * (len(bottoms) - 1))]
    span = (top - bottom) / upm + 0.15
    return max(1.35, math.ceil(span * 20 - 1e-9) / 20)


#: Characters of the Common script that text in every language uses (digits and ASCII
#: punctuation); a font lacking some needs a fallback (Noto Sans) for them.
COMMON_ASCII = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalpha())


def lacks_ascii(font: TTFont) -> str:
    cmap = font.getBestCmap()
    return "".join(c for c in COMMON_ASCII if ord(c) not in cmap)


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def write_index(entries: list[dict]) -> None:
    lines = [
        "# kitgen's shipped fonts. Generated by scripts/build_fonts.py - do not edit by hand.",
        "#",
        "# One [[font]] per file, in preference order: for a given script the preferred face",
        "# comes first; Noto Sans (Latin, Cyrillic, Greek, digits, punctuation) comes after the",
        "# script fonts. A face with `langs` is meant only for text in those languages (the CJK",
        "# regional glyph forms, Urdu Nastaliq).",
        "#",
        "# key          file stem; GlyphRun.font_key",
        "# bold         true for a bold face (CJK: Regular only; bold is synthesised when drawing)",
        "# scripts      ISO 15924 codes the face is meant for (Zyyy: digits and punctuation)",
        "# langs        BCP 47 tags, only on language/region-specific faces",
        "# line_height  suggested line height as a multiple of the font size (measured from the",
        "#              glyphs' ink, see build_fonts.line_height)",
        "# ascender, descender  hhea, in font units (units_per_em): how far glyphs may reach",
        "# lacks_digits true if the font has no ASCII digits 0-9 (they need a fallback font)",
        "# lacks_ascii  ASCII digits/punctuation the font has no glyph for (need a fallback font)",
        "# glyphs, size number of glyphs, file size in bytes",
        "# version      name ID 5 of the font, up to the first ';'",
        "# source       where the file comes from: Debian package and version; upstream project",
        "",
    ]
    for e in entries:
        lines.append("[[font]]")
        lines.append(f"key = {toml_str(e['key'])}")
        lines.append(f"file = {toml_str(e['file'])}")
        lines.append(f"family = {toml_str(e['family'])}")
        lines.append(f"bold = {'true' if e['bold'] else 'false'}")
        lines.append(f"scripts = {toml_list(e['scripts'])}")
        if e["langs"]:
            lines.append(f"langs = {toml_list(e['langs'])}")
        lines.append(f"line_height = {e['line_height']:.2f}")
        lines.append(f"units_per_em = {e['upm']}")
        lines.append(f"ascender = {e['ascender']}")
        lines.append(f"descender = {e['descender']}")
        lines.append(f"lacks_digits = {'true' if e['lacks_digits'] else 'false'}")
        lines.append(f"lacks_ascii = {toml_str(e['lacks_ascii'])}")
        lines.append(f"glyphs = {e['glyphs']}")
        lines.append(f"size = {e['size']}")
        lines.append(f"version = {toml_str(e['version'])}")
        lines.append(f"source = {toml_str(e['source'])}")
        lines.append('license = "OFL-1.1"')
        lines.append(f"sha256 = {toml_str(e['sha256'])}")
        lines.append("")
    (OUT / "fonts.toml").write_text("\n".join(lines), encoding="utf-8")


def describe(path: Path, scripts, langs, source: str, upstream: str) -> dict:
    font = TTFont(str(path), lazy=False)
    assert "glyf" in font, f"{path.name} has no TrueType outlines"
    hhea = font["hhea"]
    version = name_string(font, 5).split(";")[0].strip()
    return {
        "key": path.stem,
        "file": path.name,
        "family": name_string(font, 1),
        "bold": bool(font["OS/2"].fsSelection & 0x20) or name_string(font, 2) == "Bold",
        "scripts": list(scripts),
        "langs": list(langs),
        "line_height": line_height(font),
        "upm": font["head"].unitsPerEm,
        "ascender": hhea.ascent,
        "descender": hhea.descent,
        "lacks_ascii": lacks_ascii(font),
        "lacks_digits": any(ord(d) not in font.getBestCmap() for d in "0123456789"),
        "glyphs": len(font.getGlyphOrder()),
        "size": path.stat().st_size,
        "version": version,
        "source": f"{source}; {upstream}",
        "sha256": sha256(path),
        "copyright": name_string(font, 0),
    }


def ofl_text() -> str:
    """The SIL OFL 1.1 text, from fonts-noto-cjk's Debian copyright file (deb822 folded)."""
    text = CJK_COPYRIGHT.read_text(encoding="utf-8")
    m = re.search(r"^License: SIL-1\.1\n((?: .*\n)+)", text, re.M)
    if not m:
        raise SystemExit(f"OFL text not found in {CJK_COPYRIGHT}")
    out = []
    for line in m.group(1).splitlines():
        line = line[1:]
        out.append("" if line == "." else line)
    return "\n".join(out).rstrip() + "\n"


def write_ofl(entries: list[dict]) -> None:
    notices = []
    for e in entries:
        if e["copyright"] and e["copyright"] not in notices:
            notices.append(e["copyright"])
    head = ["Copyright notices of the fonts in this folder (name ID 0 of each font):", ""]
    head += notices
    head += ["", "These fonts are licensed under the SIL Open Font License, Version 1.1:", ""]
    (OUT / "OFL.txt").write_text("\n".join(head) + "\n" + ofl_text(), encoding="utf-8")


README_START = "<!-- fonts-table: generated by scripts/build_fonts.py -->"
README_END = "<!-- /fonts-table -->"


def write_readme_table(entries: list[dict]) -> None:
    readme = OUT / "README.md"
    rows = [
        "| file | family | bold | scripts | version | glyphs | size |",
        "|---|---|---|---|---|---|---|",
    ]
    total = 0
    for e in entries:
        total += e["size"]
        rows.append(
            f"| {e['file']} | {e['family']} | {'yes' if e['bold'] else 'no'} | "
            f"{' '.join(e['scripts'])}{' (' + ' '.join(e['langs']) + ')' if e['langs'] else ''} | "
            f"{e['version']} | {e['glyphs']:,} | {e['size'] / 1e6:.2f} MB |"
        )
    rows.append(f"| **total** ({len(entries)} files) | | | | | | **{total / 1e6:.1f} MB** |")
    block = README_START + "\n" + "\n".join(rows) + "\n" + README_END
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        if README_START in text and README_END in text:
            pre, rest = text.split(README_START, 1)
            _, post = rest.split(README_END, 1)
            readme.write_text(pre + block + post, encoding="utf-8")
            return
    readme.write_text("# kitgen fonts\n\n" + block + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-cjk", action="store_true", help="keep the existing CJK files")
    args = ap.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    core_src = f"Debian fonts-noto-core {deb_version('fonts-noto-core')}"
    cjk_src = (
        f"Debian fonts-noto-cjk {deb_version('fonts-noto-cjk')} ({CJK_TTC.name}, subset and "
        "converted to TrueType outlines by scripts/build_fonts.py)"
    )
    entries = []
    for stem, scripts, langs in CORE:
        dst = OUT / f"{stem}.ttf"
        shutil.copyfile(CORE_DIR / dst.name, dst)
        entries.append(describe(dst, scripts, langs, core_src, UPSTREAM_CORE))
    for face in CJK:
        dst = OUT / f"{face.key}.ttf"
        if not args.skip_cjk or not dst.exists():
            build_cjk(face, dst)
        entries.append(describe(dst, face.scripts, face.langs, cjk_src, UPSTREAM_CJK))
    for stem, scripts, langs in TAIL:
        dst = OUT / f"{stem}.ttf"
        shutil.copyfile(CORE_DIR / dst.name, dst)
        entries.append(describe(dst, scripts, langs, core_src, UPSTREAM_CORE))

    regular = {e["family"]: e["line_height"] for e in entries if not e["bold"]}
    for e in entries:
        e["line_height"] = regular.get(e["family"], e["line_height"])
    write_index(entries)
    write_ofl(entries)
    write_readme_table(entries)
    total = sum(e["size"] for e in entries)
    log(f"{len(entries)} fonts, {total / 1e6:.1f} MB in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
