"""kitgen kiosk through Flask's test client: the steps come from the field table, validation is
kitgen validate's, the packet is made in memory, and nothing about a family stays behind."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, SAMPLES, pdftotext, squash

from kitgen.family import SENSITIVE_FIELDS, parse_family
from kitgen.family.fields import ListOf, Record, table
from kitgen.family.model import Family
from kitgen.family.reader import read_document
from kitgen.i18n import available_codes, language
from kitgen.kiosk import KioskConfig, create_app
from kitgen.kiosk import form as kform
from kitgen.kiosk.store import Store

LOCALES = ROOT / "locales"


# -- helpers -------------------------------------------------------------------------------------


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Kiosk:
    """One browser's visit, through the test client."""

    def __init__(self, app, lang: str = "es") -> None:
        self.app = app
        self.client = app.test_client()
        page = self.client.get("/")
        data = {"csrf": csrf_of(page.text), "lang": lang}
        large = re.search(r'name="large_print" value="([01])"', page.text)
        if large:  # the start page's hidden field, as a browser sends it
            data["large_print"] = large.group(1)
        response = self.client.post("/start", data=data)
        assert response.status_code == 303, response.text
        self.token = csrf_of(self.client.get("/step/family").text)

    def post(self, step: str, data: dict | None = None, action: str = "next"):
        body = {"csrf": self.token, "action": action, **(data or {})}
        follow = action.startswith(("add:", "remove:"))  # these redirect back to the step
        return self.client.post(f"/step/{step}", data=body, follow_redirects=follow)


FAMILY = {"family_name": "Quispe Mamani", "state": "MA", "region": "boston"}
PARENT = {
    "parents[0].legal_name": "Rosa Quispe Mamani",
    "parents[0].date_of_birth": "1987-03-14",
    "parents[0].country_of_birth": "Peru",
    "parents[0].phones[0]": "617-555-0140",
    "parents[0].languages": ["es", "en"],
}
CHILDREN = {
    "children[0].full_name": "Inti Quispe",
    "children[0].date_of_birth": "2016-05-02",
    "children[0].allergies": "peanuts, penicillin",
    "children[1].full_name": "Killa Quispe",
    "children[1].date_of_birth": "2019-11-20",
}
CAREGIVER = {
    "caregivers.primary.name": "Nayra Condori",
    "caregivers.primary.relationship": "Aunt",
    "caregivers.primary.phones[0]": "617-555-0172",
    "caregivers.primary.address": "12 Orchard St, Boston, MA 02118",
    "caregivers.primary.may_decide": ["school", "medical"],
}
MEMORIZE = {
    "memorize[0].name": "Nayra Condori",
    "memorize[0].phone": "617-555-0172",
    "memorize[1].name": "Rosa",
    "memorize[1].phone": "617-555-0140",
}


def full_journey(kiosk: Kiosk) -> None:
    assert kiosk.post("family", FAMILY).headers["Location"] == "/step/parents"
    assert kiosk.post("parents", PARENT).headers["Location"] == "/step/children"
    assert kiosk.post("children", CHILDREN, action="add:children").status_code == 200
    assert kiosk.post("children", CHILDREN).headers["Location"] == "/step/caregivers"
    assert kiosk.post("caregivers", CAREGIVER).headers["Location"] == "/step/contacts"
    assert kiosk.post("contacts").headers["Location"] == "/step/memorize"
    assert kiosk.post("memorize", MEMORIZE).headers["Location"] == "/step/wishes"
    for step in ("wishes", "documents", "money"):
        assert kiosk.post(step).status_code == 303
    assert kiosk.post("forms").headers["Location"] == "/review"


def errors_of(html: str) -> dict[str, str]:
    """Field name -> the error text shown next to it."""
    found = re.findall(r'<div class="error" id="([^"]+)-error">(.*?)</div>', html, re.S)
    return {name: re.sub(r"<[^>]+>", "", text) for name, text in found}


@pytest.fixture
def app():
    return create_app(KioskConfig(delay=lambda seconds: None))


# -- the field table is the one source -----------------------------------------------------------


