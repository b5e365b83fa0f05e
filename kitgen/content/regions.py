"""Region packs: local free legal help, school contacts, hotlines (``regions/<key>.yaml``).

In: a region key (or none). Out: a :class:`Region` whose contacts are the pack's followed by the
national ones. A broken pack is kitgen's content bug (:class:`ContentError`); an unknown key is
a usage error that lists the packs shipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import yaml

from ..errors import ContentError, UsageError
from ..resources import data_dir

KINDS = ("school", "legal_aid", "hotline", "civil_rights", "government")
_KEYS = {
    "name",
    "kind",
    "description",
    "phone",
    "tty",
    "web",
    "email",
    "address",
    "source",
    "source_date",
    "checked",
}


@dataclass(frozen=True)
class RegionContact:
    name: str
    kind: str
    description: dict[str, str]
    source: str
    source_date: str  # the date of the source the contact was taken from (a year will do)
    checked: dt.date | None = None  # set only when a person checked it against a live source
    phone: str | None = None
    tty: str | None = None
    web: str | None = None
    email: str | None = None
    address: str | None = None

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description["en"]


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    state: str | None
    contacts: tuple[RegionContact, ...]


def available_regions() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in data_dir("regions").glob("*.yaml") if p.stem != "national"))


@cache
def _load(key: str) -> Region:
    path = data_dir("regions") / f"{key}.yaml"
    where = f"regions/{key}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{where} is unreadable: {exc}") from None
    contacts = []
    for i, c in enumerate(raw.get("contacts") or ()):
        unknown = set(c) - _KEYS
        if unknown:
            raise ContentError(f"{where}: contacts[{i}]: unknown keys {sorted(unknown)}")
        if c.get("kind") not in KINDS:
            raise ContentError(f"{where}: contacts[{i}].kind must be one of {', '.join(KINDS)}")
        desc = c.get("description") or {}
        if "en" not in desc:
            raise ContentError(f"{where}: contacts[{i}].description needs an English text (en)")
        if not c.get("source") or not str(c.get("source_date") or "").strip():
            raise ContentError(
                f"{where}: contacts[{i}] needs a source and the source's date (source_date)"
            )
        if c.get("checked") is not None and not isinstance(c.get("checked"), dt.date):
            raise ContentError(
                f"{where}: contacts[{i}].checked must be the date a person checked the "
                "contact against a live source, or left out"
            )
        contacts.append(
            RegionContact(
                name=c["name"],
                kind=c["kind"],
                description={str(k): str(v) for k, v in desc.items()},
                source=c["source"],
                source_date=str(c["source_date"]),
                checked=c.get("checked"),
                **{
                    k: (str(c[k]) if c.get(k) else None)
                    for k in ("phone", "tty", "web", "email", "address")
                },
            )
        )
    return Region(key=key, name=raw["name"], state=raw.get("state"), contacts=tuple(contacts))


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
