"""Output files and folders: killed runs leave nothing readable, one batch per folder, summaries
that describe exactly the folder and carry no formulas, packets independent of the worker's
history, encrypted packets that say little."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES

from kitgen.batch import make_packets, make_posters
from kitgen.cli import main
from kitgen.errors import UsageError
from kitgen.output import remove_stale_temporaries

KITGEN = str(Path(sys.executable).parent / "kitgen")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def workshop(folder: Path, names: list[str]) -> Path:
    """A roster of sample families copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    roster = folder / "roster.csv"
    roster.write_text("family_file\n" + "".join(f"{n}\n" for n in names), encoding="utf-8")
    return roster


# -- killed runs ---------------------------------------------------------------------------------

PAUSED_WRITER = textwrap.dedent(
    """
    import sys, time
    import kitgen.output as output
    output._use_tmpfile = sys.argv[1] == "tmpfile"
    def pause(target):
        print("paused", flush=True)
        time.sleep(120)
    output._before_link = pause
    output.write_atomic(sys.argv[2], b"%PDF-1.7 the Rivera family's caregiver " * 5000)
    """
)


@pytest.mark.parametrize("how", ["tmpfile", "rename"])
def test_sigkill_between_write_and_link_leaves_nothing_readable(tmp_path, how):
    if how == "tmpfile" and not hasattr(os, "O_TMPFILE"):
        pytest.fail("this Linux test needs os.O_TMPFILE")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "packet-001.pdf"
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSED_WRITER, how, str(target)], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"paused\n"  # the data is written and synced, unnamed
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert not target.exists()
    left = files(folder)
    if how == "tmpfile":
        assert left == []  # the file never had a name: nothing to read, nothing to clean
    else:
        (name,) = left  # the fallback's temporary file: owner-only, removed at the next start
        assert name.startswith(".kitgen-") and name.endswith(".part")
        assert (folder / name).stat().st_mode & 0o077 == 0
        assert remove_stale_temporaries(folder) == 1
        assert files(folder) == []


BATCH_KILLED_AT_SECOND = textwrap.dedent(
    """
    import sys, time
    import kitgen.output as output
    seen = []
    def pause(target):
        seen.append(target)
        if len(seen) == 2:
            print("paused", flush=True)
            time.sleep(120)
    output._before_link = pause
    from kitgen.batch import make_packets
    make_packets(sys.argv[1], sys.argv[2], workers=1)
    """
)


