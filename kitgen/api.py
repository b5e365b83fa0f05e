"""The functions behind kitgen's public API (import them from :mod:`kitgen`, not from here).

Each takes a family as a path, the bytes of a family file, a dict or a :class:`Family`, and
returns PDF bytes, or writes them to ``output`` (through a temporary file, then a rename) and
returns the path. Errors are :class:`kitgen.KitgenError` with ``problems``; nothing prints.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .family import Family


def load_family(
    source: str | Path | bytes | Mapping[str, Any] | Family, *, name: str = ""
) -> Family:
    """A validated family from a file path, a file's bytes (YAML or JSON), a dict or a Family.

    ``name`` names bytes or a dict in messages (default ``family.yaml`` / ``family.json``)."""
    from .family import Family, parse_family
    from .family import load_family as load_path

    if isinstance(source, Family):
        return source
    if isinstance(source, str | Path):
        return load_path(source)
    if isinstance(source, bytes):
        return parse_family(source, name or "family.yaml")
    if isinstance(source, Mapping):
        data = json.dumps(dict(source), ensure_ascii=False, default=str).encode("utf-8")
        return parse_family(data, name or "family.json", lines=False)  # no file, no lines
    raise TypeError(f"a family is a path, bytes, a dict or a Family, not {type(source).__name__}")


def _out(data: bytes, output: str | Path | None) -> bytes | Path:
    if output is None:
        return data
    from .output import write_atomic

    return write_atomic(output, data)


def make_packet(
    family: str | Path | bytes | Mapping[str, Any] | Family,
    output: str | Path | None = None,
    *,
    lang: str | None = None,
    paper: str = "letter",
    region: str | None = None,
    prepared: dt.date | None = None,
    parts: Sequence[str] | None = None,
    duplex: bool = True,
    draft_note: bool = True,
    large_print: bool = False,
) -> bytes | Path:
    """The preparedness packet: PDF bytes, or the path written when ``output`` is given.

    ``large_print``: body text at 14 pt or more, larger checkboxes, write-in lines and rows,
    and the wallet cards' text on a page of its own in large print (the cards stay
    wallet-sized)."""
    from .packet import build_packet

    fam = load_family(family)
    name = str(family) if isinstance(family, str | Path) else None
    data = build_packet(
        fam,
        lang=lang,
        paper=paper,
        region=region,
        prepared=prepared,
        draft_note=draft_note,
        filename=name,
        parts=parts,
        duplex=duplex,
        large_print=large_print,
    )
    return _out(data, output)


def make_poster(
    langs: Sequence[str],
    output: str | Path | None = None,
    *,
    size: str = "tabloid",
    landscape: bool = False,
    bleed: bool = False,
    settings: str | Path | None = None,
    copies: int = 1,
    large_print: bool = False,
) -> bytes | Path:
    """A know-your-rights poster in one to four languages; ``settings`` is a settings file;
    ``large_print``: no text under 14 pt (a poster that cannot fit so is refused)."""
    from .packet import typesetter
    from .poster import PosterSpec, build_poster
    from .poster.layout import size_key
    from .settings import load_settings

    branding = load_settings(settings) if settings is not None else None
    spec = PosterSpec(size_key(size), landscape, bleed, large_print)
    return _out(build_poster(langs, spec, typesetter(), branding, copies=copies), output)


def make_intake_form(
    lang: str | None = None,
    output: str | Path | None = None,
    *,
    paper: str = "letter",
    printable: bool = False,
    family: str | Path | bytes | Mapping[str, Any] | Family | None = None,
    large_print: bool = False,
) -> bytes | Path:
    """An intake form in ``lang`` beside English (fillable, or ``printable`` by hand),
    pre-filled from ``family`` if given.

    ``large_print``: text at 14 pt or more, larger checkboxes, taller fields and writing
    lines, typed answers at 14 pt; the same fields, read back the same way."""
    from .intake import build_intake_form

    fam = load_family(family) if family is not None else None
    form = build_intake_form(
        lang, paper=paper, printable=printable, family=fam, large_print=large_print
    )
    return _out(form.pdf, output)
