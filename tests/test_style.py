"""House rules that code review would otherwise have to catch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_library_passes_lint_and_never_prints():
    """ruff with the project's rules; T20 bans print() everywhere in the package (the CLI
    speaks through click.echo, and it is the only module that may)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "kitgen"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_cli_echoes():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "kitgen").rglob("*.py")
        if p.name != "cli.py" and "click.echo" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
