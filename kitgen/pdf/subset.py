"""A minimal, fast TrueType subsetter for PDF embedding (CIDFontType2, FontFile2).

Glyph ids are kept (CID = GID in the PDF): glyphs not asked for become empty entries of
``glyf``, so nothing is renumbered. Composite glyphs pull in their components. The font is cut
after the highest glyph kept (``maxp.numGlyphs`` shrinks) and empty entries are zeros, which
keeps ``loca`` and ``hmtx`` small (and compressible) for the big CJK fonts.

Kept tables: ``head``, ``hhea``, ``maxp``, ``hmtx``, ``loca``, ``glyf`` and the hinting tables
``cvt``, ``fpgm``, ``prep`` when present (glyph programs are copied as they are, so the
functions they call must stay). Nothing else: a CIDFontType2 with ``/CIDToGIDMap`` needs no
``cmap``, and PDF readers take names and metrics from the PDF's own objects.

Everything is parsed with :mod:`struct` straight from the file's bytes; a parsed file is cached
per process (:func:`load`). Output is deterministic: the same glyph set gives the same bytes.
"""

from __future__ import annotations

import struct
import sys
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# composite glyph flags
_ARG_1_AND_2_ARE_WORDS = 0x0001
_WE_HAVE_A_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
_WE_HAVE_A_TWO_BY_TWO = 0x0080

_KEEP_AS_IS = (b"cvt ", b"fpgm", b"prep")
_NEEDED = (b"head", b"hhea", b"maxp", b"hmtx", b"loca", b"glyf")


class FontFileError(ValueError):
    """The file is not a TrueType (glyf-outline) font this subsetter can read."""


@dataclass(frozen=True)
class FontMetrics:
    """What a PDF FontDescriptor needs, in font units (see ``units_per_em``)."""

    units_per_em: int
    bbox: tuple[int, int, int, int]  # head xMin, yMin, xMax, yMax
    ascender: int  # hhea
    descender: int  # hhea, negative
    line_gap: int
    cap_height: int  # OS/2 sCapHeight (version >= 2), else 70% of the em
    x_height: int
    weight_class: int  # OS/2 usWeightClass
    italic_angle: float  # post
    is_fixed_pitch: bool
    mac_style: int  # head: bit 0 bold, bit 1 italic
    family_class: int  # OS/2 sFamilyClass (serif classes 1-7)
    postscript_name: str  # name ID 6, "" when the name table has none usable


