"""Things on the page that could mislead a family: an answer not given is a blank, not a fact."""

from __future__ import annotations

import dataclasses

from conftest import SAMPLES, pdftotext, squash

from kitgen.family import load_family
from kitgen.packet import build_packet


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


def _from_yaml(tmp_path, old: str, new: str):
    text = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "family.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_family(path)


def test_the_family_file_says_none_explicitly(tmp_path):
    """``none_known: [allergies]`` in the file prints "None known"; the blank file's empty lists
    (``allergies: []``, ``none_known: []``, as ``kitgen new-family`` writes them) print a blank
    to fill in; a misspelt item is an error naming the field and what is accepted."""
    said = _from_yaml(tmp_path, "none_known: [allergies]", "none_known: [allergies, medications]")
    page = child_page(said, "Mateo Rivera Gómez")
    assert "Allergies None known" in page and "Medicine None " in page
    blank = _from_yaml(tmp_path, "none_known: [allergies]", "none_known: []")
    page = child_page(blank, "Mateo Rivera Gómez")
    assert "None known" not in page and "Allergies Medicine Health" in page  # blanks
    import pytest

    from kitgen.errors import KitgenError

    with pytest.raises(KitgenError) as err:
        _from_yaml(tmp_path, "none_known: [allergies]", "none_known: [allergy]")
    problem = " ".join(str(p) for p in err.value.problems)
    assert "none_known" in problem and "allergies" in problem
