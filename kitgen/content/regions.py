"""Region packs: local free legal help, school contacts, hotlines (``regions/<key>.yaml``).

In: a region key (or none). Out: a :class:`Region` whose contacts are the pack's followed by the
national ones. An unknown key is a usage error that lists the packs shipped; a pack that breaks
the rules below is a :class:`DataError` naming the file and the field.

Every contact says where it came from and how old that is, and nothing more than is true:

- ``source``: the page address (URL) or the document it was read in. Required: no source, no
  contact (and so no number without a source).
- ``source_date``: the date of that page or document (``2017-02-23``), its year (``2017``), or
  ``undated`` when the page carries no date. Required. The packet prints "source dated 2017".
- ``checked``: the date a *person* checked the contact against a live source. Optional and
  usually empty: copying a number from a page is not checking it. The packet prints "checked on"
  only for a contact that has this date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from ..errors import ContentError, DataError, Problem, UsageError
from ..resources import data_dir

KINDS = ("school", "legal_aid", "hotline", "civil_rights", "government")
UNDATED = "undated"
_OPTIONAL_TEXT = ("phone", "tty", "web", "email", "address")
_KEYS = {"name", "kind", "description", "source", "source_date", "checked", *_OPTIONAL_TEXT}


@dataclass(frozen=True)
class RegionContact:
    name: str
    kind: str
    description: dict[str, str]
    source: str
    #: the source's own date: a full date, a year, or None when the source is undated
    source_date: dt.date | int | None
    #: the date a person checked the contact against a live source; None if nobody has
    checked: dt.date | None = None
    phone: str | None = None
    tty: str | None = None
    web: str | None = None
    email: str | None = None
    address: str | None = None

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description["en"]

    @property
    def source_year(self) -> int | None:
        """The year the packet prints ("source dated 2017"); None for an undated source."""
        if isinstance(self.source_date, dt.date):
            return self.source_date.year
        return self.source_date


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    state: str | None
    contacts: tuple[RegionContact, ...]

    @property
    def checked(self) -> dt.date | None:
        """What a printed "contacts checked on" may claim: the oldest check date, and only if
        every contact was checked by a person; otherwise None (print no such claim)."""
        dates = [c.checked for c in self.contacts]
        if not dates or any(d is None for d in dates):
            return None
        return min(d for d in dates if d is not None)


def legal_help_line(pack: Region) -> RegionContact | None:
    """The free legal help number the numbers card carries: the pack's own first legal-aid
    contact with a phone number (a number the pack sources), or None (the national contacts, or
    a pack without one)."""
    if pack.key == "national":
        return None
    national = _load("national").contacts
    return next(
        (c for c in pack.contacts if c.kind == "legal_aid" and c.phone and c not in national),
        None,
    )


def available_regions() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in data_dir("regions").glob("*.yaml") if p.stem != "national"))


def _source_date(value: Any, field: str, where: str) -> dt.date | int | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    if value == UNDATED:
        return None
    raise DataError(
        f"{where} is not a valid region pack",
        (
            Problem(
                field,
                "needs the date of the source: a date (2017-02-23), a year (2017) or"
                f" '{UNDATED}' when the page carries no date",
                file=where,
            ),
        ),
    )


def _contact(c: Any, i: int, where: str) -> RegionContact:
    def bad(field: str, reason: str) -> DataError:
        return DataError(
            f"{where} is not a valid region pack",
            (Problem(f"contacts[{i}].{field}" if field else f"contacts[{i}]", reason, file=where),),
        )

    if not isinstance(c, dict):
        raise bad("", "each contact is a mapping of keys (name, kind, description, source, ...)")
    unknown = set(c) - _KEYS
    if unknown:
        raise bad("", f"unknown keys {sorted(unknown)}; accepted: {', '.join(sorted(_KEYS))}")
    if not isinstance(c.get("name"), str) or not c["name"].strip():
        raise bad("name", "needs the organisation's name")
    if c.get("kind") not in KINDS:
        raise bad("kind", f"must be one of {', '.join(KINDS)}")
    desc = c.get("description") or {}
    if not isinstance(desc, dict) or not desc.get("en"):
        raise bad("description", "needs an English text (en)")
    source = c.get("source")
    if not isinstance(source, str) or not source.strip():
        what = "phone number" if c.get("phone") or c.get("tty") else "contact"
        raise bad("source", f"is required: a {what} without a source is not printed")
    if "source_date" not in c:
        raise bad("source_date", f"is required: the source's date, its year, or '{UNDATED}'")
    source_date = _source_date(c["source_date"], f"contacts[{i}].source_date", where)
    checked = c.get("checked")
    if checked is not None and not isinstance(checked, dt.date):
        raise bad(
            "checked",
            "is the date (YYYY-MM-DD) a person checked this contact against a live source;"
            " leave it out if nobody has",
        )
    return RegionContact(
        name=c["name"],
        kind=c["kind"],
        description={str(k): str(v) for k, v in desc.items()},
        source=source.strip(),
        source_date=source_date,
        checked=checked,
        **{k: (str(c[k]) if c.get(k) else None) for k in _OPTIONAL_TEXT},
    )


def load_pack(path: Any, where: str) -> Region:
    """One pack file, validated (``where`` is how messages name it)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{where} is unreadable: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise DataError(
            f"{where} is not a valid region pack",
            (Problem("name", "a pack is a mapping with a name and contacts", file=where),),
        )
    contacts = tuple(_contact(c, i, where) for i, c in enumerate(raw.get("contacts") or ()))
    key = raw.get("key") or path.stem
    return Region(key=key, name=raw["name"], state=raw.get("state"), contacts=contacts)


@cache
def _load(key: str) -> Region:
    return load_pack(data_dir("regions") / f"{key}.yaml", f"regions/{key}.yaml")


def region(key: str | None) -> Region:
    """The pack ``key`` with the national contacts after its own; ``None`` gives national only."""
    national = _load("national")
    if key is None:
        return national
    key = key.lower()
    if key not in available_regions():
        raise UsageError(
            f"unknown region '{key}'; kitgen ships: {', '.join(available_regions())}"
            " (see regions/README.md to write your own)"
        )
    local = _load(key)
    return Region(local.key, local.name, local.state, local.contacts + national.contacts)
