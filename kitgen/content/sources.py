"""Where each legal statement kitgen prints comes from.

In: nothing (the table below is content, reviewed like the templates). Out: the
:data:`STATEMENTS` table (statement, source, the source's date, the date a person read it) that
the packet's sources page prints, and :func:`legal_as_of`, the date the cover gives as "legal
information as of". A template that makes a legal statement names its key in a comment; a test
checks that every key named exists and every entry is complete. The caregiver forms carry their
own sources (kitgen/content/forms.py).

"Read" dates are when a person read the source's text in a stored public copy; they are not a
claim that the page is still online or unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    key: str
    statement: str  # what the packet says, in short English
    source: str  # title of the page or the law
    url: str
    source_date: str  # the date of the law or the page, as the source gives it
    read: dt.date | None  # when a person read the source for kitgen; None: not re-read


_READ = dt.date(2026, 12, 6)

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "plyler", "Every child has the right to a free public education, whatever their status.",
        "Plyler v. Doe, 457 U.S. 202", "https://supreme.justia.com/cases/federal/us/457/202/",
        "1982-06-15", None,
    ),
    Statement(
        "protected-areas",
        "Schools are no longer protected areas: DHS rescinded the protected-areas policy.",
        "NAFSA, DHS rescinds Biden protected areas enforcement policy (quoting the DHS memo)",
        "https://nafsa.org/regulatory-information/dhs-rescinds-biden-protected-areas-enforcement-policy",
        "2025-01-20", _READ,
    ),
    Statement(
        "i205",
        "ICE claims that an I-205 warrant with a final removal order allows forced entry into "
        "a home; an administrative warrant is not signed by a judge.",
        "Immigration Policy Tracking Project, ICE authorizes forceful entries to residences based "
        "on administrative warrants alone (memo of 2025-05-12, disclosed 2026-01-21)",
        "https://immpolicytracking.org/policies/ice-authorizes-forceful-entries-to-residences-"
        "based-on-administrative-warrants-alone",
        "2026-01-21", _READ,
    ),
    Statement(
        "registration",
        "Noncitizens 18 and older who have been issued proof of registration must carry it "
        "(8 U.S.C. 1304(e)); enforced since 2025-04-11.",
        "JD Supra, Required registration of all noncitizens (interim final rule)",
        "https://jdsupra.com/legalnews/required-registration-of-all-4387417",
        "2025-04-11", _READ,
    ),
    Statement(
        "expedited-removal",
        "Expedited removal applies nationwide to people who cannot show two years of "
        "continuous presence in the US.",
        "DHS, Designating Aliens for Expedited Removal, 90 FR 8139",
        "https://www.govinfo.gov/content/pkg/FR-2025-01-24/html/2025-01720.htm",
        "2025-01-21", _READ,
    ),
    Statement(
        "ferpa",
        "Schools may release student records to comply with a subpoena or court order, and may "
        "share directory information unless a parent opts out.",
        "FERPA, 34 CFR 99.31(a)(9) and 99.37, as explained by the Mondaq article FERPA and "
        "subpoenas for student records, and Ballston Spa CSD, FERPA exceptions",
        "https://www.bscsd.org/parents/student-data-privacy/laws-and-regulations/ferpa/"
        "ferpa-exceptions",
        "34 CFR Part 99 (current)", _READ,
    ),
    Statement(
        "silence-warrant",
        "You may remain silent, keep the door closed, ask for a judge's warrant and refuse "
        "consent; do not lie or show false documents.",
        "Jackson Hertogs, Know your rights: if ICE visits your home",
        "https://www.jackson-hertogs.com/services/know-your-rights",
        "2025", _READ,
    ),
)  # fmt: skip


def statement(key: str) -> Statement:
    for s in STATEMENTS:
        if s.key == key:
            return s
    raise KeyError(key)


def legal_as_of() -> dt.date:
    """The date of the newest reading of any legal source, forms included."""
    return max(s.read for s in STATEMENTS if s.read)
