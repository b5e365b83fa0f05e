"""Handing a locale to translators and taking their work back.

Export: one locale's catalog as a PO file or an XLIFF 1.2 file (what most translation tools
read), each unit carrying the English source, the current draft and whether it is a draft.
Import: the translator's PO or XLIFF back into ``locales/<code>/LC_MESSAGES/kitgen.po``. Only
strings kitgen knows are taken (unknown ones are reported), placeholders must match the English,
and every imported string stays a draft (fuzzy) unless ``reviewed`` is given: marking a locale
reviewed is a person's decision, recorded in its ``locale.toml``.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..errors import DataError, Problem, UsageError, preview
from ..inputs import read_input
from ..resources import data_dir
from .catalog import DOMAIN, canonical_code, stamp

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
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


def _pairs_from(data: bytes, filename: str) -> list[tuple[str, str]]:
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
        pairs = []
        for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit"):
            source = unit.find(f"{{{XLIFF_NS}}}source")
            target = unit.find(f"{{{XLIFF_NS}}}target")
            if source is not None and target is not None and (target.text or "").strip():
                pairs.append((source.text or "", target.text or ""))
        return pairs
    try:
        catalog = read_po(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - babel raises several types for broken files
        raise DataError(f"{filename} is not a readable PO file: {preview(str(exc))}") from None
    return [(str(m.id), str(m.string)) for m in catalog if m.id and m.string]


def import_locale(code: str, path: Path, *, reviewed: bool = False) -> int:
    """Take translations from ``path`` (PO or XLIFF) into the catalog of ``code``.

    Returns how many strings changed. Raises :class:`DataError` listing every string whose
    placeholders differ from the English, or that kitgen does not have; nothing is written
    then.
    """
    code = canonical_code(code)

    def fail(name: str, message: str) -> DataError:
        return DataError(f"{name} cannot be imported", (Problem("", message, file=name),))

    data = read_input(
        path, what="a translation file", hint="a .po or .xliff file", limit=MAX_BYTES, fail=fail
    )
    catalog = _read(code)
    problems = []
    changed = 0
    for source, target in _pairs_from(data, path.name):
        message = catalog.get(source)
        short = source if len(source) <= 50 else source[:47] + "..."
        if message is None:
            problems.append(Problem(short, "kitgen has no such English string", file=path.name))
            continue
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(target)):
            problems.append(
                Problem(
                    short, "the placeholders (%(name)s) differ from the English", file=path.name
                )
            )
            continue
        if message.string != target or (reviewed and message.fuzzy):
            message.string = target
            changed += 1
        stamp(message)  # this translation is of this English text
        if reviewed:
            message.flags.discard("fuzzy")
        else:
            message.flags.add("fuzzy")
    if problems:
        raise DataError(f"{path.name}: {len(problems)} strings cannot be imported", tuple(problems))
    with _catalog_path(code).open("wb") as fh:
        write_po(fh, catalog, width=0, ignore_obsolete=True)
    return changed
