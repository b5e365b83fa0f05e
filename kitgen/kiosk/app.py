"""The kiosk web application (Flask): pages in the family's language, answers kept in memory.

In: a :class:`KioskConfig`. Out: a WSGI application (:func:`create_app`), served by waitress
(:mod:`kitgen.kiosk.serve`). Every page is a plain HTML form that works without JavaScript;
``kiosk.js`` only adds the idle-time warning.

What it keeps: the :class:`~kitgen.kiosk.store.Store` in this process's memory, nothing else.
No file is written, nothing about a family is logged, and every response says
``Cache-Control: no-store``. Every form post carries a CSRF token; the body is at most
:data:`MAX_BODY` bytes of ``application/x-www-form-urlencoded``; the Content-Security-Policy lets
a page load only from this server. User text reaches the pages only through Jinja's
autoescaping.

Large print: a family may choose it on the start page, on any step (a button in the page) or on
the review page (a checkbox by "Make my packet"). The choice is kept in its visit with the
answers and erased with them; it sets the pages in larger type and the packet in large print
(``build_packet(..., large_print=True)``). ``KioskConfig.large_print`` (``kitgen kiosk
--large-print``) makes it the station's default: the choice shows already made.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from flask import Flask, Response, abort, redirect, render_template, request
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from ..errors import DataError
from ..i18n import available_codes, language
from ..resources import data_dir
from . import form as kform
from .store import Store

if TYPE_CHECKING:
    from ..content.regions import Region

COOKIE = "kiosk"
DEVICE_COOKIE = "kiosk_device"
PRE_COOKIE = "kiosk_pre"
#: A step's form is a few kilobytes; refuse anything much bigger before reading it.
MAX_BODY = 128 * 1024
MAX_FIELDS = 2000
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)
#: --lan: wrong access codes from one address before it must wait, and how long.
CODE_TRIES = 5
CODE_LOCK_SECONDS = 60.0
CODE_DELAY_SECONDS = 1.0


@dataclass
class KioskConfig:
    paper: str = "letter"
    region: str | Region | None = None  # --region(-file), else the settings file's region
    district: str | None = None  # the settings file's district name, shown in the header
    timeout: float = 600.0  # seconds idle before a visit is erased
    warning: float = 60.0  # seconds before that, the page warns (with JavaScript)
    access_code: str | None = None  # --lan: required once per device
    draft_note: bool = True
    large_print: bool = False  # --large-print: each family's choice starts as large print
    today: Any = None  # a callable giving the date prepared (tests); default: today
    delay: Any = time.sleep  # the pause after a wrong access code (tests replace it)
    clock: Any = time.monotonic  # for the idle timeout (tests replace it)


class _QuietFlask(Flask):
    def log_exception(self, exc_info: Any) -> None:  # noqa: D102 - a traceback may hold answers
        pass


class _Guard:
    """Access codes (--lan): devices that gave the right code, and wrong tries per address."""

    def __init__(self, code: str | None) -> None:
        self.code = code
        self.devices: set[str] = set()
        self.failures: dict[str, tuple[int, float]] = {}
        self.lock = threading.Lock()

    def allowed(self, device: str | None) -> bool:
        if self.code is None:
            return True
        with self.lock:
            return bool(device) and device in self.devices

    def locked(self, address: str, now: float) -> bool:
        with self.lock:
            count, since = self.failures.get(address, (0, 0.0))
            if count >= CODE_TRIES and now - since < CODE_LOCK_SECONDS:
                return True
            if count >= CODE_TRIES:
                self.failures.pop(address, None)
            return False

    def try_code(self, address: str, typed: str, now: float) -> str | None:
        """A new device token if ``typed`` is the code, else None (and the failure counted)."""
        assert self.code is not None
        right = hmac.compare_digest(typed.strip().encode("utf-8"), self.code.encode("utf-8"))
        with self.lock:
            if right:
                self.failures.pop(address, None)
                token = secrets.token_urlsafe(32)
                self.devices.add(token)
                return token
            count, _ = self.failures.get(address, (0, 0.0))
            self.failures[address] = (count + 1, now)
            return None


_NUMBER = re.compile(r"(\+?\d[\d\-./ ]*\d)")


def isolate_numbers(text: str) -> Markup:
    """``text`` escaped, with each number (a date, a phone number) in a left-to-right isolate,
    so 2015-06-03 reads the same inside Arabic text."""
    parts = _NUMBER.split(text)
    out = Markup("")
    for i, part in enumerate(parts):
        out += Markup('<bdi dir="ltr">%s</bdi>') % part if i % 2 else escape(part)
    return out


def new_access_code() -> str:
    """Six digits, easy to read off a screen and type on a tablet."""
    return f"{secrets.randbelow(1_000_000):06d}"


def create_app(config: KioskConfig | None = None) -> Flask:
    config = config or KioskConfig()
    here = Path(__file__).resolve().parent
    app = _QuietFlask(
        "kitgen.kiosk",
        static_folder=None,
        template_folder=str(here / "templates"),
    )
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY,
        MAX_FORM_MEMORY_SIZE=MAX_BODY,
        MAX_FORM_PARTS=MAX_FIELDS,
        SEND_FILE_MAX_AGE_DEFAULT=0,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.jinja_env.undefined = jinja2.StrictUndefined
    app.jinja_env.autoescape = True
    store = Store(config.timeout, config.clock)
    guard = _Guard(config.access_code)
    app.extensions["kitgen.kiosk"] = {"store": store, "guard": guard, "config": config}
    fonts = _font_files()
    static = {
        p.name: p.read_bytes() for p in (here / "static").iterdir() if p.suffix in (".css", ".js")
    }

    def today() -> dt.date:
        return config.today() if config.today else dt.date.today()

    def visit_or_none() -> Any:
        return store.get(request.cookies.get(COOKIE))

    def page(
        template: str, lang_code: str, status: int = 200, large: bool = False, **context: Any
    ) -> Response:
        lang = language(lang_code)

        def t(msgid: str, **values: Any) -> Markup:
            text = lang.gettext(msgid)
            return isolate_numbers(text % values if values else text)

        html = render_template(
            template,
            t=t,
            lang=lang,
            district=config.district,
            draft=lang.is_draft,
            timeout=int(config.timeout),
            warning=int(config.warning),
            large=large,
            **context,
        )
        return Response(html, status=status, mimetype="text/html")

    def check_csrf(expected: str | None) -> None:
        sent = request.form.get("csrf", "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            abort(400)

    def erased(reason: str, lang: str) -> Any:
        return redirect(f"/?erased={reason}&lang={lang}", code=303)

    @app.before_request
    def _gate() -> Any:
        if request.method == "POST":
            if request.mimetype != "application/x-www-form-urlencoded":
                abort(415)
            if (request.content_length or 0) > MAX_BODY:
                abort(413)
        if request.path.startswith(("/static/", "/font/")) or request.path == "/code":
            return None
        if not guard.allowed(request.cookies.get(DEVICE_COOKIE)):
            return redirect("/code", code=303)
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store, max-age=0"
        response.headers["Pragma"] = "no-cache"
        response.headers["Expires"] = "0"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if response.mimetype != "application/pdf":
            response.headers["Content-Security-Policy"] = CSP
        for name in ("ETag", "Last-Modified"):
            response.headers.pop(name, None)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        return Response(
            f"<!doctype html><html lang=en><title>{error.code}</title>"
            f"<p>{error.code} {error.name}. <a href=/>Start</a></p></html>",
            status=error.code or 500,
            mimetype="text/html",
        )

    @app.errorhandler(Exception)
    def _internal(error: Exception) -> Response:  # never echo what was typed
        return Response(
            "<!doctype html><html lang=en><title>Error</title><p>kitgen hit an internal problem."
            " <a href=/>Start</a></p></html>",
            status=500,
            mimetype="text/html",
        )

    # -- access code (--lan) ----------------------------------------------------------------

    @app.route("/code", methods=["GET", "POST"])
    def code() -> Any:
        if config.access_code is None:
            return redirect("/", code=303)
        wrong = False
        status = 200
        if request.method == "POST":
            address = request.remote_addr or "?"
            now = time.monotonic()
            if guard.locked(address, now):
                status, wrong = 429, True
            else:
                token = guard.try_code(address, request.form.get("code", ""), now)
                if token is not None:
                    response = redirect("/", code=303)
                    response.set_cookie(DEVICE_COOKIE, token, httponly=True, samesite="Strict")
                    return response
                config.delay(CODE_DELAY_SECONDS)
                status, wrong = 403, True
        return page("code.html", "en", status=status, wrong=wrong)

    # -- language first ---------------------------------------------------------------------

    @app.get("/")
    def start() -> Any:
        store.sweep()  # the page comes here when a visit times out: it is erased by now
        erased_reason = request.args.get("erased")
        shown = request.args.get("lang", "en")
        if shown not in available_codes():
            shown = "en"
        token = secrets.token_urlsafe(24)
        languages = [language(c) for c in available_codes()]
        # before a visit exists, the choice of large print rides in this page's own address
        # (?large=1) and its form; it is kept only once the family picks its language
        chosen = request.args.get("large")
        large = chosen == "1" if chosen in ("0", "1") else config.large_print
        response = page(
            "start.html",
            shown,
            large=large,
            languages=languages,
            csrf=token,
            erased=erased_reason if erased_reason in ("done", "timeout") else None,
        )
        response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="Strict")
        return response

    @app.post("/start")
    def begin() -> Any:
        check_csrf(request.cookies.get(PRE_COOKIE))
        code = request.form.get("lang", "")
        if code not in available_codes():
            abort(400)
        store.drop(request.cookies.get(COOKIE))  # a new family: the last one's answers go
        large = request.form.get("large_print") == "1"
        token, _visit = store.create(code, kform.new_answers(code, config.region), large)
        response = redirect(f"/step/{kform.STEPS[0].key}", code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
        response.delete_cookie(PRE_COOKIE)
        return response

    # -- the steps ----------------------------------------------------------------------------

    def step_page(visit: Any, step: kform.Step, status: int = 200, show: bool = False) -> Any:
        lang = language(visit.lang)
        fields = kform.step_fields(visit.answers, step, lang)
        problems: list[Any] = []
        if show:
            _family, all_problems = kform.check_answers(visit.answers, today())
            problems = kform.step_problems(all_problems, step)
            left = kform.place_errors(fields, problems)
        else:
            left = []
        index = kform.STEP_KEYS.index(step.key)
        return page(
            "step.html",
            visit.lang,
            status=status,
            large=visit.large_print,
            step=step,
            index=index,
            steps=kform.STEPS,
            fields=fields,
            problems=problems,
            unplaced=left,
            messages=kform.MESSAGES,
            message_key=kform.message_key,
            csrf=visit.csrf,
            visited=visit.visited,
        )

    @app.get("/step/<key>")
    def step_get(key: str) -> Any:
        visit = visit_or_none()
        if visit is None:
            return redirect("/", code=303)
        step = _step(key)
        return step_page(visit, step, show=key in visit.visited)

    @app.post("/step/<key>")
    def step_post(key: str) -> Any:
        visit = visit_or_none()
        if visit is None:
            return erased("timeout", request.args.get("lang", "en"))
        check_csrf(visit.csrf)
        step = _step(key)
        visit.answers = kform.read_step(visit.answers, step, request.form)
        visit.packet = None
        visit.problems.clear()
        action = request.form.get("action", "next")
        index = kform.STEP_KEYS.index(step.key)
        if action in ("large:1", "large:0"):  # the page's large-print button; answers kept
            visit.large_print = action == "large:1"
            return redirect(f"/step/{step.key}", code=303)
        if action.startswith(("add:", "remove:")):
            kform.change_list(visit.answers, action)
            where = re.sub(r"\[\d+\]$", "", action.partition(":")[2])
            # post, then redirect: reloading the page never repeats the add or remove
            return redirect(f"/step/{step.key}#{quote(where, safe='')}", code=303)
        if action == "back":
            target = kform.STEP_KEYS[max(index - 1, 0)]
            return redirect(f"/step/{target}", code=303)
        if action.startswith("goto:"):
            target = action[5:]
            if target == "review":
                return redirect("/review", code=303)
            _step(target)
            return redirect(f"/step/{target}", code=303)
        visit.visited.add(step.key)
        _family, problems = kform.check_answers(visit.answers, today())
        if kform.step_problems(problems, step):
            return step_page(visit, step, status=422, show=True)
        if action == "review" or index + 1 == len(kform.STEPS):
            return redirect("/review", code=303)
        return redirect(f"/step/{kform.STEP_KEYS[index + 1]}", code=303)

    # -- review, packet, finish -----------------------------------------------------------------

    @app.get("/review")
    def review() -> Any:
        visit = visit_or_none()
        if visit is None:
            return redirect("/", code=303)
        lang = language(visit.lang)
        _family, problems = kform.check_answers(visit.answers, today())
        problems = problems or list(visit.problems)  # else why the packet could not be made
        sections = []
        for step in kform.STEPS:
            fields = kform.step_fields(visit.answers, step, lang)
            step_probs = kform.step_problems(problems, step)
            sections.append((step, fields, step_probs))
        return page(
            "review.html",
            visit.lang,
            large=visit.large_print,
            sections=sections,
            problems=problems,
            messages=kform.MESSAGES,
            message_key=kform.message_key,
            csrf=visit.csrf,
            steps=kform.STEPS,
        )

    @app.post("/make")
    def make() -> Any:
        from ..packet import build_packet

        visit = visit_or_none()
        if visit is None:
            return erased("timeout", "en")
        check_csrf(visit.csrf)
        visit.large_print = request.form.get("large_print") == "1"  # the review's checkbox
        family, problems = kform.check_answers(visit.answers, today())
        if family is None:
            visit.visited.update(kform.step_of(p).key for p in problems)
            return redirect("/review", code=303)
        try:
            with _BUILD_LOCK:
                visit.packet = build_packet(
                    family,
                    paper=config.paper,
                    region=config.region if family.region is None else None,
                    prepared=today(),
                    draft_note=config.draft_note,
                    filename=kform.SOURCE,
                    large_print=visit.large_print,
                )
        except DataError as error:  # valid answers that do not print (a number too long)
            visit.problems = list(error.problems)
            visit.visited.update(kform.step_of(p).key for p in visit.problems)
            return redirect("/review", code=303)
        return redirect("/ready", code=303)

    @app.get("/ready")
    def ready() -> Any:
        visit = visit_or_none()
        if visit is None or visit.packet is None:
            return redirect("/", code=303)
        return page(
            "ready.html",
            visit.lang,
            large=visit.large_print,
            csrf=visit.csrf,
            size=len(visit.packet),
        )

    @app.post("/large-print")
    def large_print() -> Any:
        """The review page's large-print button: the pages (and the packet to come) change."""
        visit = visit_or_none()
        if visit is None:
            return erased("timeout", "en")
        check_csrf(visit.csrf)
        chosen = request.form.get("large_print")
        if chosen not in ("0", "1"):
            abort(400)
        visit.large_print = chosen == "1"
        visit.packet = None
        visit.problems.clear()  # they may have come from large print
        return redirect("/review", code=303)

    @app.get("/packet.pdf")
    def packet_pdf() -> Any:
        visit = visit_or_none()
        if visit is None or visit.packet is None:
            abort(404)
        response = Response(visit.packet, mimetype="application/pdf")
        response.headers["Content-Disposition"] = 'inline; filename="packet.pdf"'
        return response

    @app.post("/finish")
    def finish() -> Any:
        visit = visit_or_none()
        lang = visit.lang if visit is not None else "en"
        if visit is not None:
            check_csrf(visit.csrf)
        store.drop(request.cookies.get(COOKIE))
        response = erased("done", lang)
        response.delete_cookie(COOKIE)
        response.headers["Clear-Site-Data"] = '"cookies"'
        return response

    @app.get("/alive")
    def alive() -> Any:
        visit = visit_or_none()
        return Response(status=204 if visit is not None else 410)

    @app.get("/static/<name>")
    def static_file(name: str) -> Any:
        if name not in static:
            abort(404)
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(static[name], mimetype=kind)

    @app.get("/fonts.css")
    def fonts_css() -> Any:
        return Response(_fonts_css(fonts), mimetype="text/css")

    @app.get("/font/<name>")
    def font(name: str) -> Any:
        path = fonts.get(name)
        if path is None:
            abort(404)
        return Response(path.read_bytes(), mimetype="font/ttf")

    return app


