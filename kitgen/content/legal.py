"""The table of legal statements kitgen prints, each with the public page it was read in.

In: ``kitgen/content/legal_sources.toml`` (one table per statement key: statement, source,
url, law_date, checked). Out: :func:`statements` (the entries, in file order),
:func:`as_of` (the newest date a person checked a source: the cover's "legal information as
of") and :func:`cite` (what a template calls beside a sentence: it refuses an unknown key, so
no legal statement is printed without an entry in the table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..errors import ContentError
from ..resources import read_toml

TABLE = Path(__file__).with_name("legal_sources.toml")
FIELDS = ("statement", "source", "url", "law_date", "checked")


@dataclass(frozen=True)
class Statement:
    """A legal statement the packet prints, with the source it comes from."""

    key: str
    statement: str
    source: str
    url: str
    law_date: dt.date | None  # None: the page carries no date
    checked: dt.date | None  # None: nobody has read the source for kitgen


def _date(key: str, field: str, value: object, none_word: str) -> dt.date | None:
    if value == none_word:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(
            f"{TABLE.name} [{key}]: {field} must be a date (YYYY-MM-DD) or {none_word!r}"
        ) from None


@lru_cache(maxsize=1)
def statements() -> tuple[Statement, ...]:
    raw = read_toml(TABLE)
    out = []
    for key, entry in raw.items():
        missing = [f for f in FIELDS if not str(entry.get(f, "")).strip()]
        if missing:
            raise ContentError(f"{TABLE.name} [{key}]: missing {', '.join(missing)}")
        if not str(entry["url"]).startswith(("https://", "http://")):
            raise ContentError(f"{TABLE.name} [{key}]: url must be a web address")
        out.append(
            Statement(
                key=key,
                statement=entry["statement"],
                source=entry["source"],
                url=entry["url"],
                law_date=_date(key, "law_date", entry["law_date"], "undated"),
                checked=_date(key, "checked", entry["checked"], "no"),
            )
        )
    return tuple(out)


def by_key() -> dict[str, Statement]:
    return {s.key: s for s in statements()}


def as_of() -> dt.date:
    """The newest date on which a person checked one of the table's sources."""
    dates = [s.checked for s in statements() if s.checked is not None]
    if not dates:
        raise ContentError(f"{TABLE.name}: no statement has been checked")
    return max(dates)


def cite(key: str) -> Markup:
    """Tie the sentence beside it to ``key``; prints nothing (the Sources page lists them)."""
    if key not in by_key():
        raise ContentError(f"a template cites {key!r}, which is not in {TABLE.name}")
    return Markup("")