def _rows(cls, seen=None):
    seen = set() if seen is None else seen
    for name, row in table(cls):
        yield cls.__name__, name, row
        kind = row.kind.item if isinstance(row.kind, ListOf) else row.kind
        if isinstance(kind, Record) and kind.cls not in seen:
            seen.add(kind.cls)
            yield from _rows(kind.cls, seen)


def test_every_field_of_the_family_file_is_asked_or_set_by_the_kiosk():
    asked = [name for step in kform.STEPS for name in step.fields]
    assert len(asked) == len(set(asked))
    assert sorted(asked + list(kform.KIOSK_SET)) == sorted(n for n, _ in table(Family))


def test_every_row_of_the_table_has_a_label_and_no_label_is_left_over():
    keys = {f"{owner}.{name}" for owner, name, _ in _rows(Family)}
    keys -= {f"Family.{name}" for name in kform.KIOSK_SET}
    assert keys == set(kform.LABELS)


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_labels_reused_from_the_packet_are_in_the_main_catalog_and_the_rest_in_kiosk_pot():
    main = _msgids(LOCALES / "kitgen.pot")
    kiosk = _msgids(LOCALES / "kiosk.pot")
    used = (
        set(kform.LABELS.values())
        | {s.title for s in kform.STEPS}
        | set(kform.MESSAGES.values())
        | set(kform.PAGE_STRINGS)
        | {label for labels in kform.CHOICE_LABELS.values() for label in labels.values()}
    )
    assert used <= main | kiosk, used - main - kiosk
    assert not main & kiosk, "a kiosk string duplicates one of the main catalog"
    assert len(kiosk) <= 50  # few kiosk-only strings: most text is the packet's


@pytest.mark.parametrize("code", [c for c in available_codes() if c != "en"])
def test_every_kiosk_string_has_a_draft_translation_in_every_locale(code):
    with (LOCALES / "kiosk.pot").open("rb") as fh:
        wanted = [m for m in read_po(fh) if m.id]
    with (LOCALES / "intake.pot").open("rb") as fh:
        intake_ids = {m.id for m in read_po(fh) if m.id}
    with (LOCALES / code / "LC_MESSAGES" / "kiosk.po").open("rb") as fh:
        catalog = read_po(fh)
    lang = language(code)
    for message in wanted:
        entry = catalog.get(message.id)
        if lang.incomplete and (entry is None or not entry.string):
            continue  # marked incomplete (locale.toml): prints in English, and says so
        assert entry is not None and entry.string, f"{code}: no translation of {message.id!r}"
        placeholders = set(re.findall(r"%\(\w+\)s", message.id))
        assert set(re.findall(r"%\(\w+\)s", entry.string)) == placeholders, (code, message.id)
        if lang.is_draft:
            assert entry.fuzzy, f"{code}: a draft translation must stay fuzzy: {message.id!r}"
        if message.id not in intake_ids:  # a msgid both domains have: either may be used
            assert lang.gettext(message.id) == entry.string  # merged into the locale's messages


def test_sensitive_fields_are_never_inputs(app):
    kiosk = Kiosk(app)
    for step in kform.STEPS:
        html = kiosk.client.get(f"/step/{step.key}").text
        for path in SENSITIVE_FIELDS:
            name = path.rsplit(".", 1)[-1].removesuffix("[]")
            assert f'.{name}"' not in html and f'name="{name}"' not in html, (step.key, name)
    html = kiosk.client.get("/step/parents").text
    by_hand = "Write it by hand later on the printed packet."
    assert language("es").gettext(by_hand) in html and language("es").gettext(by_hand) != by_hand
    data = {**PARENT, "parents[0].a_number": "A123456789"}
    kiosk.post("parents", data)
    visit = app.extensions["kitgen.kiosk"]["store"].get(kiosk.client.get_cookie("kiosk").value)
    assert visit.answers["parents"][0]["a_number"] is None


# -- validation is kitgen validate's -------------------------------------------------------------


