"""Where kitgen's shipped data lives: fonts, templates, locales and region packs.

In a source checkout (and an editable install) they are the top-level folders of the
repository; a built wheel carries them inside the package as ``kitgen/_data/<name>``.
Nothing is ever fetched over a network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder of shipped data called ``name``: fonts, templates, locales or regions."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kitgen's {name}/ folder is missing from this installation")
