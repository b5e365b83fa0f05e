"""Stage 3, render templates: family data + languages -> document model.

In: a template name under ``templates/``, a context of validated values, and the languages to
print (the family's language, then English). Out: a :class:`~kitgen.content.document.Document`.

Jinja runs with ``StrictUndefined`` (a missing value is an error, never a blank on paper) and
autoescaping on every template, and ``finalize`` wraps every value a template prints in a ``<u>``
(typed by a family) or ``<n>`` (number) element, so user text is always character data: it can
never become markup, template code, a tag reportlab obeys or a file path. ``None`` printed by a
template is an error too. Translations come from :func:`tr`, which gives one ``<l>`` per language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..errors import ContentError
from ..i18n import Language
from ..resources import data_dir
from .document import Document
from .markup import parse_document

#: Characters XML 1.0 cannot carry. Validation refuses them in family data; this is the backstop.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


_LETTERS = re.compile(r"[A-Za-z]{2}")


def _has_letters(msgid: str) -> bool:
    return _LETTERS.search(msgid) is not None


class Number(str):
    """Text that must read left to right in every language: a phone number, ID or numeric date."""


class PerLanguage:
    """A value that reads differently in each language (a language's name, say)."""

    def __init__(self, text_for: Callable[[Language], str]) -> None:
        self.text_for = text_for


def _user(value: str) -> Markup:
    if _XML_INVALID.search(value):
        raise ContentError(
            "a value contains a character that cannot be printed (control character)"
        )
    return Markup("<u>") + escape(value) + Markup("</u>")


def _number(value: str) -> Markup:
    if _XML_INVALID.search(value):
        raise ContentError("a number contains a control character")
    return Markup("<n>") + escape(value) + Markup("</n>")


def _as_markup(value: Any, lang: Language | None) -> Markup:
    """How one value prints inside text: in ``lang``, or language-neutral when ``lang`` is None
    (then a date or a per-language value is an error: it must go through tr() or each())."""
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ContentError("a template printed a missing (None) value; guard it with {% if %}")
    if isinstance(value, Number):
        return _number(value)
    if hasattr(value, "display") and hasattr(value, "e164"):  # a Phone
        return _number(value.display)
    if isinstance(value, PerLanguage | dt.date):
        if lang is None:
            raise ContentError("a template printed a date or translated value directly; use each()")
        if isinstance(value, PerLanguage):
            return _user(value.text_for(lang))
        return _user(lang.format_long_date(value))
    if isinstance(value, bool):
        raise ContentError("a template printed a yes/no value directly; translate it instead")
    if isinstance(value, int | float):
        return _number(str(value))
    if isinstance(value, str):
        return _user(value)
    raise ContentError(f"a template printed a {type(value).__name__}; print one of its fields")


#: Translations of template strings without values, by (msgid, marking, languages' ids) ->
#: (the languages, held so their ids stay theirs; the markup). No family data: a value is never
#: part of a key or a result here.
_TRANSLATED: dict[tuple[Any, ...], tuple[tuple[Language, ...], Markup]] = {}
_TRANSLATED_SIZE = 20_000
#: Translations prepared at set-up (:mod:`kitgen.precompile`), by (msgid, marking, language
#: codes) -> (each language's text for the msgid then, the markup). Used only while each
#: language still gives that text (a district's import changes a catalog after set-up).
PREPARED_TRANSLATIONS: dict[tuple[Any, ...], tuple[tuple[str, ...], Markup]] = {}


class Renderer:
    """Renders kitgen's templates for one set of languages (family language first)."""

    def __init__(
        self, languages: Sequence[Language], *, untranslated_as_english: bool = False
    ) -> None:
        if not languages:
            raise ValueError("at least one language")
        self.languages = tuple(languages)
        #: a string not translated yet is marked as English (``<l lang="en">``), so that it is
        #: set left to right in English fonts (the packet; a poster column keeps its language)
        self.untranslated_as_english = untranslated_as_english
        self.env = _environment()

    def tr(self, msgid: str, **values: Any) -> Markup:
        """``msgid`` in every language of the document, with ``%(name)s`` values filled in.

        Without values the result is template text only: remembered across documents (by the
        languages' catalogs, which a process never changes once loaded)."""
        if not values:
            key = (msgid, self.untranslated_as_english, *(id(lang) for lang in self.languages))
            got = _TRANSLATED.get(key)
            if got is None or any(a is not b for a, b in zip(got[0], self.languages)):
                got = (self.languages, self._prepared(msgid) or self._tr(msgid))
                if len(_TRANSLATED) >= _TRANSLATED_SIZE:
                    _TRANSLATED.pop(next(iter(_TRANSLATED)))  # oldest first
                _TRANSLATED[key] = got
            return got[1]
        return self._tr(msgid, **values)

    def _prepared(self, msgid: str) -> Markup | None:
        """The prepared markup of ``msgid`` (no values), if each language still translates it
        as then (asked as :meth:`_tr` asks, so a language records the same use)."""
        if not PREPARED_TRANSLATIONS:
            return None
        codes = tuple(lang.code for lang in self.languages)
        hit = PREPARED_TRANSLATIONS.get((msgid, self.untranslated_as_english, codes))
        if hit is None:
            return None
        texts, markup = hit
        if tuple(lang.gettext(msgid) for lang in self.languages) != texts:
            return None
        return markup

    def _tr(self, msgid: str, **values: Any) -> Markup:
        parts = []
        printed: set[str] = set()
        for lang in self.languages:
            text = lang.gettext(msgid)
            filled = escape(text)
            if values:
                args = {k: _as_markup(v, lang) for k, v in values.items()}
                try:
                    filled = Markup(filled) % args
                except (KeyError, ValueError, TypeError) as exc:
                    raise ContentError(
                        f"translation of {msgid!r} into {lang.code} has a bad placeholder: {exc}"
                    ) from None
            # a string not translated yet prints in English, and is set as English (left to
            # right, English fonts), not as the family's language
            code = lang.code
            if self.untranslated_as_english and text == msgid and code != "en":
                code = "en" if _has_letters(msgid) else code
            if str(filled) in printed:
                continue  # the same words in both languages ("TTY / TDD"): printed once
            printed.add(str(filled))
            parts.append(Markup('<l lang="%s">') % code + filled + Markup("</l>"))
        return Markup("<tr>") + Markup("").join(parts) + Markup("</tr>")

    def tr_family(self, msgid: str, **values: Any) -> Markup:
        """``msgid`` in the family's language only (the front of a wallet card)."""
        return Renderer(
            self.languages[:1], untranslated_as_english=self.untranslated_as_english
        ).tr(msgid, **values)

    def tr_english(self, msgid: str, **values: Any) -> Markup:
        """``msgid`` in English only (the back of a rights card, handed to an agent)."""
        return Renderer(self.languages[-1:]).tr(msgid, **values)

    def each(self, value: Any) -> Markup:
        """A value formatted per language (dates), as a ``<tr>`` like :meth:`tr`."""
        parts = [
            Markup('<l lang="%s">') % lang.code + _as_markup(value, lang) + Markup("</l>")
            for lang in self.languages
        ]
        return Markup("<tr>") + Markup("").join(parts) + Markup("</tr>")

    def date_in(self, which: str) -> Callable[[dt.date], Markup]:
        """A date formatter for one language of the document: ``"family"`` or ``"english"``."""
        lang = self.languages[0] if which == "family" else self.languages[-1]

        def fmt(value: dt.date) -> Markup:
            return (
                Markup('<tr><l lang="%s">') % lang.code
                + _as_markup(value, lang)
                + Markup("</l></tr>")
            )

        return fmt

    def number(self, value: str) -> Markup:
        return _number(value)

    def render(self, template: str, context: Mapping[str, Any]) -> Document:
        family_lang = self.languages[0]
        try:
            tmpl = self.env.get_template(template)
            xml_text = tmpl.render(
                **context,
                tr=self.tr,
                tr_family=self.tr_family,
                tr_english=self.tr_english,
                date_family=self.date_in("family"),
                date_english=self.date_in("english"),
                each=self.each,
                num=self.number,
                lang=family_lang,
                languages=self.languages,
                bilingual=len(self.languages) > 1,
            )
        except jinja2.UndefinedError as exc:
            raise ContentError(f"template {template}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            name = getattr(exc, "name", None) or template
            line = getattr(exc, "lineno", None)
            raise ContentError(f"template {name} line {line}: {exc}") from None
        return parse_document(xml_text, source=template, lang=family_lang.code)


def _finalize(value: Any) -> Any:
    # Every {{ value }} outside tr() comes through here, before autoescaping: language-neutral
    # values only (dates must go through each(), so that each language formats them).
    return _as_markup(value, None)


@cache
def _environment() -> jinja2.Environment:
    from ..precompile import ReadOnlyBytecodeCache, cache_dir

    return make_environment(ReadOnlyBytecodeCache(cache_dir() / "templates"))


def make_environment(bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """kitgen's Jinja environment: strict, autoescaped, every printed value wrapped."""
    env = jinja2.Environment(
        bytecode_cache=bytecode_cache,
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    return env
