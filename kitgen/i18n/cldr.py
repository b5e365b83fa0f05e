"""What kitgen takes from CLDR, through Babel: long dates, lists ("a, b y c") and language names.

In: a Babel locale id (``es_US``) and a value. Out: the text Babel gives. Babel's import and its
locale data cost a fresh ``kitgen packet`` some 45 ms, so set-up (:func:`prepare`, run by
``python -m kitgen.precompile``) writes, per locale, the few CLDR facts these need: the long
date pattern and the month names it uses, the list patterns and the names of languages. Each
answer is then computed from that table exactly as Babel computes it; a table made by another
Babel (the installed Babel's ``__init__.py`` and locale data are fingerprinted), a missing or
damaged table, or a value the table lacks goes to Babel itself. Nothing about a family is in
the tables: they are made from CLDR alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any, cast

#: Pattern fields the table formats itself (day, month, year); a locale whose long date
#: pattern has any other is left to Babel.
_FIELDS = frozenset("dMLy")


def _babel_folder() -> Path | None:
    spec = importlib.util.find_spec("babel")  # finds it without importing it
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def fingerprint() -> str:
    """The installed Babel: its ``__init__.py`` (its version) and its CLDR data's size and
    modification time."""
    folder = _babel_folder()
    if folder is None:
        return ""
    digest = hashlib.sha256((folder / "__init__.py").read_bytes())
    data = (folder / "global.dat").stat()
    digest.update(f"{data.st_size}:{data.st_mtime_ns}".encode())
    return digest.hexdigest()


def table_path(locale: str) -> Path:
    from ..precompile import cache_dir

    return cache_dir() / "cldr" / f"{locale}.json"


@cache
def _table(locale: str) -> dict[str, Any]:
    """The prepared facts of ``locale`` ({} when there are none for this Babel)."""
    try:
        raw = json.loads(table_path(locale).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("babel") != fingerprint():
        return {}
    return raw


def _babel_locale(locale: str) -> Any:
    from babel import Locale

    return Locale.parse(locale)


# -- long dates -------------------------------------------------------------------------------


def _date_from(table: dict[str, Any], value: dt.date) -> str:
    """``value`` through a prepared pattern: Babel's DateTimeFormat for d, M, L and y."""
    fields: dict[str, str] = {}
    for name in table["fields"]:
        width = len(name)
        if name[0] == "d":
            fields[name] = "%0*d" % (width, value.day)
        elif name[0] == "y":
            year = "%0*d" % (width, value.year)
            fields[name] = year[-2:] if width == 2 else year
        elif width <= 2:  # M, L as a number
            fields[name] = "%0*d" % (width, value.month)
        else:
            fields[name] = table["months"][name][value.month - 1]
    return str(table["format"]) % fields


def long_date(value: dt.date, locale: str) -> str:
    """Babel's ``format_date(value, "long", locale=locale)``."""
    table = _table(locale).get("long_date")
    if table:
        return _date_from(table, value)
    from babel.dates import format_date

    return str(format_date(value, "long", locale=_babel_locale(locale)))


# -- lists ------------------------------------------------------------------------------------


def join_list(items: list[str], locale: str) -> str:
    """Babel's ``format_list(items, style="standard", locale=locale)`` (KeyError or ValueError
    where the locale has no such patterns, as Babel)."""
    patterns = _table(locale).get("list")
    if patterns is None:
        from babel.lists import format_list

        return str(format_list(items, style="standard", locale=_babel_locale(locale)))
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2 and "2" in patterns:
        return str(patterns["2"]).format(*items)
    result = str(patterns["start"]).format(items[0], items[1])
    for item in items[2:-1]:
        result = str(patterns["middle"]).format(result, item)
    return str(patterns["end"]).format(result, items[-1])


# -- language names ---------------------------------------------------------------------------


def display_name(code: str, locale: str) -> str | None:
    """Babel's ``Locale.parse(code).get_display_name(locale)``; None where Babel has no
    locale ``code`` (or no name for it)."""
    names = _table(locale).get("names")
    if names is not None and code in names:
        return names[code] or None
    from babel import UnknownLocaleError

    try:
        return _babel_locale(code).get_display_name(_babel_locale(locale)) or None
    except (UnknownLocaleError, ValueError):
        return None


def language_names(locale: str) -> dict[str, str]:
    """Babel's ``Locale.parse(locale).languages``: CLDR's name of every language code."""
    names = _table(locale).get("languages")
    if names is not None:
        return dict(names)
    return dict(_babel_locale(locale).languages)


# -- set-up -----------------------------------------------------------------------------------


def _prepared_date(locale: Any) -> dict[str, Any] | None:
    from babel.dates import get_date_format, get_month_names, parse_pattern

    class _Fields(dict[str, str]):  # records the fields the pattern asks for, in order
        def __missing__(self, name: str) -> str:
            fields.append(name)
            return ""

    fields: list[str] = []
    pattern: str = cast(str, parse_pattern(get_date_format("long", locale=locale).pattern).format)
    _ = pattern % _Fields()
    if not fields or any(f[0] not in _FIELDS for f in fields):
        return None
    months = {}
    for name in fields:
        if name[0] in "ML" and len(name) > 2:
            width: Any = {3: "abbreviated", 4: "wide", 5: "narrow"}[len(name)]
            context: Any = "format" if name[0] == "M" else "stand-alone"
            table = get_month_names(width, context, locale)
            months[name] = [str(table[m]) for m in range(1, 13)]
    return {"format": pattern, "fields": fields, "months": months}


def _prepared_list(locale: Any) -> dict[str, str] | None:
    try:  # Babel's own resolution of a style to the patterns CLDR gives it
        from babel.lists import _resolve_list_style
    except ImportError:  # another Babel: lists are left to it
        return None
    try:
        return {k: str(v) for k, v in _resolve_list_style(locale, "standard").items()}
    except (KeyError, ValueError):
        return None


def _name_codes() -> list[str]:
    """Every locale id Babel has a name for that a family's language can be: a language,
    with or without a script (``zh_Hant``), no territory; and kitgen's own codes."""
    from babel.localedata import locale_identifiers

    from .catalog import available_codes

    ids = {i for i in locale_identifiers() if "_" not in i or len(i.split("_")[1]) == 4}
    return sorted(ids | {c.replace("-", "_") for c in available_codes()})


def prepare(locales: list[str]) -> int:
    """Write the table of each Babel locale id in ``locales``; returns how many."""
    from babel import Locale, UnknownLocaleError

    stamp = fingerprint()
    folder = table_path("x").parent
    folder.mkdir(parents=True, exist_ok=True)
    codes = _name_codes()
    done = 0
    for name in sorted(set(locales)):
        locale = Locale.parse(name)
        names: dict[str, str] = {}
        for code in codes:
            try:
                names[code] = Locale.parse(code).get_display_name(locale) or ""
            except (UnknownLocaleError, ValueError):
                continue
        table = {
            "babel": stamp,
            "long_date": _prepared_date(locale),
            "names": names,
            "languages": {str(k): str(v) for k, v in locale.languages.items()},
        }
        patterns = _prepared_list(locale)
        if patterns is not None:
            table["list"] = patterns
        part = table_path(name).with_suffix(".part")
        part.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        part.replace(table_path(name))
        done += 1
    _table.cache_clear()
    return done