def test_a_batch_killed_mid_write_keeps_whole_packets_only(tmp_path):
    from pypdf import PdfReader

    roster = workshop(tmp_path / "in", ["boston-rivera-es.yaml", "hartford-santos-pt.yaml"])
    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-c", BATCH_KILLED_AT_SECOND, str(roster), str(out)],
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"paused\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert [n for n in files(out) if not n.startswith(".kitgen-")] == ["packet-001.pdf"]
    assert len(PdfReader(out / "packet-001.pdf").pages) > 10  # whole
    # the killed run's packet is another run's output: refused, then replaced
    result = run("batch", "packets", str(roster), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 2
    assert "already holds kitgen output (packet-001.pdf); give --replace" in result.output
    result = run("batch", "packets", str(roster), "-o", str(out), "--jobs", "1", "--replace")
    assert result.exit_code == 0, result.output
    assert files(out) == ["packet-001.pdf", "packet-002.pdf", "summary.csv", "summary.txt"]


# -- one batch per folder ------------------------------------------------------------------------


def test_a_locked_folder_is_refused(tmp_path):
    roster = workshop(tmp_path / "in", ["boston-rivera-es.yaml"])
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another run holds it
        with pytest.raises(UsageError) as caught:
            make_packets(roster, out, workers=1)
        assert "another kitgen run is writing into" in str(caught.value)
    finally:
        os.close(fd)
    assert files(out) == []


PLAN = "school,languages,size\n" + "".join(f"School {i},es ar,letter\n" for i in range(6))


def test_two_concurrent_batches_into_one_folder_cannot_both_succeed(tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    args = [KITGEN, "batch", "posters", str(plan), "-o", str(out), "--jobs", "1"]
    runs = [subprocess.Popen(args, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(p.returncode, p.communicate()[1].decode()) for p in runs]
    results = [(p.returncode, text) for p, (_, text) in zip(runs, results, strict=True)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    (loser,) = [text for code, text in results if code == 2]
    assert "another kitgen run is writing into" in loser or "already holds kitgen output" in loser
    assert "internal problem" not in loser
    summary = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text("utf-8"))))
    assert sorted(r["file"] for r in summary) == sorted(n for n in files(out) if n.endswith(".pdf"))


def test_replace_leaves_exactly_the_files_the_summary_names(tmp_path):
    names = ["boston-rivera-es.yaml", "hartford-santos-pt.yaml", "boston-kim-ko.yaml"]
    roster = workshop(tmp_path / "in", names)
    out = tmp_path / "out"
    make_packets(roster, out, workers=1)
    assert files(out) == [
        "packet-001.pdf", "packet-002.pdf", "packet-003.pdf", "summary.csv", "summary.txt"
    ]  # fmt: skip
    with pytest.raises(UsageError) as caught:
        make_packets(roster, out, workers=1)
    assert "already holds kitgen output" in str(caught.value)
    roster.write_text("family_file,output\nboston-kim-ko.yaml,kim.pdf\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not kitgen's: left alone
    report = make_packets(roster, out, workers=1, replace=True)
    assert files(out) == ["kim.pdf", "notes.txt", "summary.csv", "summary.txt"]
    assert [e.output for e in report.entries] == ["kim.pdf"]


def test_an_input_that_is_also_an_output_is_refused(tmp_path):
    out = tmp_path / "out"
    roster = workshop(out, ["boston-rivera-es.yaml"])
    named = roster.rename(out / "summary.csv")
    result = run("batch", "packets", str(named), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 2
    assert f"{named} is an input of this batch and also a file it would write" in result.output
    assert named.read_text(encoding="utf-8").startswith("family_file")
    family = out / "boston-rivera-es.yaml"
    result = run("packet", str(family), "-o", str(family.with_suffix(".pdf")))
    assert result.exit_code == 0
    (out / "x.pdf").write_bytes(family.read_bytes())
    result = run("packet", str(out / "x.pdf"), "-o", str(out / "x.pdf"))
    assert result.exit_code == 2 and "it is also an input" in result.output


# -- summaries -----------------------------------------------------------------------------------


def test_summary_csv_neutralises_formulas(tmp_path):
    schools = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", " =3+4", "Plain"]
    plan = tmp_path / "plan.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["school", "languages", "size"])
    for school in schools:
        writer.writerow([school, "es", "letter"])
    plan.write_text(buffer.getvalue(), encoding="utf-8")
    out = tmp_path / "out"
    make_posters(plan, out, workers=1)
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text("utf-8"))))
    got = [r["school"] for r in rows]
    for cell in got[:-1]:
        assert cell.startswith("'"), cell
    assert got[-1] == "Plain"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_cell_neutralises_every_formula_start():
    from kitgen.output import csv_cell

    for text in ("=1", "+1", "-1", "@A", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("a=1") == "a=1" and csv_cell(3) == "3" and csv_cell(None) == ""


def test_summaries_name_a_family_s_problem_by_field_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    (folder / "broken.yaml").write_text(text.replace("2018-01-21", "2025-02-30"), "utf-8")
    (folder / "roster.csv").write_text("family_file\nbroken.yaml\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", "packets", str(folder / "roster.csv"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert "'2025-02-30' is not a real date" in result.output  # the screen says what it is
    for name in ("summary.txt", "summary.csv"):
        stored = (out / name).read_text(encoding="utf-8")
        assert "children[1].date_of_birth: has a problem; 'kitgen validate'" in stored
        assert "2025" not in stored and "Rivera" not in stored


def test_packets_are_owner_only_posters_are_not(tmp_path):
    roster = workshop(tmp_path / "in", ["boston-rivera-es.yaml"])
    old = os.umask(0o022)
    try:
        make_packets(roster, tmp_path / "packets", workers=1)
        plan = tmp_path / "plan.csv"
        plan.write_text("school,languages,size\nA,es,letter\n", encoding="utf-8")
        make_posters(plan, tmp_path / "posters", workers=1)
    finally:
        os.umask(old)
    for path in (tmp_path / "packets").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
    for path in (tmp_path / "posters").iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path


# -- determinism ---------------------------------------------------------------------------------

MIXED = [
    "boston-alhusseini-ar.yaml",
    "boston-wang-zh-hans.yaml",
    "hartford-malik-ur.yaml",
    "hartford-sato-ja.yaml",
    "boston-rivera-es.yaml",
]


def test_jobs_1_and_jobs_2_give_identical_packets_over_a_mixed_script_roster(tmp_path):
    roster = workshop(tmp_path / "in", MIXED)
    one, two = tmp_path / "one", tmp_path / "two"
    make_packets(roster, one, workers=1)
    make_packets(roster, two, workers=2)
    assert files(one) == files(two) and len(files(one)) == len(MIXED) + 2
    for name in files(one):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_a_packet_does_not_depend_on_the_packets_made_before_it():
    from kitgen.family import load_family
    from kitgen.packet import build_packet
    from kitgen.pdf import fonts

    japanese = load_family(SAMPLES / "hartford-sato-ja.yaml")
    fonts.clear_run_caches()
    alone = build_packet(japanese)
    build_packet(load_family(SAMPLES / "boston-alhusseini-ar.yaml"))
    after_arabic = build_packet(japanese)
    assert alone == after_arabic


# -- encrypted packets ---------------------------------------------------------------------------


def test_an_encrypted_packet_hides_font_names_and_page_count(rivera_pdf):
    import re

    import pikepdf
    from pypdf import PdfReader

    from kitgen.pdf.protect import encrypt_pdf

    one, two = encrypt_pdf(rivera_pdf, "correct horse"), encrypt_pdf(rivera_pdf, "correct horse")
    # the packet itself keeps its objects in compressed object streams (kitgen.pdf.compact), so
    # the names are looked for in its uncompressed form
    plain = io.BytesIO()
    with pikepdf.open(io.BytesIO(rivera_pdf)) as pdf:
        pdf.save(plain, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    for clear in (b"/BaseFont", b"/FontName", b"/Count", b"Noto", b"/Type /Page", b"/Font"):
        assert clear in plain.getvalue()
        assert clear not in one, clear
    assert re.search(rb"/Type\s*/ObjStm", one)

    def tags(data: bytes) -> set[str]:
        reader = PdfReader(io.BytesIO(data), password="correct horse")
        return {
            str(font.get_object()["/BaseFont"])[1:7]
            for page in reader.pages
            for font in (page["/Resources"].get("/Font") or {}).values()
        }

    assert tags(one) and tags(one).isdisjoint(tags(two))  # not reproducible across files
    reader = PdfReader(io.BytesIO(one), password="correct horse")
    assert len(reader.pages) == len(PdfReader(io.BytesIO(rivera_pdf)).pages)


def test_settings_sample_still_reads():
    from kitgen.settings import load_settings

    assert load_settings(ROOT / "samples" / "boston-settings.yaml").district_name


def test_a_fallback_write_removes_dead_runs_leftovers_only(tmp_path, monkeypatch):
    """Where there is no O_TMPFILE, each write first removes the temporary files killed runs
    left, at any age (their lock died with them); never one a live run holds locked, however
    old, nor one created this instant, nor a link."""
    import fcntl

    from kitgen import output

    monkeypatch.setattr(output, "_use_tmpfile", False)
    folder = tmp_path / "out"
    folder.mkdir()
    seconds_ago = time.time() - 5
    dead = folder / ".kitgen-0a1b2c.part"
    dead.write_bytes(b"half of a family's packet")
    os.utime(dead, (seconds_ago, seconds_ago))
    live = folder / ".kitgen-3d4e5f.part"
    live.write_bytes(b"another run, writing slowly")
    hours_ago = time.time() - 2 * output.STALE_AFTER
    os.utime(live, (hours_ago, hours_ago))
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as the live writer does, until it renames
    newborn = folder / ".kitgen-999999.part"
    newborn.write_bytes(b"")  # created, not yet locked by its writer
    elsewhere = tmp_path / "keep.txt"
    elsewhere.write_bytes(b"not kitgen's")
    os.utime(elsewhere, (hours_ago, hours_ago))
    link = folder / ".kitgen-777777.part"
    link.symlink_to(elsewhere)
    try:
        output.write_atomic(folder / "packet.pdf", b"%PDF-1.7 whole")
        assert not dead.exists()
        assert live.exists() and newborn.exists() and link.is_symlink() and elsewhere.exists()
    finally:
        os.close(holder)
    assert (folder / "packet.pdf").read_bytes() == b"%PDF-1.7 whole"
    os.utime(live, (seconds_ago, seconds_ago))
    output.write_atomic(folder / "second.pdf", b"%PDF-1.7 whole")
    assert not live.exists()  # its writer is gone: the next write takes it


def test_a_killed_fallback_writer_leaves_nothing_after_the_next_write(tmp_path):
    """SIGKILL between write and rename leaves an owner-only hidden file; the very next write
    into the folder (a second later, not an hour) removes it; a paused live writer's is kept."""
    folder = tmp_path / "out"
    folder.mkdir()

    def paused(name: str) -> subprocess.Popen:
        child = subprocess.Popen(
            [sys.executable, "-c", PAUSED_WRITER, "rename", str(folder / name)],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"paused\n"
        return child

    killed = paused("packet-001.pdf")
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    killed.stdout.close()  # type: ignore[union-attr]
    (leftover,) = files(folder)
    alive = paused("packet-002.pdf")
    try:
        written = set(files(folder)) - {leftover}
        later = time.time() - 3
        for name in (leftover, *written):
            os.utime(folder / name, (later, later))
        writer = textwrap.dedent(
            """
            import sys
            import kitgen.output as output
            output._use_tmpfile = False
            output.write_atomic(sys.argv[1], b"%PDF-1.7 next family")
            """
        )
        subprocess.run([sys.executable, "-c", writer, str(folder / "packet-003.pdf")], check=True)
        assert not (folder / leftover).exists()  # the killed run's: gone
        assert written and all((folder / n).exists() for n in written)  # the live run's: kept
    finally:
        alive.send_signal(signal.SIGKILL)
        alive.wait()
        alive.stdout.close()  # type: ignore[union-attr]
