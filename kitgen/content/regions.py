"""Region packs: local free legal help, school contacts, hotlines (``regions/<key>.yaml``).

A pack is shipped with kitgen (``regions/``), or is the district's own: a file in ``regions/`` of
the district's data folder (:func:`kitgen.resources.user_home`), which is used instead of a
shipped pack of the same name, or a file given with ``--region-file``. Every pack, wherever it
lives, is read by the same hostile-input reader and checked by the same rules.

In: a region key (or none), or a pack file. Out: a :class:`Region` whose contacts are the pack's
followed by the national ones. An unknown key is a usage error that lists the packs there are;
a pack that breaks the rules below is a :class:`DataError` naming the file and the field.

Every contact says where it came from and how old that is, and nothing more than is true:

- ``source``: the page address (URL) or the document it was read in. Required: no source, no
  contact (and so no number without a source).
- ``source_date``: the date of that page or document (``2017-02-23``), its year (``2017``), or
  ``undated`` when the page carries no date. Required. The packet prints "source dated 2017".
- ``checked``: the date a *person* checked the contact against a live source. Optional and
  usually empty: copying a number from a page is not checking it. The packet prints "checked on"
  only for a contact that has this date.

A contact's ``description`` is the only prose of a pack that the packet translates (names,
numbers, web and e-mail addresses and street addresses print as written). Its translations are
in the ``regions`` catalogs (``locales/<code>/LC_MESSAGES/regions.po``), keyed by the whole
English text: :func:`pack_texts` lists what scripts/extract_regions.py puts in
``locales/regions.pot``, and ``kitgen locales check`` fails on a description a locale has not
translated. A pack may also carry its own text for a language (``description: {en: ..., es:
...}``), used when the catalog has none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem, UsageError, preview
from ..i18n import Language
from ..inputs import Kind, key_line, read_yaml_file, unknown_key
from ..resources import data_dir, user_dir

#: A pack lists some dozens of contacts in a few kilobytes.
MAX_BYTES = 1_000_000
KIND = Kind(
    plural="region packs",
    one="a region pack",
    depth="a region pack needs four",
    values="a region pack holds a few hundred",
    one_document="keep one region per file",
    max_depth=8,
    max_values=20_000,
)

KINDS = ("school", "legal_aid", "hotline", "civil_rights", "government")
UNDATED = "undated"
_OPTIONAL_TEXT = ("phone", "tty", "web", "email", "address")
_KEYS = {"name", "kind", "description", "source", "source_date", "checked", *_OPTIONAL_TEXT}
#: The keys of a pack itself (a misspelt one is refused: silently ignored, ``contact:`` would
#: drop every contact)
PACK_KEYS = ("key", "name", "state", "contacts")


@dataclass(frozen=True)
class RegionContact:
    """A local contact of a region pack (legal aid, a hotline, a school office)."""

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

    def describe(self, lang: Language) -> str | None:
        """The description in ``lang``: the catalog's translation of the English text, else the
        pack's own text in that language, else None (the packet prints the English once)."""
        english = self.description["en"]
        if lang.code == "en":
            return english
        return lang.region_text(english) or self.description.get(lang.code) or None

    @property
    def source_year(self) -> int | None:
        """The year the packet prints ("source dated 2017"); None for an undated source."""
        if isinstance(self.source_date, dt.date):
            return self.source_date.year
        return self.source_date


@dataclass(frozen=True)
class Region:
    """A region pack: local contacts for the families of one area."""

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


@dataclass(frozen=True)
class PackText:
    """One text of a pack that is translated: the English, where it is, and for a translator
    whose it is (the contact's name)."""

    english: str
    file: str  # "regions/boston.yaml"
    field: str  # "contacts[1].description"
    contact: str


def pack_texts(pack: Region, file: str) -> list[PackText]:
    """What of ``pack`` (read from ``file``) is translated: each contact's description."""
    return [
        PackText(c.description["en"], file, f"contacts[{i}].description", c.name)
        for i, c in enumerate(pack.contacts)
    ]


def shipped_texts() -> list[PackText]:
    """The translated texts of every pack kitgen ships (``regions/*.yaml``), file by file."""
    texts = []
    for key in sorted(p.stem for p in data_dir("regions").glob("*.yaml")):
        where = f"regions/{key}.yaml"
        texts += pack_texts(_load_file(str(data_dir("regions") / f"{key}.yaml"), where), where)
    return texts


_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def _district_packs() -> dict[str, Path]:
    """The district's own packs by key: ``*.yaml`` files of the data folder's ``regions/``."""
    folder = user_dir("regions")
    try:
        found = sorted(folder.glob("*.yaml"))
    except OSError:
        return {}
    return {p.stem: p for p in found if _KEY.fullmatch(p.stem)}


def _shipped_packs() -> dict[str, Path]:
    return {p.stem: p for p in sorted(data_dir("regions").glob("*.yaml"))}


@dataclass(frozen=True)
class PackSource:
    """Where the pack of one key is read from, for ``kitgen regions``."""

    key: str
    path: Path
    district: bool  # the district's own pack (the data folder), not a shipped one
    replaces_shipped: bool  # a district pack used instead of the shipped pack of that name


