"""Batch printing: bad rows reported and skipped, good rows made, whole files only, the same
bytes from any number of workers, passwords that stay secret."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES
from pypdf import PdfReader

from kitgen.cli import main
from kitgen.i18n import available_codes

BOSTON = str(ROOT / "samples" / "boston-settings.yaml")
KITGEN = str(Path(sys.executable).parent / "kitgen")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- posters ---------------------------------------------------------------------------------


HEADER = "school,languages,size,orientation,copies\n"
PLAN = """\ufeffschool,languages,size,orientation,copies
Harbor View Elementary,es pt,tabloid,,2
Maple Street K-8,es,tabloyd,portrait,1
Riverside High,xx ar,letter,,1
Lincoln Middle,vi,letter,sideways,two
Escuela Brisa del Mar,ar;zh-Hans,Letter,landscape,1
,es,letter,,1
Riverside High,es ar,a4,,1
Riverside High,zh-Hans,a4,,3
Riverside High,es ar,a4,,1
"""


def test_a_bad_row_never_stops_the_others(tmp_path):
    plan = write(tmp_path / "plan.csv", PLAN)
    out = tmp_path / "out"
    result = run("batch", "posters", str(plan), "-o", str(out), "--settings", BOSTON, "--jobs", "2")
    assert result.exit_code == 1, result.output
    sizes = "use one of letter, legal, tabloid, a4, a3, 18x24, 24x36"
    expected = [
        f"Error: {plan}: row 3: size: 'tabloyd' is not a size; {sizes}",
        f"Error: {plan}: row 4: languages: 'xx' is not a language kitgen ships; 'kitgen "
        "languages' lists the codes",
        f"Error: {plan}: row 5: orientation: 'sideways' is not an orientation; use portrait or "
        "landscape",
        f"Error: {plan}: row 5: copies: 'two' is not a number of copies; write a whole number "
        "from 1 to 1000",
        f"Error: {plan}: row 7: school: is empty; write the school's name",
        f"Error: {plan}: row 10: the same poster as row 8 (school, languages, size and "
        "orientation); add its copies to row 8",
    ]
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    summary_file = out / "summary.txt"
    assert lines[-1] == f"Made 4 poster files (7 pages); 5 rows failed. Summary: {summary_file}"
    assert files(out) == [
        "escuela-brisa-del-mar-letter-landscape.pdf",
        "harbor-view-elementary-tabloid.pdf",
        "riverside-high-a4-es-ar.pdf",  # two Riverside High posters at A4: languages added
        "riverside-high-a4-zh-hans.pdf",
        "summary.csv",
        "summary.txt",
    ]
    assert len(PdfReader(out / "harbor-view-elementary-tabloid.pdf").pages) == 2
    assert len(PdfReader(out / "riverside-high-a4-zh-hans.pdf").pages) == 3
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert f"{plan}: row 3: size: 'tabloyd' is not a size" in summary
    assert "row 2: Harbor View Elementary  poster  es pt  tabloid  portrait  2 -> " in summary
    csv_lines = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0] == (
        "entry,school,kind,languages,size,orientation,copies,file,pages,status,problem"
    )
    assert csv_lines[1] == (
        "row 2,Harbor View Elementary,poster,es pt,tabloid,portrait,2,"
        "harbor-view-elementary-tabloid.pdf,2,made,"
    )
    assert csv_lines[2].startswith("row 3,,,,,,,,,failed,\"size: 'tabloyd' is not a size;")
    assert "Posters" not in result.stderr and "\r" not in result.stderr  # no bar in a pipe


def test_a_bad_header_stops_before_anything_is_made(tmp_path):
    plan = write(tmp_path / "plan.csv", "school,languages,size,colour\nA,es,letter,red\n")
    out = tmp_path / "out"
    result = run("batch", "posters", str(plan), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {plan} has 1 problem\n  {plan}: row 1: colour: unknown column. Accepted: "
        "school, kind, languages, size, orientation, copies\n"
    )
    assert not out.exists()
    plan = write(tmp_path / "plan.csv", "school;languages;size\nA;es;letter\n")
    result = run("batch", "posters", str(plan), "-o", str(out))
    assert "the cells are separated by ';'" in result.stderr


def test_same_inputs_same_bytes_with_any_number_of_workers(tmp_path):
    rows = [
        f"School {i},{code},{size},,1"
        for i, (code, size) in enumerate(
            [("es", "letter"), ("ar", "tabloid"), ("zh-Hans", "a4"), ("km", "letter"), ("es", "a3")]
        )
    ]
    plan = write(tmp_path / "plan.csv", HEADER + "\n".join(rows))
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("batch", "posters", str(plan), "-o", str(one), "--jobs", "1").exit_code == 0
    assert run("batch", "posters", str(plan), "-o", str(two), "--jobs", "2").exit_code == 0
    assert files(one) == files(two) and len(files(one)) == 7
    for name in files(one):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


# -- packets ---------------------------------------------------------------------------------


@pytest.fixture()
def families(tmp_path) -> Path:
    folder = tmp_path / "workshop"
    (folder / "families").mkdir(parents=True)
    for name in ("boston-rivera-es.yaml", "hartford-santos-pt.yaml"):
        shutil.copy(SAMPLES / name, folder / "families" / name)
    bad = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    write(folder / "families" / "broken.yaml", bad.replace("2018-01-21", "2025-02-30"))
    write(tmp_path / "outside.yaml", bad)
    return folder


ROSTER = """family_file,lang,paper,output
families/boston-rivera-es.yaml,,,
families/missing.yaml,,,
../outside.yaml,,,
families/hartford-santos-pt.yaml,xx,a5,
families/broken.yaml,,,
families/hartford-santos-pt.yaml,es,a4,santos.pdf
families/boston-rivera-es.yaml,,,../rivera.pdf
"""


def test_packets_bad_rows_are_reported_and_good_ones_made(families, tmp_path):
    roster = write(families / "roster.csv", ROSTER)
    out = tmp_path / "out"
    result = run(
        "batch", "packets", str(roster), "-o", str(out), "--date", "2026-11-02", "--jobs", "2"
    )
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    # the family stage words its own message; the batch adds where it is
    lines[4] = lines[4].split(" (February")[0]
    assert lines[:-1] == [
        f"Error: {roster}: row 3: family_file: 'families/missing.yaml' does not exist in "
        f"{families.resolve()}",
        f"Error: {roster}: row 4: family_file: '../outside.yaml' must be a path inside the "
        "roster's folder (no absolute path, no '..')",
        f"Error: {roster}: row 5: lang: 'xx' is not a language kitgen ships; 'kitgen languages' "
        "lists the codes",
        f"Error: {roster}: row 5: paper: 'a5' is not a paper size; use letter or a4",
        f"Error: {roster}: row 6: family_file: broken.yaml: line 42: children[1].date_of_birth: "
        "'2025-02-30' is not a real date",
        f"Error: {roster}: row 8: output: '../rivera.pdf' is not a plain file name ending in "
        ".pdf (letters, digits, spaces, '.', '-' and '_'; no folder)",
    ]
    assert lines[-1].startswith("Made 2 packet files (")
    # named by position, never after the family; a chosen name only when a row asks for it
    assert files(out) == ["packet-001.pdf", "santos.pdf", "summary.csv", "summary.txt"]
    assert "Rivera" not in " ".join(files(out))
    csv_text = (out / "summary.csv").read_text(encoding="utf-8")
    assert "row 7,families/hartford-santos-pt.yaml,es,a4,santos.pdf," in csv_text


def test_a_family_that_does_not_print_is_reported_without_its_value(tmp_path):
    # a valid file whose number is too long for its line in large print: `kitgen validate`
    # passes it, so the summary points at `kitgen packet` (which says why), and quotes nothing
    folder = tmp_path / "families"
    folder.mkdir()
    text = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    digits = "781 555 0123 0456 1234 5678 9012 3456 7890 1234"
    write(folder / "long.yaml", text.replace("name: Dr. Lena Park", f'name: "{digits}"', 1))
    assert run("validate", str(folder / "long.yaml")).exit_code == 0
    out = tmp_path / "out"
    result = run("--quiet", "batch", "packets", str(folder), "-o", str(out), "--large-print")
    assert result.exit_code == 1
    assert "children[0].doctor.name: a number is too long for its line even at 14 pt" in (
        result.stderr
    )
    for name in ("summary.csv", "summary.txt"):
        stored = (out / name).read_text(encoding="utf-8")
        assert "children[0].doctor.name: cannot be printed; 'kitgen packet' on the file" in stored
        assert digits not in stored and "validate" not in stored


def test_the_summary_counts_the_pages_each_packet_has(families, tmp_path):
    """The batch counts pages as laid out (it does not read the PDF back): the counts must be
    the PDFs' own, with and without a password."""
    write(
        families / "roster.yaml",
        "families:\n  - families/boston-rivera-es.yaml\n"
        "  - family_file: families/hartford-santos-pt.yaml\n    paper: a4\n",
    )
    out = tmp_path / "out"
    result = run("batch", "packets", str(families / "roster.yaml"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = (out / "summary.csv").read_text(encoding="utf-8").splitlines()[1:]
    counted = {row.split(",")[-4]: int(row.split(",")[-3]) for row in rows}
    assert counted == {
        name: len(PdfReader(out / name).pages) for name in ("packet-001.pdf", "packet-002.pdf")
    }
    assert sum(counted.values()) > 40  # two whole packets
    assert f"({sum(counted.values())} pages)" in result.stderr


def test_roster_yaml_and_folder(families, tmp_path):
    write(
        families / "roster.yaml",
        "families:\n  - families/boston-rivera-es.yaml\n"
        "  - family_file: families/hartford-santos-pt.yaml\n    paper: a4\n",
    )
    out = tmp_path / "yaml"
    result = run("batch", "packets", str(families / "roster.yaml"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert files(out) == ["packet-001.pdf", "packet-002.pdf", "summary.csv", "summary.txt"]
    out = tmp_path / "folder"
    result = run("batch", "packets", str(families / "families"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1  # broken.yaml
    assert (
        f"Error: {families / 'families' / 'broken.yaml'}: family_file: broken.yaml: line 42: "
        "children[1].date_of_birth:" in result.stderr
    )
    # in name order: boston-rivera-es, broken (failed: no packet-002), hartford-santos-pt
    assert files(out) == ["packet-001.pdf", "packet-003.pdf", "summary.csv", "summary.txt"]


def test_password_protected_packets_open_only_with_the_password(families, tmp_path):
    secret = "correct horse battery staple"
    roster = write(families / "roster.csv", "family_file\nfamilies/boston-rivera-es.yaml\n")
    out = tmp_path / "out"
    result = run(
        "batch",
        "packets",
        str(roster),
        "-o",
        str(out),
        "--password-env",
        "KITGEN_PW",
        "--jobs",
        "1",
        env={"KITGEN_PW": secret},
    )
    assert result.exit_code == 0, result.output
    data = (out / "packet-001.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == 0
    assert reader.decrypt(secret) != 0
    assert "Rivera" in reader.pages[0].extract_text()
    assert "/AESV3" in str(reader.trailer["/Encrypt"]["/CF"])  # AES-256
    for text in (result.output, result.stderr, *(p.read_text() for p in out.glob("summary.*"))):
        assert secret not in text
    assert secret.encode() not in data


def test_packet_command_takes_a_password_file_never_a_plain_value(tmp_path):
    secret = "Pa55word for the Riveras"
    pw = write(tmp_path / "pw.txt", secret + "\n")
    out = tmp_path / "p.pdf"
    result = run(
        "packet", str(SAMPLES / "boston-rivera-es.yaml"), "-o", str(out), "--password-file", str(pw)
    )
    assert result.exit_code == 0, result.output
    assert PdfReader(out).decrypt(secret) != 0
    assert secret not in result.output
    family = str(SAMPLES / "boston-rivera-es.yaml")
    result = run("packet", family, "-o", str(out), "--password", secret)
    assert result.exit_code == 2  # no such option: a password on the command line is visible in ps
    result = run(
        "packet",
        str(SAMPLES / "boston-rivera-es.yaml"),
        "-o",
        str(out),
        "--force",
        "--password-file",
        str(pw),
        "--password-env",
        "X",
    )
    assert result.exit_code == 2 and "give the password one way only" in result.output
    asked = CliRunner().invoke(
        main,
        ["packet", family, "-o", str(out), "--force", "--ask-password"],
        input=f"{secret}\n{secret}\n",
        catch_exceptions=False,
    )
    assert asked.exit_code == 0, asked.output
    assert PdfReader(out).decrypt(secret) != 0
    assert secret not in asked.output + asked.stderr  # typed, never echoed
    result = run(
        "packet",
        str(SAMPLES / "boston-rivera-es.yaml"),
        "-o",
        str(out),
        "--force",
        "--password-env",
        "KITGEN_NO_SUCH_VARIABLE",
    )
    assert result.exit_code == 2
    assert "the environment variable KITGEN_NO_SUCH_VARIABLE is not set" in result.output


# -- interruptions -----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_an_interrupted_run_leaves_whole_files_only(tmp_path, how):
    sizes = ["letter", "a4", "legal", "tabloid", "a3", "18x24", "24x36"]
    rows = [
        f"School {code} {size} {o},{code},{size},{o},1"
        for o in ("portrait", "landscape")
        for size in sizes
        for code in available_codes()
    ]
    plan = write(tmp_path / "plan.csv", HEADER + "\n".join(rows))
    out = tmp_path / "out"
    process = subprocess.Popen(
        [KITGEN, "batch", "posters", str(plan), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (out.exists() and len(list(out.glob("*.pdf"))) >= 3):
        time.sleep(0.02)
    assert process.poll() is None, process.communicate()
    if how == "SIGTERM":
        process.send_signal(signal.SIGTERM)  # the parent only, as `kill PID` does
    else:
        os.killpg(process.pid, signal.SIGINT)  # the whole process group, as a terminal does
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # a hang: stop it here, not in a later test's teardown
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"kitgen did not stop within 30 s of {how}")
    assert process.returncode == 130, stderr
    assert b"Interrupted" in stderr and b"Traceback" not in stderr
    left = list(out.iterdir())
    assert left and all(p.suffix == ".pdf" for p in left)  # no .part file, no summary
    assert len(left) < len(rows)
    for pdf in left:  # each file is whole
        assert len(PdfReader(pdf).pages) == 1


def test_the_sample_plan_and_rosters_are_clean():
    from kitgen.batch.plan import read_plan
    from kitgen.batch.roster import read_roster

    jobs, problems = read_plan(ROOT / "samples" / "poster-plan.csv")
    assert not problems and len(jobs) == 5
    for name in ("roster.csv", "roster.yaml"):
        jobs, bad = read_roster(ROOT / "samples" / name)
        assert not bad and jobs
        assert [j.output for j in jobs] == [f"packet-{i:03d}.pdf" for i in range(1, len(jobs) + 1)]


def test_a_worker_is_given_the_families_of_one_language_together(tmp_path, monkeypatch):
    """Jobs are scheduled by the family's language (the row's lang, else the file's language
    key), so that each worker sets up few languages; packets and the summary keep roster
    order, and a file the hint cannot read is still made or reported by the worker."""
    from kitgen.batch import roster as roster_module
    from kitgen.batch import run as run_module

    folder = tmp_path / "workshop"
    folder.mkdir()
    samples = ["boston-rivera-es.yaml", "boston-alhusseini-ar.yaml"] * 3
    lines = ["family_file,lang"]
    for i, name in enumerate(samples):
        shutil.copy(SAMPLES / name, folder / f"f{i}.yaml")
        lines.append(f"f{i}.yaml,{'es' if i == 5 else ''}")  # row 6's lang outranks its file
    (folder / "f6.json").write_text('{"family_name": "X", "language": "vi"}', encoding="utf-8")
    lines.append("f6.json,")
    roster = write(folder / "roster.csv", "\n".join(lines) + "\n")

    jobs, bad = roster_module.read_roster(roster)
    assert not bad
    hints = [roster_module.language_hint(job) for job in jobs]
    assert hints == ["es", "ar", "es", "ar", "es", "es", "vi"]

    chunked = []
    real = run_module._chunks
    monkeypatch.setattr(
        run_module,
        "_chunks",
        lambda jobs, workers, key: chunked.append(real(jobs, 1, key)) or chunked[-1],
    )
    out = tmp_path / "out"
    done = run("batch", "packets", str(roster), "-o", str(out), "--jobs", "1")
    assert done.exit_code == 1  # the JSON file is not a whole family: reported, the rest made
    order = [job.index for chunk in chunked[0] for job in chunk]
    assert order == [2, 4, 1, 3, 5, 6, 7]  # ar first, then es, then vi
    assert [p.name for p in sorted(out.glob("packet-*.pdf"))] == [
        f"packet-00{i}.pdf" for i in range(1, 7)
    ]
    summary = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in summary[1:]] == [f"row {i}" for i in range(2, 9)]


def test_the_language_hint_never_waits_on_a_pipe_and_reads_no_link(tmp_path):
    from kitgen.batch.roster import language_hint, read_roster

    folder = tmp_path / "workshop"
    folder.mkdir()
    shutil.copy(SAMPLES / "boston-rivera-es.yaml", folder / "a.yaml")
    roster = write(folder / "roster.csv", "family_file\na.yaml\n")
    jobs, bad = read_roster(roster)
    assert not bad and language_hint(jobs[0]) == "es"
    (folder / "a.yaml").unlink()
    os.mkfifo(folder / "a.yaml")  # swapped for a pipe after the roster was read
    assert language_hint(jobs[0]) == ""  # at once, without a writer
    (folder / "a.yaml").unlink()
    (folder / "a.yaml").symlink_to(SAMPLES / "boston-alhusseini-ar.yaml")
    assert language_hint(jobs[0]) == ""  # a link is not followed
