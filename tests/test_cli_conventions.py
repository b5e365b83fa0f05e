"""Conventions every command keeps: --help lists the exit statuses, ``-V`` works after any
command, ``-o -`` writes the PDF (and only the PDF) to standard output, and a reader that
closes the pipe early (``kitgen languages | head -1``) gets silence, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version

import click
import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from kitgen.cli import main

RIVERA = str(SAMPLES / "boston-rivera-es.yaml")
#: Every command that writes a PDF to ``-o``.
PDF_COMMANDS = {
    "packet": ["packet", RIVERA, "--parts", "cards"],
    "poster": ["poster", "--lang", "es", "--size", "letter"],
    "intake-form": ["intake-form", "--lang", "es", "--paper-form"],
}


def every_command(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_walk_finds_the_commands():
    names = {" ".join(c) for c in every_command()}
    assert {"", "packet", "batch", "batch posters", "locales check", "intake read"} <= names


@pytest.mark.parametrize("command", every_command(), ids=lambda c: " ".join(c) or "kitgen")
def test_every_help_lists_the_exit_statuses(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit status: 0 done; 1 a problem with the input" in text
    assert "2 a wrong command, option or value; 3 an internal problem" in text
    assert "130 interrupted" in text


def leaf(command: tuple[str, ...]) -> bool:
    found: click.Command = main
    for name in command:
        found = found.commands[name]  # type: ignore[attr-defined]
    return not isinstance(found, click.Group)


@pytest.mark.parametrize("command", [c for c in every_command() if leaf(c)], ids=" ".join)
def test_dash_v_works_after_every_command(command):
    result = run(*command, "-V")
    assert (result.exit_code, result.output) == (0, f"kitgen, version {version('kitgen')}\n")


@pytest.mark.parametrize("name", sorted(PDF_COMMANDS))
def test_dash_o_dash_writes_only_the_pdf_to_standard_output(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*PDF_COMMANDS[name], "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stdout_bytes.rstrip().endswith(
        b"%%EOF"
    )
    assert list(tmp_path.iterdir()) == []  # no file named "-", nothing else written


def closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """kitgen run with its standard output a pipe whose reader has gone (as after ``head``)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "kitgen.cli", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [["languages"], ["schema"], ["forms"], ["--help"], ["packet", "--help"]]
    + [[*a, "-o", "-"] for a in PDF_COMMANDS.values()],
    ids=" ".join,
)
def test_a_closed_pipe_is_silent(args):
    done = closed_pipe(*args)
    assert (done.returncode, done.stderr) == (0, b"")
