"""What people expect of a CLI: --force before replacing a file, --quiet, suggestions for a
misspelt key or column (with the YAML line), a password per family in a batch, and a progress
line with a count and an ETA from the observed rate (an injected clock: no timed test)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from pypdf import PdfReader

from kitgen.cli import Eta, _Bar, _force_option, _guard, main
from kitgen.errors import KitgenError

RIVERA = str(SAMPLES / "boston-rivera-es.yaml")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- --force -------------------------------------------------------------------------------------

COMMANDS = {
    "new-family": (["new-family"], "family.yaml"),
    "packet": (["packet", RIVERA, "--parts", "cards"], "packet.pdf"),
    "poster": (["poster", "--lang", "es", "--size", "letter"], "poster.pdf"),
    "intake-form": (["intake-form", "--lang", "es", "--paper-form"], "form.pdf"),
    "locales export": (["locales", "export", "es"], "es.po"),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_existing_output_is_replaced_only_with_force(tmp_path, name):
    args, filename = COMMANDS[name]
    target = tmp_path / filename
    target.write_bytes(b"a file someone keeps")
    result = run(*args, "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {target} already exists; use --force to replace it (nothing was written)\n"
    )
    assert target.read_bytes() == b"a file someone keeps"
    result = run(*args, "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"a file someone keeps"


def test_a_link_at_the_output_counts_as_existing(tmp_path):
    link = tmp_path / "family.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    result = run("new-family", "-o", str(link))
    assert result.exit_code == 1 and "use --force" in result.stderr
    assert not (tmp_path / "nowhere.yaml").exists()


def test_standard_output_needs_no_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("-").write_text("a file named -")
    result = run("new-family", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("#")
    result = run("packet", RIVERA, "--parts", "cards", "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF")
    assert Path("-").read_text() == "a file named -"


def test_the_force_rule_is_one_line_for_a_new_command(tmp_path):
    made: list[Path] = []

    @click.command()
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
    @_guard
    @_force_option
    def cards(output: Path) -> None:
        made.append(output)

    target = tmp_path / "cards.pdf"
    target.write_bytes(b"old")
    result = CliRunner().invoke(cards, ["-o", str(target)])
    assert result.exit_code == 1 and "use --force to replace it" in result.stderr
    assert made == []
    assert CliRunner().invoke(cards, ["-o", str(target), "--force"]).exit_code == 0
    assert made == [target]
    assert "--force" in CliRunner().invoke(cards, ["--help"]).output


PLAN = "school,languages,size\nHarbor View,es,letter\n"


def test_a_batch_folder_takes_force_as_replace(tmp_path):
    plan = write(tmp_path / "plan.csv", PLAN)
    out = tmp_path / "out"
    assert run("batch", "posters", str(plan), "-o", str(out), "--jobs", "1").exit_code == 0
    result = run("batch", "posters", str(plan), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 2
    assert "give --replace (or --force) to replace it" in result.stderr
    result = run("batch", "posters", str(plan), "-o", str(out), "--jobs", "1", "--force")
    assert result.exit_code == 0, result.output


# -- --quiet -------------------------------------------------------------------------------------


def test_quiet_leaves_out_information_but_not_errors(tmp_path):
    target = tmp_path / "family.yaml"
    result = run("--quiet", "new-family", "-o", str(target))
    assert result.exit_code == 0 and result.output == "" and target.exists()
    result = run("-q", "new-family", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target} already exists")
    result = run("-q", "validate", RIVERA)
    assert result.exit_code == 0 and result.output == ""
    assert "no problems found" in run("validate", RIVERA).stdout


def test_quiet_batch_shows_only_the_failed_rows(tmp_path):
    plan = write(tmp_path / "plan.csv", PLAN + "Maple,es,tabloyd\n")
    out = tmp_path / "out"
    result = run("-q", "batch", "posters", str(plan), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {plan}: row 3: size: 'tabloyd' is not a size")
    assert "Summary:" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert (out / "harbor-view-letter.pdf").exists()


# -- the progress line ---------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_eta_comes_from_the_observed_rate():
    clock = Clock()
    eta = Eta(clock)
    assert eta.line(0, 200, "families") == "0/200 families"
    clock.now += 1.0
    assert eta.seconds_left(12, 200) is None  # less than two seconds: no guess yet
    clock.now += 24.0
    assert eta.seconds_left(9, 200) is None  # fewer than 5% finished
    assert eta.seconds_left(40, 200) == pytest.approx(100.0)  # 160 left at 40 per 25 s
    assert eta.line(40, 200, "families") == "40/200 families, about 1 min 40 s left"
    clock.now += 25.0
    assert eta.line(100, 200, "families") == "100/200 families, about 50 s left"
    clock.now += 3550.0
    assert eta.line(101, 200, "families") == "101/200 families, about 58 min 50 s left"
    assert eta.line(200, 200, "families") == "200/200 families, done"


def test_a_slow_run_gets_hours_and_a_short_one_seconds():
    clock = Clock()
    eta = Eta(clock)
    eta.seconds_left(0, 1000)
    clock.now += 600.0
    assert eta.line(100, 1000, "families") == "100/1000 families, about 1 h 30 min left"
    clock = Clock()
    eta = Eta(clock)
    eta.seconds_left(0, 10)
    clock.now += 3.0
    assert eta.line(9, 10, "posters") == "9/10 posters, about 5 s left"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_draws_on_a_terminal_only_and_never_when_quiet():
    clock = Clock()
    screen = Terminal()
    bar = _Bar("families", stream=screen, clock=clock, quiet=False)
    bar(0, 200)
    clock.now += 25.0
    bar(40, 200)
    bar.close()
    assert screen.getvalue() == (
        "\r0/200 families" + "\r40/200 families, about 1 min 40 s left" + "\n"
    )
    quiet = Terminal()
    bar = _Bar("families", stream=quiet, clock=clock, quiet=True)
    bar(0, 2)
    bar(1, 2)
    bar.close()
    assert quiet.getvalue() == ""
    pipe = io.StringIO()
    bar = _Bar("families", stream=pipe, clock=clock, quiet=False)
    bar(0, 2)
    bar.close()
    assert pipe.getvalue() == ""


def test_a_shorter_line_clears_the_end_of_the_longer_one():
    clock = Clock()
    screen = Terminal()
    bar = _Bar("families", stream=screen, clock=clock, quiet=False)
    bar(0, 10)
    clock.now += 10.0
    bar(5, 10)
    bar(10, 10)
    last = screen.getvalue().split("\r")[-1]
    assert last.startswith("10/10 families, done")
    assert len(last) == len("5/10 families, about 10 s left")


# -- suggestions for misspelt keys and columns ---------------------------------------------------


def problems(call) -> list[str]:
    with pytest.raises(KitgenError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


def test_settings_suggest_the_key_with_its_line_and_never_the_value(tmp_path):
    from kitgen.settings import load_settings

    path = write(tmp_path / "s.yaml", "district_name: X\n\ndistrct_name: Private Value\n")
    (message,) = problems(lambda: load_settings(path))
    assert message.startswith(
        f"{path}: line 3: distrct_name: unknown setting; did you mean 'district_name'? Accepted: "
    )
    assert "Private" not in message


def test_plans_and_csv_rosters_suggest_the_column(tmp_path):
    from kitgen.batch import read_plan, read_roster

    plan = write(tmp_path / "plan.csv", "school,languages,size,copeis\nA,es,letter,2\n")
    assert problems(lambda: read_plan(plan)) == [
        f"{plan}: row 1: copeis: unknown column; did you mean 'copies'? Accepted: school, "
        "kind, languages, size, orientation, copies"
    ]
    roster = write(tmp_path / "roster.csv", "family_file,pasword_file\na.yaml,pw.txt\n")
    assert problems(lambda: read_roster(roster)) == [
        f"{roster}: row 1: pasword_file: unknown column; did you mean 'password_file'? "
        "Accepted: family_file, lang, paper, output, password_file"
    ]


def test_yaml_rosters_suggest_the_key_with_its_line(tmp_path):
    from kitgen.batch import read_roster

    roster = write(tmp_path / "roster.yaml", "familes:\n  - a.yaml\n")
    assert problems(lambda: read_roster(roster)) == [
        f"{roster}: line 1: familes: unknown roster key; did you mean 'families'? "
        "Accepted: families"
    ]
    write(tmp_path / "a.yaml", "family_name: A\n")
    roster = write(tmp_path / "roster.yaml", "families:\n  - family_file: a.yaml\n    lnag: es\n")
    jobs, bad = read_roster(roster)
    assert jobs == []
    # the line is the problem's own field, as in every other reader (never inside the message)
    (found,) = bad[0].problems
    assert (found.field, found.line, found.file) == ("families[0].lnag", 3, str(roster))
    assert str(found) == (
        f"{roster}: line 3: families[0].lnag: unknown roster key; did you mean 'lang'? "
        "Accepted: family_file, lang, paper, output, password_file"
    )
    # a bad value names the line of its key too
    roster = write(
        tmp_path / "roster.yaml",
        "families:\n  - a.yaml\n  - family_file: a.yaml\n    paper: tabloid\n    lang: xx\n",
    )
    jobs, bad = read_roster(roster)
    assert [(p.field, p.line) for p in bad[0].problems] == [
        ("families[1].lang", 5),
        ("families[1].paper", 4),
    ]


def test_region_packs_suggest_the_key_with_its_line(tmp_path):
    from kitgen.content.regions import load_pack

    pack = write(tmp_path / "pack.yaml", "name: X\ncontacts:\n  - name: A\n    knd: legal\n")
    (message,) = problems(lambda: load_pack(pack, "pack.yaml"))
    assert message.startswith(
        "pack.yaml: line 4: contacts[0].knd: unknown key; did you mean 'kind'? Accepted: "
    )


def test_region_packs_check_their_own_keys_with_suggestions_and_lines(tmp_path):
    from kitgen.content.regions import load_pack

    text = "key: x\nname: X\nstae: MA\ncontact:\n  - name: A\n"
    pack = write(tmp_path / "pack.yaml", text)
    assert problems(lambda: load_pack(pack, "pack.yaml")) == [
        "pack.yaml: line 3: stae: unknown pack key; did you mean 'state'? Accepted: key, name, "
        "state, contacts",
        "pack.yaml: line 4: contact: unknown pack key; did you mean 'contacts'? Accepted: key, "
        "name, state, contacts",
    ]


def test_family_files_suggest_the_field_with_its_line(tmp_path):
    from kitgen.family import load_family

    text = Path(RIVERA).read_text(encoding="utf-8").replace("family_name:", "family_nmae:", 1)
    path = write(tmp_path / "f.yaml", text)
    line = text.splitlines().index(next(x for x in text.splitlines() if "family_nmae" in x)) + 1
    found = problems(lambda: load_family(path))
    assert found[0] == (
        f"{path}: line {line}: family_nmae: unknown field; did you mean 'family_name'? "
        "Accepted: kitgen, language, state, region, prepared, family_name, print_sensitive, "
        "parents, children, caregivers, contacts, memorize, wishes, documents, money, address, "
        "forms"
    )


def test_json_family_files_name_the_line_of_each_problem_like_yaml(tmp_path):
    """JSON and YAML family files alike: each problem names the line of its field (a key, a
    value, a list item's first key for a field missing from it), and shows no more of the file
    than it did without lines."""
    import json

    import yaml

    from kitgen import load_family as api_load
    from kitgen.family import load_family

    doc = yaml.safe_load(Path(RIVERA).read_text(encoding="utf-8"))
    doc["contacts"][1]["phone"] = "617-555"
    del doc["contacts"][0]["type"]
    doc["contacts"][0]["fone"] = "Private Value 617"
    text = json.dumps(doc, indent=2, ensure_ascii=False, default=str)
    lines = text.splitlines()

    def line_of(needle: str, start: int = 0) -> int:
        return next(i for i, x in enumerate(lines) if i >= start and needle in x) + 1

    contacts = line_of('"contacts"')
    first = line_of('"name"', contacts)  # a field missing from contacts[0]: its first key
    fone, phone = line_of('"fone"'), lines.index('      "phone": "617-555"') + 1
    path = write(tmp_path / "f.json", text)
    found = problems(lambda: load_family(path))
    assert found == [
        f"{path}: line {fone}: contacts[0].fone: unknown field; did you mean "
        "'phone'? Accepted: type, name, phone, notes",
        f"{path}: line {first}: contacts[0].type: required field is missing: what kind of contact",
        f"{path}: line {phone}: contacts[1].phone: '617-555' is too short for a "
        "phone number; write it like 617-555-0134, or with + and the country code for a "
        "number abroad",
    ]
    assert not any("Private" in p for p in found)
    # the same file as YAML: the same problems, on its own lines
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    path = write(tmp_path / "f.yaml", text)
    found = problems(lambda: load_family(path))
    assert [p.split(": ")[1] for p in found] == [
        f"line {line_of('fone:')}",
        f"line {line_of('- ', line_of('contacts:'))}",
        f"line {next(i for i, x in enumerate(lines) if x.endswith(' 617-555')) + 1}",
    ]
    # a dict (the API, the kiosk) is no file: no line
    assert all(": line " not in p for p in problems(lambda: api_load(doc)))


def test_a_json_duplicate_key_names_the_line_of_the_second(tmp_path):
    from kitgen.family import load_family

    path = write(tmp_path / "f.json", '{\n  "kitgen": 1,\n  "state": "MA",\n  "state": "CT"\n}\n')
    assert problems(lambda: load_family(path))[0] == (
        f"{path}: line 4: state: appears twice in the same place; keep one (a second entry would "
        "silently replace the first)"
    )


def test_a_duplicate_yaml_key_names_its_line(tmp_path):
    from kitgen.settings import load_settings

    path = write(tmp_path / "s.yaml", "district_name: X\nphone: '617-555-0100'\nphone: '1'\n")
    (message,) = problems(lambda: load_settings(path))
    assert message.startswith(f"{path}: line 3: phone: appears twice")


# -- a password per family -----------------------------------------------------------------------


def test_each_family_gets_its_own_password_and_errors_never_show_it(tmp_path):
    folder = tmp_path / "workshop"
    folder.mkdir()
    shutil.copy(RIVERA, folder / "a.yaml")
    shutil.copy(RIVERA, folder / "b.yaml")
    write(folder / "pw" / "a.txt", "rivera secret one\n")
    write(folder / "pw" / "huge.txt", "x" * 5000)
    os.symlink("/dev/zero", folder / "pw" / "zero")
    write(folder / "pw" / "empty.txt", "\n")
    roster = write(
        folder / "roster.csv",
        "family_file,password_file\n"
        "a.yaml,pw/a.txt\n"
        "b.yaml,\n"
        "a.yaml,pw/missing.txt\n"
        "a.yaml,pw/zero\n"
        "a.yaml,pw/huge.txt\n"
        "a.yaml,pw/empty.txt\n"
        "a.yaml,../outside.txt\n",
    )
    out = tmp_path / "out"
    result = run(
        "batch", "packets", str(roster), "-o", str(out), "--jobs", "1",
        "--password-env", "KITGEN_PW", env={"KITGEN_PW": "the batch password"},
    )  # fmt: skip
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {roster}: row 4: password_file: the file named does not exist in {folder}",
        f"Error: {roster}: row 5: password_file: the file named points outside the roster's folder",
        f"Error: {roster}: row 6: password_file: the file named cannot be used: is 5,000 bytes; "
        "a password file holds one line",
        f"Error: {roster}: row 7: password_file: the file named cannot be used: the password "
        "is empty",
        f"Error: {roster}: row 8: password_file: the file named must be a path inside the "
        "roster's folder (no absolute path, no '..')",
    ]
    one = PdfReader(io.BytesIO((out / "packet-001.pdf").read_bytes()))
    assert one.is_encrypted and one.decrypt("the batch password") == 0
    assert one.decrypt("rivera secret one") != 0
    two = PdfReader(io.BytesIO((out / "packet-002.pdf").read_bytes()))
    assert two.decrypt("rivera secret one") == 0 and two.decrypt("the batch password") != 0
    summaries = [p.read_text(encoding="utf-8") for p in out.glob("summary.*")]
    for text in (result.output, *summaries):
        for secret in ("rivera secret one", "the batch password", "pw/", "a.txt", "zero"):
            assert secret not in text


def test_a_roster_password_file_is_read_by_the_one_password_file_reader(tmp_path, monkeypatch):
    """kitgen.pdf.protect.read_password_file is the single place password files are read and
    checked: --password-file and a roster's cells both go through it (the roster's file as the
    one it checked: no link followed, no pipe)."""
    from kitgen.batch import read_roster
    from kitgen.pdf import protect

    folder = tmp_path / "w"
    folder.mkdir()
    shutil.copy(RIVERA, folder / "a.yaml")
    write(folder / "pw.txt", "one secret\n")
    write(folder / "bad.txt", "\t\n")
    roster = write(folder / "r.csv", "family_file,password_file\na.yaml,pw.txt\na.yaml,bad.txt\n")
    calls = []
    real = protect.read_password_file

    def spy(path, **kwargs):
        calls.append((Path(path).name, kwargs.get("identity") is not None))
        return real(path, **kwargs)

    monkeypatch.setattr(protect, "read_password_file", spy)
    jobs, bad = read_roster(roster)
    assert calls == [("pw.txt", True), ("bad.txt", True)]
    assert jobs[0].password == "one secret"
    assert [str(p) for p in bad[0].problems] == [
        f"{roster}: row 3: password_file: the file named cannot be used: the password contains "
        "a control character (a tab or a line break)"
    ]


def test_an_empty_password_cell_without_a_batch_password_is_refused(tmp_path):
    folder = tmp_path / "workshop"
    folder.mkdir()
    shutil.copy(RIVERA, folder / "a.yaml")
    roster = write(folder / "roster.csv", "family_file,password_file\na.yaml,\n")
    out = tmp_path / "out"
    result = run("batch", "packets", str(roster), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert f"Error: {roster}: row 2: password_file: is empty; name the file holding this " in (
        result.stderr
    )
    assert not (out / "packet-001.pdf").exists()  # never an unprotected packet by accident


def test_force_never_writes_over_an_input(tmp_path):
    family = tmp_path / "f.yaml"
    shutil.copy(RIVERA, family)
    before = family.read_bytes()
    for extra in ([], ["--force"]):
        result = run("intake-form", "--from", str(family), "-o", str(family), *extra)
        assert result.exit_code == 2 and "it is also an input" in result.stderr
    assert family.read_bytes() == before
