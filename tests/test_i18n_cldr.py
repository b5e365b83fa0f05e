"""The CLDR facts prepared at set-up (kitgen.i18n.cldr) answer exactly as Babel does, for every
shipped locale, and are ignored when Babel is another, the table is missing or damaged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from kitgen import precompile
from kitgen.i18n import available_codes, cldr, language

LOCALES = sorted({"en", *(language(code).babel for code in available_codes())})
#: every day of a leap year, and years of one to four digits
DATES = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)] + [
    dt.date(y, m, d) for y in (1, 9, 99, 999, 2005, 2031, 9999) for m in (1, 7, 12) for d in (1, 31)
]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setattr(precompile, "cache_dir", lambda: folder)
    cldr._table.cache_clear()
    assert cldr.prepare(LOCALES) == len(LOCALES)
    yield folder
    patch.undo()
    cldr._table.cache_clear()


def test_every_locale_has_its_table(tables):
    for name in LOCALES:
        table = cldr._table(name)
        assert table["babel"] == cldr.fingerprint()
        assert table["names"] and table["languages"]
    # kitgen formats the long date of every shipped locale itself (d, M, y fields only)
    assert all(cldr._table(name)["long_date"] for name in LOCALES)


@pytest.mark.parametrize("name", LOCALES)
def test_prepared_answers_are_babels(tables, name):
    locale = Locale.parse(name)
    table = cldr._table(name)
    assert table
    for value in DATES:
        assert cldr.long_date(value, name) == format_date(value, "long", locale=locale)
    for count in range(6):
        items = [f"item{i}" for i in range(count)]
        assert cldr.join_list(items, name) == format_list(items, style="standard", locale=locale)
    for code, name_there in table["names"].items():
        assert name_there == (Locale.parse(code).get_display_name(locale) or "")
    assert cldr.language_names(name) == dict(locale.languages)


def test_names_outside_the_table_come_from_babel(tables):
    assert "pt_BR" not in cldr._table("es_US")["names"]  # territories are left to Babel
    assert cldr.display_name("pt_BR", "es_US") == Locale.parse("pt_BR").get_display_name("es_US")
    with pytest.raises(UnknownLocaleError):
        Locale.parse("mam")
    assert cldr.display_name("mam", "es_US") is None  # no CLDR locale: none, as before


def test_a_table_of_another_babel_is_ignored(tables, monkeypatch):
    path = cldr.table_path("es_US")
    table = json.loads(path.read_text(encoding="utf-8"))
    table["long_date"]["months"]["MMMM"][0] = "WRONG"
    table["babel"] = "another babel"
    path.write_text(json.dumps(table), encoding="utf-8")
    cldr._table.cache_clear()
    try:
        assert cldr._table("es_US") == {}
        assert cldr.long_date(dt.date(2026, 1, 5), "es_US") == "5 de enero de 2026"
        path.write_text("{not json", encoding="utf-8")  # damaged
        cldr._table.cache_clear()
        assert cldr._table("es_US") == {}
        assert cldr.join_list(["a", "b", "c"], "es_US") == "a, b y c"
        path.unlink()  # missing
        cldr._table.cache_clear()
        assert cldr.long_date(dt.date(2026, 1, 5), "es_US") == "5 de enero de 2026"
    finally:
        cldr.prepare(["es_US"])


def test_the_table_is_what_a_packet_uses(tables, monkeypatch):
    """A table written with other month names is what a date is formatted with (so the
    packet really reads it), as long as its fingerprint is this Babel's."""
    path = cldr.table_path("es_US")
    table = json.loads(path.read_text(encoding="utf-8"))
    table["long_date"]["months"]["MMMM"][0] = "ENERO"
    path.write_text(json.dumps(table), encoding="utf-8")
    cldr._table.cache_clear()
    try:
        assert language("es").format_long_date(dt.date(2026, 1, 5)) == "5 de ENERO de 2026"
    finally:
        cldr.prepare(["es_US"])
