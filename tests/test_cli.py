"""The command line: exit statuses, clean messages, nothing written on failure."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import SAMPLES, pdftotext

from kitgen.cli import main

SAMPLE = str(SAMPLES / "boston-rivera-es.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_packet_writes_a_pdf(tmp_path):
    out = tmp_path / "packet.pdf"
    result = run("packet", SAMPLE, "-o", str(out), "--date", "2026-11-02")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["packet.pdf"]  # no temporary file left


def test_bad_data_exits_1_names_file_and_field_and_writes_nothing(tmp_path):
    bad = tmp_path / "family.yaml"
    text = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("2018-01-21", "2025-02-30"), encoding="utf-8")
    out = tmp_path / "packet.pdf"
    result = run("packet", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert "children[1].date_of_birth" in result.output
    assert str(bad) in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["family.yaml"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lang", "xx"], "unknown language 'xx'"),
        (["--region", "atlantis"], "unknown region 'atlantis'"),
        (["--paper", "b5"], "Invalid value for '--paper'"),
        (["--date", "2026-02-30"], "is not a date"),
    ],
)
def test_bad_usage_exits_2(tmp_path, args, message):
    result = run("packet", SAMPLE, "-o", str(tmp_path / "p.pdf"), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_output_must_be_a_pdf(tmp_path):
    result = run("packet", SAMPLE, "-o", str(tmp_path / "family.yaml"))
    assert result.exit_code == 2
    assert "must be a .pdf file" in result.output


def test_missing_and_unreadable_files(tmp_path):
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nope.yaml" in result.output
    result = run("validate", str(tmp_path))  # a folder
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_validate_ok():
    result = run("validate", SAMPLE)
    assert result.exit_code == 0
    assert "no problems found" in result.output


def test_schema_is_json_with_no_status_field():
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert "immigration_status" not in result.output


def test_new_family_never_overwrites(tmp_path):
    target = tmp_path / "family.yaml"
    assert run("new-family", "-o", str(target)).exit_code == 0
    before = target.read_bytes()
    result = run("new-family", "-o", str(target))
    assert result.exit_code == 1
    assert "use --force to replace it" in result.output
    assert target.read_bytes() == before


def test_languages_lists_review_status():
    result = run("languages")
    assert result.exit_code == 0
    assert "es       Español (Spanish) — draft" in result.output
    assert "en       English (English) — source" in result.output


def test_locales_check_passes():
    result = run("locales", "check")
    assert result.exit_code == 0, result.output


def test_print_sensitive_flag(tmp_path):
    family = tmp_path / "f.yaml"
    text = (SAMPLES / "boston-rivera-es.yaml").read_text(encoding="utf-8")
    family.write_text(text.replace("a_number: null", "a_number: A123456789"), encoding="utf-8")
    plain, shown = tmp_path / "plain.pdf", tmp_path / "shown.pdf"
    assert run("packet", str(family), "-o", str(plain)).exit_code == 0
    assert run("packet", str(family), "-o", str(shown), "--print-sensitive").exit_code == 0
    a_number = re.compile(r"A[- ]?123[- ]?456[- ]?789")
    assert not a_number.search(pdftotext(plain.read_bytes()))
    assert a_number.search(pdftotext(shown.read_bytes()))


def test_internal_errors_have_no_traceback(monkeypatch, tmp_path):
    import kitgen.packet

    def boom(*args, **kwargs):
        raise ZeroDivisionError("secret family detail")

    monkeypatch.setattr(kitgen.packet, "build_packet", boom)
    monkeypatch.delenv("KITGEN_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["packet", SAMPLE, "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 3
    assert "internal problem (ZeroDivisionError)" in result.output
    assert "secret family detail" not in result.output
    assert "Traceback" not in result.output
