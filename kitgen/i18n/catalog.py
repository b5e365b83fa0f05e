"""Locale metadata and translations.

A district's own translations (``kitgen locales import``, kept in the district's data folder, see
:mod:`kitgen.i18n.district`) are laid over the shipped ones. Catalogs are read straight from the
``.po`` files with Babel, once per process: the ``.po`` is
the one source of truth, so there is no compiled ``.mo`` that can fall out of date. Draft
translations carry gettext's *fuzzy* flag until a qualified reviewer clears it; unlike plain
gettext, kitgen *uses* fuzzy strings (a draft in the family's language helps more than English
alone) and the locale's ``review.status`` says so, so a packet can carry a visible note.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError, UsageError
from ..resources import data_dir, user_dir
from . import cldr

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "kitgen"
#: Catalogs beside ``kitgen.po`` for the strings of one way in (a web page, an intake form):
#: each has its own ``locales/<domain>.pot`` and is merged into the locale's messages.
EXTRA_DOMAINS = ("kiosk", "intake")
#: The translations of the region packs' prose (regions/*.yaml: each contact's description),
#: kept apart from kitgen's own strings: data, not code, extracted by scripts/extract_regions.py
#: into ``locales/regions.pot``. A description without one prints in English only.
REGIONS_DOMAIN = "regions"


def district_catalog_path(code: str) -> Path:
    """Where ``kitgen locales import`` keeps the district's translations of locale ``code``
    (:mod:`kitgen.i18n.district` reads them)."""
    return user_dir("locales") / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Review:
    """Who reviewed a translation, and when ("source" for English)."""

    status: str  # "source" (English), "draft" or "reviewed"
    reviewer: str = ""
    date: str = ""
    note: str = ""


@dataclass(frozen=True)
class Language:
    """One locale: what it is called, how it is written, and its translations."""

    code: str  # BCP 47, as used on the command line: es, zh-Hans, prs
    english_name: str
    native_name: str
    script: str  # ISO 15924
    direction: str  # "ltr" or "rtl"
    babel: str  # the CLDR locale Babel formats dates and numbers with
    fonts: tuple[str, ...]
    review: Review
    messages: dict[str, str] = field(repr=False, compare=False, hash=False)
    #: what is not translated yet (locale.toml ``incomplete``): "" when every string is. An
    #: incomplete locale prints those strings in English, says so, and is not claimed as
    #: fully supported (``kitgen languages``, README)
    incomplete: str = ""
    #: kitgen's own date patterns for a language CLDR has none for (locale.toml ``[dates]``):
    #: the twelve month names and the long date pattern ("{day} {month} {year}")
    months: tuple[str, ...] = ()
    long_date: str = ""
    #: language names written in this language where CLDR has none (locale.toml
    #: ``[language_names]``, by kitgen code)
    language_names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    #: the district's own catalog this locale takes strings from (:mod:`kitgen.i18n.district`),
    #: "" when none; how many strings it gives, and how many of those are reviewed
    district_file: str = ""
    district_strings: int = 0
    district_reviewed: int = 0
    #: msgids that had no translation and fell back to English (for warnings and checks)
    missing: set[str] = field(default_factory=set, repr=False, compare=False, hash=False)
    #: English region-pack text -> its translation (``regions.po``, :data:`REGIONS_DOMAIN`)
    region_messages: dict[str, str] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )
    #: msgids whose translation a qualified translator reviewed: the district's, imported with
    #: ``locales import --reviewed`` (:mod:`kitgen.i18n.district`)
    reviewed: frozenset[str] = field(default=frozenset(), repr=False, compare=False, hash=False)
    #: set on a copy made by :meth:`recording`: the msgids (``used``) and the region-pack texts
    #: (``used_regions``) it gave a translation of
    used: set[str] | None = field(default=None, repr=False, compare=False, hash=False)
    used_regions: set[str] | None = field(default=None, repr=False, compare=False, hash=False)

    @property
    def is_draft(self) -> bool:
        return self.review.status == "draft"

    def recording(self) -> Language:
        """A copy of this locale that records every translation it gives (see
        :meth:`only_reviewed_used`); the copy shares the messages (nothing is reloaded)."""
        return dataclasses.replace(self, used=set(), used_regions=set())

    def only_reviewed_used(self) -> bool:
        """Whether every translation this :meth:`recording` copy gave is a reviewed one: each
        msgid is among :attr:`reviewed`, each region-pack text is reviewed in the shipped
        ``regions.po`` (not fuzzy). A text that fell back to English counts as no translation.
        A draft locale's packet then needs no "draft translation" note."""
        if self.used is None or self.used_regions is None:
            raise ValueError("only_reviewed_used() is for a copy made by recording()")
        if not self.used <= self.reviewed:
            return False
        return not self.used_regions or self.used_regions <= _reviewed_region_texts(self.code)

    @property
    def babel_locale(self) -> Locale:
        from babel import Locale

        return Locale.parse(self.babel)

    def format_long_date(self, value: date) -> str:
        """``value`` as this language writes a date in running text: kitgen's own pattern
        when the locale ships one (CLDR has no Haitian Creole or Hmong month names), else
        CLDR's long format."""
        if self.months and self.long_date:
            return self.long_date.format(
                day=value.day, month=self.months[value.month - 1], year=value.year
            )
        return cldr.long_date(value, self.babel)

    def gettext(self, msgid: str) -> str:
        """The translation of ``msgid``, or the English text (recorded in ``missing``)."""
        text = self.messages.get(msgid)
        if text:
            if self.used is not None:
                self.used.add(msgid)
            return text
        if self.code != "en":
            self.missing.add(msgid)
        return msgid

    def region_text(self, english: str) -> str | None:
        """The translation of a region pack's English ``english`` (a contact's description),
        or None: the packet then prints the English once. Keyed by the whole English text, so
        a changed description has no translation until it is translated again."""
        if self.code == "en":
            return english
        text = self.region_messages.get(english) or None
        if text is not None and self.used_regions is not None:
            self.used_regions.add(english)
        return text


