"""Drawing: laid-out pages in, PDF bytes out (reportlab's canvas, kitgen's own font embedding
and tagging)."""

from __future__ import annotations

import importlib.util
import sys


def _pillow_on_first_use() -> None:
    """reportlab's utilities import Pillow's ``Image`` module unconditionally (about 15 ms of a
    fresh process), though only a raster image (a poster's logo) uses it; a packet draws none.
    The module is made with the standard library's :class:`importlib.util.LazyLoader`, so it
    runs, whole, the first time anything reads from it (reportlab's ``ImageReader``, svglib)."""
    if "PIL.Image" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:  # no Pillow: reportlab copes without it
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    loader.exec_module(module)
    sys.modules["PIL"].Image = module  # type: ignore[attr-defined]


_pillow_on_first_use()
