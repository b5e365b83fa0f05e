"""Caches kept across packets (kitgen.memo): the same bytes as a cold build, and nothing about
a family left behind after its packet."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kitgen import memo
from kitgen.family import load_family
from kitgen.packet import build_packet, packet_pages
from kitgen.pdf.draw import untagged

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "families"

#: (sample, family name put in its place or None, build options, untagged)
CASES = [
    ("boston-rivera-es.yaml", None, {}, False),
    ("hartford-malik-ur.yaml", None, {}, False),
    ("boston-rivera-es.yaml", "Okonkwo Lindqvist", {}, False),
    ("boston-wang-zh-hans.yaml", None, {}, False),
    ("boston-rivera-es.yaml", None, {"large_print": True}, False),
    ("boston-alhusseini-ar.yaml", None, {"paper": "a4"}, False),
    ("boston-rivera-es.yaml", None, {}, True),
    ("hartford-malik-ur.yaml", "ملک زادہ", {"large_print": True}, False),
    ("boston-wang-zh-hans.yaml", None, {"parts": ["binder", "cards"]}, True),
    ("boston-rivera-es.yaml", "Okonkwo Lindqvist", {}, False),
]


def _family_file(tmp: Path, sample: str, name: str | None, index: int) -> Path:
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    if name is not None:
        text, count = re.subn(
            r"^family_name: .*$", f'family_name: "{name}"', text, count=1, flags=re.M
        )
        assert count == 1
    path = tmp / f"family-{index}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


_COLD = textwrap.dedent(
    """
    import ast, datetime, sys
    from pathlib import Path
    from kitgen.family import load_family
    from kitgen.packet import build_packet
    from kitgen.pdf.draw import untagged
    path, options, plain, out = sys.argv[1], ast.literal_eval(sys.argv[2]), sys.argv[3], sys.argv[4]
    options["prepared"] = datetime.date(2026, 11, 2)
    family = load_family(path)
    if plain == "1":
        with untagged():
            data = build_packet(family, **options)
    else:
        data = build_packet(family, **options)
    Path(out).write_bytes(data)
    """
)


def test_warm_packets_are_the_bytes_of_cold_ones(tmp_path: Path) -> None:
    """In one process, families and locales interleaved (large print, A4, untagged, some
    parts, a family's name changed), each PDF is the one a new process (cold caches)
    makes."""
    import datetime as dt

    warm: list[bytes] = []
    for i, (sample, name, options, plain) in enumerate(CASES):
        path = _family_file(tmp_path, sample, name, i)
        family = load_family(path)
        kwargs = {**options, "prepared": dt.date(2026, 11, 2)}
        if plain:
            with untagged():
                warm.append(build_packet(family, **kwargs))
        else:
            warm.append(build_packet(family, **kwargs))
    for i, (sample, name, options, plain) in enumerate(CASES):
        out = tmp_path / f"cold-{i}.pdf"
        subprocess.run(
            [sys.executable, "-c", _COLD, str(tmp_path / f"family-{i}.yaml"), repr(options),
             "1" if plain else "0", str(out)],
            check=True,
        )  # fmt: skip
        assert warm[i] == out.read_bytes(), f"case {i} ({sample}, {name}, {options}) differs"
    # the same family twice gives the same bytes, and another family other bytes
    assert warm[2] == warm[9]
    assert warm[0] != warm[2]


def _holders(needle: str) -> list[str]:
    """Descriptions of live objects holding ``needle``: in a string, in bytes (UTF-8), or
    spread over a tuple or list of strings (a glyph run's texts)."""
    raw = needle.encode("utf-8")
    found = []

    def holds(value: object) -> bool:
        if isinstance(value, str):
            return needle in value
        if isinstance(value, bytes | bytearray):
            return raw in value
        return False

    for obj in gc.get_objects():
        if isinstance(obj, dict):
            values = list(obj.keys()) + list(obj.values())
        elif isinstance(obj, tuple | list | set | frozenset):
            values = list(obj)
            strings = [v for v in values if isinstance(v, str)]
            if len(strings) > 1 and needle in "".join(strings):
                found.append(f"{type(obj).__name__} of strings {strings[:6]!r}")
                continue
        else:
            continue
        if any(holds(v) for v in values):
            found.append(f"{type(obj).__name__} {repr(obj)[:120]}")
    return found


@pytest.mark.parametrize(
    ("sample", "reversed_name"),
    [
        ("boston-rivera-es.yaml", "enivlaccuZ htrowdrahtnuB"),
        ("boston-alhusseini-ar.yaml", "يظوغلثذ"),
        ("hartford-sato-ja.yaml", "森蔵"),
    ],
)
def test_no_cache_keeps_a_family_after_its_packet(
    tmp_path: Path, sample: str, reversed_name: str
) -> None:
    """After a packet (and its layout alone, another way in), no live object holds the
    family's name: not the shaping, setting, drawing, compression or tagging caches. (The
    name is kept reversed here so that this test's own constants do not hold it.)"""
    from reportlab.pdfbase import pdfdoc

    path = _family_file(tmp_path, sample, reversed_name[::-1], 0)
    build_packet(load_family(path))  # a first packet: the process's fonts and catalogs
    flate = pdfdoc.PDFZCompress  # kitgen's remembering Flate filter (kitgen.pdf.draw)
    flate._done.clear()
    data = build_packet(load_family(path))
    assert data.startswith(b"%PDF")
    del data
    gc.collect()
    assert _holders(reversed_name[::-1]) == []  # drawing's caches too, right after the packet
    assert flate._done == {}  # no page or font subset of the packet is kept compressed
    doc, pages = packet_pages(load_family(path))
    assert pages
    del doc, pages
    path.unlink()
    gc.collect()
    assert _holders(reversed_name[::-1]) == []


def test_a_pre_filled_intake_form_keeps_nothing_of_its_family() -> None:
    """The answers a form is pre-filled with are set and drawn for that form only: after a
    blank form of the language, a pre-filled one adds nothing to any kept cache."""
    from kitgen.intake import build_intake_form

    build_intake_form("es")
    before = {id(m): len(m.kept) for m in memo._MEMOS}
    form = build_intake_form(family=load_family(SAMPLES / "boston-rivera-es.yaml"))
    assert form.pdf.startswith(b"%PDF") and form.fields > 0
    grown = [m.name for m in memo._MEMOS if id(m) in before and len(m.kept) > before[id(m)]]
    assert grown == []


def test_drawing_a_packet_is_part_of_its_packet() -> None:
    """The PDF of a packet is drawn inside its family's scope: the compression cache keeps
    none of its page streams or font subsets, and the tagging helpers none of its texts."""
    from reportlab.pdfbase import pdfdoc

    from kitgen.pdf import tagging

    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    build_packet(family)  # a first packet: whatever a process keeps of its own
    flate = pdfdoc.PDFZCompress
    before = dict(flate._done)
    assert build_packet(family).startswith(b"%PDF")
    assert flate._done == before
    helpers = (tagging.text_script, tagging._texts_language, tagging.line_gap, tagging._text)
    assert [f.cache_info().currsize for f in helpers] == [0, 0, 0, 0]


def test_a_family_is_remembered_for_its_own_packet_only() -> None:
    """Inside a packet a family's work is private (scratch tier); public work and work outside
    any packet is kept, and the scratch tier empties when the packet ends, even by an error."""
    cache: memo.Memo[str, int] = memo.Memo("test", 3)
    cache.put("poster", 1)  # outside a packet: nothing of a family
    with pytest.raises(RuntimeError), memo.family_scope():
        cache.put("family", 2)
        with memo.public():
            cache.put("template", 3)
        with memo.family_scope():  # nested: still the same packet
            cache.put("child", 4)
        assert cache.get("child") == 4
        assert memo.private()
        raise RuntimeError
    assert not memo.private()
    assert cache.get("family") is None and cache.get("child") is None
    assert cache.get("poster") == 1 and cache.get("template") == 3
    for key in ("a", "b", "c"):  # bounded: the oldest kept entries go first
        cache.put(key, 0)
    assert len(cache.kept) == 3 and cache.get("poster") is None


def test_the_collector_waits_while_a_packet_is_built_and_runs_again_after(monkeypatch):
    import kitgen.pdf.draw

    seen = []
    real = kitgen.pdf.draw.render_pdf

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr("kitgen.packet.render_pdf", watched)
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    assert gc.isenabled()
    build_packet(family)
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        build_packet(family)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_nest_and_an_error_ends_them():
    assert gc.isenabled()
    with memo.collector_paused():
        with memo.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), memo.collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_batch_worker_pauses_the_collector_per_family(tmp_path, monkeypatch):
    from kitgen.batch import work
    from kitgen.batch.roster import PacketJob

    seen = []
    real = work._packet_job
    monkeypatch.setattr(work, "_packet_job", lambda job: seen.append(gc.isenabled()) or real(job))
    monkeypatch.setitem(work._STATE, "options", None)
    from kitgen.errors import Problem

    jobs = [
        PacketJob(i, Problem("family_file", ""), tmp_path / f"f{i}.yaml", None, None, "x.pdf")
        for i in range(2)
    ]
    try:
        results = work.packet_chunk(jobs)
    finally:
        work._STATE.clear()
    assert seen == [False, False] and gc.isenabled()
    assert len(results) == 2 and all(r.data is None for r in results)
