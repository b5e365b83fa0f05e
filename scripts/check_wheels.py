#!/usr/bin/env python3
"""Check that `pip install kitgen` gets a binary wheel of every dependency on every target.

Run from the repository root:  .venv/bin/python scripts/check_wheels.py [--python 3.12 ...]

For each target platform (Windows x86-64, macOS arm64 and x86-64, Linux x86-64 and aarch64 with
glibc 2.28) and Python 3.11-3.13, it runs

    pip download --only-binary=:all: --platform TAG ... --python-version X.Y

on kitgen's runtime dependencies (``pyproject.toml``, with their environment markers evaluated
for that target), then reads the metadata of every wheel it got and downloads, the same way,
whatever a wheel requires on that target that pip's own resolution left out (pip evaluates the
dependencies' markers for the machine it runs on, not for ``--platform``: click needs colorama
on Windows only). Any dependency with no wheel for a target (source-only, or missing) fails the
check. Prints one line per target and exits 0 if all pass, 1 if any fails, 3 if the package
registry cannot be reached at all (nothing was checked).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")
#: Oldest macOS checked (wheels for older macOS versions count: pip accepts them).
MACOS = (14, 0)
#: Oldest glibc checked (manylinux wheels for older glibc count).
GLIBC = (2, 28)

#: The registry could not be reached: pip's words for a failed connection.
_OFFLINE = re.compile(
    r"NewConnectionError|Temporary failure in name resolution|Name or service not known|"
    r"Network is unreachable|Connection refused|ConnectTimeout|Max retries exceeded|"
    r"No route to host|Failed to establish a new connection"
)
_NOT_FOUND = re.compile(r"No matching distribution found for (\S+)")


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    tags: tuple[str, ...]  # --platform values, newest first
    environment: dict[str, str]  # PEP 508 marker variables (python_* added per Python)


def _manylinux(arch: str) -> tuple[str, ...]:
    tags = [f"manylinux_{GLIBC[0]}_{minor}_{arch}" for minor in range(GLIBC[1], 4, -1)]
    tags.append(f"manylinux2014_{arch}")  # the legacy names of glibc 2.17, 2.12 and 2.5
    if arch == "x86_64":
        tags += [f"manylinux2010_{arch}", f"manylinux1_{arch}"]
    return tuple(tags)


def _macos(arch: str) -> tuple[str, ...]:
    versions = [(major, 0) for major in range(MACOS[0], 10, -1)]
    versions += [(10, minor) for minor in range(16, 8, -1)] if arch == "x86_64" else []
    tags = []
    for major, minor in versions:
        tags.append(f"macosx_{major}_{minor}_{arch}")
        tags.append(f"macosx_{major}_{minor}_universal2")
    return tuple(tags)


def _posix(system: str, machine: str, sys_platform: str) -> dict[str, str]:
    return {
        "os_name": "posix",
        "sys_platform": sys_platform,
        "platform_system": system,
        "platform_machine": machine,
        "platform_python_implementation": "CPython",
        "implementation_name": "cpython",
    }


TARGETS = (
    Target(
        "Windows x86-64",
        ("win_amd64",),
        {
            "os_name": "nt",
            "sys_platform": "win32",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
            "platform_python_implementation": "CPython",
            "implementation_name": "cpython",
        },
    ),
    Target(f"macOS {MACOS[0]} arm64", _macos("arm64"), _posix("Darwin", "arm64", "darwin")),
    Target(f"macOS {MACOS[0]} x86-64", _macos("x86_64"), _posix("Darwin", "x86_64", "darwin")),
    Target(
        f"Linux x86-64 glibc {GLIBC[0]}.{GLIBC[1]}",
        _manylinux("x86_64"),
        _posix("Linux", "x86_64", "linux"),
    ),
    Target(
        f"Linux aarch64 glibc {GLIBC[0]}.{GLIBC[1]}",
        _manylinux("aarch64"),
        _posix("Linux", "aarch64", "linux"),
    ),
)


@dataclasses.dataclass
class Outcome:
    target: str
    python: str
    wheels: dict[str, str]  # canonical name -> wheel file name
    failures: list[str]
    offline: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.offline


def runtime_requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["project"]["dependencies"]]


def _environment(target: Target, python: str) -> dict[str, str]:
    env = dict(target.environment)
    env["python_version"] = python
    env["python_full_version"] = f"{python}.0"
    env["implementation_version"] = f"{python}.0"
    return env


def _applies(marker: Marker | None, env: dict[str, str], extras: set[str]) -> bool:
    if marker is None:
        return True
    return any(marker.evaluate({**env, "extra": extra}) for extra in (extras or {""}))


def _unmarked(req: Requirement) -> str:
    """``req`` without its marker, already evaluated for the target (pip would evaluate it for
    this machine)."""
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    return f"{req.name}{extras}{req.specifier}"


def _pip_download(
    requirements: list[str], target: Target, python: str, folder: Path, deps: bool
) -> tuple[bool, str]:
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    cmd += ["--only-binary=:all:", "--python-version", python, "--implementation", "cp"]
    cmd += ["--timeout", "20", "--retries", "2", "--dest", str(folder)]
    for tag in target.tags:
        cmd += ["--platform", tag]
    if not deps:
        cmd.append("--no-deps")
    done = subprocess.run(cmd + requirements, capture_output=True, text=True)
    return done.returncode == 0, done.stdout + done.stderr


def _wheel_requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(text) for text in metadata.get_all("Requires-Dist") or ()]


def check(target: Target, python: str, requirements: list[Requirement]) -> Outcome:
    env = _environment(target, python)
    wanted = [r for r in requirements if _applies(r.marker, env, set())]
    outcome = Outcome(target.name, python, {}, [])
    with tempfile.TemporaryDirectory(prefix="kitgen-wheels-") as tmp:
        folder = Path(tmp)
        ok, log = _pip_download([_unmarked(r) for r in wanted], target, python, folder, deps=True)
        if not ok:
            outcome.offline = bool(_OFFLINE.search(log))
            missing = _NOT_FOUND.findall(log)
            outcome.failures.append(
                f"no wheel for {', '.join(missing)}" if missing else _last_error(log)
            )
            return outcome
        # the closure on the target: every wheel's requirements, markers evaluated there
        extras: dict[str, set[str]] = {}
        pending = list(wanted)
        seen: set[str] = set()
        while pending:
            req = pending.pop()
            name = canonicalize_name(req.name)
            new_extras = set(req.extras) - extras.get(name, set())
            if name in seen and not new_extras:
                continue
            extras.setdefault(name, set()).update(req.extras)
            seen.add(name)
            wheel = _find_wheel(folder, name)
            if wheel is None:
                ok, log = _pip_download([_unmarked(req)], target, python, folder, deps=False)
                wheel = _find_wheel(folder, name) if ok else None
                if wheel is None:
                    outcome.failures.append(f"no wheel for {_unmarked(req)}")
                    continue
            outcome.wheels[name] = wheel.name
            for sub in _wheel_requirements(wheel):
                if _applies(sub.marker, env, extras[name]):
                    pending.append(sub)
        outcome.failures += [
            f"not a wheel: {p.name}" for p in folder.iterdir() if p.suffix != ".whl"
        ]
    return outcome


def _find_wheel(folder: Path, name: str) -> Path | None:
    for path in folder.iterdir():
        if path.suffix == ".whl" and canonicalize_name(parse_wheel_filename(path.name)[0]) == name:
            return path
    return None


def _last_error(log: str) -> str:
    errors = [line for line in log.splitlines() if line.startswith("ERROR")]
    return (errors[-1] if errors else log.strip().splitlines()[-1:] or ["pip failed"])[0]


def _icu(outcome: Outcome) -> str:
    for name in ("pyicu-wheels", "icukit-pyicu"):
        if name in outcome.wheels:
            return outcome.wheels[name]
    return "no ICU wheel"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="only these Python versions")
    parser.add_argument("--jobs", type=int, default=3, help="targets checked at once")
    parser.add_argument("--list", action="store_true", help="also list each target's wheels")
    args = parser.parse_args()
    pythons = args.python or list(PYTHONS)
    requirements = runtime_requirements()
    jobs = [(t, py) for t in TARGETS for py in pythons]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(lambda job: check(job[0], job[1], requirements), jobs))
    if all(o.offline for o in outcomes):
        print("check_wheels: the package registry cannot be reached; nothing was checked")
        return 3
    width = max(len(o.target) for o in outcomes)
    for o in outcomes:
        if o.ok:
            detail = f"ok: {len(o.wheels)} wheels, ICU from {_icu(o)}"
        else:
            detail = "FAILED: " + "; ".join(o.failures)
        print(f"{o.target:{width}}  Python {o.python}  {detail}")
        if args.list:
            print("".join(f"    {wheel}\n" for wheel in sorted(o.wheels.values())), end="")
    failed = [o for o in outcomes if not o.ok]
    print(
        f"{len(outcomes) - len(failed)} of {len(outcomes)} targets get a wheel of every "
        f"dependency ({len(requirements)} declared, with what they require)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
