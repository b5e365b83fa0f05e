"""The poster's content: languages + district settings -> one document per language.

In: the poster's language codes, the district's :class:`~kitgen.settings.Settings` (or none).
Out: one :class:`~kitgen.content.document.Document` per language, rendered from
``templates/poster.xml.j2`` with ``Renderer([language])``, and the QR code of the district's
resource page.

Where to get free help comes from the region pack (the settings' ``region``, else the national
contacts): the pack's own contacts that have a phone number or a website first (two at most),
then a national free legal help site and the Office for Civil Rights (discrimination in schools).
"""

from __future__ import annotations

from typing import Any

import segno

from ..content import legal
from ..content.document import Document
from ..content.regions import Region, RegionContact
from ..content.regions import region as load_region
from ..content.render import Number, Renderer
from ..i18n import language
from ..settings import Settings

MAX_LOCAL_CONTACTS = 2


def help_contacts(pack: Region) -> list[RegionContact]:
    """The contacts a poster prints: few, each with a number or an address to go to."""
    national = load_region(None).contacts
    local = [c for c in pack.contacts if c not in national and (c.phone or c.web)]
    # a number to call beats a website: web-only contacts only when the pack has no number
    callable_ = [c for c in local if c.phone]
    chosen = (callable_ or local)[:MAX_LOCAL_CONTACTS]
    chosen += [c for c in national if c.kind == "legal_aid" and (c.phone or c.web)][:1]
    chosen += [c for c in national if c.kind == "civil_rights" and c.phone][:1]
    return chosen


def poster_documents(
    codes: tuple[str, ...], settings: Settings | None, region: Region | None = None
) -> tuple[Document, ...]:
    """The poster's text in each language of ``codes``, in that order; ``region`` (a pack from
    ``--region-file``) instead of the settings' pack."""
    pack = region if region is not None else load_region(settings.region if settings else None)
    contacts = [
        {
            "name": c.name,
            "phone": Number(c.phone) if c.phone else None,
            "web": Number(c.web) if c.web else None,
        }
        for c in help_contacts(pack)
    ]
    district: dict[str, Any] | None = None
    if settings is not None:
        district = {
            "name": settings.district_name,
            "phone": Number(settings.phone) if settings.phone else None,
            "url": Number(settings.url_text) if settings.url_text else None,
        }
    docs = []
    for code in codes:
        lang = language(code)
        context = {
            "district": district,
            "help_contacts": contacts,
            "draft_note": lang.is_draft,
            "cite": legal.cite,
        }
        docs.append(Renderer([lang]).render("poster.xml.j2", context))
    return tuple(docs)


def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url``: the smallest symbol that holds it with error correction M or
    better (segno raises the level when the same size allows: a worn poster still scans)."""
    qr = segno.make(url, error="m", micro=False)
    return tuple(tuple(bool(m) for m in row) for row in qr.matrix)
