"""Intake forms: the family-file questions as a PDF form, and a filled form read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re

import pytest
import yaml
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import SAMPLES, pdftotext, squash
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from kitgen.cli import main
from kitgen.errors import DataError, UsageError
from kitgen.family import blank_family_yaml, load_family, parse_family
from kitgen.family.fields import ListOf, Record, is_status_key, table
from kitgen.family.model import Family
from kitgen.i18n.catalog import available_codes, language
from kitgen.intake import build_intake_form, read_intake_form
from kitgen.intake import labels as lb
from kitgen.intake.draw import ID_FIELD
from kitgen.intake.questions import REPEATS, form_items, walk
from kitgen.packet import build_packet
from kitgen.resources import data_dir

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
PREPARED = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def blank_forms() -> dict[str, bytes]:
    """Blank fillable forms, made once for the tests that fill them."""
    return {lang: build_intake_form(lang).pdf for lang in ("es", "ar", "zh-Hans", "km", "my")}


def fields_of(pdf: bytes) -> dict[str, object]:
    return {k: v.get("/V") for k, v in (PdfReader(io.BytesIO(pdf)).get_fields() or {}).items()}


def fill(pdf: bytes, texts: dict[str, str], ticks: set[str] = frozenset()) -> bytes:
    """Fill a form field by field with pypdf, as another program would."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        names = {a.get_object().get("/T") for a in page.get("/Annots", []) or []}
        values = {k: v for k, v in texts.items() if k in names}
        if values:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/T") in ticks:
                annot[NameObject("/V")] = NameObject("/Yes")
                annot[NameObject("/AS")] = NameObject("/Yes")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_every_sample_family_comes_back_the_same_and_makes_the_same_packet(path):
    family = load_family(path)
    form = build_intake_form(family=family, filename=str(path))
    back = read_intake_form(form.pdf, "form.pdf")
    assert back.problems == ()
    assert back.family == family
    # the file written is the family: read again from its text, it is the same
    assert parse_family(back.yaml.encode(), "back.yaml") == family
    assert build_packet(back.family, prepared=PREPARED) == build_packet(family, prepared=PREPARED)


def _languages_without_a_sample() -> list[str]:
    covered = {load_family(p).language for p in SAMPLE_FILES}
    return [c for c in available_codes() if c not in covered]


@pytest.mark.parametrize("code", _languages_without_a_sample())
def test_every_other_shipped_language_round_trips_too(rivera, code):
    family = dataclasses.replace(rivera, language=code)
    back = read_intake_form(build_intake_form(family=family).pdf, "form.pdf")
    assert back.problems == () and back.family == family


def test_every_shipped_language_has_a_sample_or_a_round_trip():
    covered = {load_family(p).language for p in SAMPLE_FILES}
    assert covered | set(_languages_without_a_sample()) == set(available_codes())


FILLED = {
    "es": ("Familia Pérez Núñez", "Sofía Pérez", "Tía Lucía", "Cacahuates"),
    "ar": ("عائلة الحسيني", "ليلى الحسيني", "خالة مريم", "الفول السوداني"),
    "zh-Hans": ("王家", "王小明", "李阿姨", "花生"),
    "km": ("គ្រួសារសុខ", "សុខ ពិសិដ្ឋ", "មីង ចាន់ធី", "សណ្តែកដី"),
    "my": ("ဦးအေး မိသားစု", "မောင်မောင်", "ဒေါ်ခင်", "မြေပဲ"),
}


