"""kitgen: printable multilingual family preparedness packets, posters and intake forms.

The public API (everything else is internal and may change)::

    import kitgen

    family = kitgen.load_family("rivera.yaml")          # or bytes of a file, or a dict
    pdf = kitgen.make_packet(family)                  # PDF bytes
    kitgen.make_packet(family, "rivera.pdf")          # or written to a file
    kitgen.make_poster(["es", "ar"], "poster.pdf", size="letter")
    kitgen.make_intake_form("es", "intake.pdf")

Every error is a :class:`KitgenError`; its ``problems`` (:class:`Problem`) name the file,
row, field and fix. Importing kitgen is cheap: the stages load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ContentError as ContentError
from .errors import DataError as DataError
from .errors import KitgenError as KitgenError
from .errors import Problem as Problem
from .errors import TypesetError as TypesetError
from .errors import UsageError as UsageError

if TYPE_CHECKING:
    from .api import load_family as load_family
    from .api import make_intake_form as make_intake_form
    from .api import make_packet as make_packet
    from .api import make_poster as make_poster
    from .family import Family as Family

__all__ = [
    "ContentError",
    "DataError",
    "Family",
    "KitgenError",
    "Problem",
    "TypesetError",
    "UsageError",
    "__version__",
    "make_intake_form",
    "load_family",
    "make_packet",
    "make_poster",
]

_LAZY = {
    "load_family": "kitgen.api",
    "make_packet": "kitgen.api",
    "make_poster": "kitgen.api",
    "make_intake_form": "kitgen.api",
    "Family": "kitgen.family",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    if name == "__version__":
        from importlib.metadata import version

        return version("kitgen")
    raise AttributeError(f"module 'kitgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
