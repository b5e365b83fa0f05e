"""Code lists a family file is checked against: packet languages, spoken languages, US states.

In: a code as someone typed it (``zh_hans``, ``ma``). Out: the canonical code (``zh-Hans``,
``MA``) or ``None`` when it is not one. Internal to :mod:`kitgen.family`; may change.
"""

from __future__ import annotations

import re
from functools import cache

#: Languages a packet can be printed in (beside English). BCP 47 tags, canonical case.
PACKET_LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "ht", "kea", "fr", "vi", "zh-Hans", "zh-Hant", "ar", "so", "ru", "uk",
    "ko", "ja", "tl", "hmn", "ur", "bn", "fa", "prs", "ps", "ne", "my", "km", "am", "ti", "pl",
    "sw",
)  # fmt: skip

#: US states, DC and the territories, by USPS code: chooses the caregiver forms.
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
}  # fmt: skip

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")


def canonical_tag(text: str) -> str | None:
    """``zh_hans`` -> ``zh-Hans``, ``PT-br`` -> ``pt-BR``; ``None`` if not a language tag."""
    match = _TAG.match(text.strip())
    if not match:
        return None
    language, script, region = match.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def packet_language(text: str) -> str | None:
    """The packet language ``text`` names (any case, ``-`` or ``_``), or ``None``."""
    tag = canonical_tag(text)
    return tag if tag in PACKET_LANGUAGES else None


@cache
def _english_names() -> dict[str, str]:
    """CLDR's English language names by code (``es`` -> ``Spanish``), from Babel."""
    from ..i18n.cldr import language_names

    return language_names("en")


def spoken_language(text: str) -> str | None:
    """A language someone speaks, as a canonical tag, or ``None``.

    Any packet language; any two-letter ISO 639-1 code; any three-letter ISO 639-3 code, since
    many families speak languages CLDR has no data for (Mam, Q'anjob'al, Dari as ``prs``).
    """
    tag = canonical_tag(text)
    if tag is None:
        return None
    if tag in PACKET_LANGUAGES:
        return tag
    primary = tag.split("-")[0]
    if len(primary) == 2 and primary not in _english_names():
        return None
    return tag


def language_code_for_name(text: str) -> str | None:
    """``Spanish`` -> ``es`` (English names only), for a helpful error message."""
    wanted = text.strip().casefold()
    for code, name in _english_names().items():
        if name.casefold() == wanted:
            return canonical_tag(code)
    return None


def state_code_for_name(text: str) -> str | None:
    """``Massachusetts`` -> ``MA``, for a helpful error message."""
    wanted = text.strip().casefold()
    for code, name in US_STATES.items():
        if name.casefold() == wanted:
            return code
    return None
