"""The packet's template context: validated family data -> what templates/packet.xml.j2 reads.

In: a :class:`~kitgen.family.Family`, the family's :class:`~kitgen.i18n.Language`, a region pack.
Out: the packet's :class:`~kitgen.content.document.Document`.

Labels for the family file's enumerations (contact types, documents, decisions) are marked with
``N_`` so Babel extracts them into the catalogs; they are translated when the template runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from ..family import CaregiverForms, Wishes
from ..family.codes import US_STATES
from ..i18n import Language, cldr, language
from ..i18n.catalog import available_codes
from . import legal
from .document import Document
from .forms import PlannedForm, left_out_forms, plan_forms
from .regions import Region, legal_help_line
from .render import Number, PerLanguage, Renderer


def N_(msgid: str) -> str:  # noqa: N802 - gettext's conventional marker name
    """Mark a string for extraction; it is translated later, when the template runs."""
    return msgid


CONTACT_KINDS = (
    ("school", N_("Schools")),
    ("doctor", N_("Doctors")),
    ("attorney", N_("Immigration lawyer")),
    ("legal_aid", N_("Free legal help")),
    ("consulate", N_("Consulate")),
    ("family_abroad", N_("Family in the home country")),
    ("work", N_("Work")),
    ("other", N_("Other contacts")),
)

DOCUMENT_KINDS = (
    ("passport", N_("Passports")),
    ("passport_expired", N_("Expired passports")),
    ("id_card", N_("Identity cards")),
    ("birth_certificate", N_("Birth certificates")),
    ("ssn_itin_card", N_("Social Security cards or ITIN letters")),
    ("work_permit", N_("Work permits")),
    ("i94", N_("I-94 arrival/departure records")),
    ("caregiver_forms", N_("Caregiver and guardianship forms")),
    ("health_care_proxy", N_("Health-care power of attorney")),
    ("school_records", N_("School records")),
    ("medical_records", N_("Medical and vaccination records")),
    ("lease", N_("Lease or rent agreement")),
    ("bank_information", N_("Bank information")),
    ("proof_of_time_in_us", N_("Proof of time in the United States")),
    ("pending_case_receipts", N_("Receipts for pending immigration cases")),
    ("other", N_("Other documents")),
)

MONEY_KINDS = (
    ("bank_account", N_("Bank accounts")),
    ("rent", N_("Rent or mortgage")),
    ("car", N_("Car")),
    ("wages_owed", N_("Wages owed to you")),
    ("bills", N_("Bills")),
    ("other", N_("Other money matters")),
)

DECISIONS = {
    "school": N_("school"),
    "medical": N_("medical care"),
    "travel": N_("travel"),
}

#: the resource table's third column, titled with both in one line ("Website · E-mail")
WEB_AND_EMAIL = (N_("Website"), N_("E-mail"))
#: the date of a help contact's source, under its address in the resource table
SOURCE_DATED = N_("source dated %(year)s")
UNDATED_SOURCE = N_("undated source")

JOIN_ANSWERS = {
    "yes": N_("Yes, the children should join the parents."),
    "no": N_("No, the children should stay in the United States."),
    "undecided": N_("Not decided yet."),
}


def _per_language(renderer: Renderer, text_for: Any) -> Markup:
    """A ``<tr>`` whose text in each document language is ``text_for(language)`` (plain text)."""
    parts = [
        Markup('<l lang="%s"><u>') % lang.code + escape(text_for(lang)) + Markup("</u></l>")
        for lang in renderer.languages
    ]
    return Markup("<tr>") + Markup("").join(parts) + Markup("</tr>")


def _description(renderer: Renderer, contact: Any) -> Markup:
    """A help contact's description in the family's language (the ``regions`` catalog's
    translation) with the English, as the packet pairs every text; when it has no translation
    yet, the English once (never the English a second time in the family's place)."""
    texts = [(lang, contact.describe(lang)) for lang in renderer.languages]
    own = [(lang, text) for lang, text in texts if text]
    if not any(lang.code == "en" for lang, _ in own):
        english = language("en")
        own.append((english, contact.describe(english)))
    # region text, set in each line's own language and direction (English left to right and
    # on its own side in a right-to-left packet), as template text is
    parts = [
        Markup('<l lang="%s">') % lang.code + escape(text) + Markup("</l>") for lang, text in own
    ]
    return Markup("<tr>") + Markup("").join(parts) + Markup("</tr>")


def join_list(items: list[str], lang: Language) -> str:
    """``items`` joined the way ``lang`` writes a list (CLDR): "a, b y c", "a、b和c"."""
    if len(items) < 2:
        return "".join(items)
    try:
        return cldr.join_list(items, lang.babel)
    except (KeyError, ValueError):  # incomplete CLDR list patterns
        return ", ".join(items)


def language_display_name(code: str, in_lang: Language) -> str:
    """The name of language ``code`` written in ``in_lang`` (CLDR), or kitgen's own metadata."""
    if code in available_codes():
        meta = language(code)
        if in_lang.code == code:
            return meta.native_name
        if in_lang.code == "en":
            return meta.english_name
    if code in in_lang.language_names:  # kitgen's own, where CLDR has none (ht, hmn)
        return in_lang.language_names[code]
    name = cldr.display_name(code.replace("-", "_"), in_lang.babel)
    if name:
        return name
    return language(code).english_name if code in available_codes() else code


def _source_dates(s: legal.Statement) -> str:
    """The dates of one source, in English (the Sources page is English only)."""
    law = f"Dated {s.law_date.isoformat()}" if s.law_date else "Undated page"
    checked = f"checked {s.checked.isoformat()}" if s.checked else "not checked for kitgen"
    return f"{law}; {checked}."


def _grouped(items: Any, key: str) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(getattr(item, key), []).append(item)
    return groups


def packet_context(
    family: Any,
    renderer: Renderer,
    *,
    region: Region,
    prepared: dt.date,
    draft_note: bool,
    forms: list[PlannedForm],
    public: set[str] | None = None,
) -> dict[str, Any]:
    """What the packet's templates read. ``public`` receives every value printed that comes
    from the region pack, the legal sources, the form specifications or kitgen's language
    names, never from the family (see :attr:`Document.public_values`)."""
    if public is None:
        public = set()
    fam_lang = renderer.languages[0]
    caregivers = family.caregivers
    caregiver_list = [("primary", caregivers.primary)]
    if caregivers.backup is not None:
        caregiver_list.append(("backup", caregivers.backup))

    contacts_by_kind: dict[str, list[Any]] = {k: [] for k, _ in CONTACT_KINDS}
    for c in family.contacts:
        contacts_by_kind[c.type].append(c)

    def translated_list(msgids: list[str]) -> Markup:
        return _per_language(
            renderer, lambda lang: join_list([lang.gettext(m) for m in msgids], lang)
        )

    def language_list(codes: tuple[str, ...]) -> Markup:
        return _per_language(
            renderer, lambda lang: join_list([language_display_name(c, lang) for c in codes], lang)
        )

    wishes = family.wishes if family.wishes is not None else Wishes()
    join_key = wishes.join_parents_abroad or "undecided"
    help_contacts = []
    for c in region.contacts:
        help_contacts.append(
            {
                "name": c.name,
                "description": _description(renderer, c),
                "phone": Number(c.phone) if c.phone else None,
                "tty": Number(c.tty) if c.tty else None,
                "web": Number(c.web) if c.web else None,
                "email": Number(c.email) if c.email else None,
                # the region pack's text, not a family's value: set as English (see template)
                "address": Markup(escape(c.address)) if c.address else None,
                "source": c.source,
                # "source dated 2017", or "undated source": never a claim that it was checked
                "source_date": (
                    renderer.tr(SOURCE_DATED, year=Number(str(c.source_year)))
                    if c.source_year
                    else renderer.tr(UNDATED_SOURCE)
                ),
                # the same on the Sources page, which is English only
                "source_date_english": (
                    f"source dated {c.source_year}" if c.source_year else "undated source"
                ),
                "checked": c.checked,
            }
        )
        entry = help_contacts[-1]
        # the Sources page's line about it, in English
        entry["source_line"] = (
            f"{c.source}; {entry['source_date_english']}"
            + (
                f". Checked by a person on {c.checked.isoformat()}"
                if c.checked
                else ". Not checked against a live source"
            )
            + "."
        )
        for name in ("name", "phone", "tty", "web", "email", "source_line"):
            if entry[name]:
                public.add(str(entry[name]))
        public.update(_values_in(Markup(entry["source_date"])))

    legal_sources = [
        {
            "statement": s.statement,
            "source": s.source,
            "url": Number(s.url),
            "dates": _source_dates(s),
        }
        for s in legal.statements()
    ]
    for source in legal_sources:
        public.update(str(v) for v in source.values())
    for f in forms:
        public.update(
            (
                str(f.spec.citation),
                str(f.spec.law_source),
                f"version of the law: {f.spec.law_date}.",
            )
        )
    public.add("Text read at")
    web_and_email = _per_language(
        renderer, lambda lang: " · ".join(lang.gettext(m) for m in WEB_AND_EMAIL)
    )
    language_names = _per_language(
        renderer, lambda lang: language_display_name(fam_lang.code, lang)
    )
    public.update(_values_in(web_and_email) | _values_in(language_names))
    for lang in renderer.languages:
        public.add(lang.format_long_date(legal.as_of()))
    if region.key != "national":
        public.add(region.name)
    card_legal_help = _card_legal_help(region)
    if card_legal_help is not None:
        public.update((card_legal_help["name"], str(card_legal_help["phone"])))

    return {
        "family": family,
        "caregivers": caregivers,
        "caregiver_list": caregiver_list,
        "wishes": wishes,
        "print_sensitive": family.print_sensitive,
        "prepared": prepared,
        "region": region if region.key != "national" else None,
        "draft_note": draft_note,
        "language_name": PerLanguage(lambda lang: language_display_name(fam_lang.code, lang)),
        "language_names": language_names,
        "language_list": language_list,
        "decisions": lambda items: translated_list([DECISIONS[i] for i in items]),
        "join_answer": renderer.tr(JOIN_ANSWERS[join_key]),
        "contact_kinds": [(k, renderer.tr(label)) for k, label in CONTACT_KINDS],
        "contacts_by_kind": contacts_by_kind,
        "document_kinds": [(k, renderer.tr(label)) for k, label in DOCUMENT_KINDS],
        "documents_by_kind": _grouped(family.documents, "document"),
        "money_kinds": [(k, renderer.tr(label)) for k, label in MONEY_KINDS],
        "money_by_kind": _grouped(family.money, "item"),
        "listing": lambda items: ", ".join(items),
        "parts": lambda *items: " — ".join(i for i in items if i) or "—",
        "help_contacts": help_contacts,
        "web_and_email": web_and_email,
        "cite": legal.cite,
        "legal_as_of": legal.as_of(),
        "legal_sources": legal_sources,
        "state_name": US_STATES.get(family.state, family.state),
        "planned_forms": forms,
        "left_out": left_out_forms(family),
        "state_code": family.state,
        # the numbers card also carries the caregiver's number, unless it is memorized already
        "card_caregiver": None
        if caregivers.primary.phones[0].e164 in {n.phone.e164 for n in family.memorize}
        else caregivers.primary,
        "card_legal_help": card_legal_help,
        "form_choices": family.forms if family.forms is not None else CaregiverForms(),
        "title_of": lambda f: PerLanguage(lambda lang: lang.gettext(f.spec.title)),
        "witness_names": ", ".join(w.name for w in family.forms.witnesses)
        if family.forms is not None
        else "",
    }


def _card_legal_help(region: Region) -> dict[str, Any] | None:
    contact = legal_help_line(region)
    if contact is None or contact.phone is None:
        return None
    return {"name": contact.name, "phone": Number(contact.phone)}


def packet_document(
    family: Any,
    fam_lang: Language,
    *,
    region: Region,
    prepared: dt.date,
    draft_note: bool,
    filename: str | None = None,
) -> Document:
    """Render the packet template for ``family`` in ``fam_lang`` beside English."""
    english = language("en")
    languages = (fam_lang,) if fam_lang.code == "en" else (fam_lang, english)
    renderer = Renderer(languages, untranslated_as_english=True)
    public: set[str] = set()
    context = packet_context(
        family,
        renderer,
        region=region,
        prepared=prepared,
        draft_note=draft_note,
        forms=plan_forms(family, prepared, filename),
        public=public,
    )
    doc = renderer.render("packet.xml.j2", context)
    return _with_public_values(doc, frozenset(public))


def _with_public_values(doc: Document, public: frozenset[str]) -> Document:
    from dataclasses import replace

    return replace(doc, public_values=public)


def _values_in(markup: Markup) -> set[str]:
    """The values (``<u>``, ``<n>``) in markup made by :func:`_per_language`, as the document
    model holds them."""
    import re  # here, not above: the catalogs' line references to this file stay as they were

    return {_unescaped(m.group(2)) for m in re.finditer(r"<([un])>(.*?)</\1>", str(markup), re.S)}


#: markupsafe's five escapes, ``&amp;`` last. A value :func:`_per_language` escaped once
#: comes back whole; ``Markup.unescape`` gives the same, through the html package's entity
#: table (whose import a packet does not otherwise need).
_ESCAPES = (("&#34;", '"'), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def _unescaped(text: str) -> str:
    """``text`` as it was before :func:`markupsafe.escape`."""
    for entity, char in _ESCAPES:
        text = text.replace(entity, char)
    return text