def _answers(lang: str) -> tuple[dict[str, str], set[str]]:
    """Text and ticks for a blank form, as a family would fill it in ``lang``."""
    family_name, child, caregiver, allergy = FILLED[lang]
    texts = {
        "state": "ma",
        "family_name": family_name,
        "parents:0:legal_name": "Parent One",
        "parents:0:date_of_birth": "1980-01-02",
        "parents:0:country_of_birth": "Perú",
        "parents:0:phones": "617-555-0134\n+503 2555 0100",
        "parents:0:languages": "es, en",
        "children:0:full_name": child,
        "children:0:date_of_birth": "2015-06-03",
        "children:0:allergies": f"{allergy}\npenicillin",
        "children:0:doctor:phone": "617-555-0150",
        "caregivers:primary:name": caregiver,
        "caregivers:primary:relationship": "Aunt",
        "caregivers:primary:phones": "617-555-0172",
        "caregivers:primary:address": "12 Example Street, Chelsea, MA 02150",
        "contacts:0:name": "Escuela",
        "contacts:0:phone": "617-555-0160",
        "memorize:0:name": caregiver,
        "memorize:0:phone": "617-555-0172",
        "memorize:1:name": "Bo",
        "memorize:1:phone": "617-555-0119",
        "wishes:other": f"{family_name}\n{child}",
    }
    ticks = {
        "contacts:0:type:school",
        "caregivers:primary:may_decide:school",
        "caregivers:primary:may_decide:medical",
        "wishes:join_parents_abroad:undecided",
    }
    return texts, ticks


@pytest.mark.parametrize("lang", sorted(FILLED))
def test_a_blank_form_filled_field_by_field_reads_back_valid(blank_forms, lang):
    family_name, child, caregiver, allergy = FILLED[lang]
    back = read_intake_form(fill(blank_forms[lang], *_answers(lang)), "filled.pdf")
    assert back.problems == (), back.problems
    family = back.family
    assert family.language == lang and family.state == "MA"
    assert family.family_name == family_name
    assert family.children[0].full_name == child
    assert family.children[0].allergies == (allergy, "penicillin")
    assert family.children[0].doctor.phone.e164 == "+16175550150"
    assert [p.e164 for p in family.parents[0].phones] == ["+16175550134", "+50325550100"]
    assert family.parents[0].languages == ("es", "en")
    assert family.caregivers.primary.may_decide == ("school", "medical")
    assert family.caregivers.backup is None  # the empty backup block is dropped
    assert len(family.children) == 1  # and so are the five empty child blocks
    assert family.contacts[0].type == "school"
    assert family.wishes.join_parents_abroad == "undecided"
    assert family.wishes.other == f"{family_name}\n{child}"


@pytest.mark.parametrize("lang", sorted(FILLED))
def test_a_large_print_form_filled_by_another_program_reads_back_the_same_family(blank_forms, lang):
    large = build_intake_form(lang, large_print=True).pdf
    assert len(PdfReader(io.BytesIO(large)).pages) > len(
        PdfReader(io.BytesIO(blank_forms[lang])).pages
    )
    texts, ticks = _answers(lang)
    back = read_intake_form(fill(large, texts, ticks), "large.pdf")
    assert back.problems == (), back.problems
    standard = read_intake_form(fill(blank_forms[lang], texts, ticks), "filled.pdf")
    assert back.family == standard.family and back.family.language == lang
    assert back.yaml == standard.yaml


@pytest.mark.parametrize(
    "sample",
    ["boston-rivera-es", "boston-alhusseini-ar", "boston-wang-zh-hans", "boston-sok-km",
     "hartford-aye-my"],
)  # fmt: skip
def test_a_prefilled_large_print_form_comes_back_the_same(sample):
    family = load_family(SAMPLES / f"{sample}.yaml")
    form = build_intake_form(family=family, large_print=True)
    back = read_intake_form(form.pdf, "form.pdf")
    assert back.problems == () and back.family == family


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("flavour", ["fillable", "paper"])
@pytest.mark.parametrize("lang", ["es", "ar", "km", "my"])
def test_no_title_ends_a_page_without_its_first_question(lang, flavour, large_print):
    """A heading or a block title (Child 2) is kept with the question under it: the old
    layout left 4 to 12 titles alone at the foot of a page in every form."""
    from kitgen.intake.layout import form_size, layout_form
    from kitgen.layout import LineItem, TextItem
    from kitgen.layout.styles import ACCENT, paper_size
    from kitgen.text import Typesetter

    pages = layout_form(
        form_items(), language(lang), paper_size("letter"), flavour, Typesetter(),
        footer="id", print_size=form_size(large_print),
    )  # fmt: skip
    for number, page in enumerate(pages[:-1], 1):
        # the page's content without its footer and the rules under headings
        body = [
            it for it in page.items[:-1]
            if not (isinstance(it, LineItem) and it.color == ACCENT)
        ]  # fmt: skip
        last = body[-1]
        heading = (
            isinstance(last, TextItem)
            and last.tag is not None
            and any(role.startswith("H") for role, _ in last.tag.parents)
        )
        assert not heading, (lang, number)