_BUILD_LOCK = threading.Lock()  # one typesetter per process: packets are built one at a time


def _step(key: str) -> kform.Step:
    for step in kform.STEPS:
        if step.key == key:
            return step
    abort(404)


def _font_files() -> dict[str, Path]:
    """The faces kitgen ships. The CJK ones are subsets made for the packet: a character they
    lack falls back to the browser's own fonts."""
    return {p.name: p for p in data_dir("fonts").glob("*.ttf")}


def _fonts_css(fonts: dict[str, Path]) -> str:
    """@font-face rules for kitgen's own fonts, and each language's font stack by ``lang``."""
    rules = []
    for name in sorted(fonts):
        family, _, style = name.removesuffix(".ttf").removesuffix("-kitgen").rpartition("-")
        weight = "bold" if style == "Bold" else "normal"
        rules.append(
            f'@font-face{{font-family:"kitgen {family}";src:url("/font/{name}");'
            f"font-weight:{weight};font-display:swap}}"
        )
    for code in available_codes():
        stack = [
            f'"kitgen {f}"'
            for f in language(code).fonts
            if f"{f}-Regular.ttf" in fonts or f"{f}-Regular-kitgen.ttf" in fonts
        ]
        stack = list(dict.fromkeys([*stack, '"kitgen NotoSans"', "system-ui", "sans-serif"]))
        rules.append(f'[lang="{code}"]{{font-family:{",".join(stack)}}}')
    return "\n".join(rules) + "\n"