def _reviewed_region_texts(code: str) -> frozenset[str]:
    """The region-pack texts (English) that ``regions.po`` of ``code`` has reviewed: translated
    and not fuzzy. Read only when a packet asks (a locale with reviewed district strings)."""
    path = _locales_dir() / code / "LC_MESSAGES" / f"{REGIONS_DOMAIN}.po"
    if not path.is_file():
        return frozenset()
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None, domain=REGIONS_DOMAIN)
    return frozenset(
        str(m.id)
        for m in catalog
        if m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    )


def _messages(code: str, po_path: Path) -> dict[str, str]:
    """msgid -> translation, from the precompiled ``.mo`` when it was made from this very
    ``.po`` (see :mod:`kitgen.precompile`), else from the ``.po`` itself."""
    from ..precompile import mo_path, source_hash

    data = po_path.read_bytes()
    try:
        cached = mo_path(code).read_bytes()
    except OSError:
        cached = b""
    digest, _, mo = cached.partition(b"\n")
    if mo and digest.decode("ascii", "replace") == source_hash(data):
        translations = gettext.GNUTranslations(io.BytesIO(mo))
        return {k: v for k, v in translations._catalog.items() if k and v}  # type: ignore[attr-defined]
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(data), locale=None, domain=DOMAIN)
    return {
        str(m.id): m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def _locales_dir() -> Path:
    return data_dir("locales")


@cache
def available_codes() -> tuple[str, ...]:
    """Codes of every locale kitgen ships, English first."""
    codes = sorted(p.name for p in _locales_dir().iterdir() if (p / "locale.toml").is_file())
    return tuple(sorted(codes, key=lambda c: (c != "en", c.lower())))


def canonical_code(code: str) -> str:
    """``zh_hans`` / ``ZH-HANS`` -> ``zh-Hans``; unknown codes raise :class:`UsageError`."""
    wanted = code.replace("_", "-").lower()
    for known in available_codes():
        if known.lower() == wanted:
            return known
    raise UsageError(
        f"unknown language '{code}'; kitgen ships: {', '.join(available_codes())}"
        " (run 'kitgen languages' for their names)"
    )


@cache
def language(code: str) -> Language:
    """The shipped locale ``code`` (any case, ``-`` or ``_``), loaded once per process."""
    code = canonical_code(code)
    folder = _locales_dir() / code
    try:
        meta = tomllib.loads((folder / "locale.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"locales/{code}/locale.toml is unreadable: {exc}") from None
    po_path = folder / "LC_MESSAGES" / f"{DOMAIN}.po"
    messages = _messages(code, po_path) if po_path.is_file() else {}
    # further domains (kiosk.po, intake.po: the strings of one way in) add to the main one
    for extra in sorted((folder / "LC_MESSAGES").glob("*.po")):
        if extra.stem in EXTRA_DOMAINS:
            for msgid, text in _messages(f"{code}.{extra.stem}", extra).items():
                messages.setdefault(msgid, text)
    regions_po = folder / "LC_MESSAGES" / f"{REGIONS_DOMAIN}.po"
    region_messages = (
        _messages(f"{code}.{REGIONS_DOMAIN}", regions_po) if regions_po.is_file() else {}
    )
    district = None
    district_po = district_catalog_path(code)
    if po_path.is_file() and (district_po.exists() or district_po.is_symlink()):
        from .district import district_strings  # only for a district's own translations

        district = district_strings(code, po_path)
    if district is not None:
        messages.update(district.messages)  # the district's reviewed work before shipped drafts
    review = meta.get("review", {})
    dates = meta.get("dates", {})
    months = tuple(str(m) for m in dates.get("months", ()))
    if months and len(months) != 12:
        raise ContentError(f"locales/{code}/locale.toml: [dates] months needs 12 names")
    return Language(
        code=code,
        english_name=meta["english_name"],
        native_name=meta["native_name"],
        script=meta["script"],
        direction=meta["direction"],
        babel=meta.get("babel", code.replace("-", "_")),
        fonts=tuple(meta.get("fonts", ())),
        review=Review(
            status=review.get("status", "draft"),
            reviewer=review.get("reviewer", ""),
            date=str(review.get("date", "")),
            note=review.get("note", ""),
        ),
        messages=messages,
        incomplete=str(meta.get("incomplete", "")).strip(),
        months=months,
        long_date=str(dates.get("long", "")),
        language_names={str(k): str(v) for k, v in meta.get("language_names", {}).items()},
        region_messages=region_messages,
        district_file=str(district.path) if district and district.messages else "",
        district_strings=len(district.messages) if district else 0,
        district_reviewed=district.reviewed if district else 0,
        reviewed=district.reviewed_ids if district else frozenset(),
    )


_STAMP = "source: "


def source_stamp(msgid: str) -> str:
    """The translator comment that records which English text a translation was made from.

    ``kitgen locales import`` writes it beside each string it takes; ``kitgen locales check``
    fails on a translation whose stamp is missing or names another English text, so a changed
    English string never keeps its old translation.
    """
    import hashlib

    return _STAMP + hashlib.sha256(msgid.encode("utf-8")).hexdigest()[:12]


def stamped(message: object) -> bool | None:
    """True if ``message`` was translated from its current msgid; None if it has no stamp."""
    comments = [c for c in getattr(message, "user_comments", ()) if c.startswith(_STAMP)]
    if not comments:
        return None
    return comments[-1] == source_stamp(str(getattr(message, "id", "")))


def stamp(message: object) -> None:
    """Record on ``message`` that its translation is made from its current msgid."""
    kept = [c for c in message.user_comments if not c.startswith(_STAMP)]  # type: ignore[attr-defined]
    message.user_comments = kept + [source_stamp(str(message.id))]  # type: ignore[attr-defined]
