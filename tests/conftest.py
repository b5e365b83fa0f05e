"""Shared fixtures: sample families, PDF text extraction with poppler and pypdf."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "families"
# The district's data folder of the tests: empty, so no developer's own region packs or
# translations change what the tests see (tests that need one set KITGEN_HOME themselves).
os.environ["KITGEN_HOME"] = tempfile.mkdtemp(prefix="kitgen-home-")


def pdftotext(data: bytes, *, layout: bool = False) -> str:
    """Text of a PDF as poppler extracts it (what search and screen readers see)."""
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed for the tests; run ./setup.sh"
    args = [exe, "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def text_shows(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, each text show's effective size in points (font size times the text and CTM
    scale), its baseline y and its text."""
    import math

    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        shows: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, size, shows=shows):
            if not text.strip():
                return
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d_ = tm[2] * cm[1] + tm[3] * cm[3]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            shows.append((size * math.sqrt(abs(a * d_ - b * c)), y, text))

        page.extract_text(visitor_text=visit)
        out.append(shows)
    return out


def glyph_sizes(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Per page, each text show's effective size in points and its text."""
    return [[(size, text) for size, _y, text in page] for page in text_shows(pdf)]


def squash(text: str) -> str:
    """Whitespace folded to single spaces, for searching text that wraps across lines."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def rivera():
    from kitgen.family import load_family

    return load_family(SAMPLES / "boston-rivera-es.yaml")


@pytest.fixture(scope="session")
def rivera_pdf(rivera) -> bytes:
    from kitgen.packet import build_packet

    return build_packet(rivera)
