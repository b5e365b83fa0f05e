"""The public API (kitgen/__init__.py), the CLI's conventions and the type check of the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kitgen
from kitgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
RIVERA = ROOT / "samples" / "families" / "boston-rivera-es.yaml"


def test_import_kitgen_loads_no_stage():
    code = "import sys, kitgen; print(sorted(m for m in sys.modules if m.startswith('kitgen.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['kitgen.errors']"


def test_public_names_and_errors():
    assert set(kitgen.__all__) <= set(dir(kitgen))
    assert issubclass(kitgen.DataError, kitgen.KitgenError)
    assert kitgen.__version__
    with pytest.raises(AttributeError):
        kitgen.no_such_name  # noqa: B018


def test_load_family_from_path_bytes_and_dict():
    from_path = kitgen.load_family(RIVERA)
    from_bytes = kitgen.load_family(RIVERA.read_bytes(), name="rivera.yaml")
    assert from_path == from_bytes
    with pytest.raises(kitgen.DataError) as caught:
        kitgen.load_family({"family_nam": "Rivera"}, name="web form")
    text = str(caught.value)
    assert "web form" in text and "did you mean 'family_name'" in text


def test_make_packet_bytes_and_file(tmp_path):
    pdf = kitgen.make_packet(RIVERA, parts=["cards"])
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    written = kitgen.make_packet(kitgen.load_family(RIVERA), tmp_path / "p.pdf", parts=["cards"])
    assert written == tmp_path / "p.pdf" and written.read_bytes().startswith(b"%PDF")


def test_make_poster_and_intake_form(tmp_path):
    assert kitgen.make_poster(["es"], size="letter").startswith(b"%PDF")  # type: ignore[union-attr]
    out = kitgen.make_intake_form("es", tmp_path / "i.pdf", printable=True)
    assert Path(out).read_bytes().startswith(b"%PDF")


def test_cli_version_and_exit_codes_in_help():
    runner = CliRunner()
    assert runner.invoke(main, ["-V"]).output.startswith("kitgen, version")
    help_text = runner.invoke(main, ["--help"]).output
    assert "Exit status: 0" in help_text and "2 a wrong command" in help_text


def test_cli_packet_to_stdout():
    result = CliRunner().invoke(
        main, ["packet", str(RIVERA), "--parts", "cards", "-o", "-"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert result.output_bytes.startswith(b"%PDF")


def test_closed_pipe_is_silent():
    kitgen_exe = Path(sys.executable).with_name("kitgen")
    proc = subprocess.run(
        f"'{kitgen_exe}' languages | head -1",
        shell=True,
        capture_output=True,
        text=True,
        executable="/bin/bash",
    )
    assert proc.stdout.startswith("en")
    assert "Traceback" not in proc.stderr and proc.stderr == ""


@pytest.mark.skipif(
    shutil.which("mypy", path=str(Path(sys.executable).parent)) is None,
    reason="mypy is in the test extra: pip install -e '.[test]'",
)
def test_package_is_mypy_clean():
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
