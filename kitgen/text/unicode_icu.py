"""The one place kitgen imports ICU: whichever PyICU build is installed, behind the same names.

Two PyPI distributions ship PyICU with ICU bundled, both as the module ``icu``, and between them
cover every platform kitgen installs on (``pyproject.toml`` picks one per platform with
environment markers; README "Design notes"):

* ``icukit-pyicu`` (ICU 78) — macOS arm64 (it also has wheels for Linux with glibc 2.35 or newer,
  which a marker cannot tell apart from older glibc, so Linux uses the other);
* ``pyicu-wheels`` (ICU 77 on Linux x86-64/aarch64 with glibc 2.28+ and Windows x86-64; ICU 76
  on macOS x86-64).

Both are the same PyICU API, so kitgen's text stage imports the names it uses from here and
never names a distribution. :func:`binding` says which one was loaded (the benchmark and
wheel-check reports print it).
"""

from __future__ import annotations

try:
    import icu as _icu
except ImportError as error:  # pragma: no cover - an install without either distribution
    raise ImportError(
        "kitgen needs ICU's Python binding: pip install pyicu-wheels (or icukit-pyicu on "
        "macOS arm64); reinstalling kitgen installs the right one"
    ) from error

__all__ = [
    "Bidi",
    "BreakIterator",
    "Char",
    "ICU_VERSION",
    "Locale",
    "Script",
    "UNICODE_VERSION",
    "UProperty",
    "UnicodeString",
    "binding",
]

Bidi = _icu.Bidi
BreakIterator = _icu.BreakIterator
Char = _icu.Char
Locale = _icu.Locale
Script = _icu.Script
UProperty = _icu.UProperty
UnicodeString = _icu.UnicodeString
#: The ICU library's version (``"77.1"``) and the Unicode version it implements (``"16.0"``).
ICU_VERSION: str = _icu.ICU_VERSION
UNICODE_VERSION: str = _icu.UNICODE_VERSION

_DISTRIBUTIONS = ("icukit-pyicu", "pyicu-wheels", "PyICU")


def binding() -> str:
    """The distribution that provides ``icu`` here and its versions, e.g.
    ``"pyicu-wheels 2.15.2 (ICU 77.1, Unicode 16.0)"``."""
    from importlib import metadata

    for name in _DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        return f"{name} {version} (ICU {ICU_VERSION}, Unicode {UNICODE_VERSION})"
    return f"PyICU {_icu.VERSION} (ICU {ICU_VERSION}, Unicode {UNICODE_VERSION})"
