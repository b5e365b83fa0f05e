"""The commented blank family file with its notes in the family's language.

In: a language code. Out: the text of :func:`kitgen.family.blank_family_yaml`, each field's note
led by the form's label for it in that language (the same words as the intake form and the
packet), then the English note, so a liaison reading over a family's shoulder understands too.
"""

from __future__ import annotations

from ..family import blank_family_yaml
from ..family.fields import Spec
from ..family.schema import field_note as english_note
from ..i18n import language
from . import labels as lb

#: Notes of fields that are records or lists of records, or that the form does not ask.
_OTHER = {
    "language": "Language",
    "parents": lb.HEADINGS["parents"],
    "children": lb.HEADINGS["children"],
    "contacts": lb.HEADINGS["contacts"],
    "memorize": lb.HEADINGS["memorize"],
    "documents": lb.HEADINGS["documents"],
    "money": lb.HEADINGS["money"],
}


def _label(pattern: str) -> str | None:
    if pattern in lb.LABELS:
        return lb.LABELS[pattern]
    if pattern in _OTHER:
        return _OTHER[pattern]
    for key in (pattern, pattern + "[]"):
        if key in lb.BLOCKS:
            return lb.BLOCKS[key].replace(" %(number)s", "").replace("%(number)s", "").strip()
    return None


def blank_family_yaml_in(code: str) -> str:
    """The blank family file for a family writing ``code`` (notes in it, then in English)."""
    lang = language(code)
    if lang.code == "en":
        return blank_family_yaml("en")

    def note(pattern: str, row: Spec) -> str:
        msgid = _label(pattern)
        english = english_note(pattern, row).removeprefix("required: ")
        if msgid is None:
            return english
        own = lang.gettext(msgid)
        if "%(number)s" in own:  # a numbered title: drop the number
            own = own.replace("%(number)s", "").strip()
        required = f"{lang.gettext(lb.REQUIRED)}: " if row.required else ""
        return f"{required}{own} | {english}"

    return blank_family_yaml(lang.code, note=note)
