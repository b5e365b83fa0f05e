"""Every script kitgen claims, proven on whole packets built from the samples.

For each sample family (one per script): the packet builds, every font is embedded, no glyph is
.notdef (tofu), the names round-trip through text extraction, and in right-to-left packets the
phone numbers read left to right in natural order (word positions from ``pdftotext -bbox``).
Selected pages are compared with reference images (see :func:`compare_with_reference`).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from conftest import SAMPLES, pdftotext, squash
from PIL import Image, ImageChops
from pypdf import PdfReader

from kitgen.family import load_family
from kitgen.i18n import language
from kitgen.packet import build_packet

SCRIPT_SAMPLES = {
    "ar": "boston-alhusseini-ar",
    "fa": "hartford-rezaei-fa",
    "prs": "hartford-ahmadi-prs",
    "ps": "boston-khan-ps",
    "ur": "hartford-malik-ur",
    "zh-Hans": "boston-wang-zh-hans",
    "zh-Hant": "boston-chen-zh-hant",
    "ja": "hartford-sato-ja",
    "ko": "boston-kim-ko",
    "bn": "boston-begum-bn",
    "ne": "hartford-gurung-ne",
    "my": "hartford-aye-my",
    "km": "boston-sok-km",
    "am": "boston-tesfaye-am",
    "ti": "hartford-gebremichael-ti",
    "ru": "boston-petrenko-ru",
    "es": "boston-rivera-es",
    "pt": "hartford-santos-pt",
    "vi": "newyork-nguyen-vi",
}

RTL = ("ar", "fa", "prs", "ps", "ur")
REFERENCE = Path(__file__).parent / "reference"


@cache
def packet(code: str) -> bytes:
    return build_packet(load_family(SAMPLES / f"{SCRIPT_SAMPLES[code]}.yaml"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def drawn_codes(pdf: bytes) -> list[int]:
    """Every 2-byte character code drawn with Tj/TJ in the page content streams."""
    codes: list[int] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data() if page.get_contents() else b""
        for hexstr in re.findall(rb"<([0-9A-Fa-f]+)>", data):
            codes.extend(int(hexstr[i : i + 4], 16) for i in range(0, len(hexstr), 4))
    return codes


@pytest.mark.parametrize("code", sorted(SCRIPT_SAMPLES))
def test_packet_prints_names_with_no_tofu(code):
    pdf = packet(code)
    family = load_family(SAMPLES / f"{SCRIPT_SAMPLES[code]}.yaml")
    assert 0 not in drawn_codes(pdf), "a .notdef glyph (tofu) was drawn"
    text = nfc(squash(pdftotext(pdf)))
    for name in [c.full_name for c in family.children] + [family.caregivers.primary.name]:
        assert nfc(name) in text, name
    # the family's language is really there, not an English fallback
    # a locale marked incomplete prints its untranslated strings in English and says so
    # (tests/test_locales.py checks that it is marked)
    if not language(code).incomplete:
        assert not language(code).missing, sorted(language(code).missing)[:3]


def words_with_boxes(pdf: bytes, page: int) -> list[tuple[float, float, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "p.pdf"
        src.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(src), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
    words = []
    for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html):
        words.append((float(m.group(1)), float(m.group(2)), m.group(3)))
    return words


@pytest.mark.parametrize("code", RTL)
def test_phone_numbers_read_left_to_right_in_rtl_packets(code):
    """ "(617) 555-0134" must never print as "555-0134 (617)" inside right-to-left text."""
    pdf = packet(code)
    family = load_family(SAMPLES / f"{SCRIPT_SAMPLES[code]}.yaml")
    phone = family.caregivers.primary.phones[0].display  # e.g. "(617) 555-0160"
    area, number = phone.split(" ")
    seen = 0
    for page in range(1, 8):
        words = words_with_boxes(pdf, page)
        for x, y, word in words:
            if word != area:
                continue
            same_line = [w for w in words if abs(w[1] - y) < 2 and w[2] == number]
            for x2, _, _ in same_line:
                assert x2 > x, f"{number} is drawn left of {area} on page {page}"
                seen += 1
    assert seen >= 2  # the caregiver plan and the contacts list at least


@pytest.mark.parametrize("code", RTL)
def test_rtl_text_extracts_in_logical_order(code):
    pdf = packet(code)
    title = language(code).gettext("Know your rights")
    assert nfc(title) in nfc(squash(pdftotext(pdf)))


# -- reference images ----------------------------------------------------------------------------

PAGES = [
    ("ar", 1),
    ("ur", 18),
    ("zh-Hans", 17),
    ("ja", 1),
    ("km", 17),
    ("my", 1),
    ("bn", 3),
    ("am", 1),
]


def render_page(pdf: bytes, page: int, dpi: int = 40) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "p.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-gray",
                "-png",
                str(src),
                str(Path(tmp) / "out"),
            ],
            check=True,
        )
        (png,) = Path(tmp).glob("out*.png")
        return Image.open(png).convert("L").copy()


def compare_with_reference(actual: Image.Image, name: str) -> None:
    """Compare with ``tests/reference/NAME.png``; tolerant of anti-aliasing, not of layout.

    On failure the actual, expected and difference images are written to
    ``tests/output/`` so a person can look. ``KITGEN_UPDATE_REFERENCES=1`` rewrites the
    reference on purpose (look at it before committing).
    """
    expected_path = REFERENCE / f"{name}.png"
    if os.environ.get("KITGEN_UPDATE_REFERENCES"):
        REFERENCE.mkdir(exist_ok=True)
        actual.save(expected_path, optimize=True)
    expected = Image.open(expected_path).convert("L")
    out = Path(__file__).parent / "output"
    problem = None
    if expected.size != actual.size:
        problem = f"size {actual.size} differs from the reference's {expected.size}"
    else:
        diff = ImageChops.difference(actual, expected)
        changed = diff.point(lambda v: 255 if v > 64 else 0).histogram()[255]
        share = changed / (actual.size[0] * actual.size[1])
        if share > 0.004:
            problem = f"{share:.2%} of pixels differ strongly (tolerance 0.4%)"
    if problem:
        out.mkdir(exist_ok=True)
        actual.save(out / f"{name}-actual.png")
        expected.save(out / f"{name}-expected.png")
        if expected.size == actual.size:
            ImageChops.invert(ImageChops.difference(actual, expected)).save(
                out / f"{name}-diff.png"
            )
        pytest.fail(
            f"{name}: {problem}; see tests/output/{name}-actual.png, -expected.png, -diff.png"
        )


@pytest.mark.parametrize("code,page", PAGES)
def test_pages_match_reference_images(code, page):
    compare_with_reference(render_page(packet(code), page), f"{code}-p{page}")


def test_reference_comparison_catches_a_change(monkeypatch):
    monkeypatch.delenv("KITGEN_UPDATE_REFERENCES", raising=False)
    img = render_page(packet("zh-Hans"), 17)
    shifted = Image.new("L", img.size, 255)
    shifted.paste(img, (0, 12))
    with pytest.raises(pytest.fail.Exception, match="pixels differ"):
        compare_with_reference(shifted, "zh-Hans-p17")


@pytest.mark.parametrize("code", ["zh-Hans", "zh-Hant", "ja"])
def test_rendered_cjk_lines_follow_line_start_and_end_rules(code):
    """Kinsoku on the printed page: each line poppler reads back obeys JLREQ/CLREQ."""
    from kitgen.text.breaking import kinsoku_violations

    pdf = packet(code)
    checked = 0
    for page_text in pdftotext(pdf).split("\f"):
        # a paragraph's lines are consecutive non-empty lines; columns are separate blocks
        block: list[str] = []
        for line in page_text.splitlines() + [""]:
            if line.strip():
                block.append(line)
                continue
            if len(block) > 1 and any("\u3000" <= ch <= "\u9fff" for ch in "".join(block)):
                assert kinsoku_violations(block) == [], block
                checked += 1
            block = []
    assert checked >= 20
