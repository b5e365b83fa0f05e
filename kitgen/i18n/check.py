"""Checks on the shipped catalogs, for ``kitgen locales check`` and CI.

In: ``locales/kitgen.pot`` (extracted from templates and code by scripts/update_catalogs.sh) and
each ``locales/<code>/LC_MESSAGES/kitgen.po``. Out: a list of problems: a string missing from a
catalog, an empty translation, placeholders (``%(name)s``) that differ from the English, or a
translation made from another English text than its msgid (its ``source:`` stamp differs).
Fuzzy (draft) translations are counted, not failed: they are what review status "draft" means.

The region packs' descriptions (domain ``regions``, ``locales/<code>/LC_MESSAGES/regions.po``)
are checked the same way, against the descriptions of the shipped packs themselves (not the
``.pot``): a description added or changed in ``regions/*.yaml`` is a problem in every locale
until it is translated again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.messages.pofile import read_po

from ..errors import Problem
from ..resources import data_dir
from .catalog import DOMAIN, REGIONS_DOMAIN, available_codes, language, source_stamp, stamped

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


#: Where legal text comes from: the caregiver forms, the rights pages, the rights card and the
#: know-your-rights poster (paths as the ``.pot`` names them; a folder ends with ``/``).
LEGAL_SOURCES = (
    "templates/forms/",
    "templates/packet/10_rights.xml.j2",
    "templates/packet/11_state_forms.xml.j2",
    "templates/packet/13_cards.xml.j2",
    "templates/rights_card.xml.j2",
    "templates/poster.xml.j2",
    "kitgen/content/forms.py",
)
#: The extracted comment (``#.``) every string of :data:`LEGAL_SOURCES` carries for translators;
#: scripts/update_catalogs.sh adds it to the ``.pot`` and merges it into every ``.po``.
LEGAL_COMMENT = (
    "TRANSLATORS: Legal text. The English form is the one signed; keep statute names and"
    " numbers (e.g. M.G.L. c.190B §5-103) as they are."
)


def has_legal_comment(message: object) -> bool:
    """Whether ``message`` carries :data:`LEGAL_COMMENT` (a ``.po`` file wraps it on lines)."""
    return LEGAL_COMMENT in " ".join(getattr(message, "auto_comments", ()))


def is_legal(message: object) -> bool:
    """Whether a ``.pot`` message is used in legal text (one of :data:`LEGAL_SOURCES`)."""
    return any(
        path == source or (source.endswith("/") and path.startswith(source))
        for path, _line in getattr(message, "locations", ())
        for source in LEGAL_SOURCES
    )


@dataclass(frozen=True)
class CatalogReport:
    code: str
    total: int
    translated: int
    fuzzy: int
    problems: tuple[Problem, ...]
    untranslated: int = 0  # in a locale marked incomplete: printed in English


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# What each problem's fix is. These are the shipped catalogs (a developer's fix in the
# repository): ``kitgen locales import`` writes only the district's data folder, so it fixes
# none of them.
_UPDATE = "run scripts/update_catalogs.sh"
_MERGE = {
    DOMAIN: f"{_UPDATE} (it merges locales/kitgen.pot into every catalog), then translate it",
    REGIONS_DOMAIN: f"{_UPDATE} (it takes the region packs' descriptions into regions.po), then"
    " translate it",
}


def _missing_catalog(domain: str) -> str:
    if domain == DOMAIN:
        return (
            "the catalog is missing; make it from locales/kitgen.pot (the steps of 'Add a"
            " language' in CONTRIBUTING.md), then fill every msgstr"
        )
    return f"the catalog is missing; {_UPDATE} (it makes {domain}.po from kitgen.po's header)"


def _write_it(msgid: str) -> str:
    return (
        f"write its msgstr in this file as a draft ('#, fuzzy') made from the current English,"
        f" with the translator comment '# {source_stamp(msgid)}'"
    )


def _region_texts() -> list[str]:
    from ..content.regions import shipped_texts

    return list(dict.fromkeys(t.english for t in shipped_texts()))


def check_catalogs() -> list[CatalogReport]:
    locales = data_dir("locales")
    with (locales / f"{DOMAIN}.pot").open("rb") as fh:
        template = read_po(fh)
    kitgen_wanted = [str(m.id) for m in template if m.id]
    legal = {str(m.id) for m in template if m.id and is_legal(m)}
    domains = (
        (DOMAIN, kitgen_wanted),
        (REGIONS_DOMAIN, _region_texts()),
    )
    reports = []
    bare = [str(m.id) for m in template if str(m.id) in legal and not has_legal_comment(m)]
    if bare:
        reports.append(
            CatalogReport(
                "(pot)",
                len(kitgen_wanted),
                0,
                0,
                tuple(
                    Problem(
                        msgid[:50],
                        "legal text without its translator comment; run scripts/update_catalogs.sh",
                        file=f"locales/{DOMAIN}.pot",
                    )
                    for msgid in bare
                ),
            )
        )
    for code in available_codes():
        if code == "en":
            continue
        total = translated = fuzzy = untranslated = 0
        problems: list[Problem] = []
        incomplete = bool(language(code).incomplete)
        for domain, wanted in domains:
            total += len(wanted)
            po_path = locales / code / "LC_MESSAGES" / f"{domain}.po"
            where = f"locales/{code}/LC_MESSAGES/{domain}.po"
            if not po_path.is_file():
                problems.append(Problem("", _missing_catalog(domain), file=where))
                continue
            with po_path.open("rb") as fh:
                catalog = read_po(fh)
            for msgid in wanted:
                message = catalog.get(msgid)
                short = msgid if len(msgid) <= 50 else msgid[:47] + "..."
                text = (
                    message.string
                    if message is not None and isinstance(message.string, str)
                    else ""
                )
                if not text.strip() and incomplete:
                    untranslated += 1  # locale.toml says what is missing; it prints in English
                    continue
                if message is None:
                    problems.append(
                        Problem(short, f"missing from the catalog; {_MERGE[domain]}", file=where)
                    )
                    continue
                if domain == DOMAIN and msgid in legal and not has_legal_comment(message):
                    problems.append(
                        Problem(
                            short,
                            "legal text without its translator comment; run"
                            " scripts/update_catalogs.sh",
                            file=where,
                        )
                    )
                    continue
                if not text.strip():
                    problems.append(
                        Problem(short, f"has no translation; {_write_it(msgid)}", file=where)
                    )
                    continue
                if _placeholders(text) != _placeholders(msgid):
                    problems.append(
                        Problem(
                            short,
                            f"placeholders {_placeholders(text)} differ from the English "
                            f"{_placeholders(msgid)}; edit its msgstr to use the English"
                            " placeholders, unchanged",
                            file=where,
                        )
                    )
                    continue
                if not stamped(message):
                    problems.append(
                        Problem(
                            short,
                            "the translation was made from another English text (or records"
                            " none): the English changed since; translate it again from the"
                            " current English and set its translator comment to"
                            f" '# {source_stamp(msgid)}' (keep '#, fuzzy' until it is reviewed)",
                            file=where,
                        )
                    )
                    continue
                translated += 1
                fuzzy += message.fuzzy
        meta = language(code)
        if fuzzy and meta.review.status == "reviewed":
            problems.append(
                Problem(
                    "",
                    f"locale.toml says reviewed but {fuzzy} strings are still fuzzy (drafts);"
                    " have them reviewed and remove their fuzzy flags, or set review.status ="
                    f' "draft" in locales/{code}/locale.toml',
                    file=f"locales/{code}/LC_MESSAGES/{DOMAIN}.po",
                )
            )
        reports.append(CatalogReport(code, total, translated, fuzzy, tuple(problems), untranslated))
    return reports
