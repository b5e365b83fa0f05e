"""Posters: exact page sizes, bleed, every language's text, branding, a QR code that scans,
type that fits, and the command line."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, pdftotext, squash
from pypdf import PdfReader

from kitgen.cli import main
from kitgen.errors import UsageError
from kitgen.i18n import language
from kitgen.layout import TextItem
from kitgen.packet import typesetter
from kitgen.poster import PosterSpec, build_poster, poster_page
from kitgen.poster.layout import SIZES, ImageItem, QrItem
from kitgen.settings import load_settings

BOSTON = ROOT / "samples" / "boston-settings.yaml"
HARTFORD = ROOT / "samples" / "hartford-settings.yaml"
BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def text_of(data: bytes) -> str:
    """pdftotext's text, bidi marks removed and whitespace folded, for searching."""
    return squash(BIDI_MARKS.sub("", pdftotext(data)))


@pytest.fixture(scope="module")
def boston():
    return load_settings(BOSTON)


@pytest.fixture(scope="module")
def trilingual(boston) -> bytes:
    return build_poster(["es", "ar", "zh-Hans"], PosterSpec("tabloid"), typesetter(), boston)


EXACT = {
    "letter": (612, 792),
    "legal": (612, 1008),
    "tabloid": (792, 1224),
    "a4": (595.2756, 841.8898),
    "a3": (841.8898, 1190.5512),
    "18x24": (1296, 1728),
    "24x36": (1728, 2592),
}


def test_the_size_table_is_exact():
    assert SIZES == EXACT


@pytest.mark.parametrize("size", sorted(EXACT))
@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_page_size_in_points(size, landscape):
    data = build_poster(["en"], PosterSpec(size, landscape), typesetter())
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    width, height = EXACT[size]
    if landscape:
        width, height = height, width
    assert (float(box.left), float(box.bottom)) == (0, 0)
    assert float(box.width) == pytest.approx(width, abs=1e-3)
    assert float(box.height) == pytest.approx(height, abs=1e-3)


def test_bleed_enlarges_the_page_and_sets_trim_and_bleed_boxes(boston):
    data = build_poster(["es"], PosterSpec("tabloid", bleed=True), typesetter(), boston)
    page = PdfReader(io.BytesIO(data)).pages[0]
    off = 9 + 18  # bleed, then room for the crop marks
    assert [float(v) for v in page.mediabox] == [0, 0, 792 + 2 * off, 1224 + 2 * off]
    assert [float(v) for v in page.trimbox] == [off, off, off + 792, off + 1224]
    assert [float(v) for v in page.bleedbox] == [off - 9, off - 9, off + 792 + 9, off + 1224 + 9]


def test_bleed_runs_the_colour_band_past_the_trim_and_marks_the_corners(boston):
    laid = poster_page(["es"], PosterSpec("letter", bleed=True), boston, typesetter())
    off = 27
    band = max(
        (i for i in laid.page.items if getattr(i, "fill", None) == boston.accent), key=lambda i: i.y
    )
    assert band.x == pytest.approx(off - 9) and band.x + band.w == pytest.approx(off + 612 + 9)
    assert band.y + band.h == pytest.approx(off + 792 + 9)
    marks = [i for i in laid.page.items if getattr(i, "width", None) == 0.25]
    assert len(marks) == 8
    for mark in marks:  # outside the bleed, on the trim lines
        assert mark.x1 in (off, off + 612) or mark.y1 in (off, off + 792)
        inside = off - 9 < mark.x1 < off + 612 + 9 and off - 9 < mark.y1 < off + 792 + 9
        inside2 = off - 9 < mark.x2 < off + 612 + 9 and off - 9 < mark.y2 < off + 792 + 9
        assert not (inside and inside2)


@pytest.mark.parametrize("code", ["es", "ar", "zh-Hans"])
def test_a_three_language_poster_has_each_languages_text(trilingual, code):
    text = text_of(trilingual)
    lang = language(code)
    for msgid in ("Know your rights", "If agents come to your door", "At school"):
        assert squash(lang.gettext(msgid)) in text, (code, msgid)
    assert lang.native_name in text  # each block is labelled with the language's own name


def test_branding_comes_from_the_settings(trilingual):
    text = text_of(trilingual)
    assert "Boston Public Schools" in text
    assert "(617) 555-0123" in text
    assert "bpswedreamtogether.org" in text
    reader = PdfReader(io.BytesIO(trilingual))
    assert reader.metadata.title == "Know your rights poster"  # fixed, never district data
    assert not reader.metadata.author


def _decode_qr(png: Path) -> list[str]:
    out = subprocess.run(
        [shutil.which("zbarimg"), "-q", "--raw", str(png)], capture_output=True, text=True
    )
    return out.stdout.split()


def test_the_qr_code_scans_to_the_resource_page(trilingual, tmp_path):
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(trilingual)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    if shutil.which("zbarimg"):
        assert _decode_qr(png) == ["https://bpswedreamtogether.org"]
    else:  # no zbar-tools: check the drawn modules against the encoder's matrix
        _check_qr_pixels(png, trilingual)


def _check_qr_pixels(png: Path, data: bytes) -> None:
    import segno
    from PIL import Image

    laid = poster_page(
        ["es", "ar", "zh-Hans"], PosterSpec("tabloid"), load_settings(BOSTON), typesetter()
    )
    qr = next(i for i in laid.page.items if isinstance(i, QrItem))
    url = "https://bpswedreamtogether.org"
    expected = segno.make(url, error="m", micro=False).matrix
    assert qr.matrix == tuple(tuple(bool(m) for m in row) for row in expected)
    image = Image.open(png).convert("L")
    scale = image.width / laid.page.width
    n = len(qr.matrix)
    for r in range(n):
        for c in range(n):
            x = (qr.x + (c + 0.5) * qr.module) * scale
            y = (laid.page.height - (qr.y + (n - r - 0.5) * qr.module)) * scale
            assert (image.getpixel((int(x), int(y))) < 128) == qr.matrix[r][c]


