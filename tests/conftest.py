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
