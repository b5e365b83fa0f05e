"""Stage 2, choose the locale: per-locale metadata, gettext catalogs and CLDR formatting.

In: a locale code (``es``, ``zh-Hans`` ...). Out: a :class:`Language` — metadata from
``locales/<code>/locale.toml`` and a translator over ``locales/<code>/LC_MESSAGES/kitgen.po``
that falls back to English (and records the fallback) rather than printing a blank.
"""

from .catalog import Language, available_codes, language

__all__ = ["Language", "available_codes", "language"]
