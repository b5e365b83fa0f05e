"""Things on the page that could mislead a family: an answer not given is a blank, not a fact."""

from __future__ import annotations

import dataclasses

from kitgen.family import load_family
from kitgen.packet import build_packet

from conftest import SAMPLES, pdftotext, squash


def child_page(family, name: str) -> str:
    pages = pdftotext(build_packet(family, lang="en")).split("\f")
    # the child's own sheet (the contents page names every sheet too)
    (page,) = [p for p in pages if f"About {name}" in p and "Allergies" in p]
    return squash(page)


def test_an_empty_list_prints_a_blank_and_none_only_when_the_family_said_so():
    family = load_family(SAMPLES / "boston-rivera-es.yaml")
    mateo = child_page(family, "Mateo Rivera Gómez")
    assert "Allergies None known" in mateo  # the family said: no allergies
    assert "Medicine None" not in mateo  # medicines: not answered, a blank to fill in
    silent = dataclasses.replace(
        family,
        children=tuple(dataclasses.replace(c, none_known=()) for c in family.children),
    )
    assert "None known" not in child_page(silent, "Mateo Rivera Gómez")
