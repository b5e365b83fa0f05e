"""The Typesetter as layout uses it: API, positions, styles, measure, empty input."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kitgen.text as text_pkg
from kitgen.text import (
    FontLibrary,
    GlyphRun,
    Line,
    SetParagraph,
    Span,
    TextStyle,
    Typesetter,
    default_library,
)


@pytest.fixture(scope="module")
def ts() -> Typesetter:
    return Typesetter()


def test_public_names():
    for name in ("Typesetter", "FontLibrary", "default_library", "Span", "TextStyle",
                 "GlyphRun", "Line", "SetParagraph", "Align", "Direction"):  # fmt: skip
        assert name in text_pkg.__all__ and hasattr(text_pkg, name)
    assert isinstance(default_library(), FontLibrary)
    assert default_library() is default_library()
    assert Typesetter().fonts is default_library()


def test_no_print_in_the_package():
    for path in Path(text_pkg.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        assert not calls, path


def test_result_types_and_positions(ts):
    para = ts.set(
        [Span("Teléfono: "), Span("617-555-0100", TextStyle(bold=True, color=(1, 0, 0)))],
        400,
        lang="es",
    )
    assert isinstance(para, SetParagraph) and para.direction == "ltr" and para.width == 400
    (line,) = para.lines
    assert isinstance(line, Line)
    assert [type(r) for r in line.runs] == [GlyphRun, GlyphRun]
    label, number = line.runs
    assert label.font_key == "NotoSans-Regular" and number.font_key == "NotoSans-Bold"
    assert number.color == (1, 0, 0) and label.color == (0.0, 0.0, 0.0)
    assert label.x == 0 and number.x == pytest.approx(label.width)  # the space stays exact
    assert line.width == pytest.approx(label.width + number.width)
    assert "".join(label.texts) == "Teléfono: " and "".join(number.texts) == "617-555-0100"
    assert line.ascent > 0 and line.descent > 0
    lib = default_library()
    expect = 11 * max(lib["NotoSans-Regular"].line_height, lib["NotoSans-Bold"].line_height)
    assert line.height == pytest.approx(expect)  # the larger of the fonts used
    assert para.height == pytest.approx(line.height)


def test_measure(ts):
    spans = [Span("Emergency contacts")]
    width = ts.measure(spans, lang="en")
    assert width == pytest.approx(ts.set(spans, 1000, lang="en").lines[0].width)
    assert len(ts.set(spans, width, lang="en").lines) == 1
    assert len(ts.set(spans, width - 1, lang="en").lines) == 2
    assert ts.measure([Span("a\nlonger line")], lang="en") == pytest.approx(
        ts.measure([Span("longer line")], lang="en")
    )
    assert ts.measure([], lang="en") == 0.0


def test_empty_input(ts):
    assert ts.set([], 100, lang="en").lines == ()
    assert ts.set([Span("")], 100, lang="ar").lines == ()
    assert ts.set([Span("")], 100, lang="ar").direction == "rtl"
    assert ts.set([Span("", isolate="auto"), Span("", isolate="ltr")], 100, lang="en").lines == ()
    assert len(ts.set([Span("\n")], 100, lang="en").lines) == 1  # one blank line


def test_alignment(ts):
    for align, expect in (("start", 0.0), ("justify", 0.0), ("center", 0.5), ("end", 1.0)):
        (line,) = ts.set([Span("Name")], 200, lang="en", align=align).lines
        assert line.x == pytest.approx(expect * (200 - line.width))


def test_spans_split_runs_but_not_words(ts):
    para = ts.set([Span("Fa"), Span("mily", TextStyle(color=(0, 0, 1)))], 1000, lang="en")
    (line,) = para.lines
    assert ["".join(r.texts) for r in line.runs] == ["Fa", "mily"]
    para = ts.set([Span("Fa"), Span("mily")], 40, lang="en")
    assert len(para.lines) == 1 or "".join(t for r in para.lines[0].runs for t in r.texts) != "Fa"


def test_joining_is_kept_across_a_line_end(ts):
    """A word cut by an emergency break is reshaped on each side (no stale joined forms)."""
    word = "المستشفيات"
    para = ts.set([Span(word)], 25, lang="ar")
    assert len(para.lines) > 1
    for line in para.lines:
        for run in line.runs:
            assert 0 not in run.glyphs


def test_identical_labels_are_fast(ts):
    import time

    spans = [Span("Fecha de nacimiento")]
    ts.set(spans, 200, lang="es")
    started = time.perf_counter()
    for _ in range(1000):
        ts.set(spans, 200, lang="es")
    assert time.perf_counter() - started < 1.0  # measured ~0.04 s