def test_the_answers_are_checked_by_the_same_functions_as_a_family_file():
    data = (SAMPLES / "boston-rivera-es.yaml").read_bytes()
    raw, _ = read_document(data, "x.yaml")
    family, problems = kform.check_answers(raw)
    assert problems == []
    expected = parse_family(data, "x.yaml")
    assert family == dataclasses.replace(expected)
    raw["children"][1]["date_of_birth"] = "2018-02-30"
    raw["caregivers"]["primary"]["phones"] = ["555"]
    _, problems = kform.check_answers(raw)
    assert {p.field for p in problems} == {
        "children[1].date_of_birth",
        "caregivers.primary.phones[0]",
    }
    assert [kform.message_key(p) for p in problems] == ["date", "phone"] or [
        kform.message_key(p) for p in problems
    ] == ["phone", "date"]


def test_an_error_is_shown_next_to_its_field_in_the_familys_language_and_nothing_is_lost(app):
    kiosk = Kiosk(app, "es")
    kiosk.post("family", FAMILY)
    bad = {**PARENT, "parents[0].date_of_birth": "1987-14-03"}
    response = kiosk.post("parents", bad)
    assert response.status_code == 422
    errors = errors_of(response.text)
    assert list(errors) == ["parents[0].date_of_birth"]
    es = language("es")
    assert es.gettext(kform.MESSAGES["date"]) in errors["parents[0].date_of_birth"]
    assert es.gettext(kform.MESSAGES["date"]) != kform.MESSAGES["date"]
    assert 'value="Rosa Quispe Mamani"' in response.text
    assert 'value="1987-14-03"' in response.text  # the wrong value stays, to be corrected
    assert 'aria-invalid="true" aria-describedby="parents[0].date_of_birth-error"' in response.text
    fixed = kiosk.post("parents", PARENT)
    assert fixed.headers["Location"] == "/step/children"


def test_required_fields_and_caregiver_form_rules(app):
    kiosk = Kiosk(app, "ar")
    response = kiosk.post("family", {"state": "MA"})
    assert response.status_code == 422
    assert "family_name" in errors_of(response.text)
    assert language("ar").gettext(kform.MESSAGES["required"]) in response.text
    full_journey(kiosk)
    response = kiosk.post("forms", action="add:forms.witnesses")
    witness = {"forms.witnesses[0].name": "nayra  CONDORI"}  # the caregiver, written another way
    response = kiosk.post("forms", witness)
    assert response.status_code == 422
    errors = errors_of(response.text)
    assert list(errors) == ["forms.witnesses[0].name"]
    assert language("ar").gettext(kform.MESSAGES["witness"]) in errors["forms.witnesses[0].name"]
    response = kiosk.post("forms", {"forms.witnesses[0].name": "Paola Ruiz"})
    assert response.headers["Location"] == "/review"


def test_children_are_added_and_removed(app):
    kiosk = Kiosk(app)
    response = kiosk.post("children", CHILDREN, action="add:children")
    assert 'name="children[1].full_name"' in response.text
    assert 'value="Inti Quispe"' in response.text
    response = kiosk.post("children", CHILDREN, action="remove:children[0]")
    assert 'name="children[1].full_name"' not in response.text
    assert 'value="Killa Quispe"' in response.text and "Inti Quispe" not in response.text
    response = kiosk.post("children", {}, action="remove:children[0]")  # at least one stays
    assert 'name="children[0].full_name"' in response.text
    assert kiosk.post("children", {}, action="remove:../../etc").status_code == 200


def test_back_and_any_step_keep_what_was_typed(app):
    kiosk = Kiosk(app)
    response = kiosk.post("parents", {"parents[0].legal_name": "Rosa"}, action="back")
    assert response.headers["Location"] == "/step/family"
    response = kiosk.post("family", {"family_name": "Q"}, action="goto:money")
    assert response.headers["Location"] == "/step/money"
    assert 'value="Rosa"' in kiosk.client.get("/step/parents").text
    assert 'value="Q"' in kiosk.client.get("/step/family").text


# -- pages ---------------------------------------------------------------------------------------