def test_the_logo_is_drawn_and_svg_and_png_both_work(tmp_path):
    for settings_file in (BOSTON, HARTFORD):
        settings = load_settings(settings_file)
        laid = poster_page(["en"], PosterSpec("letter"), settings, typesetter())
        assert any(isinstance(i, ImageItem) for i in laid.page.items)
        data = build_poster(["en"], PosterSpec("letter"), typesetter(), settings)
        pdf = tmp_path / "poster.pdf"
        pdf.write_bytes(data)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes yes yes " in row for row in rows), fonts  # all embedded
    hartford = build_poster(["en"], PosterSpec("letter"), typesetter(), load_settings(HARTFORD))
    assert b"/Subtype /Image" in hartford  # the PNG logo; the SVG one is vector paths


def _inside(laid, width: float, height: float) -> None:
    for item in laid.page.items:
        if isinstance(item, TextItem):
            for line in item.para.lines:
                assert item.x + line.x >= -0.01
                assert item.x + line.x + line.width <= width + 0.01
            assert item.top <= height + 0.01
            assert item.top - item.para.height >= -0.01


def test_type_is_large_on_tabloid_and_fits(boston):
    laid = poster_page(["en"], PosterSpec("tabloid"), boston, typesetter())
    # about 24 pt: URLs now break only after "/" or ".", which costs the English poster a line
    assert laid.body_size >= 23.5
    _inside(laid, 792, 1224)


@pytest.mark.parametrize(
    "codes, size, landscape",
    [
        (["es", "ar", "zh-Hans", "km"], "a4", True),
        (["km", "my", "ur", "ne"], "tabloid", False),
        (["am", "bn"], "legal", False),
    ],
)
def test_many_languages_shrink_to_fit_and_never_overflow(boston, codes, size, landscape):
    laid = poster_page(codes, PosterSpec(size, landscape), boston, typesetter())
    width, height = EXACT[size][::-1] if landscape else EXACT[size]
    _inside(laid, width, height)
    assert 7 <= laid.body_size < 24


def test_a_poster_too_full_for_its_size_is_refused_not_overflowed(boston):
    with pytest.raises(UsageError) as error:
        poster_page(["km", "my", "ur", "ne"], PosterSpec("letter"), boston, typesetter())
    assert str(error.value) == (
        "4 languages do not fit on a letter poster with readable type; choose a larger size or "
        "fewer languages"
    )


def test_right_to_left_text_sits_on_the_right(boston):
    laid = poster_page(["ar"], PosterSpec("tabloid"), boston, typesetter())
    texts = [i for i in laid.page.items if isinstance(i, TextItem) and i.para.lines]
    # the headline: the largest text in the accent colour
    item = max(
        (i for i in texts if i.para.lines[0].runs[0].color == boston.accent),
        key=lambda i: i.para.lines[0].runs[0].size,
    )
    line = item.para.lines[0]
    right = item.x + line.x + line.width
    assert item.para.direction == "rtl"
    assert right == pytest.approx(792 - 0.04 * 792, abs=1.0)


def test_district_text_is_never_markup(tmp_path):
    settings = tmp_path / "settings.yaml"
    settings.write_text(
        "district_name: \"<b>Ünified</b> & <img src='/etc/passwd'/> {{ 7*7 }}\"\n",
        encoding="utf-8",
    )
    data = build_poster(["en"], PosterSpec("letter"), typesetter(), load_settings(settings))
    assert "<b>Ünified</b> & <img src='/etc/passwd'/> {{ 7*7 }}" in text_of(data)


def test_same_inputs_same_bytes_and_copies_cost_little(boston):
    spec = PosterSpec("tabloid")
    one = build_poster(["es", "pt"], spec, typesetter(), boston)
    assert build_poster(["es", "pt"], spec, typesetter(), boston) == one
    two = build_poster(["es", "pt"], spec, typesetter(), boston, copies=2)
    ten = build_poster(["es", "pt"], spec, typesetter(), boston, copies=10)
    assert len(PdfReader(io.BytesIO(ten)).pages) == 10
    # the first copy is drawn on its page (tagged, read aloud once), the others show one form
    assert len(ten) < 1.15 * len(two)
    assert len(two) < 1.4 * len(one)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_poster(tmp_path):
    out = tmp_path / "poster.pdf"
    result = run(
        "poster",
        "--lang",
        "es",
        "--lang",
        "ar",
        "--size",
        "11x17",
        "--landscape",
        "--settings",
        str(HARTFORD),
        "--bleed",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    page = PdfReader(out).pages[0]
    assert float(page.trimbox.width) == 1224 and float(page.trimbox.height) == 792
    assert [p.name for p in tmp_path.iterdir()] == ["poster.pdf"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--lang", "es", "--size", "tabloyd"],
            "'tabloyd' is not a poster size; use one of: letter, legal, tabloid, a4, a3, 18x24, "
            "24x36",
        ),
        ([], "a poster needs a language"),
        (["--lang", "xx"], "unknown language 'xx'"),
        (
            ["--lang", "es", "--lang", "pt", "--lang", "ar", "--lang", "vi", "--lang", "ko"],
            "a poster holds at most 4 languages; 5 were given",
        ),
        (["--lang", "es", "--lang", "ES"], "a language is given twice: es"),
    ],
)
def test_cli_poster_bad_usage(tmp_path, args, message):
    result = run("poster", *args, "-o", str(tmp_path / "p.pdf"))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "p.pdf").exists()
