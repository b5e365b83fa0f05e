"""Handing a locale to translators and taking their work back.

Export: one locale's catalog as a PO file or an XLIFF 1.2 file (what most translation tools
read), each unit carrying the English source, the current translation and whether it is a
draft. Export never marks a unit reviewed: a draft is ``fuzzy`` (PO) or
``state="needs-review-translation"`` (XLIFF), a shipped reviewed string ``state="translated"``.

Import: the translator's PO, XLIFF 1.2 or XLIFF 2.0 into the district's own catalog
(:func:`kitgen.i18n.catalog.district_catalog_path`, in the district's data folder), never into
the installed package. The file is read by the shared hostile-input reader. The rules:

- Every string must be one kitgen has now, with the English placeholders; a string kitgen does
  not have (an English text that has since changed, so its old translation cannot be kept) or
  a placeholder mismatch *refuses the whole file*, listing every such string, and nothing is
  written.
- A string is taken as *reviewed* only when ``reviewed`` is given (a person vouches for the
  review) **and** the file marks it reviewed: in PO, no ``fuzzy`` flag; in XLIFF 1.2,
  ``approved="yes"`` on the ``trans-unit`` or ``state="final"`` / ``state="signed-off"`` on the
  ``target`` (a ``needs-*`` state is always a draft); in XLIFF 2.0, ``state="final"`` on every
  segment of the unit. Everything else is imported as a draft (fuzzy).
- A string whose translation and review state are what kitgen already uses is not changed, so
  an untouched export re-imported changes nothing (and is never "reviewed": export writes no
  reviewed marks, and PO drafts keep their fuzzy flag). A draft never replaces a reviewed
  translation of the same text.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from ..errors import DataError, Problem, UsageError, preview
from ..inputs import read_input
from ..resources import data_dir
from .catalog import DOMAIN, canonical_code, district_catalog_path, stamp, stamped
from .district import read_district_catalog

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
#: XLIFF 1.2 target states that mean a reviewer signed the translation off
XLIFF12_REVIEWED = ("final", "signed-off")
#: A locale's catalog is about 200 KB as PO, a little more as XLIFF.
MAX_BYTES = 20_000_000


def _catalog_path(code: str) -> Path:
    return data_dir("locales") / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(code: str) -> Catalog:
    path = _catalog_path(code)
    if not path.is_file():
        raise UsageError(f"locale {code} has no catalog yet ({path})")
    with path.open("rb") as fh:
        return read_po(fh)


def export_locale(code: str, fmt: str) -> bytes:
    """The catalog of ``code`` as ``"po"`` or ``"xliff"`` bytes."""
    code = canonical_code(code)
    if code == "en":
        raise UsageError("English is the source language; export another locale")
    catalog = _read(code)
    if fmt == "po":
        buf = io.BytesIO()
        write_po(buf, catalog, width=0, ignore_obsolete=True)
        return buf.getvalue()
    if fmt != "xliff":
        raise UsageError(f"unknown export format '{fmt}'; use po or xliff")
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", version="1.2")
    file_el = ET.SubElement(
        root,
        f"{{{XLIFF_NS}}}file",
        {"source-language": "en", "target-language": code, "datatype": "plaintext",
         "original": f"{DOMAIN}.po"},
    )  # fmt: skip
    body = ET.SubElement(file_el, f"{{{XLIFF_NS}}}body")
    for n, message in enumerate(m for m in catalog if m.id):
        unit = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", id=str(n + 1))
        ET.SubElement(unit, f"{{{XLIFF_NS}}}source").text = str(message.id)
        state = "needs-review-translation" if message.fuzzy else "translated"
        if not message.string:
            state = "new"
        target = ET.SubElement(unit, f"{{{XLIFF_NS}}}target", state=state)
        target.text = str(message.string or "")
        if message.locations:
            note = ", ".join(f"{p}:{line}" for p, line in message.locations)
            ET.SubElement(unit, f"{{{XLIFF_NS}}}note").text = note
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _xliff_units(root: ET.Element, filename: str) -> list[tuple[str, str, bool]]:
    """(English, translation, marked reviewed) of each translated unit of an XLIFF file."""
    units = []
    if root.tag == f"{{{XLIFF_NS}}}xliff":
        for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit"):
            target = unit.find(f"{{{XLIFF_NS}}}target")
            if target is None or not _text(target).strip():
                continue
            state = (target.get("state") or "").strip()
            approved = (unit.get("approved") or "").strip() == "yes"
            marked = not state.startswith("needs-") and (approved or state in XLIFF12_REVIEWED)
            units.append((_text(unit.find(f"{{{XLIFF_NS}}}source")), _text(target), marked))
        return units
    if root.tag == f"{{{XLIFF2_NS}}}xliff":
        for unit in root.iter(f"{{{XLIFF2_NS}}}unit"):
            segments = unit.findall(f"{{{XLIFF2_NS}}}segment")
            source = "".join(_text(s.find(f"{{{XLIFF2_NS}}}source")) for s in segments)
            text = "".join(_text(s.find(f"{{{XLIFF2_NS}}}target")) for s in segments)
            if not segments or not text.strip():
                continue
            final = all((s.get("state") or "").strip() == "final" for s in segments)
            units.append((source, text, final))
        return units
    raise DataError(
        f"{filename} cannot be imported",
        (Problem("", "the file is neither XLIFF 1.2 nor XLIFF 2.0", filename),),
    )


def _pairs_from(data: bytes, filename: str) -> list[tuple[str, str, bool]]:
    """(English, translation, marked reviewed in the file) of each translated string."""
    if filename.lower().endswith((".xlf", ".xliff")):
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise DataError(
                f"{filename} cannot be imported",
                (Problem("", "an XLIFF file may not declare a DOCTYPE or entities", filename),),
            )
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            raise DataError(f"{filename} is not valid XLIFF: {preview(str(exc))}") from None
        return _xliff_units(root, filename)
    try:
        catalog = read_po(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - babel raises several types for broken files
        raise DataError(f"{filename} is not a readable PO file: {preview(str(exc))}") from None
    return [(str(m.id), str(m.string), not m.fuzzy) for m in catalog if m.id and m.string]


def _in_use(shipped: Message | None, district: Message | None) -> tuple[str, bool]:
    """The translation kitgen uses now for one string and whether it is reviewed (the
    district's entry when it is of this English text, see :mod:`kitgen.i18n.district`)."""
    if district is not None and district.string and stamped(district) is True:
        if not (district.fuzzy and shipped is not None and shipped.string and not shipped.fuzzy):
            return str(district.string), not district.fuzzy
    if shipped is None or not shipped.string:
        return "", False
    return str(shipped.string), not shipped.fuzzy


@dataclass(frozen=True)
class ImportResult:
    changed: int  # strings whose translation or review state changed
    reviewed: int  # of those, how many are now reviewed
    path: Path  # the district's catalog (written only when something changed)


def import_locale(code: str, path: Path, *, reviewed: bool = False) -> ImportResult:
    """Take translations from ``path`` (PO or XLIFF) into the district's catalog of ``code``
    (see the module's docstring for the rules).

    Raises :class:`DataError` listing every string whose placeholders differ from the English,
    or that kitgen does not have; nothing is written then.
    """
    code = canonical_code(code)
    if code == "en":
        raise UsageError("English is the source language; import another locale")

    def fail(name: str, message: str) -> DataError:
        return DataError(f"{name} cannot be imported", (Problem("", message, file=name),))

    data = read_input(
        path, what="a translation file", hint="a .po or .xliff file", limit=MAX_BYTES, fail=fail
    )
    shipped = _read(code)
    district = read_district_catalog(code)
    if district is None:
        district = Catalog(locale=None, domain=DOMAIN, project="kitgen")
        district.fuzzy = False
    problems = []
    taken: dict[str, tuple[str, bool]] = {}
    for source, target, marked in _pairs_from(data, path.name):
        short = source if len(source) <= 50 else source[:47] + "..."
        if shipped.get(source) is None:
            problems.append(
                Problem(
                    short,
                    "kitgen has no such English string (a changed English text keeps no old"
                    " translation)",
                    file=path.name,
                )
            )
            continue
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(target)):
            problems.append(
                Problem(
                    short, "the placeholders (%(name)s) differ from the English", file=path.name
                )
            )
            continue
        taken[source] = (target, reviewed and marked)
    if problems:
        raise DataError(f"{path.name}: {len(problems)} strings cannot be imported", tuple(problems))
    changed = now_reviewed = 0
    for source, (target, is_reviewed) in taken.items():
        current, current_reviewed = _in_use(shipped.get(source), district.get(source))
        if current == target and (current_reviewed or not is_reviewed):
            continue  # what kitgen uses already (a draft never un-reviews the same text)
        message = district.get(source) or district.add(source, target)
        message.string = target
        stamp(message)  # this translation is of this English text
        if is_reviewed:
            message.flags.discard("fuzzy")
        else:
            message.flags.add("fuzzy")
        changed += 1
        now_reviewed += int(is_reviewed)
    out = district_catalog_path(code)
    if changed:
        from ..output import write_atomic

        buf = io.BytesIO()
        write_po(buf, district, width=0, ignore_obsolete=True, sort_output=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, buf.getvalue(), private=False)
    return ImportResult(changed, now_reviewed, out)
