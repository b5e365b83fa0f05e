"""Hostile inputs other than family files: each is a clean error naming the file, row and field
(exit 1, or 2 for usage), never an internal problem, and nothing is written."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES

from kitgen.batch.plan import read_plan
from kitgen.batch.roster import read_roster
from kitgen.cli import main
from kitgen.content.regions import load_pack
from kitgen.errors import DataError, KitgenError, UsageError
from kitgen.settings import load_settings

REGIONS = ROOT / "regions"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def messages(error: KitgenError) -> list[str]:
    return [str(p) for p in error.problems] or [error.message]


def refused_settings(folder: Path, text: str) -> list[str]:
    path = folder / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_settings(path)
    return messages(caught.value)


# -- YAML aliases, tags and size, in every reader ------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"


def test_roster_yaml_refuses_aliases_tags_and_depth(tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text("families: &f\n  - a.yaml\nagain: *f\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_roster(roster)
    assert messages(caught.value) == [
        f"{roster}: YAML anchors and aliases (&, *) are not accepted in rosters (line 1, "
        "column 11); write each value out in full"
    ]
    roster.write_text("families:\n  - !!python/object:os.system a\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_roster(roster)
    assert messages(caught.value) == [
        f"{roster}: families[0]: the YAML tag !!python/object:os.system is not accepted: a "
        "roster holds only text, lists and keys"
    ]
    roster.write_text("families: " + "[" * 50 + "]" * 50 + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_roster(roster)
    assert "more than 6 levels deep" in messages(caught.value)[0]


def test_settings_refuse_aliases_and_tags(tmp_path):
    assert refused_settings(tmp_path, BOMB + "district_name: X\n")[0].endswith(
        "YAML anchors and aliases (&, *) are not accepted in settings files (line 1, column 4); "
        "write each value out in full"
    )
    problems = refused_settings(tmp_path, "district_name: !!binary aGVsbG8=\n")
    assert problems == [
        f"{tmp_path / 'settings.yaml'}: district_name: the YAML tag !!binary is not accepted: a "
        "settings file holds only text, numbers and keys",
        f"{tmp_path / 'settings.yaml'}: district_name: must be text, e.g. 'Boston Public Schools'",
    ]


def test_settings_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "settings.yaml"
    with open(path, "wb") as fh:
        fh.truncate(2_000_000_000)  # sparse: reading it would take 2 GB
    with pytest.raises(DataError) as caught:
        load_settings(path)
    assert messages(caught.value) == [
        f"{path}: is too big for a settings file (2,000,000,000 bytes; at most 100,000)"
    ]


def test_region_pack_refuses_aliases_tags_and_bad_values(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("name: &n X\nkey: *n\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_pack(pack, "pack.yaml")
    assert "YAML anchors and aliases (&, *) are not accepted in region packs" in str(caught.value)
    pack.write_text("name: X\ncontacts: !!set {a: null}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_pack(pack, "pack.yaml")
    assert "contacts: the YAML tag !!set is not accepted" in str(caught.value)
    pack.write_text("name: X\ncontacts:\n  - " + "x" * 5000 + ": 1\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_pack(pack, "pack.yaml")
    assert len(str(caught.value)) < 400  # the long key is previewed, never echoed whole


def test_shipped_region_packs_still_read_with_their_dates():
    boston = load_pack(REGIONS / "boston.yaml", "regions/boston.yaml")
    dates = {c.source_date for c in boston.contacts}
    assert 2017 in dates and any(hasattr(d, "year") for d in dates)


def test_translation_import_refuses_entities_and_endless_files(tmp_path):
    xliff = tmp_path / "es.xlf"
    xliff.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff>&a;</xliff>',
        encoding="utf-8",
    )
    result = run("locales", "import", "es", str(xliff))
    assert result.exit_code == 1
    assert "an XLIFF file may not declare a DOCTYPE or entities" in result.output
    result = run("locales", "import", "es", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero: is not a regular file" in result.output
    assert "internal problem" not in result.output


# -- NUL bytes in paths ------------------------------------------------------------------------


def test_nul_in_a_roster_path_is_a_row_problem(tmp_path):
    shutil.copy(SAMPLES / "boston-rivera-es.yaml", tmp_path / "rivera.yaml")
    roster = tmp_path / "roster.yaml"
    roster.write_text('families:\n  - "riv\\0era.yaml"\n  - rivera.yaml\n', encoding="utf-8")
    jobs, bad = read_roster(roster)
    assert [j.index for j in jobs] == [2]
    assert [str(p) for p in bad[0].problems] == [
        f"{roster}: families[0].family_file: 'riv\\u0000era.yaml' contains a control character; "
        "a file name is plain text"
    ]


def test_nul_in_a_logo_path_is_a_settings_problem(tmp_path):
    problems = refused_settings(tmp_path, 'district_name: X\nlogo: "lo\\0go.png"\n')
    assert problems == [
        f"{tmp_path / 'settings.yaml'}: logo: 'lo\\u0000go.png' contains a control character; a "
        "file name is plain text"
    ]


# -- logos ---------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, idat: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def settings_with_logo(folder: Path, name: str, data: bytes) -> list[str]:
    (folder / name).write_bytes(data)
    return refused_settings(folder, f"district_name: X\nlogo: {name}\n")


def test_png_decompression_bomb_is_refused(tmp_path):
    # 100,000 x 100,000 pixels (30 GB decoded) in a few hundred bytes
    bomb = png(100_000, 100_000, zlib.compress(b"\0" * 100_000, 9))
    assert settings_with_logo(tmp_path, "bomb.png", bomb) == [
        f"{tmp_path / 'settings.yaml'}: logo: 'bomb.png' is 100000 x 100000 pixels; a logo may "
        "have at most 16,777,216 pixels (4096 x 4096): save it smaller"
    ]


def test_a_png_that_would_fail_while_drawing_is_refused_when_read(tmp_path):
    # chunk checksums are right (Pillow's verify() passes), the pixels cannot be decoded
    broken = png(64, 64, b"this is not zlib data at all" * 4)
    assert settings_with_logo(tmp_path, "broken.png", broken) == [
        f"{tmp_path / 'settings.yaml'}: logo: 'broken.png' is a damaged PNG file"
    ]
    short = png(64, 64, zlib.compress(b"\0" * 100))  # too few rows
    assert settings_with_logo(tmp_path, "short.png", short) == [
        f"{tmp_path / 'settings.yaml'}: logo: 'short.png' is a damaged PNG file"
    ]


def test_a_good_png_logo_is_drawn_from_kitgen_s_own_copy(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), (10, 80, 160)).save(tmp_path / "logo.png")
    (tmp_path / "settings.yaml").write_text("district_name: X\nlogo: logo.png\n", "utf-8")
    settings = load_settings(tmp_path / "settings.yaml")
    assert settings.logo is not None and settings.logo.data.startswith(b"\x89PNG")
    (tmp_path / "logo.png").write_bytes(b"gone")  # changed after reading: the copy is drawn
    from kitgen.packet import typesetter
    from kitgen.poster import PosterSpec, build_poster

    assert build_poster(("es",), PosterSpec("letter"), typesetter(), settings)[:5] == b"%PDF-"


@pytest.mark.parametrize(
    "root",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" width="inf" height="10">',
        '<svg xmlns="http://www.w3.org/2000/svg" width="1e999" height="10">',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 NaN 10">',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 -Infinity">',
        '<svg xmlns="http://www.w3.org/2000/svg" width="1e300" height="1e300">',
    ],
)
def test_svg_with_non_finite_size_is_refused(tmp_path, root):
    svg = (root + '<rect width="5" height="5"/></svg>').encode()
    assert settings_with_logo(tmp_path, "logo.svg", svg) == [
        f"{tmp_path / 'settings.yaml'}: logo: 'logo.svg' has a width, height or viewBox that is "
        "not a finite number up to 100,000"
    ]


def test_svg_with_non_finite_shapes_cannot_be_drawn(tmp_path):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect x="1e999" width="5" height="5"/></svg>'
    )
    (problem,) = settings_with_logo(tmp_path, "logo.svg", svg)
    assert "cannot be drawn" in problem


def test_huge_but_legal_logos_are_refused_by_documented_limits(tmp_path):
    rects = "".join(
        f'<rect x="{i % 100}" y="{i // 100}" width="1" height="1"/>' for i in range(25_000)
    )
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="250">{rects}</svg>'
    assert settings_with_logo(tmp_path, "logo.svg", svg.encode()) == [
        f"{tmp_path / 'settings.yaml'}: logo: 'logo.svg' has more than 20,000 elements; a logo "
        "needs a few hundred: simplify it"
    ]
    from PIL import Image

    Image.new("L", (5000, 4000)).save(tmp_path / "big.png")  # legal, 20 MP
    (problem,) = refused_settings(tmp_path, "district_name: X\nlogo: big.png\n")
    assert "'big.png' is 5000 x 4000 pixels; a logo may have at most 16,777,216 pixels" in problem


# -- dates, passwords ----------------------------------------------------------------------------


def test_prepared_date_near_year_9999_is_a_clean_error(tmp_path):
    shutil.copy(SAMPLES / "boston-rivera-es.yaml", tmp_path / "rivera.yaml")
    (tmp_path / "roster.csv").write_text("family_file\nrivera.yaml\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", "packets", str(tmp_path / "roster.csv"), "-o", str(out), "--jobs", "1",
                 "--date", "9999-12-31")  # fmt: skip
    assert result.exit_code == 1
    assert "row 2: family_file: rivera.yaml: prepared: '9999-12-31' is too late a date" in (
        result.output
    )
    assert "internal problem" not in result.output
    assert not (out / "packet-001.pdf").exists()
    result = run("packet", str(tmp_path / "rivera.yaml"), "-o", str(tmp_path / "p.pdf"),
                 "--date", "9999-12-30")  # fmt: skip
    assert result.exit_code == 1 and "too late a date" in result.output
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_password_file_is_read_with_a_bound(tmp_path, source):
    out = tmp_path / "p.pdf"
    result = run("packet", str(SAMPLES / "boston-rivera-es.yaml"), "-o", str(out),
                 "--password-file", source)  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        f"the password file {source} cannot be used: is too big for a password file (more "
        "than 4,096 bytes; at most 4,096)"
    )
    assert not out.exists()


def test_huge_password_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "pw"
    with open(path, "wb") as fh:
        fh.truncate(10**10)
    from kitgen.pdf.protect import read_password_file

    with pytest.raises(UsageError) as caught:
        read_password_file(path)
    assert "is 10,000,000,000 bytes; a password file holds one line" in str(caught.value)


# -- files opened as checked ---------------------------------------------------------------------


def test_a_family_file_swapped_for_a_link_after_the_check_is_not_read(tmp_path):
    from kitgen.batch.work import PacketOptions, packet_chunk, start_packets

    shutil.copy(SAMPLES / "boston-rivera-es.yaml", tmp_path / "rivera.yaml")
    secret = tmp_path / "secret.yaml"
    shutil.copy(SAMPLES / "hartford-santos-pt.yaml", secret)
    (tmp_path / "roster.csv").write_text("family_file\nrivera.yaml\n", encoding="utf-8")
    jobs, bad = read_roster(tmp_path / "roster.csv")
    assert not bad
    (tmp_path / "rivera.yaml").rename(tmp_path / "checked.yaml")  # its inode stays taken
    (tmp_path / "rivera.yaml").symlink_to(secret)  # swapped in after the roster was checked
    start_packets(PacketOptions(), in_worker=False)
    (result,) = packet_chunk(jobs)
    assert result.data is None
    assert [p.message for p in result.problems] == [
        "rivera.yaml: became a link after it was checked; it is not read"
    ]
    (tmp_path / "rivera.yaml").unlink()
    shutil.copy(secret, tmp_path / "rivera.yaml")  # another file under the checked name
    (result,) = packet_chunk(jobs)
    assert [p.message for p in result.problems] == [
        "rivera.yaml: changed after it was checked (another file is there now)"
    ]


def test_poster_plan_with_formula_cells_reads_as_text(tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text('school,languages,size\n=HYPERLINK("x"),es,letter\n', encoding="utf-8")
    jobs, problems = read_plan(plan)
    assert not problems and jobs[0].school == '=HYPERLINK("x")'


def test_a_resource_url_urllib_cannot_split_is_a_settings_problem(tmp_path):
    # found by the long property run: urlsplit raises ValueError on an unclosed IPv6 bracket
    assert refused_settings(tmp_path, "district_name: X\nresource_url: 'https://[x.org'\n") == [
        f"{tmp_path / 'settings.yaml'}: resource_url: 'https://[x.org' is not a web address; "
        "write the whole address, e.g. https://www.example.org/families"
    ]
