"""Where kitgen installs: one ICU binding per platform behind one adapter, and a binary wheel of
every dependency on every target (scripts/check_wheels.py, run here when the registry answers)."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("check_wheels", ROOT / "scripts/check_wheels.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_wheels"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_each_target_gets_exactly_one_icu_binding():
    cw = _script()
    icu_names = {"icukit-pyicu", "pyicu-wheels"}
    chosen = {}
    for target in cw.TARGETS:
        for python in cw.PYTHONS:
            env = cw._environment(target, python)
            names = {
                r.name
                for r in cw.runtime_requirements()
                if r.name in icu_names and cw._applies(r.marker, env, set())
            }
            assert len(names) == 1, (target.name, python, names)
            chosen[target.name] = names.pop()
    assert chosen["macOS 14 arm64"] == "icukit-pyicu"
    assert {chosen[t] for t in chosen if t != "macOS 14 arm64"} == {"pyicu-wheels"}


def test_markers_of_dependencies_are_evaluated_for_the_target_not_this_machine():
    cw = _script()
    windows = cw._environment(cw.TARGETS[0], "3.12")
    linux = cw._environment(cw.TARGETS[3], "3.12")
    req = cw.Requirement('colorama; sys_platform == "win32"')
    assert cw._applies(req.marker, windows, set())
    assert not cw._applies(req.marker, linux, set())
    crypto = cw.Requirement('cryptography; extra == "crypto"')
    assert cw._applies(crypto.marker, linux, {"crypto"})
    assert not cw._applies(crypto.marker, linux, set())
    assert cw._unmarked(cw.Requirement('pypdf[crypto]>=5; python_version >= "3.9"')) == (
        "pypdf[crypto]>=5"
    )


def test_linux_tags_stop_at_glibc_2_28():
    cw = _script()
    tags = cw.TARGETS[3].tags
    assert tags[0] == "manylinux_2_28_x86_64"
    assert "manylinux_2_17_x86_64" in tags and "manylinux2014_x86_64" in tags
    assert not any(t.startswith(("manylinux_2_29", "manylinux_2_3")) for t in tags)


def test_runtime_dependencies_are_all_imported_by_kitgen():
    """No dependency that kitgen never imports (fonttools, arabic-reshaper and python-bidi were
    declared and unused): each runtime distribution's module appears in an import in kitgen/."""
    cw = _script()
    modules = {
        "reportlab": "reportlab", "jinja2": "jinja2", "pypdf": "pypdf", "click": "click",
        "uharfbuzz": "uharfbuzz", "babel": "babel", "phonenumberslite": "phonenumbers",
        "pyyaml": "yaml", "icukit-pyicu": "icu", "pyicu-wheels": "icu", "pillow": "PIL",
        "segno": "segno", "svglib": "svglib", "flask": "flask", "waitress": "waitress",
        "pikepdf": "pikepdf",
    }  # fmt: skip
    imported = set()
    for path in (ROOT / "kitgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    declared = {r.name.lower() for r in cw.runtime_requirements()}
    assert declared == set(modules)
    assert {modules[name] for name in declared} <= imported


def test_only_the_adapter_imports_icu():
    offenders = []
    for path in (ROOT / "kitgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(n == "icu" or n.startswith("icu.") for n in names):
                offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == ["kitgen/text/unicode_icu.py"]


def test_the_adapter_names_the_installed_binding():
    from kitgen.text import unicode_icu

    installed = {d for d in ("icukit-pyicu", "pyicu-wheels") if _installed(d)}
    assert len(installed) == 1, installed  # two would overwrite each other's `icu` files
    name = installed.pop()
    assert unicode_icu.binding().startswith(f"{name} {metadata.version(name)} (ICU ")
    assert int(unicode_icu.ICU_VERSION.split(".")[0]) >= 76
    bidi = unicode_icu.Bidi()  # the API kitgen uses works the same in both builds
    bidi.setPara(unicode_icu.UnicodeString("abc \u05d0\u05d1"), 0)
    assert list(bidi.getLevels()) == [0, 0, 0, 0, 1, 1]


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def test_every_target_gets_a_wheel_of_every_dependency():
    """The real check: pip download --only-binary=:all: per target (about 15 s with pip's cache,
    a minute without); skipped, saying so, where the registry cannot be reached."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_wheels.py"), "--jobs", "4"],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if done.returncode == 3:
        pytest.skip(f"scripts/check_wheels.py: {done.stdout.strip()}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "15 of 15 targets get a wheel of every dependency" in done.stdout