def pack_sources() -> tuple[PackSource, ...]:
    """Every pack key kitgen can use (``national`` too), and which file is used for it."""
    shipped, district = _shipped_packs(), _district_packs()
    out = []
    for key in sorted(set(shipped) | set(district)):
        if key in district:
            out.append(PackSource(key, district[key], True, key in shipped))
        else:
            out.append(PackSource(key, shipped[key], False, False))
    return tuple(out)


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
    """The keys of the packs a family file or ``--region`` may name: shipped and district."""
    return tuple(s.key for s in pack_sources() if s.key != "national")


def _date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD text (the shared reader keeps dates as text) as a date; None if not one."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _source_date(value: Any, field: str, where: str) -> dt.date | int | None:
    if _date(value) is not None:
        return _date(value)
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
    unknown = [k for k in c if k not in _KEYS]
    if unknown:
        key = unknown[0]
        problem = Problem(
            f"contacts[{i}].{preview(str(key))}",
            unknown_key("key", key, sorted(_KEYS)),
            file=where,
            line=key_line(c, key),
        )
        raise DataError(f"{where} is not a valid region pack", (problem,))
    if not isinstance(c.get("name"), str) or not c["name"].strip():
        raise bad("name", "needs the organisation's name")
    if c.get("kind") not in KINDS:
        raise bad("kind", f"must be one of {', '.join(KINDS)}")
    desc = c.get("description") or {}
    if not isinstance(desc, dict) or not desc.get("en"):
        raise bad("description", "needs an English text (en)")
    if not all(isinstance(v, str) for v in desc.values()):
        raise bad("description", "each language's description is text")
    for k in _OPTIONAL_TEXT:
        if c.get(k) is not None and not isinstance(c[k], (str, int)):
            raise bad(k, "is text")
    source = c.get("source")
    if not isinstance(source, str) or not source.strip():
        what = "phone number" if c.get("phone") or c.get("tty") else "contact"
        raise bad("source", f"is required: a {what} without a source is not printed")
    if "source_date" not in c:
        raise bad("source_date", f"is required: the source's date, its year, or '{UNDATED}'")
    source_date = _source_date(c["source_date"], f"contacts[{i}].source_date", where)
    checked = c.get("checked")
    if checked is not None:
        checked = _date(checked)
    if c.get("checked") is not None and checked is None:
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

    def fail(name: str, message: str) -> DataError:
        return DataError(f"{where} is not a valid region pack", (Problem("", message, file=where),))

    raw, problems = read_yaml_file(path, KIND, what="a region pack", limit=MAX_BYTES, fail=fail)
    if problems:
        raise DataError(f"{where} is not a valid region pack", tuple(problems))
    if isinstance(raw, dict):
        unknown = [
            Problem(
                preview(str(key)),
                unknown_key("pack key", key, PACK_KEYS),
                file=where,
                line=key_line(raw, key),
            )
            for key in raw
            if key not in PACK_KEYS
        ]
        if unknown:
            raise DataError(f"{where} is not a valid region pack", tuple(unknown))
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise DataError(
            f"{where} is not a valid region pack",
            (Problem("name", "a pack is a mapping with a name and contacts", file=where),),
        )
    listed = raw.get("contacts") or []
    if not isinstance(listed, list):
        raise DataError(
            f"{where} is not a valid region pack",
            (Problem("contacts", "is a list of contacts", file=where),),
        )
    contacts = tuple(_contact(c, i, where) for i, c in enumerate(listed))
    key = raw.get("key") or Path(path).stem
    state = raw.get("state")
    if not isinstance(key, str) or not (state is None or isinstance(state, str)):
        raise DataError(
            f"{where} is not a valid region pack",
            (Problem("key", "the key and state are text", file=where),),
        )
    return Region(key=key, name=raw["name"], state=state, contacts=contacts)


@cache
def _load_file(path: str, where: str) -> Region:
    return load_pack(Path(path), where)


def _load(key: str) -> Region:
    district = _district_packs().get(key)
    if district is not None:
        return _load_file(str(district), str(district))
    return _load_file(str(data_dir("regions") / f"{key}.yaml"), f"regions/{key}.yaml")


def region(key: str | Region | None) -> Region:
    """The pack ``key`` with the national contacts after its own; ``None`` gives national only.

    A :class:`Region` (from :func:`region_file`) is returned as it is.
    """
    if isinstance(key, Region):
        return key
    national = _load("national")
    if key is None:
        return national
    key = key.lower()
    if key not in available_regions():
        raise UsageError(
            f"unknown region '{key}'; the packs are: {', '.join(available_regions())}"
            " (see regions/README.md to write your own, or give one with --region-file)"
        )
    local = _load(key)
    return Region(local.key, local.name, local.state, local.contacts + national.contacts)


def region_file(path: str | Path) -> Region:
    """The pack in the file ``path`` (``--region-file``), national contacts after its own."""
    local = load_pack(Path(path), str(path))
    national = _load("national")
    return Region(local.key, local.name, local.state, local.contacts + national.contacts)
