"""Prepare kitgen's own templates and catalogs for fast start-up (run once, at set-up).

``python -m kitgen.precompile`` compiles every template to Jinja bytecode and every catalog to a
gettext ``.mo`` file, in a cache folder next to kitgen's data (``.kitgen-cache`` at the top of a
source checkout), and kitgen's own modules to Python bytecode (``__pycache__``: an editable
install, or an environment with ``PYTHONDONTWRITEBYTECODE`` set, would otherwise compile every
module again in every process, about 50 ms). At run time kitgen only *reads* that cache, and
only entries whose recorded source hash matches the current ``.po`` or template: a stale or
missing cache costs time (about 0.2 s per process), never correctness. Nothing about a family
is ever written there.
"""

from __future__ import annotations

import compileall
import hashlib
import io
from pathlib import Path

import jinja2

from .resources import data_dir


def cache_dir() -> Path:
    return data_dir("templates").parent / ".kitgen-cache"


class ReadOnlyBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache that never writes, unless built with ``writable=True``.

    Jinja keys each entry by the template's name and source checksum, so an edited template
    simply misses the cache."""

    def __init__(self, directory: Path, writable: bool = False) -> None:
        super().__init__(str(directory), "%s.jinja-cache")
        self.writable = writable

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.writable:
            super().dump_bytecode(bucket)


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mo_path(code: str) -> Path:
    return cache_dir() / "locales" / f"{code}.mo"


def compile_modules() -> bool:
    """Write the bytecode of every kitgen module (``py_compile`` writes it even where the
    interpreter was told not to); True if every module compiled."""
    package = Path(__file__).resolve().parent
    return bool(compileall.compile_dir(str(package), quiet=1))


def precompile() -> tuple[int, int]:
    """Compile every template and catalog into the cache; returns (templates, catalogs)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from .content.render import make_environment
    from .i18n.catalog import DOMAIN, EXTRA_DOMAINS

    target = cache_dir()
    (target / "templates").mkdir(parents=True, exist_ok=True)
    (target / "locales").mkdir(parents=True, exist_ok=True)
    env = make_environment(ReadOnlyBytecodeCache(target / "templates", writable=True))
    templates = 0
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
        templates += 1
    catalogs = 0
    pos = [
        p
        for p in data_dir("locales").glob("*/LC_MESSAGES/*.po")
        if p.stem == DOMAIN or p.stem in EXTRA_DOMAINS
    ]
    for po in sorted(pos):
        data = po.read_bytes()
        catalog = read_po(io.BytesIO(data))
        buffer = io.BytesIO()
        # the .mo keeps draft (fuzzy) strings: kitgen prints drafts, marked as drafts
        write_mo(buffer, catalog, use_fuzzy=True)
        code = po.parent.parent.name
        if po.stem != DOMAIN:
            code = f"{code}.{po.stem}"  # the cache key catalog._messages uses for that domain
        mo_path(code).write_bytes(source_hash(data).encode() + b"\n" + buffer.getvalue())
        catalogs += 1
    return templates, catalogs


if __name__ == "__main__":  # pragma: no cover - a set-up step
    compile_modules()
    done = precompile()
    print(f"kitgen: compiled {done[0]} templates and {done[1]} catalogs into {cache_dir()}")  # noqa: T201