# -- problems: the form's labels, nothing typed lost -------------------------------------------


def test_problems_name_the_question_and_the_path_and_keep_the_value(blank_forms, tmp_path):
    texts = {
        "state": "Massachusetts",
        "family_name": "Test",
        "parents:0:legal_name": "Parent One",
        "parents:0:date_of_birth": "1980-01-02",
        "parents:0:country_of_birth": "Peru",
        "children:0:full_name": "Child One",
        "children:0:date_of_birth": "2015-06-03",
        "children:1:full_name": "Child Two",
        "children:1:date_of_birth": "2015-13-40",
        "caregivers:primary:name": "Ana",
        "caregivers:primary:relationship": "Aunt",
        "caregivers:primary:phones": "617-555-0172",
        "caregivers:primary:address": "1 Main St",
        "memorize:0:name": "Ana",
        "memorize:0:phone": "617-555-0172",
        "memorize:1:name": "Bo",
        "memorize:1:phone": "not a number",
    }
    ticks = {"wishes:join_parents_abroad:yes", "wishes:join_parents_abroad:no"}
    back = read_intake_form(fill(blank_forms["es"], texts, ticks), "filled.pdf")
    found = {p.field: p.message for p in back.problems}
    assert set(found) == {
        "state", "children[1].date_of_birth", "memorize[1].phone", "wishes.join_parents_abroad",
    }  # fmt: skip
    assert found["children[1].date_of_birth"].startswith("[Child 2 › Date of birth] ")
    assert found["memorize[1].phone"].startswith("[Number to memorize 2 › Phone] ")
    assert "is a state's name" in found["state"]
    assert back.family is None
    # every typed value is in the file, the bad ones with their problem beside them
    lines = back.yaml.splitlines()
    bad = next(line for line in lines if "2015-13-40" in line)
    assert "# PROBLEM: [Child 2 › Date of birth]" in bad
    assert any('"not a number"' in line and "# PROBLEM" in line for line in lines)
    data = yaml.safe_load(back.yaml)
    assert data["state"] == "Massachusetts"
    assert data["wishes"]["join_parents_abroad"] == ["yes", "no"]
    # through the CLI: the file is written, the problems are reported, the exit status is 1
    pdf = tmp_path / "filled.pdf"
    pdf.write_bytes(fill(blank_forms["es"], texts, ticks))
    before = set(os.listdir(tmp_path))
    result = CliRunner().invoke(main, ["intake", "read", str(pdf), "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 1
    assert "children[1].date_of_birth: [Child 2 › Date of birth]" in result.output
    assert set(os.listdir(tmp_path)) == before | {"f.yaml"}


def test_cli_round_trip_writes_only_the_files_asked_for(tmp_path):
    sample = SAMPLES / "boston-alhusseini-ar.yaml"
    runner = CliRunner()
    form = tmp_path / "form.pdf"
    result = runner.invoke(main, ["intake-form", "--from", str(sample), "-o", str(form)])
    assert result.exit_code == 0, result.output
    assert os.listdir(tmp_path) == ["form.pdf"]
    result = runner.invoke(main, ["intake", "read", str(form), "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "form.pdf"]
    assert load_family(tmp_path / "a.yaml") == load_family(sample)
    # never overwritten
    result = runner.invoke(main, ["intake", "read", str(form), "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 1 and "already exists; use --force" in result.output


# -- refusals ----------------------------------------------------------------------------------


def test_refuses_a_pdf_that_is_not_a_kitgen_intake_form(rivera_pdf):
    with pytest.raises(DataError) as caught:
        read_intake_form(rivera_pdf, "packet.pdf")
    assert "is not a kitgen intake form" in str(caught.value)
    paper = build_intake_form("es", printable=True).pdf
    with pytest.raises(DataError, match="is the printable intake form"):
        read_intake_form(paper, "paper.pdf")
    with pytest.raises(DataError, match="is not a PDF file"):
        read_intake_form(b"kitgen: 1\n", "family.yaml")
    with pytest.raises(DataError, match="damaged or unreadable"):
        read_intake_form(b"%PDF-1.4\n garbage", "broken.pdf")


def test_a_cut_off_form_is_refused_cleanly(blank_forms):
    pdf = blank_forms["es"]
    for size in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 200):
        with pytest.raises(DataError):
            read_intake_form(pdf[:size], "cut.pdf")


def test_a_broken_character_is_kept_and_reported():
    from kitgen.intake.read import to_yaml

    text = to_yaml({"kitgen": 1, "family_name": "Ab\ud800c"}, (), "test")
    assert "\\ud800" in text
    with pytest.raises(DataError, match="unpaired surrogate"):
        parse_family(text.encode("utf-8"), "f.yaml")


def test_refuses_a_form_of_another_format_version(blank_forms):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank_forms["es"])))
    for ref in writer.pages[0]["/Annots"]:
        annot = ref.get_object()
        if annot.get("/T") == ID_FIELD:
            annot[NameObject("/V")] = TextStringObject("kitgen-intake-form 2 es")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DataError, match="intake form format 2; this kitgen reads format 1"):
        read_intake_form(out.getvalue(), "new.pdf")


def test_a_family_bigger_than_the_form_is_refused_not_cut(rivera):
    many = dataclasses.replace(rivera, children=rivera.children * 4)  # 8 children
    with pytest.raises(DataError) as caught:
        build_intake_form(family=many, filename="big.yaml")
    assert "children: has 8 entries; the intake form has room for 6" in str(caught.value)
    with pytest.raises(UsageError):
        build_intake_form(family=rivera, printable=True)


# -- the form itself ---------------------------------------------------------------------------


def test_the_form_asks_every_field_of_the_table_and_no_second_list():
    asked = {q.pattern for q in walk(form_items())}

    def patterns(cls: type, prefix: str = "") -> set[str]:
        out = set()
        for name, row in table(cls):
            kind = row.kind.item if isinstance(row.kind, ListOf) else row.kind
            path = f"{prefix}{name}"
            if isinstance(kind, Record):
                out |= patterns(kind.cls, path + ("[]." if isinstance(row.kind, ListOf) else "."))
            elif name not in ("kitgen", "language"):
                out.add(path)
        return out

    assert asked == patterns(Family)
    assert set(lb.LABELS) >= asked


def test_reused_labels_are_the_main_catalogs_and_intake_strings_are_translated():
    with (data_dir("locales") / "kitgen.pot").open("rb") as fh:
        main_ids = {m.id for m in read_po(fh) if m.id}
    with (data_dir("locales") / "intake.pot").open("rb") as fh:
        intake_ids = {m.id for m in read_po(fh) if m.id}
    used = set(lb.LABELS.values()) | set(lb.BLOCKS.values()) | set(lb.HEADINGS.values())
    used |= {w for words in lb.CHOICES.values() for w in words.values()}
    assert used - intake_ids <= main_ids, sorted(used - intake_ids - main_ids)
    assert not intake_ids & main_ids
    for code in available_codes():
        if code == "en":
            continue
        po_path = data_dir("locales") / code / "LC_MESSAGES" / "intake.po"
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        for msgid in intake_ids:
            message = catalog.get(msgid)
            if language(code).incomplete and (message is None or not message.string):
                continue  # marked incomplete (locale.toml): prints in English, and says so
            assert message is not None and message.string, (code, msgid)
            assert message.fuzzy, (code, msgid)  # a draft until reviewed
            assert re.findall(r"%\(\w+\)s", message.string) == re.findall(r"%\(\w+\)s", msgid)
        assert language(code).gettext(lb.TITLE) != lb.TITLE


def test_no_status_question_and_no_field_for_sensitive_numbers(blank_forms):
    names = set(fields_of(blank_forms["es"]))
    assert not [n for n in names if any(is_status_key(part) for part in n.split(":"))]
    for sensitive in ("a_number", "member_id", "number"):
        assert not [n for n in names if n.split(":")[-1] == sensitive]
    text = squash(pdftotext(blank_forms["es"]))
    assert "Write by hand later, on the printed packet" in text


def test_repeatable_blocks_and_checkboxes(blank_forms):
    names = set(fields_of(blank_forms["es"]))
    assert {f"children:{i}:full_name" for i in range(6)} <= names
    assert "children:6:full_name" not in names
    assert {f"contacts:{i}:phone" for i in range(8)} <= names and "contacts:8:phone" not in names
    assert REPEATS["children"] == 6 and REPEATS["contacts"] == 8
    assert {f"contacts:0:type:{w}" for w in ("school", "legal_aid", "other")} <= names
    reader = PdfReader(io.BytesIO(blank_forms["es"]))
    kinds = {k: v.get("/FT") for k, v in reader.get_fields().items()}
    assert kinds["contacts:0:type:school"] == "/Btn" and kinds["contacts:0:name"] == "/Tx"


def _widgets(pdf: bytes, page: int) -> list[tuple[str, float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for ref in reader.pages[page]["/Annots"]:
        annot = ref.get_object()
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        out.append((str(annot["/T"]), x0, y1))
    return [w for w in out if w[0] != ID_FIELD]


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_tab_order_is_reading_order(blank_forms, lang):
    """Widgets are listed top to bottom and, on a row of checkboxes, from the reading side."""
    for page in range(3):
        widgets = _widgets(blank_forms[lang], page)
        for (_, xa, ya), (_, xb, yb) in zip(widgets, widgets[1:]):
            assert yb <= ya + 0.01
            if abs(ya - yb) < 0.01:  # same row
                assert (xb < xa) if lang == "ar" else (xb > xa)


def test_labels_are_in_the_family_language_beside_english(blank_forms):
    ar = squash(pdftotext(blank_forms["ar"]))
    assert "تاريخ الميلاد" in ar and "Date of birth" in ar
    zh = squash(pdftotext(blank_forms["zh-Hans"]))
    assert language("zh-Hans").gettext("Full name") in zh and "Full name" in zh


def test_printable_form_has_the_same_questions_and_no_fields():
    form = build_intake_form("es", printable=True, paper="a4")
    assert form.fields == 0
    reader = PdfReader(io.BytesIO(form.pdf))
    assert reader.get_fields() in (None, {})
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    text = squash(pdftotext(form.pdf))
    for pattern in ("children[].full_name", "caregivers.primary.may_decide"):
        assert lb.label(pattern, language("es")) in text


def test_prefilled_values_are_drawn_by_kitgen_in_any_script():
    family = load_family(SAMPLES / "boston-alhusseini-ar.yaml")
    pdf = build_intake_form(family=family).pdf
    text = pdftotext(pdf)  # the appearance streams hold the shaped text, with its ToUnicode
    assert family.children[0].full_name in text
    info = " ".join(str(v) for v in (PdfReader(io.BytesIO(pdf)).metadata or {}).values())
    assert family.family_name not in info and family.children[0].full_name not in info
    assert "(617) 555-0120" in text or family.parents[0].phones[0].display in text


# -- new-family --lang -------------------------------------------------------------------------


def test_new_family_in_a_language_has_its_notes_in_it_and_parses_the_same(tmp_path):
    result = CliRunner().invoke(main, ["new-family", "--lang", "ar"])
    assert result.exit_code == 0
    text = result.output
    assert "الاسم الكامل" in text  # "Full name", in the note of children[].full_name
    assert "language: ar" in text
    english = blank_family_yaml("ar")
    assert yaml.safe_load(text) == yaml.safe_load(english)


def test_an_unknown_intake_language_is_a_usage_error():
    with pytest.raises(UsageError):
        build_intake_form("xx")


def test_tooltips_say_the_question_in_both_languages(blank_forms):
    reader = PdfReader(io.BytesIO(blank_forms["ar"]))
    field = reader.get_fields()["children:0:full_name"]
    assert field["/TU"] == f"{language('ar').gettext('Full name')} / Full name"


# -- in a real viewer's engine: PDFium (Chrome's and Edge's PDF viewer) ------------------------


def _pdfium_type(pdf: bytes, answers: dict[str, str]) -> bytes:
    """Click into each field and type its answer with PDFium's form filler, then save."""
    pdfium = pytest.importorskip("pypdfium2")  # in the test extra; skipped only without it
    raw = pdfium.raw
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()
    env = doc.formenv.raw
    reader = PdfReader(io.BytesIO(pdf))
    for number, page_dict in enumerate(reader.pages):
        page = doc[number]
        raw.FORM_OnAfterLoadPage(page.raw, env)
        for ref in page_dict.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/T") not in answers:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            raw.FORM_OnLButtonDown(env, page.raw, 0, cx, cy)
            raw.FORM_OnLButtonUp(env, page.raw, 0, cx, cy)
            for char in answers[annot["/T"]]:
                raw.FORM_OnChar(env, page.raw, ord(char), 0)
            raw.FORM_ForceToKillFocus(env)
        raw.FORM_OnBeforeClosePage(page.raw, env)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_form_typed_in_and_saved_by_pdfium_reads_back(blank_forms):
    typed = _pdfium_type(
        blank_forms["zh-Hans"],
        {
            "family_name": "王家",
            "state": "MA",
            "children:0:full_name": "王小明",
            "children:0:date_of_birth": "2015-06-03",
        },
    )
    back = read_intake_form(typed, "typed.pdf")
    data = yaml.safe_load(back.yaml)
    assert data["family_name"] == "王家" and data["children"][0]["full_name"] == "王小明"
    assert data["language"] == "zh-Hans"
    assert "parents" in {p.field for p in back.problems}  # not typed: reported, not invented


def test_prefilled_arabic_shows_in_pdfium():
    pdfium = pytest.importorskip("pypdfium2")
    family = load_family(SAMPLES / "boston-alhusseini-ar.yaml")
    pdf = build_intake_form(family=family).pdf
    reader = PdfReader(io.BytesIO(pdf))
    for number, page_dict in enumerate(reader.pages):  # noqa: B007 - used after the loop
        rects = [
            [float(v) for v in r.get_object()["/Rect"]]
            for r in page_dict.get("/Annots", []) or []
            if r.get_object().get("/T") == "children:0:full_name"
        ]
        if rects:
            break
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()
    page = doc[number]
    image = page.render(scale=2, may_draw_forms=True).to_pil().convert("L")
    x0, y0, x1, y1 = rects[0]
    height = page.get_height()
    box = image.crop((int(x0 * 2), int((height - y1) * 2), int(x1 * 2), int((height - y0) * 2)))
    dark = sum(box.histogram()[:100])
    assert dark > 50  # the name is drawn (glyphs), not a blank field


# -- the printable form's writing lines ----------------------------------------------------------


def drawn_writing_lines(pdf: bytes) -> list[list[tuple[float, float, float]]]:
    """Per page, the writing lines the printable form draws, read from the page's drawing
    operators: horizontal strokes 0.6 pt wide in the rule grey, as (y, x1, x2)."""
    from pypdf.generic import ContentStream

    out = []
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        lines: list[tuple[float, float, float]] = []
        width, color, stack = 1.0, (0.0, 0.0, 0.0), []
        start = None
        segments: list[tuple[float, float, float, float]] = []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append((width, color))
            elif op == b"Q":
                width, color = stack.pop()
            elif op == b"cm":
                assert [float(v) for v in operands] == [1, 0, 0, 1, 0, 0]  # page coordinates
            elif op == b"w":
                width = float(operands[0])
            elif op == b"RG":
                color = tuple(round(float(v), 2) for v in operands)
            elif op == b"m":
                start = (float(operands[0]), float(operands[1]))
            elif op == b"l" and start is not None:
                end = (float(operands[0]), float(operands[1]))
                segments.append((*start, *end))
                start = end
            elif op == b"S":
                if abs(width - 0.6) < 1e-6 and color == (0.55, 0.58, 0.63):
                    lines += [
                        (y1, min(x1, x2), max(x1, x2)) for x1, y1, x2, y2 in segments if y1 == y2
                    ]
                segments, start = [], None
            elif op in (b"n", b"f", b"B"):
                segments, start = [], None
        out.append(lines)
    return out


def text_starts(pdf: bytes) -> list[list[tuple[float, float]]]:
    """Per page, where each text show starts: (x, baseline y)."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        starts: list[tuple[float, float]] = []

        def visit(text, cm, tm, _font, _size, starts=starts):
            if text.strip():
                starts.append(
                    (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
                )

        page.extract_text(visitor_text=visit)
        out.append(starts)
    return out


@pytest.mark.parametrize("lang", ["es", "ar"])
@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
def test_printable_writing_lines_are_a_fixed_step_apart_with_room_to_write(lang, large_print):
    """Measured in the PDF: handwriting needs about 24 pt a line (large print 32 to 34 pt);
    lines of one answer are exactly one step apart, no two lines of a column are closer, and
    no text starts in the step of room above a line."""
    from kitgen.intake.layout import form_size

    step = form_size(large_print).write_line
    if large_print:
        assert 32 <= step <= 34
    else:
        assert step >= 24
    form = build_intake_form(lang, printable=True, large_print=large_print)
    pages = drawn_writing_lines(form.pdf)
    starts = text_starts(form.pdf)
    assert len(pages) == form.pages
    gaps = []
    crowded = []
    for number, (lines, page_starts) in enumerate(zip(pages, starts), 1):
        columns: dict[tuple[float, float], list[float]] = {}
        for y, x1, x2 in lines:
            columns.setdefault((round(x1, 2), round(x2, 2)), []).append(y)
        for (x1, x2), ys in columns.items():
            ys.sort()
            gaps += [b - a for a, b in zip(ys, ys[1:])]
            for y in ys:
                crowded += [
                    (number, round(y, 1), round(ty - y, 1))
                    for tx, ty in page_starts
                    if x1 - 0.5 <= tx <= x2 and y < ty < y + step
                ]
    assert sum(len(lines) for lines in pages) > 150
    assert sum(len(s) for s in starts) > 300
    assert min(gaps) == pytest.approx(step, abs=0.01)  # never squeezed under the step
    assert sum(abs(g - step) < 0.01 for g in gaps) > 60  # and exactly the step within an answer
    assert crowded == []


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
def test_printable_answer_areas_have_their_writing_lines(large_print):
    """On the layout: a one-line answer has one writing line with the whole step of room above
    it inside its area; free text has four lines, a list three (one entry a line); no text is
    set in the room above any line."""
    from kitgen.intake.layout import PAPER, form_size, layout_form
    from kitgen.layout import LineItem, TextItem
    from kitgen.layout.styles import paper_size
    from kitgen.text import Typesetter

    size = form_size(large_print)
    step = size.write_line
    forms = {q.field_name: q.form for q in walk(form_items())}
    pages = layout_form(
        form_items(), language("ar"), paper_size("letter"), PAPER, Typesetter(),
        footer="x", print_size=size,
    )  # fmt: skip
    counts: dict[str, set[int]] = {}
    for page in pages:
        lines = [it for it in page.items if isinstance(it, LineItem) and it.y1 == it.y2]
        texts = [it for it in page.items if isinstance(it, TextItem)]
        for a in page.areas:
            if a.kind != "text":
                continue
            ys = sorted(
                (
                    it.y1
                    for it in lines
                    if it.x1 == a.x and it.x2 == a.x + a.w and a.y <= it.y1 <= a.y + a.h
                ),
                reverse=True,
            )
            counts.setdefault(forms[a.name], set()).add(len(ys))
            assert a.y + a.h - ys[0] >= step - 0.01, a.name  # room above the top line
            assert all(b - c == pytest.approx(step) for b, c in zip(ys, ys[1:])), a.name
            for y in ys:  # nothing set in the room above a line
                for t in texts:
                    overlaps_x = t.x < a.x + a.w and a.x < t.x + t.para.width
                    overlaps_y = t.top - t.para.height < y + step and y < t.top
                    assert not (overlaps_x and overlaps_y), (a.name, y)
    assert counts == {"line": {1}, "lines": {4}, "list": {3}}


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
def test_fillable_field_heights_are_unchanged_by_the_paper_writing_lines(large_print):
    """The fillable form keeps its own metrics: one-line, free-text and list fields 20, 46 and
    40 pt tall (large print 1.4 times that)."""
    factor = 1.4 if large_print else 1.0
    pdf = build_intake_form("es", large_print=large_print).pdf
    heights = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/FT") == "/Tx" and annot.get("/T") != ID_FIELD:
                rect = [float(v) for v in annot["/Rect"]]
                heights.add(round(rect[3] - rect[1], 1))
    assert heights == {round(h * factor, 1) for h in (20, 46, 40)}
