"""The poster orchestrator: languages, size and settings in, PDF bytes out."""

from __future__ import annotations

from collections.abc import Sequence

from ..content.regions import Region
from ..errors import TypesetError, UsageError, typeset_problem
from ..i18n.catalog import canonical_code
from ..settings import Settings
from ..text import Typesetter
from .content import poster_documents, qr_matrix
from .draw import render_posters
from .layout import PosterPage, PosterSpec, layout_poster

MAX_LANGUAGES = 4


def poster_languages(codes: Sequence[str]) -> tuple[str, ...]:
    """Canonical codes, checked: one to four different shipped languages."""
    if not codes:
        raise UsageError("a poster needs a language: give --lang, e.g. --lang es")
    canonical = tuple(canonical_code(c) for c in codes)
    if len(canonical) > MAX_LANGUAGES:
        raise UsageError(
            f"a poster holds at most {MAX_LANGUAGES} languages; {len(canonical)} were given"
        )
    repeated = sorted({c for c in canonical if canonical.count(c) > 1})
    if repeated:
        raise UsageError(f"a language is given twice: {', '.join(repeated)}")
    return canonical


def poster_page(
    codes: Sequence[str],
    spec: PosterSpec,
    settings: Settings | None,
    typesetter: Typesetter,
    region: Region | None = None,
) -> PosterPage:
    """The laid-out poster (see :mod:`kitgen.poster.layout`); ``region`` a pack instead of the
    settings' one."""
    langs = poster_languages(codes)
    docs = poster_documents(langs, settings, region)
    qr = qr_matrix(settings.resource_url) if settings and settings.resource_url else None
    try:
        return layout_poster(docs, spec, typesetter, settings, qr)
    except TypesetError as exc:  # a district name with a character no font has
        source = settings.source if settings else "the poster"
        phone = settings.phone if settings else None
        problem = typeset_problem(exc, phone, "choose a larger poster size")
        raise UsageError(f"{source}: {problem}") from None


def build_posters(posters: Sequence[tuple[PosterPage, int]], lang: str) -> bytes:
    """Several laid-out posters (each with its number of copies) in one PDF."""
    return render_posters(posters, lang=lang)


def build_poster(
    codes: Sequence[str],
    spec: PosterSpec,
    typesetter: Typesetter,
    settings: Settings | None = None,
    copies: int = 1,
    region: Region | None = None,
) -> bytes:
    """The poster in ``codes`` (one to four languages) as PDF bytes; ``region`` (a pack from
    :func:`kitgen.content.regions.region_file`) instead of the settings' pack."""
    page = poster_page(codes, spec, settings, typesetter, region)
    return render_posters([(page, copies)], lang=poster_languages(codes)[0])
