"""Where kitgen's shipped data lives: fonts, templates, locales and region packs.

In a source checkout (and an editable install) they are the top-level folders of the
repository; a built wheel carries them inside the package as ``kitgen/_data/<name>``.
Nothing is ever fetched over a network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder of shipped data called ``name``: fonts, templates, locales or regions."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kitgen's {name}/ folder is missing from this installation")


def cache_folder() -> Path:
    """The folder set-up fills (``python -m kitgen.precompile``): ``.kitgen-cache`` next to
    the shipped data."""
    return data_dir("templates").parent / ".kitgen-cache"


_TOML: dict[str, dict[str, Any]] = {}


def toml_cache_path(digest: str) -> Path:
    return cache_folder() / "toml" / f"{digest}.pickle"


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML file at ``path``, parsed once per process for each content (the same table
    object each time: callers only read it), from the copy set-up pickled (named by the
    file's hash, so never stale) when there is one. Errors as ``tomllib.load`` raises them."""
    import hashlib
    import pickle

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    table = _TOML.get(digest)
    if table is None:
        try:
            table = pickle.loads(toml_cache_path(digest).read_bytes())
        except Exception:  # noqa: BLE001 - missing or damaged: parse the file itself
            table = None
        if not isinstance(table, dict):
            import tomllib

            table = tomllib.loads(data.decode("utf-8"))
        _TOML[digest] = table
    return table


#: The environment variable naming the district's own data folder (see :func:`user_home`).
HOME_ENV = "KITGEN_HOME"


def user_home() -> Path:
    """The folder of the district's own data, which no install or upgrade touches.

    ``$KITGEN_HOME`` when set, else the platform's per-user data folder: ``%APPDATA%\\kitgen``
    on Windows, ``~/Library/Application Support/kitgen`` on macOS, ``$XDG_DATA_HOME/kitgen``
    (default ``~/.local/share/kitgen``) elsewhere. It holds ``regions/`` (the district's region
    packs; one named like a shipped pack is used instead of it) and ``locales/`` (translations
    taken in by ``kitgen locales import``). kitgen only reads it, except for ``locales import``;
    it is not created until then.
    """
    import os
    import sys

    chosen = os.environ.get(HOME_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA", "").strip()
        base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        # the XDG rules: a relative XDG_DATA_HOME is invalid and ignored
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "kitgen"


def user_dir(name: str) -> Path:
    """``regions`` or ``locales`` in :func:`user_home` (it may not exist)."""
    return user_home() / name
