"""Packet pagination: parts that start on odd pages, blank backs, the outline, the contents page,
print preferences, and signature lines kept with the text they sign (issue 11, in part)."""

from __future__ import annotations

import functools
import io

import pytest
from pypdf import PdfReader

from kitgen.content.document import PARTS, part_of
from kitgen.family import load_family
from kitgen.packet import build_packet

from conftest import SAMPLES, pdftotext, squash


@functools.cache
def packet(name: str, **options) -> bytes:
    family = load_family(SAMPLES / name)
    return build_packet(family, **options)


def outline(pdf: bytes) -> list[tuple[int, str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(reader.get_destination_page_number(o) + 1, o.title) for o in reader.outline]


def pages_text(pdf: bytes) -> list[str]:
    return [squash(p) for p in pdftotext(pdf).split("\f")][: len(PdfReader(io.BytesIO(pdf)).pages)]


SAMPLE_KEYS = ["boston-rivera-es.yaml", "hartford-malik-ur.yaml", "boston-wang-zh-hans.yaml"]


@pytest.mark.parametrize("name", SAMPLE_KEYS)
def test_each_part_starts_on_an_odd_page_when_printed_two_sided(name):
    pdf = packet(name)
    first_page_of: dict[str, int] = {}
    family = load_family(SAMPLES / name)
    # the outline's entries in order, each with its section's part (titles are unique enough)
    entries = outline(pdf)
    assert len(entries) >= 15
    texts = pages_text(pdf)
    blank = [i + 1 for i, t in enumerate(texts) if "This page is intentionally blank." in t]
    for page in blank:  # a blank back is the even page before a part's first page
        assert page % 2 == 0
    # parts in printing order: binder at 1, then forms, school, cards at odd pages
    starts = {}
    for page, title in entries:
        for key, words in (("forms", "Caregiver forms"), ("school", "School forms"),
                           ("cards", "Wallet cards")):  # fmt: skip
            if title.endswith(words) or title == words:
                starts.setdefault(key, page)
    assert set(starts) == {"forms", "school", "cards"}, (family.language, entries)
    for key, page in starts.items():
        first_page_of[key] = page
        assert page % 2 == 1, (key, page)
    # the card sheet is one sheet: front and back on an odd page and the page after it
    cards = first_page_of["cards"]
    assert "Wallet cards" in texts[cards - 1]
    assert "My constitutional rights" in texts[cards]


def test_simplex_adds_no_blank_pages():
    assert "This page is intentionally blank." not in pdftotext(
        packet("boston-rivera-es.yaml", duplex=False)
    )


def test_parts_prints_only_the_parts_asked_for():
    pdf = packet("boston-rivera-es.yaml", parts=("forms",))
    titles = [t for _, t in outline(pdf)]
    assert titles and all(
        "Caregiver forms" in t or "agent" in t or "Revocation" in t or "apoderado" in t
        for t in titles
    ), titles
    text = squash(pdftotext(pdf))
    assert "Beware of immigration scams" not in text and "My constitutional rights" not in text


def test_every_section_is_in_the_outline_and_in_the_contents():
    pdf = packet("boston-rivera-es.yaml")
    entries = outline(pdf)
    texts = pages_text(pdf)
    contents = texts[1]
    assert "What is in this packet" in contents
    for page, title in entries[2:]:
        english = title.split(" / ")[-1]
        assert english in texts[page - 1], (page, title)  # the entry points at its page
        assert english in contents
    # the contents page gives the page number beside each title
    assert "Know your rights" in contents and "Wallet cards" in contents


def test_the_pdf_asks_to_print_at_actual_size_and_two_sided():
    root = PdfReader(io.BytesIO(packet("boston-rivera-es.yaml"))).trailer["/Root"]
    prefs = root["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge"


@pytest.mark.parametrize("name", ["boston-chen-zh-hant.yaml", "hartford-santos-pt.yaml",
                                  "newyork-nguyen-vi.yaml", "california-reyes-tl.yaml"])  # fmt: skip
def test_no_page_begins_with_a_signature_line(name):
    family = load_family(SAMPLES / name)
    pdf = build_packet(family, lang="en")
    for number, text in enumerate(pages_text(pdf), start=1):
        assert not text.startswith("Signature of"), (name, number)
        assert not text.startswith("Date "), (name, number)


def test_every_section_key_has_a_part():
    for key in ("cover", "today", "state-forms", "form-ma-201f", "school", "cards", "sources"):
        assert part_of(key) in PARTS


def _locales() -> list[str]:
    from kitgen.i18n.catalog import available_codes

    return list(available_codes())


@pytest.mark.parametrize("code", _locales())
def test_the_cover_fits_page_one_in_every_locale(code):
    pdf = packet("boston-rivera-es.yaml", lang=code)
    entries = outline(pdf)
    assert entries[0][0] == 1 and entries[1][0] == 2  # the contents begin on page 2
    assert "What is in this packet" in entries[1][1]
