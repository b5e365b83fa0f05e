"""The district's own translations: ``locales/<code>/LC_MESSAGES/kitgen.po`` in the district's
data folder (:func:`kitgen.resources.user_home`), written only by ``kitgen locales import``.

Nothing of an installed kitgen is changed by an import, so an upgrade (a reinstall) keeps it. When
a locale is loaded, each of its strings is taken from the district's catalog instead of the
shipped one if:

- the district's entry is of the same English text (its msgid is one kitgen still has, and its
  ``source:`` stamp names that text): a changed English string never keeps an old translation;
- its placeholders are the English ones;
- it is *reviewed* (no fuzzy flag), or it is a draft and the shipped translation is a draft too
  (or missing): a district's draft never replaces a shipped reviewed translation.

The file is read like every other input (:func:`kitgen.inputs.read_input`: bounded, no special
files); a broken one is a :class:`~kitgen.errors.DataError` naming it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, Problem, preview
from ..inputs import read_input
from .catalog import DOMAIN, district_catalog_path, stamped

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: A locale's catalog is about 200 KB; the district's holds at most as many strings.
MAX_BYTES = 20_000_000


def read_district_catalog(code: str) -> Catalog | None:
    """The district's catalog of ``code``, or None when it has none."""
    path = district_catalog_path(code)
    if not path.exists() and not path.is_symlink():
        return None
    where = str(path)

    def fail(name: str, message: str) -> DataError:
        return DataError(f"{where} cannot be read", (Problem("", message, file=where),))

    data = read_input(
        path, what="a translation file", hint="a .po file", limit=MAX_BYTES, fail=fail
    )
    from babel.messages.pofile import read_po

    try:
        return read_po(io.BytesIO(data), locale=None, domain=DOMAIN)
    except Exception as exc:  # noqa: BLE001 - babel raises several types for broken files
        raise DataError(f"{where} is not a readable PO file: {preview(str(exc))}") from None


@dataclass(frozen=True)
class DistrictStrings:
    """What a locale takes from the district's catalog."""

    path: Path
    messages: dict[str, str]  # msgid -> translation used instead of the shipped one
    reviewed: int  # how many of them are reviewed
    ignored: int  # entries not used: another English text, placeholders, or a draft
    reviewed_ids: frozenset[str] = frozenset()  # the msgids of the reviewed ones


def district_strings(code: str, shipped_po: Path) -> DistrictStrings | None:
    """The district's translations of ``code`` that a packet uses (see the module's rules)."""
    district = read_district_catalog(code)
    if district is None:
        return None
    shipped_catalog: Catalog | None = None
    messages: dict[str, str] = {}
    reviewed_ids: set[str] = set()
    ignored = 0
    for message in district:
        if not message.id or not isinstance(message.id, str) or not message.string:
            continue
        if shipped_catalog is None:
            from babel.messages.pofile import read_po

            with shipped_po.open("rb") as fh:
                shipped_catalog = read_po(fh, locale=None, domain=DOMAIN)
        shipped = shipped_catalog.get(message.id)
        text = str(message.string)
        ok = (
            shipped is not None
            and stamped(message) is True
            and sorted(_PLACEHOLDER.findall(message.id)) == sorted(_PLACEHOLDER.findall(text))
        )
        if ok and message.fuzzy and shipped is not None and shipped.string and not shipped.fuzzy:
            ok = False  # a district draft never replaces a shipped reviewed translation
        if not ok:
            ignored += 1
            continue
        messages[message.id] = text
        if not message.fuzzy:
            reviewed_ids.add(message.id)
    return DistrictStrings(
        district_catalog_path(code), messages, len(reviewed_ids), ignored, frozenset(reviewed_ids)
    )
