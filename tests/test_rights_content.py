"""The know-your-rights content for 2026 and the table of legal sources (issue 8).

Every legal statement a template prints is cited by key from kitgen/content/legal_sources.toml;
the rendered packets (a Spanish and an Arabic sample family, English beside each) carry the new
statements and none of the phrases the issue removed; the poster and the wallet cards likewise.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import ROOT, SAMPLES, pdftotext, squash

from kitgen.content import legal
from kitgen.errors import ContentError
from kitgen.family import load_family
from kitgen.packet import build_packet, typesetter
from kitgen.poster import PosterSpec, build_poster
from kitgen.settings import load_settings

TEMPLATES = ROOT / "templates"
CITE = re.compile(r"""cite\(\s*["']([^"']+)["']\s*\)""")

# Phrases removed by issue 8 (matched case-insensitively, whitespace folded): promises that
# schools protect, a "carry nothing" reading, and the claim that an I-205 never allows entry.
REMOVED = (
    "the school will keep you safe",
    "will keep you safe",
    "schools are protected",
    "sensitive locations",
    "carry no papers",
    "do not carry any documents",
    "do not carry papers from another country",
    "does not allow agents to enter your home",
    "student records are private: a federal law (ferpa) protects them",
)

# New statements, as printed in English on every packet (the English column of each page).
NEW_IN_PACKET = (
    "ICE claims that an I-205 lets its agents force their way into the home",
    "ICE memo of 12 May 2025, made public in January 2026",
    "If agents force their way in, do not resist.",
    "Ask for a warrant signed by a judge",
    "say that you do not consent",
    "8 U.S.C. §1304(e), enforced since 11 April 2025",
    "This does not mean carrying nothing: carry your proof of registration",
    "talk to a lawyer before you register with the government",
    "Since 21 January 2025",
    "(expedited removal)",
    "two years",
    "where your caregiver can find it",
    "Do not run, argue or resist",
    "Do not lie and do not show false documents.",
    "talk to a lawyer before you or your family contact your country's consulate",
    "no longer treats schools as protected places",
    "it does not ask about immigration status, and it calls the people on your family's "
    "emergency contact list",
    "to comply with a subpoena or a court order",
    "“directory information”",
    "unless you opt out",
    "must not share your children's directory information",
    # documents, money and caregiver pages
    "Children born in the United States are US citizens (14th Amendment; 8 U.S.C. §1401)",
    "both parents must consent",
    "Form DS-3053 (22 CFR 51.28)",
    "Travel consent letter",
    "Form G-28 is the form a lawyer or accredited representative files",
    "Lawyer's phone",
    "A financial power of attorney",
    "child support",
    "If a court has made an order about custody or visits",
    "the other parent keeps the rights it gives",
    "For the caregiver: the first 48 hours",
    "If you were born in the United States, you are a citizen of the United States.",
    "The school will call the people on your family's emergency contact list.",
    # cover and sources
    "Legal information as of",
    "Sources of the legal information",
)


def _template_keys() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(TEMPLATES.rglob("*.j2")):
        for key in CITE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, []).append(path.name)
    return used


def test_every_cited_key_is_in_the_table_and_every_entry_is_cited():
    table = legal.by_key()
    used = _template_keys()
    assert used, "templates cite no legal statement"
    assert sorted(k for k in used if k not in table) == []
    assert sorted(k for k in table if k not in used) == []  # Sources lists printed ones only


def test_every_entry_has_a_source_and_dates():
    today = dt.date(2026, 12, 6)
    for s in legal.statements():
        assert s.statement.strip() and s.source.strip(), s.key
        assert s.url.startswith(("https://", "http://")), s.key
        if s.law_date is not None:
            assert s.law_date <= today, s.key
        if s.checked is not None:
            assert s.checked <= today, s.key
    assert legal.as_of() == max(s.checked for s in legal.statements() if s.checked)


def test_the_table_refuses_an_entry_without_its_dates(tmp_path, monkeypatch):
    bad = tmp_path / "legal_sources.toml"
    bad.write_text('[x]\nstatement = "s"\nsource = "t"\nurl = "https://e.org"\nchecked = "no"\n')
    monkeypatch.setattr(legal, "TABLE", bad)
    legal.statements.cache_clear()
    try:
        with pytest.raises(ContentError, match="law_date"):
            legal.statements()
    finally:
        legal.statements.cache_clear()


def test_an_unknown_key_is_refused():
    with pytest.raises(ContentError, match="not-a-key"):
        legal.cite("not-a-key")


@pytest.fixture(scope="module")
def packets() -> dict[str, list[str]]:
    """Page texts of the Spanish and the Arabic sample packets."""
    out = {}
    for name in ("boston-rivera-es", "boston-alhusseini-ar"):
        data = build_packet(load_family(SAMPLES / f"{name}.yaml"), prepared=dt.date(2026, 12, 6))
        out[name] = [squash(p) for p in pdftotext(data).split("\f")]
    return out


def _before_sources(pages: list[str]) -> str:
    """Every page up to the Sources page (which names the rescinded policy by its name)."""
    end = next(i for i, p in enumerate(pages) if "Sources of the legal information" in p)
    return " ".join(pages[:end])


@pytest.mark.parametrize("name", ["boston-rivera-es", "boston-alhusseini-ar"])
def test_packet_prints_the_2026_statements_in_english(packets, name):
    text = " ".join(packets[name])
    missing = [s for s in NEW_IN_PACKET if s not in text]
    assert missing == []


@pytest.mark.parametrize("name", ["boston-rivera-es", "boston-alhusseini-ar"])
def test_packet_has_none_of_the_removed_phrases(packets, name):
    text = _before_sources(packets[name]).lower()
    assert [p for p in REMOVED if p in text] == []


def test_sources_page_lists_every_statement_with_its_address(packets):
    pages = packets["boston-rivera-es"]
    start = next(i for i, p in enumerate(pages) if "Sources of the legal information" in p)

    # pdftotext joins a line broken after a hyphen without the hyphen: compare without both
    def bare(t: str) -> str:
        return t.replace(" ", "").replace("-", "")

    sources = bare(" ".join(pages[start:]))
    for s in legal.statements():
        assert bare(s.url) in sources, s.key


def test_cover_gives_the_date_of_the_legal_information(packets):
    cover = packets["boston-rivera-es"][0]
    as_of = legal.as_of()
    assert "Legal information as of" in cover
    assert f"{as_of:%B} {as_of.day}, {as_of.year}" in cover  # English: December 6, 2026
    assert f"{as_of.day} de diciembre de {as_of.year}" in cover  # Spanish, per locale


def test_travel_consent_letter_has_one_signature_line_per_parent(packets):
    text = " ".join(packets["boston-rivera-es"])
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    for parent in family.parents:
        assert f"Signature of parent: {parent.legal_name}" in text


def test_wallet_card_front_in_english():
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    pages = pdftotext(build_packet(family, lang="en")).split("\f")
    cards = " ".join(squash(p) for p in pages if "Numbers to call" in p)
    assert "Do not run, resist or lie." in cards
    assert "Carry your proof of registration if you have been issued one." in cards
    assert [p for p in REMOVED if p in cards.lower()] == []


def test_poster_adds_do_not_resist_and_do_not_lie():
    settings = load_settings(ROOT / "samples" / "boston-settings.yaml")
    text = squash(pdftotext(build_poster(["en"], PosterSpec("letter"), typesetter(), settings)))
    assert "If they force their way in, do not resist, and say you do not consent." in text
    assert "Do not lie or show false documents." in text
    assert "Ask for a warrant signed by a judge." in text
    assert "except under a subpoena or court order" in text
    assert "directory information" in text
    assert [p for p in REMOVED if p in text.lower()] == []
