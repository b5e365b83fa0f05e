"""Large-print posters (``--large-print``): no text under 14 pt, measured glyph by glyph in the
PDF, the layout still inside the page, and posters that cannot fit so refused."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from conftest import ROOT, glyph_sizes
from pypdf import PdfReader

from kitgen.cli import main
from kitgen.errors import UsageError
from kitgen.layout import TextItem
from kitgen.packet import typesetter
from kitgen.poster import PosterSpec, build_poster, poster_page
from kitgen.poster.layout import SIZES
from kitgen.settings import load_settings

BOSTON = ROOT / "samples" / "boston-settings.yaml"
FLOOR = 14.0


@pytest.fixture(scope="module")
def boston():
    return load_settings(BOSTON)


def small_shows(pdf: bytes) -> list[tuple[float, str]]:
    return [
        (round(size, 2), text[:30])
        for shows in glyph_sizes(pdf)
        for size, text in shows
        if size < FLOOR - 0.01
    ]


def inside(laid, width: float, height: float) -> None:
    texts = [item for item in laid.page.items if isinstance(item, TextItem)]
    assert len(texts) > 15
    for item in texts:
        for line in item.para.lines:
            assert item.x + line.x >= -0.01
            assert item.x + line.x + line.width <= width + 0.01
        assert item.top <= height + 0.01
        assert item.top - item.para.height >= -0.01


CASES = [
    (("es",), "letter", False),
    (("ar",), "letter", False),
    (("zh-Hans",), "letter", True),
    (("my",), "tabloid", False),
    (("km",), "legal", False),
    (("ar", "zh-Hans"), "tabloid", False),
    (("my", "es"), "tabloid", False),
    (("es", "ar", "zh-Hans", "my"), "18x24", True),
]


@pytest.mark.parametrize(("codes", "size", "landscape"), CASES)
def test_every_glyph_of_a_large_print_poster_is_14_pt_or_more(boston, codes, size, landscape):
    spec = PosterSpec(size, landscape, large_print=True)
    ts = typesetter()
    pdf = build_poster(codes, spec, ts, boston)
    shows = [s for page in glyph_sizes(pdf) for s in page]
    assert len(shows) > 30
    assert small_shows(pdf) == []
    laid = poster_page(codes, spec, boston, ts)
    width, height = SIZES[size][::-1] if landscape else SIZES[size]
    inside(laid, width, height)
    assert laid.body_size >= FLOOR
    # the same poster in standard print has smaller text (small print, contacts): the floor
    # is the large-print setting's doing
    assert small_shows(build_poster(codes, PosterSpec(size, landscape), ts, boston)) != []


def test_large_print_keeps_the_headings_above_the_body(boston):
    laid = poster_page(["es"], PosterSpec("tabloid", large_print=True), boston, typesetter())
    sizes = sorted(
        {
            round(r.size, 1)
            for it in laid.page.items
            if isinstance(it, TextItem)
            for line in it.para.lines
            for r in line.runs
        }
    )
    assert sizes[0] == FLOOR
    assert len(sizes) >= 5  # headline, headings, lead, body, floor: the hierarchy stays
    assert laid.body_size > 20  # tabloid: the body stays wall-sized, not set at the floor


def test_a_bleed_poster_in_large_print_keeps_the_floor(boston):
    pdf = build_poster(
        ["ar"], PosterSpec("tabloid", bleed=True, large_print=True), typesetter(), boston
    )
    assert small_shows(pdf) == []
    assert PdfReader(io.BytesIO(pdf)).pages[0].trimbox.width == 792


@pytest.mark.parametrize(
    ("codes", "size"),
    [(["my"], "letter"), (["es", "ar"], "letter"), (["es", "ar", "zh-Hans"], "tabloid")],
)
def test_a_poster_that_cannot_fit_in_large_print_is_refused(boston, codes, size):
    with pytest.raises(UsageError) as error:
        poster_page(codes, PosterSpec(size, large_print=True), boston, typesetter())
    what = "1 language does" if len(codes) == 1 else f"{len(codes)} languages do"
    assert str(error.value) == (
        f"{what} not fit on a {size} poster with large print (14 pt and up); choose a larger "
        "size or fewer languages"
    )
    poster_page(codes, PosterSpec(size), boston, typesetter())  # standard print fits


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_poster_large_print(tmp_path):
    out = tmp_path / "big.pdf"
    result = run(
        "poster", "--lang", "ar", "--size", "letter", "--settings", str(BOSTON),
        "--large-print", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert small_shows(out.read_bytes()) == []
    refused = run(
        "poster", "--lang", "my", "--size", "letter", "--large-print", "-o", str(tmp_path / "m.pdf")
    )
    assert refused.exit_code == 2
    assert "with large print (14 pt and up); choose a larger size" in refused.output
    assert not (tmp_path / "m.pdf").exists()


def test_batch_posters_large_print_sets_poster_rows_and_leaves_card_rows(tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "school,kind,languages,size,orientation,copies\n"
        "Lincoln,poster,es ar,tabloid,portrait,1\n"
        "Lincoln,cards,es,letter,,1\n",
        encoding="utf-8",
    )
    outs = {}
    for flag in ((), ("--large-print",)):
        folder = tmp_path / ("large" if flag else "standard")
        result = run(
            "batch", "posters", str(plan), "-o", str(folder), "--settings", str(BOSTON),
            "--jobs", "1", *flag,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        outs[bool(flag)] = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".pdf"}
    posters = [name for name in outs[True] if "cards" not in name]
    cards = [name for name in outs[True] if "cards" in name]
    assert len(posters) == 1 and len(cards) == 1
    assert small_shows(outs[True][posters[0]]) == []
    assert small_shows(outs[False][posters[0]]) != []
    assert outs[True][cards[0]] == outs[False][cards[0]]  # cards stay wallet-sized


def test_a_long_district_phone_stays_whole_at_14_pt_or_names_the_phone(boston):
    import dataclasses

    ts = typesetter()
    phone = "+251 91 123 4567 ext. 123"
    settings = dataclasses.replace(boston, phone=phone)
    pdf = build_poster(("es", "ar"), PosterSpec("tabloid", large_print=True), ts, settings)
    shows = [(size, text) for page in glyph_sizes(pdf) for size, text in page if "4567" in text]
    assert shows and all(phone in text and size >= FLOOR - 0.01 for size, text in shows)
    # a letter poster has no foot column wide enough for it at 14 pt
    with pytest.raises(UsageError) as caught:
        poster_page(("es",), PosterSpec("letter", large_print=True), settings, ts)
    message = str(caught.value)
    assert "phone: the number is too long" in message and "larger poster size" in message
    assert "4567" not in message