def test_the_start_page_lists_every_language_in_its_own_name_and_direction(app):
    html = app.test_client().get("/").text
    for code in available_codes():
        lang = language(code)
        button = re.search(rf'<button [^>]*value="{re.escape(code)}"[^>]*>(.*?)</button>', html)
        assert button, code
        assert f'lang="{code}"' in button.group(0) and f'dir="{lang.direction}"' in button.group(0)
        assert lang.native_name in button.group(1)


@pytest.mark.parametrize("code", ["ar", "fa", "prs", "ps", "ur"])
def test_right_to_left_languages_get_right_to_left_pages(app, code):
    html = Kiosk(app, code).client.get("/step/children").text
    assert f'<html lang="{code}" dir="rtl">' in html
    assert language(code).gettext("Children") in html


def test_draft_translations_are_marked_on_the_page(app):
    html = Kiosk(app, "es").client.get("/step/family").text
    assert (
        language("es").gettext("Draft translation, not yet checked by a qualified translator.")
        in html
    )
    assert 'class="draft"' not in Kiosk(app, "en").client.get("/step/family").text


def test_review_then_packet_in_memory_with_the_names_typed(app):
    kiosk = Kiosk(app, "es")
    full_journey(kiosk)
    review = kiosk.client.get("/review").text
    assert "Inti Quispe" in review and "Killa Quispe" in review
    assert 'action="/make"' in review
    response = kiosk.client.post("/make", data={"csrf": kiosk.token})
    assert response.headers["Location"] == "/ready"
    assert 'src="/packet.pdf"' in kiosk.client.get("/ready").text
    pdf = kiosk.client.get("/packet.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    text = squash(pdftotext(pdf.data))
    for name in ("Quispe Mamani", "Inti Quispe", "Killa Quispe", "Nayra Condori"):
        assert name in text
    assert "Caregiver Authorization Affidavit" in text  # Massachusetts forms


def test_paper_and_region_apply(app):
    a4 = create_app(KioskConfig(paper="a4", region="hartford"))
    kiosk = Kiosk(a4, "en")
    full_journey(kiosk)
    kiosk.post("family", {**FAMILY, "region": ""}, action="review")
    kiosk.client.post("/make", data={"csrf": kiosk.token})
    data = kiosk.client.get("/packet.pdf").data
    import io

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "Hartford" in pdftotext(data)


def test_review_lists_every_problem_and_refuses_to_make_the_packet(app):
    kiosk = Kiosk(app)
    review = kiosk.client.get("/review").text
    assert 'action="/make"' not in review
    assert language("es").gettext(kform.MESSAGES["required"]) in review
    response = kiosk.client.post("/make", data={"csrf": kiosk.token})
    assert response.headers["Location"] == "/review"
    assert kiosk.client.get("/packet.pdf").status_code == 404


def test_user_text_never_becomes_markup(app):
    kiosk = Kiosk(app, "en")
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    kiosk.post("family", {**FAMILY, "family_name": evil})
    for page in ("/step/family", "/review"):
        html = kiosk.client.get(page).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- safe by default -----------------------------------------------------------------------------


def test_every_response_says_no_store_and_loads_nothing_from_elsewhere(app):
    kiosk = Kiosk(app)
    for path in ("/", "/step/family", "/review", "/static/kiosk.css", "/fonts.css", "/nowhere"):
        response = kiosk.client.get(path)
        assert response.headers["Cache-Control"].startswith("no-store"), path
        assert "ETag" not in response.headers and "Last-Modified" not in response.headers
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "http" not in csp
    html = kiosk.client.get("/step/family").text
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_posts_need_the_csrf_token_the_right_type_and_a_small_body(app):
    kiosk = Kiosk(app)
    assert kiosk.client.post("/step/family", data={"family_name": "x"}).status_code == 400
    assert kiosk.client.post("/finish", data={"csrf": "wrong"}).status_code == 400
    assert app.test_client().post("/start", data={"lang": "es"}).status_code == 400
    response = kiosk.client.post(
        "/step/family", data='{"csrf": 1}', content_type="application/json"
    )
    assert response.status_code == 415
    big = {"csrf": kiosk.token, "family_name": "x" * 200_000}
    assert kiosk.client.post("/step/family", data=big).status_code == 413


# -- nothing kept --------------------------------------------------------------------------------


def test_finish_and_erase_forgets_everything_and_back_shows_nothing(app):
    store = app.extensions["kitgen.kiosk"]["store"]
    kiosk = Kiosk(app, "es")
    full_journey(kiosk)
    kiosk.client.post("/make", data={"csrf": kiosk.token})
    visit = store.get(kiosk.client.get_cookie("kiosk").value)
    response = kiosk.client.post("/finish", data={"csrf": kiosk.token})
    assert response.headers["Location"] == "/?erased=done&lang=es"
    assert len(store) == 0 and visit.answers == {} and visit.packet is None
    assert kiosk.client.get_cookie("kiosk") is None
    for page in ("/review", "/step/children", "/ready"):
        response = kiosk.client.get(page)
        assert response.status_code == 303 and "Quispe" not in response.text
    assert kiosk.client.get("/packet.pdf").status_code == 404
    start = kiosk.client.get(response.headers["Location"] + "?erased=done&lang=es").text
    assert "Quispe" not in start


def test_a_second_family_sees_nothing_of_the_first(app):
    first = Kiosk(app, "es")
    first.post("family", FAMILY)
    second = Kiosk(app, "vi")
    for step in kform.STEP_KEYS:
        assert "Quispe" not in second.client.get(f"/step/{step}").text
    assert "Quispe" not in second.client.get("/review").text
    # the same browser starting again is a new family: the last one's answers are gone
    page = first.client.get("/")
    first.client.post("/start", data={"csrf": csrf_of(page.text), "lang": "es"})
    assert "Quispe" not in first.client.get("/step/family").text


def test_an_idle_visit_is_erased():
    now = [0.0]
    store = Store(timeout=600, clock=lambda: now[0])
    token, visit = store.create("es", {"family_name": "Quispe"})
    now[0] = 599
    assert store.get(token) is visit
    now[0] = 599 + 601
    assert store.get(token) is None and visit.answers == {}
    app = create_app(KioskConfig(timeout=600, clock=lambda: now[0]))
    kiosk = Kiosk(app, "ar")
    kiosk.post("family", FAMILY)
    now[0] += 601
    response = kiosk.client.post(
        "/step/parents?lang=ar", data={"csrf": kiosk.token, **PARENT, "action": "next"}
    )
    assert response.headers["Location"] == "/?erased=timeout&lang=ar"
    assert len(app.extensions["kitgen.kiosk"]["store"]) == 0
    assert "Quispe" not in kiosk.client.get("/step/family", follow_redirects=True).text
    message = language("ar").gettext(
        "Your answers were erased because nothing happened for a while."
    )
    assert message in kiosk.client.get(response.headers["Location"]).text


def test_no_log_line_holds_what_was_typed(app, caplog):
    caplog.set_level(logging.DEBUG)
    kiosk = Kiosk(app, "es")
    full_journey(kiosk)
    kiosk.post("parents", {**PARENT, "parents[0].date_of_birth": "1987-14-03"})
    kiosk.client.post("/make", data={"csrf": kiosk.token})
    kiosk.client.post("/finish", data={"csrf": kiosk.token})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for value in ("Quispe", "Nayra", "617-555-01"):
        assert value not in logged


# -- --lan: an access code -----------------------------------------------------------------------


def test_lan_serves_no_page_without_the_code_and_slows_down_wrong_codes():
    pauses = []
    app = create_app(KioskConfig(access_code="482913", delay=pauses.append))
    client = app.test_client()
    for path in ("/", "/step/family", "/review", "/packet.pdf"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/code"
    assert client.post("/start", data={"lang": "es"}).headers["Location"] == "/code"
    assert client.post("/code", data={"code": "000000"}).status_code == 403
    assert pauses == [1.0]
    for _ in range(4):
        client.post("/code", data={"code": "111111"})
    # locked out now, even with the right code, until the lock passes
    assert client.post("/code", data={"code": "482913"}).status_code == 429
    other = app.test_client()
    tablet = {"REMOTE_ADDR": "10.0.0.7"}
    response = other.post("/code", data={"code": " 482913 "}, environ_base=tablet)
    assert response.status_code == 303 and other.get_cookie("kiosk_device") is not None
    assert other.get("/").status_code == 200
    assert client.get("/").status_code == 303


# -- the command -----------------------------------------------------------------------------------


def _start_kiosk(*args: str):
    import os
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "kitgen.cli", "kiosk", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = [process.stdout.readline() for _ in range(2 if "--lan" in args else 1)]
    return process, lines


def _stop_kiosk(process) -> str:
    import signal

    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    return err


def test_the_kiosk_command_serves_on_127_0_0_1_and_erases_everything_when_stopped():
    import urllib.request

    process, lines = _start_kiosk()
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", lines[0])
        assert match, lines
        with urllib.request.urlopen(match.group(0), timeout=10) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"].startswith("no-store")
            assert "Español" in response.read().decode("utf-8")
    finally:
        err = _stop_kiosk(process)
    assert process.returncode == 0
    assert "every answer was erased" in err


def test_the_kiosk_command_with_lan_shows_an_access_code_and_asks_for_it():
    import urllib.request

    process, lines = _start_kiosk("--lan")
    try:
        port = re.search(r"port (\d+)", lines[0]).group(1)
        assert re.search(r"Access code for each tablet: \d{6}$", lines[1].strip())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/step/family", timeout=10) as page:
            assert page.url.endswith("/code")
            assert "Access code" in page.read().decode("utf-8")
    finally:
        _stop_kiosk(process)


def test_the_kiosks_region_and_its_state_come_chosen():
    kiosk = Kiosk(create_app(KioskConfig(region="hartford")), "pt")
    html = kiosk.client.get("/step/family").text
    assert '<option value="hartford" selected>' in html
    assert '<option value="CT" selected>' in html


# -- large print ---------------------------------------------------------------------------------

LARGE_PACKET = "Large print packet (14 pt and larger)"


def _large_box(html: str) -> str:
    """The review page's large-print checkbox, as its tag."""
    match = re.search(r'<input type="checkbox" name="large_print" value="1"[^>]*>', html)
    assert match, "no large-print checkbox on the page"
    return match.group(0)


def _large_page(html: str) -> bool:
    return re.search(r"<html [^>]*class=\"large\"", html) is not None


def _pressed(html: str) -> str:
    """aria-pressed of the page's large-print button."""
    match = re.search(r'<div class="print-size"><button [^>]*aria-pressed="(\w+)"', html)
    assert match, "no large-print button on the page"
    return match.group(1)


def test_large_print_chosen_on_the_review_page_makes_a_large_print_packet():
    import datetime as dt
    import io

    from conftest import text_shows
    from pypdf import PdfReader

    from kitgen.layout import RectItem
    from kitgen.layout import styles as st
    from kitgen.packet import build_packet, packet_pages

    day = dt.date(2026, 3, 2)
    app = create_app(KioskConfig(today=lambda: day))
    kiosk = Kiosk(app, "es")
    full_journey(kiosk)
    review = kiosk.client.get("/review").text
    spanish = language("es").gettext(LARGE_PACKET)
    assert spanish != LARGE_PACKET and spanish in re.sub(r"<[^>]+>", "", review)
    assert "checked" not in _large_box(review) and not _large_page(review)
    for csrf in ({}, {"csrf": "wrong"}):  # the checkbox is posted with the visit's token only
        response = kiosk.client.post("/make", data={**csrf, "large_print": "1"})
        assert response.status_code == 400
    assert not _large_page(kiosk.client.get("/review").text)
    assert kiosk.client.post("/make", data={"csrf": kiosk.token}).headers["Location"] == "/ready"
    assert not _large_page(kiosk.client.get("/ready").text)
    standard = kiosk.client.get("/packet.pdf").data

    response = kiosk.client.post("/make", data={"csrf": kiosk.token, "large_print": "1"})
    assert response.headers["Location"] == "/ready"
    assert _large_page(kiosk.client.get("/ready").text)  # the pages follow the choice
    large = kiosk.client.get("/packet.pdf").data
    review = kiosk.client.get("/review").text
    assert "checked" in _large_box(review) and _large_page(review) and _pressed(review) == "true"

    # the packet is the library's large-print packet of these answers, byte for byte
    visit = app.extensions["kitgen.kiosk"]["store"].get(kiosk.client.get_cookie("kiosk").value)
    family, problems = kform.check_answers(visit.answers, day)
    assert problems == []
    options = {"prepared": day, "filename": kform.SOURCE}
    assert large == build_packet(family, large_print=True, **options)
    assert standard == build_packet(family, **options)
    _doc, pages = packet_pages(family, large_print=True, **options)
    count = len(PdfReader(io.BytesIO(large)).pages)
    assert count == len(pages) > len(PdfReader(io.BytesIO(standard)).pages)
    # every text 14 pt or more; the footer 12 pt; the wallet cards stay wallet-sized
    cards = {
        i
        for i, page in enumerate(pages)
        if any(isinstance(it, RectItem) and it.w == st.CARD_W for it in page.items)
    }
    footer_top = st.MARGIN + st.LARGE_PRINT.footer_height
    checked = 0
    for index, shows in enumerate(text_shows(large)):
        if index in cards:
            continue
        for size, y, text in shows:
            floor = st.LARGE_FOOTER_MIN if y < footer_top else st.LARGE_BODY_MIN
            assert size >= floor - 0.05, (index + 1, round(size, 2), text[:40])
            checked += 1
    assert checked > 500
    sizes = [s for shows in text_shows(standard) for s, y, _ in shows if y > footer_top]
    assert min(sizes) < 10  # the measure can fail: the standard packet has smaller type


def test_large_print_from_the_start_page_and_any_step_keeps_the_answers(app):
    client = app.test_client()
    start = client.get("/?lang=es").text
    assert not _large_page(start) and _pressed(start) == "false"
    assert 'name="large_print" value="0"' in start
    assert language("es").gettext("Large print") in start
    # the start page's button is a plain GET form: no visit, nothing kept before a language
    start = client.get("/?lang=es&large=1").text
    assert _large_page(start) and _pressed(start) == "true"
    assert (
        'name="large_print" value="1"' in start
        and len(app.extensions["kitgen.kiosk"]["store"]) == 0
    )
    response = client.post(
        "/start", data={"csrf": csrf_of(start), "lang": "es", "large_print": "1"}
    )
    assert response.status_code == 303
    step = client.get("/step/family").text
    assert _large_page(step) and _pressed(step) == "true"
    assert 'value="large:0"' in step
    token = csrf_of(step)
    # turning it off from a step keeps what was typed on that step
    data = {"csrf": token, "action": "large:0", **FAMILY}
    assert client.post("/step/family", data=data).headers["Location"] == "/step/family"
    step = client.get("/step/family").text
    assert not _large_page(step) and _pressed(step) == "false" and "Quispe Mamani" in step
    data = {"csrf": token, "action": "large:1"}
    client.post("/step/parents", data=data)
    assert _large_page(client.get("/step/parents").text)
    # the review page's button: CSRF checked, only 0 or 1
    assert client.post("/large-print", data={"large_print": "0"}).status_code == 400
    assert client.post("/large-print", data={"csrf": "x", "large_print": "0"}).status_code == 400
    assert client.post("/large-print", data={"csrf": token, "large_print": "2"}).status_code == 400
    assert _large_page(client.get("/review").text)
    response = client.post("/large-print", data={"csrf": token, "large_print": "0"})
    assert response.headers["Location"] == "/review"
    review = client.get("/review").text
    assert not _large_page(review) and _pressed(review) == "false"
    # a step's button needs the token too
    assert client.post("/step/family", data={"action": "large:1"}).status_code == 400
    assert not _large_page(client.get("/step/family").text)


def test_large_print_is_erased_with_the_answers(app):
    store = app.extensions["kitgen.kiosk"]["store"]
    kiosk = Kiosk(app, "ar")
    full_journey(kiosk)
    assert (
        kiosk.client.post("/make", data={"csrf": kiosk.token, "large_print": "1"}).status_code
        == 303
    )
    visit = store.get(kiosk.client.get_cookie("kiosk").value)
    assert visit.large_print
    response = kiosk.client.post("/finish", data={"csrf": kiosk.token})
    assert len(store) == 0 and visit.large_print is False and visit.packet is None
    start = kiosk.client.get(response.headers["Location"]).text
    assert not _large_page(start) and _pressed(start) == "false"  # the next family starts afresh
    assert kiosk.client.get("/review").status_code == 303
    # an idle visit goes the same way
    now = [0.0]
    idle = Store(timeout=600, clock=lambda: now[0])
    token, visit = idle.create("es", {"family_name": "Quispe"}, large_print=True)
    now[0] = 601
    assert idle.get(token) is None and visit.large_print is False


def test_a_large_print_station_starts_each_family_with_it_chosen():
    app = create_app(KioskConfig(large_print=True))
    start = app.test_client().get("/").text
    assert _large_page(start) and _pressed(start) == "true"
    assert 'name="large_print" value="1"' in start
    assert not _large_page(app.test_client().get("/?large=0").text)  # a family can turn it off
    kiosk = Kiosk(app, "vi")
    assert _large_page(kiosk.client.get("/step/family").text)
    full_journey(kiosk)
    review = kiosk.client.get("/review").text
    assert _large_page(review) and "checked" in _large_box(review)  # shown already ticked
    kiosk.client.post("/make", data={"csrf": kiosk.token})  # unticked: a standard packet
    assert not _large_page(kiosk.client.get("/ready").text)


def test_the_kiosk_command_with_large_print_starts_with_large_print_chosen():
    import urllib.request

    from click.testing import CliRunner

    from kitgen.cli import main

    assert "--large-print" in CliRunner().invoke(main, ["kiosk", "--help"]).output
    process, lines = _start_kiosk("--large-print")
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", lines[0])
        assert match, lines
        with urllib.request.urlopen(match.group(0), timeout=10) as response:
            html = response.read().decode("utf-8")
        assert _large_page(html) and _pressed(html) == "true"
    finally:
        _stop_kiosk(process)
    assert process.returncode == 0


def test_answers_that_do_not_print_in_large_print_are_shown_on_the_review_page(app):
    # a number too long for its line at 14 pt (it prints at standard size): "Make my packet"
    # in large print returns to the review page with the problem next to its step, never the
    # internal-error page; turning large print off clears it and the packet is made
    kiosk = Kiosk(app, "es")
    full_journey(kiosk)
    digits = "781 555 0123 0456 1234 5678 9012 3456 7890 1234"
    response = kiosk.post("children", {**CHILDREN, "children[0].doctor.name": digits})
    assert response.status_code == 303
    response = kiosk.client.post("/make", data={"csrf": kiosk.token, "large_print": "1"})
    assert response.status_code == 303 and response.headers["Location"] == "/review"
    review = kiosk.client.get("/review").text
    shown = re.sub(r"<[^>]+>", "", review)
    assert "children[0].doctor.name" in shown and "14 pt" in shown
    assert digits not in shown.replace(digits, "", 1)  # the value is not repeated in the message
    assert language("es").gettext(kform.MESSAGES["text"]) in shown
    assert 'action="/make"' not in review  # nothing to make until it is fixed
    assert kiosk.client.get("/packet.pdf").status_code in (302, 303, 404)
    # standard print: the problem goes, the packet is made
    response = kiosk.client.post("/large-print", data={"csrf": kiosk.token, "large_print": "0"})
    assert response.headers["Location"] == "/review"
    review = kiosk.client.get("/review").text
    assert "children[0].doctor.name" not in review and 'action="/make"' in review
    response = kiosk.client.post("/make", data={"csrf": kiosk.token})
    assert response.headers["Location"] == "/ready"
    assert kiosk.client.get("/packet.pdf").data.startswith(b"%PDF-")