class TrueTypeFile:
    """One parsed TrueType font file: table directory, loca offsets and advance widths."""

    def __init__(self, data: bytes, name: str = "font", path: Path | None = None) -> None:
        self.data = data
        self.name = name
        #: the file ``data`` was read from, if any (HarfBuzz maps it instead of copying data)
        self.path = path
        if len(data) < 12:
            raise FontFileError(f"{name}: not a font file")
        tag = data[:4]
        if tag != b"\x00\x01\x00\x00" and tag != b"true":
            if tag == b"OTTO":
                raise FontFileError(f"{name}: CFF (PostScript) outlines; TrueType needed")
            raise FontFileError(f"{name}: not a TrueType font (tag {tag!r})")
        (num_tables,) = struct.unpack_from(">H", data, 4)
        self.tables: dict[bytes, tuple[int, int]] = {}
        for i in range(num_tables):
            t, _checksum, off, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self.tables[t] = (off, length)
        for t in _NEEDED:
            if t not in self.tables:
                raise FontFileError(f"{name}: no {t.decode().strip()} table")

        head = self.table(b"head")
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        x_min, y_min, x_max, y_max, mac_style = struct.unpack_from(">hhhhH", head, 36)
        self.index_to_loc_format = struct.unpack_from(">h", head, 50)[0]
        self.num_glyphs = struct.unpack_from(">H", self.table(b"maxp"), 4)[0]

        hhea = self.table(b"hhea")
        ascender, descender, line_gap = struct.unpack_from(">hhh", hhea, 4)
        self.num_hmetrics = struct.unpack_from(">H", hhea, 34)[0]

        # loca: num_glyphs + 1 offsets into glyf
        loca = self.table(b"loca")
        n = self.num_glyphs + 1
        if self.index_to_loc_format == 0:
            offs = array("H", loca[: 2 * n])
            if sys.byteorder == "little":
                offs.byteswap()
            self.loca = array("I", (2 * o for o in offs))
        else:
            offs = array("I")
            if offs.itemsize != 4:  # pragma: no cover - exotic platforms
                offs = array("L")
            offs.frombytes(loca[: 4 * n])
            if sys.byteorder == "little":
                offs.byteswap()
            self.loca = offs
        if len(self.loca) != n:
            raise FontFileError(f"{name}: truncated loca table")
        self.glyf_offset, self.glyf_length = self.tables[b"glyf"]

        # hmtx: longHorMetric[num_hmetrics] then leftSideBearing[num_glyphs - num_hmetrics]
        hmtx = self.table(b"hmtx")
        nh = self.num_hmetrics
        pairs = array("h", hmtx[: 4 * nh])
        if sys.byteorder == "little":
            pairs.byteswap()
        adv = array("H", pairs[0::2].tobytes())  # advances are unsigned
        lsb = array("h", pairs[1::2])
        rest = array("h", hmtx[4 * nh : 4 * nh + 2 * (self.num_glyphs - nh)])
        if sys.byteorder == "little":
            rest.byteswap()
        last = adv[-1] if nh else 0
        self.advances = adv + array("H", [last]) * (self.num_glyphs - nh)
        self.lsbs = lsb + rest

        cap_height, x_height = int(0.7 * self.units_per_em), int(0.5 * self.units_per_em)
        weight, family_class = 400, 0
        os2 = self.table(b"OS/2") if b"OS/2" in self.tables else b""
        if len(os2) >= 34:
            (os2_version,) = struct.unpack_from(">H", os2, 0)
            weight = struct.unpack_from(">H", os2, 4)[0]
            family_class = struct.unpack_from(">h", os2, 30)[0]
            if os2_version >= 2 and len(os2) >= 90:
                x_height, cap_height = struct.unpack_from(">hh", os2, 86)
        italic_angle, fixed = 0.0, False
        post = self.table(b"post") if b"post" in self.tables else b""
        if len(post) >= 16:
            whole, frac = struct.unpack_from(">hH", post, 4)
            italic_angle = whole + frac / 65536
            fixed = struct.unpack_from(">I", post, 12)[0] != 0
        self.metrics = FontMetrics(
            units_per_em=self.units_per_em,
            bbox=(x_min, y_min, x_max, y_max),
            ascender=ascender,
            descender=descender,
            line_gap=line_gap,
            cap_height=cap_height,
            x_height=x_height,
            weight_class=weight,
            italic_angle=italic_angle,
            is_fixed_pitch=fixed,
            mac_style=mac_style,
            family_class=family_class,
            postscript_name=self._postscript_name(),
        )

    def table(self, tag: bytes) -> bytes:
        off, length = self.tables[tag]
        return self.data[off : off + length]

    def _postscript_name(self) -> str:
        if b"name" not in self.tables:
            return ""
        name = self.table(b"name")
        try:
            _fmt, count, string_off = struct.unpack_from(">HHH", name, 0)
            for i in range(count):
                pid, eid, lid, nid, length, off = struct.unpack_from(">HHHHHH", name, 6 + 12 * i)
                if nid != 6:
                    continue
                raw = name[string_off + off : string_off + off + length]
                if pid == 3 or pid == 0:
                    s = raw.decode("utf-16-be", "replace")
                elif pid == 1 and eid == 0 and lid == 0:
                    s = raw.decode("latin-1")
                else:
                    continue
                s = "".join(c for c in s if 33 <= ord(c) < 127 and c not in "[](){}<>/%#")
                if s:
                    return s
        except struct.error:
            return ""
        return ""

    @property
    def empty_glyph(self) -> int | None:
        """The first glyph after .notdef without an outline (a space), or None."""
        try:
            return self._empty_glyph
        except AttributeError:
            pass
        loca = self.loca
        self._empty_glyph: int | None = next(
            (g for g in range(1, self.num_glyphs) if loca[g + 1] == loca[g]), None
        )
        return self._empty_glyph

    def glyph_data(self, gid: int) -> bytes:
        start = self.glyf_offset + self.loca[gid]
        end = self.glyf_offset + self.loca[gid + 1]
        return self.data[start:end]

    def components(self, gid: int) -> list[int]:
        """Glyph ids a composite glyph is made of (empty for simple and empty glyphs)."""
        start = self.glyf_offset + self.loca[gid]
        end = self.glyf_offset + self.loca[gid + 1]
        if end - start < 10:
            return []
        data = self.data
        (contours,) = struct.unpack_from(">h", data, start)
        if contours >= 0:
            return []
        out = []
        pos = start + 10
        while pos + 4 <= end:
            flags, comp = struct.unpack_from(">HH", data, pos)
            out.append(comp)
            pos += 4 + (4 if flags & _ARG_1_AND_2_ARE_WORDS else 2)
            if flags & _WE_HAVE_A_SCALE:
                pos += 2
            elif flags & _WE_HAVE_AN_X_AND_Y_SCALE:
                pos += 4
            elif flags & _WE_HAVE_A_TWO_BY_TWO:
                pos += 8
            if not flags & _MORE_COMPONENTS:
                break
        return out

    def closure(self, glyph_ids: Iterable[int]) -> set[int]:
        """``glyph_ids`` plus .notdef plus every component of a kept composite, recursively."""
        keep = {0}
        todo = [g for g in glyph_ids if 0 <= g < self.num_glyphs]
        while todo:
            g = todo.pop()
            if g in keep:
                continue
            keep.add(g)
            todo.extend(c for c in self.components(g) if c < self.num_glyphs and c not in keep)
        return keep

    def subset(self, glyph_ids: Iterable[int]) -> bytes:
        """A TrueType font with only ``glyph_ids`` (and their components) drawn; ids unchanged."""
        keep = self.closure(glyph_ids)
        n = max(keep) + 1

        glyf_parts: list[bytes] = []
        loca = array("I", bytes(4 * (n + 1)))
        if loca.itemsize != 4:  # pragma: no cover - exotic platforms
            loca = array("L", [0]) * (n + 1)
        pos = 0
        fill_from = 0  # first loca entry not yet written
        data, base, src_loca = self.data, self.glyf_offset, self.loca
        for g in sorted(keep):
            if g > fill_from:  # empty glyphs before g start (and end) where the last one ended
                loca[fill_from:g] = array(loca.typecode, [pos]) * (g - fill_from)
            loca[g] = pos
            start, end = src_loca[g], src_loca[g + 1]
            if end > start:
                piece = data[base + start : base + end]
                glyf_parts.append(piece)
                pad = (-len(piece)) % 4
                if pad:
                    glyf_parts.append(b"\0" * pad)
                pos += len(piece) + pad
            fill_from = g + 1
        loca[fill_from:] = array(loca.typecode, [pos]) * (n + 1 - fill_from)
        glyf = b"".join(glyf_parts)
        short = pos < 0x20000  # offsets are even (4-byte padding): store them halved
        if short:
            loca = array("H", (o >> 1 for o in loca))
        if sys.byteorder == "little":
            loca.byteswap()
        loca_bytes = loca.tobytes()

        hm = array("h", bytes(4 * n))
        adv, lsb = self.advances, self.lsbs
        for g in keep:
            hm[2 * g] = adv[g] if adv[g] < 0x8000 else adv[g] - 0x10000
            hm[2 * g + 1] = lsb[g]
        if sys.byteorder == "little":
            hm.byteswap()
        hmtx = hm.tobytes()

        head = bytearray(self.table(b"head")[:54])
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
        struct.pack_into(">h", head, 50, 0 if short else 1)  # indexToLocFormat
        hhea = bytearray(self.table(b"hhea")[:36])
        struct.pack_into(">H", hhea, 34, n)
        maxp = bytearray(self.table(b"maxp"))
        struct.pack_into(">H", maxp, 4, n)

        tables: dict[bytes, bytes] = {
            b"glyf": glyf,
            b"head": bytes(head),
            b"hhea": bytes(hhea),
            b"hmtx": hmtx,
            b"loca": loca_bytes,
            b"maxp": bytes(maxp),
        }
        for t in _KEEP_AS_IS:
            if t in self.tables:
                tables[t] = self.table(t)
        return _assemble(tables)


