"""kitgen kiosk in a real browser: Debian's Chromium, driven by Playwright, against the real
server (waitress) on 127.0.0.1.

Whole journeys in Spanish (JavaScript off: plain HTML forms), Arabic (right to left) and Chinese,
each with two children and an error corrected on the way; the PDF that comes back holds the
names typed; after "Finish and erase" the back button shows nothing. axe-core checks every page
kind for serious or critical accessibility problems. Set KIOSK_SCREENSHOTS to a folder to keep
screenshots of the start page, an Arabic step and the review page (the README's), and
KIOSK_LARGE_SCREENSHOTS to another to keep the large-print start and review pages in Spanish and
Arabic at 320 pixels (not in the README).
"""

from __future__ import annotations

import os
import shutil
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, pdftotext, squash

from kitgen.i18n import language
from kitgen.kiosk import KioskConfig, create_app
from kitgen.kiosk import form as kform
from kitgen.kiosk.serve import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("KIOSK_SCREENSHOTS")
LARGE_SHOTS = os.environ.get("KIOSK_LARGE_SCREENSHOTS")


@pytest.fixture(scope="module")
def server():
    app = create_app(KioskConfig(region="boston"))
    httpd = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.effective_port}", app
    httpd.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is needed for the kiosk tests; run ./setup.sh"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _axe(page) -> list[str]:
    """Serious and critical axe-core violations on the page, as 'rule: target' lines."""
    assert AXE.exists(), "axe-core is needed for the kiosk tests; run ./setup.sh"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {node['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def _shot(page, name: str, folder: str | None = SHOTS, shrink: bool = True) -> None:
    """A small PNG of the page's viewport (two thirds of the size, 64 colours)."""
    if folder:
        import io

        from PIL import Image

        Path(folder).mkdir(parents=True, exist_ok=True)
        image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        width, height = image.size
        if shrink:
            image = image.resize((width * 2 // 3, height * 2 // 3), Image.LANCZOS)
        image.quantize(colors=64, method=Image.MEDIANCUT).save(Path(folder) / name, optimize=True)


def _fetch_pdf(page, base: str) -> bytes:
    """The packet, as the browser's iframe gets it (with the visit's cookie)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    request = urllib.request.Request(base + "/packet.pdf", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Cache-Control"].startswith("no-store")
        return response.read()


def _field(page, name: str):
    return page.locator(f'[name="{name}"]')


def _next(page, expected: str) -> None:
    page.locator("button.primary", has_text=_t(page, "Next")).click()
    page.wait_for_url(f"**{expected}")


def _t(page, msgid: str) -> str:
    return language(page.evaluate("document.documentElement.lang")).gettext(msgid)


def journey(page, base: str, code: str, names: dict[str, str], check_axe: bool) -> bytes:
    """One family's whole visit; returns the packet."""
    violations: list[str] = []
    page.goto(base + "/")
    if check_axe:
        violations += _axe(page)
    if code == "ar":
        _shot(page, "kiosk-start.png")
    page.locator(f'button[value="{code}"]').click()
    page.wait_for_url("**/step/family")
    direction = language(code).direction
    assert page.evaluate("document.documentElement.lang") == code
    assert page.evaluate("document.documentElement.dir") == direction
    _field(page, "family_name").fill(names["family"])
    _field(page, "state").select_option("MA")
    _next(page, "/step/parents")

    # an impossible date: the error is next to the field, in the family's language, and
    # nothing typed is lost
    _field(page, "parents[0].legal_name").fill(names["parent"])
    _field(page, "parents[0].date_of_birth").fill("1986-02-30")
    _field(page, "parents[0].country_of_birth").fill("Guatemala")
    _field(page, "parents[0].phones[0]").fill("617-555-0134")
    _field(page, "parents[0].languages").first.check()
    page.locator("button.primary").click()
    error = page.locator('[id="parents[0].date_of_birth-error"]')
    assert _t(page, kform.MESSAGES["date"]) in error.inner_text()
    assert _field(page, "parents[0].legal_name").input_value() == names["parent"]
    assert _field(page, "parents[0].date_of_birth").get_attribute("aria-invalid") == "true"
    if code == "ar":
        _shot(page, "kiosk-step-ar.png")
    if check_axe:
        violations += _axe(page)
    _field(page, "parents[0].date_of_birth").fill("1986-02-28")
    _next(page, "/step/children")

    _field(page, "children[0].full_name").fill(names["child1"])
    _field(page, "children[0].date_of_birth").fill("2015-06-03")
    page.locator('button[value="add:children"]').click()
    _field(page, "children[1].full_name").fill(names["child2"])
    _field(page, "children[1].date_of_birth").fill("2019-09-12")
    assert _field(page, "children[0].full_name").input_value() == names["child1"]
    _next(page, "/step/caregivers")

    _field(page, "caregivers.primary.name").fill(names["caregiver"])
    _field(page, "caregivers.primary.relationship").fill("Tía")
    _field(page, "caregivers.primary.phones[0]").fill("617-555-0172")
    _field(page, "caregivers.primary.address").fill("12 Orchard St, Boston, MA 02118")
    _next(page, "/step/contacts")
    _next(page, "/step/memorize")
    _field(page, "memorize[0].name").fill(names["caregiver"])
    _field(page, "memorize[0].phone").fill("617-555-0172")
    _field(page, "memorize[1].name").fill(names["parent"])
    _field(page, "memorize[1].phone").fill("617-555-0134")
    _next(page, "/step/wishes")
    # any step can be reached from the progress list, and back again
    page.locator('button[value="goto:family"]').click()
    page.wait_for_url("**/step/family")
    assert _field(page, "family_name").input_value() == names["family"]
    page.locator('button[value="goto:review"]').click()
    page.wait_for_url("**/review")

    text = page.inner_text("main")
    for key in ("family", "parent", "child1", "child2", "caregiver"):
        assert names[key] in text
    if code == "ar":
        _shot(page, "kiosk-review-ar.png")
    if check_axe:
        violations += _axe(page)
    # headless Chromium's PDF viewer in the page's frame stalls later navigations under
    # Playwright: the frame is left empty here and the packet fetched as the frame would
    page.route("**/packet.pdf", lambda route: route.abort())
    page.locator("button.primary", has_text=_t(page, "Make my packet")).click()
    page.wait_for_url("**/ready")
    if check_axe:
        violations += _axe(page)
    data = _fetch_pdf(page, base)

    assert page.locator('iframe[src="/packet.pdf"]').count() == 1
    page.locator("button.finish").click()
    page.wait_for_url(lambda url: "erased=done" in url)
    assert _t(page, "Everything you typed has been erased.") in page.inner_text("main")
    page.go_back()
    page.wait_for_selector(".languages")
    shown = page.content()
    for key in ("family", "parent", "child1", "child2", "caregiver"):
        assert names[key] not in shown, f"the back button shows {key} after Finish and erase"
    assert violations == [], violations
    return data


NAMES = {
    "es": {
        "family": "Rivera Gómez",
        "parent": "María Elena Gómez",
        "child1": "Sofía Rivera",
        "child2": "Mateo Rivera",
        "caregiver": "Ana Lucía Flores",
    },
    "ar": {
        "family": "الحسيني",
        "parent": "Fatima Alhusseini",
        "child1": "Omar Alhusseini",
        "child2": "Layla Alhusseini",
        "caregiver": "Samira Haddad",
    },
    "zh-Hans": {
        "family": "王",
        "parent": "Wang Li",
        "child1": "Wang Xiaoming",
        "child2": "Wang Xiaomei",
        "caregiver": "Chen Jing",
    },
}


@pytest.mark.parametrize(("code", "javascript"), [("es", False), ("ar", True), ("zh-Hans", True)])
def test_a_whole_journey_in_a_real_browser(server, browser, code, javascript):
    base, app = server
    context = browser.new_context(  # bypass_csp: to inject axe-core, the page's CSP stays
        java_script_enabled=javascript, viewport={"width": 900, "height": 1000}, bypass_csp=True
    )
    try:
        page = context.new_page()
        data = journey(page, base, code, NAMES[code], check_axe=javascript)
    finally:
        context.close()
    assert data.startswith(b"%PDF")
    text = squash(pdftotext(data))
    for key in ("parent", "child1", "child2", "caregiver"):
        assert NAMES[code][key] in text
    assert len(app.extensions["kitgen.kiosk"]["store"]) == 0


def test_axe_on_english_and_spanish_steps_and_reviews(server, browser):
    """axe runs as a script, so the JavaScript-off journey's pages are checked here."""
    base, _ = server
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(base + "/")
        page.locator('button[value="en"]').click()
        page.wait_for_url("**/step/family")
        page.locator("button.primary").click()  # the required fields are empty: errors
        problems = _axe(page)
        page.goto(base + "/review")  # with every problem listed
        problems += _axe(page)
        page.goto(base + "/")
        page.locator('button[value="es"]').click()
        page.wait_for_url("**/step/family")
        page.goto(base + "/step/children")
        problems += _axe(page)
        page.goto(base + "/review")
        problems += _axe(page)
        page.locator("button.finish").click()
        page.wait_for_url(lambda url: "erased=done" in url)
    finally:
        context.close()
    assert problems == [], problems


def test_enter_in_a_field_goes_to_the_next_step_and_csp_blocks_nothing_of_ours(server, browser):
    base, _ = server
    context = browser.new_context()
    blocked: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None
        )
        page.goto(base + "/")
        page.locator('button[value="en"]').click()
        page.wait_for_url("**/step/family")
        _field(page, "family_name").fill("Okafor")
        _field(page, "state").select_option("NY")
        _field(page, "family_name").press("Enter")
        page.wait_for_url("**/step/parents")
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "kitgen NotoSans" in font
        page.locator("button.finish").click()
        page.wait_for_url(lambda url: "erased=done" in url)
    finally:
        context.close()
    assert blocked == []


def _written_since(start: float, roots: list[Path], values: list[str]) -> list[str]:
    """Files under ``roots`` created or changed since ``start`` that hold any of ``values``."""
    wanted = [v.encode("utf-8") for v in values] + [v.encode("utf-16-le") for v in values]
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in (".venv", ".git", "node_modules", "proc")]
            for name in files:
                path = Path(folder) / name
                try:
                    info = path.stat()
                    if info.st_mtime < start or info.st_size > 50_000_000 or not path.is_file():
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                if any(v in data for v in wanted):
                    found.append(str(path))
    return found


def test_a_whole_journey_leaves_no_file_and_no_log_line_with_what_was_typed(
    server, browser, caplog, tmp_path
):
    import logging
    import tempfile
    import time

    caplog.set_level(logging.DEBUG)
    base, _ = server
    import secrets

    # made up now, so that no file (this test's own source included) held them before
    names = {key: f"{key.title()} K{secrets.token_hex(5)}" for key in NAMES["es"]}
    start = time.time() - 1
    context = browser.new_context(bypass_csp=True)
    try:
        journey(context.new_page(), base, "es", names, check_axe=False)
    finally:
        context.close()
    roots = [Path(tempfile.gettempdir()), Path.home(), Path.cwd()]
    values = list(names.values())
    assert _written_since(start, roots, values) == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not any(v in logged for v in values)


def test_the_page_warns_before_the_idle_timeout_then_leaves_and_the_answers_are_gone(browser):
    app = create_app(KioskConfig(timeout=4.0, warning=3.0))
    httpd = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=httpd.run, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.effective_port}"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "/")
        page.locator('button[value="ar"]').click()
        page.wait_for_url("**/step/family")
        _field(page, "family_name").fill("Idle Family")
        warning = page.locator("#idle-warning")
        assert warning.is_hidden()
        warning.wait_for(state="visible", timeout=5000)  # a minute before, at a real kiosk
        assert (
            language("ar").gettext(
                "Your answers will be erased soon because nothing has happened for a while."
            )
            in warning.inner_text()
        )
        page.wait_for_url(lambda url: "erased=timeout" in url, timeout=8000)
        assert "Idle Family" not in page.content()
        assert page.evaluate("document.documentElement.dir") == "rtl"  # still the family's
        assert len(app.extensions["kitgen.kiosk"]["store"]) == 0
    finally:
        context.close()
        httpd.close()


@pytest.mark.parametrize("code", ["en", "ar"])
def test_at_200_percent_zoom_nothing_needs_a_sideways_scroll(server, browser, code):
    """A 1280-pixel screen zoomed to 200% is 640 CSS pixels wide."""
    base, _ = server
    context = browser.new_context(viewport={"width": 640, "height": 800})
    try:
        page = context.new_page()
        page.goto(base + "/")
        wide = []
        page.locator(f'button[value="{code}"]').click()
        page.wait_for_url("**/step/family")
        page.locator("button.primary").click()  # with errors shown
        for path in ("", "/step/parents", "/step/children", "/step/caregivers", "/review"):
            if path:
                page.goto(base + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide.append((path or "/step/family", overflow))
        page.locator("button.finish").click()
        page.wait_for_url(lambda url: "erased=done" in url)
    finally:
        context.close()
    assert wide == []


def _root_px(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def _sideways(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _large_packet_floor(pdf: bytes) -> float:
    """The smallest text on the packet's first three pages, its footer left out."""
    from conftest import text_shows

    from kitgen.layout import styles as st

    top = st.MARGIN + st.LARGE_PRINT.footer_height
    return min(s for shows in text_shows(pdf)[:3] for s, y, _ in shows if y >= top)


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(("code", "javascript"), [("es", False), ("es", True), ("ar", True)])
def test_large_print_in_a_real_browser_at_320_pixels(server, browser, code, javascript):
    """A family ticks large print on the start page: every page grows, stays within a
    320-pixel screen and passes axe; the packet is large print, and unticking it on the
    review page gives the standard one."""
    base, app = server
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 320, "height": 900}, bypass_csp=True
    )
    violations: list[str] = []
    wide: list[tuple[str, int]] = []

    def check(name: str) -> None:
        overflow = _sideways(page)
        if overflow > 0:
            wide.append((name, overflow))
        if javascript:
            violations.extend(f"{name}: {v}" for v in _axe(page))

    try:
        page = context.new_page()
        page.goto(f"{base}/?lang={code}")
        standard_px = _root_px(page)
        button = page.locator(".print-size button")
        assert button.get_attribute("aria-pressed") == "false"
        assert button.inner_text().strip() == language(code).gettext("Large print")
        check("start")
        button.click()
        page.wait_for_url("**large=1**")
        large_px = _root_px(page)
        assert large_px >= 1.4 * standard_px, (standard_px, large_px)
        assert page.locator(".print-size button").get_attribute("aria-pressed") == "true"
        check("start, large")
        _shot(page, f"kiosk-large-start-{code}.png", LARGE_SHOTS, shrink=False)
        page.locator(f'button[value="{code}"]').click()
        page.wait_for_url("**/step/family")
        assert _root_px(page) == large_px
        # turning it off and on again from a step keeps what was typed there
        _field(page, "family_name").fill("Rivera Gómez")
        page.locator(".print-size button").click()
        page.wait_for_url("**/step/family")
        assert _root_px(page) == standard_px
        assert _field(page, "family_name").input_value() == "Rivera Gómez"
        page.locator(".print-size button").click()
        page.wait_for_url("**/step/family")
        assert _root_px(page) == large_px
        _field(page, "state").select_option("MA")
        check("family")
        _next(page, "/step/parents")
        _field(page, "parents[0].legal_name").fill("María Elena Gómez")
        _field(page, "parents[0].date_of_birth").fill("1986-02-28")
        _field(page, "parents[0].country_of_birth").fill("Guatemala")
        _field(page, "parents[0].phones[0]").fill("617-555-0134")
        _field(page, "parents[0].languages").first.check()
        check("parents")
        _next(page, "/step/children")
        _field(page, "children[0].full_name").fill("Sofía Rivera")
        _field(page, "children[0].date_of_birth").fill("2015-06-03")
        check("children")
        _next(page, "/step/caregivers")
        _field(page, "caregivers.primary.name").fill("Ana Lucía Flores")
        _field(page, "caregivers.primary.relationship").fill("Tía")
        _field(page, "caregivers.primary.phones[0]").fill("617-555-0172")
        _field(page, "caregivers.primary.address").fill("12 Orchard St, Boston, MA 02118")
        check("caregivers")
        _next(page, "/step/contacts")
        _next(page, "/step/memorize")
        _field(page, "memorize[0].name").fill("Ana Lucía Flores")
        _field(page, "memorize[0].phone").fill("617-555-0172")
        check("memorize")
        page.locator('button[value="goto:review"]').click()
        page.wait_for_url("**/review")
        assert _root_px(page) == large_px
        box = page.get_by_label(language(code).gettext("Large print packet (14 pt and larger)"))
        assert box.is_checked()  # chosen on the start page, shown ticked
        check("review")
        box.scroll_into_view_if_needed()
        _shot(page, f"kiosk-large-review-{code}.png", LARGE_SHOTS, shrink=False)
        page.route("**/packet.pdf", lambda route: route.abort())
        page.locator("button.primary", has_text=_t(page, "Make my packet")).click()
        page.wait_for_url("**/ready")
        assert _root_px(page) == large_px
        check("ready")
        large = _fetch_pdf(page, base)

        page.goto(base + "/review")
        page.get_by_label(language(code).gettext("Large print packet (14 pt and larger)")).uncheck()
        page.locator("button.primary", has_text=_t(page, "Make my packet")).click()
        page.wait_for_url("**/ready")
        assert _root_px(page) == standard_px  # the same choice: the pages follow the packet
        standard = _fetch_pdf(page, base)
        page.locator("button.finish").click()
        page.wait_for_url(lambda url: "erased=done" in url)
        assert _root_px(page) == standard_px  # erased with the answers
    finally:
        context.close()
    assert wide == [] and violations == [], (wide, violations)
    assert _large_packet_floor(large) >= 14 - 0.05 > _large_packet_floor(standard)
    assert _pages(large) > _pages(standard)
    text = squash(pdftotext(large))
    assert "María Elena Gómez" in text and "Sofía Rivera" in text
    assert len(app.extensions["kitgen.kiosk"]["store"]) == 0