def _checksum(data: bytes) -> int:
    if len(data) % 4:
        data = data + b"\0" * (4 - len(data) % 4)
    a = array("I")
    if a.itemsize != 4:  # pragma: no cover
        a = array("L")
    a.frombytes(data)
    if sys.byteorder == "little":
        a.byteswap()
    return sum(a) & 0xFFFFFFFF


def _assemble(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    num = len(tags)
    entry_selector = max(num.bit_length() - 1, 0)
    search_range = 16 * (1 << entry_selector)
    header = struct.pack(
        ">IHHHH", 0x00010000, num, search_range, entry_selector, num * 16 - search_range
    )
    offset = 12 + 16 * num
    directory = []
    body = []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _checksum(data), offset, len(data)))
        padded = data + b"\0" * ((-len(data)) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_off = 12 + 16 * num + sum(len(b) for b, t in zip(body, tags, strict=True) if t < b"head")
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    struct.pack_into(">I", font, head_off + 8, adjustment)
    return bytes(font)


_cache: dict[Path, TrueTypeFile] = {}
_lock = threading.Lock()


def load(path: str | Path) -> TrueTypeFile:
    """The parsed font at ``path``, read once per process."""
    p = Path(path).resolve()
    font = _cache.get(p)
    if font is None:
        with _lock:
            font = _cache.get(p)
            if font is None:
                font = TrueTypeFile(p.read_bytes(), p.name, p)
                _cache[p] = font
    return font


def subset_font(path: str | Path, glyph_ids: Iterable[int]) -> bytes:
    """Subset the TrueType font at ``path`` to ``glyph_ids`` (ids unchanged)."""
    return load(path).subset(glyph_ids)
