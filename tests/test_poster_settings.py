"""District settings: strict keys, a logo that stays in its folder, colours that contrast."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

from kitgen.errors import DataError
from kitgen.settings import SETTINGS, load_settings

SAMPLES = ROOT / "samples"
PNG = (SAMPLES / "logos" / "hartford-logo.png").read_bytes()


def settings_file(folder, text: str):
    path = folder / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(DataError) as error:
        load_settings(path)
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize("name", ["boston-settings.yaml", "hartford-settings.yaml"])
def test_the_samples_load_and_document_every_setting(name):
    settings = load_settings(SAMPLES / name)
    assert settings.logo is not None and settings.resource_url and settings.phone
    text = (SAMPLES / name).read_text(encoding="utf-8")
    for key in SETTINGS:
        assert f"\n{key}:" in text
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) >= 10  # documented in the file


def test_the_sample_logos_are_png_and_svg():
    kinds = {
        load_settings(SAMPLES / n).logo.kind
        for n in ("boston-settings.yaml", "hartford-settings.yaml")
    }
    assert kinds == {"png", "svg"}


def test_unknown_keys_name_the_file_and_the_key(tmp_path):
    path = settings_file(
        tmp_path, "district_name: X\ndistrict_nmae: Y\ncolors:\n  acent: '#000000'\n"
    )
    assert problems(path) == [
        f"{path}: line 2: district_nmae: unknown setting; did you mean 'district_name'? "
        "Accepted: district_name, logo, colors, phone, resource_url, region",
        f"{path}: line 4: colors.acent: unknown colour; did you mean 'accent'? "
        "Accepted: accent, ink",
    ]


def test_every_problem_at_once(tmp_path):
    path = settings_file(
        tmp_path,
        "logo: ../logo.png\ncolors:\n  accent: '#ffcc00'\n  ink: blue\nphone: '12'\n"
        "resource_url: 'javascript:alert(1)'\nregion: atlantis\n",
    )
    assert problems(path) == [
        f"{path}: district_name: is missing; write the district's name, e.g. 'Boston Public "
        "Schools'",
        f"{path}: logo: '../logo.png' must be a path inside the settings file's folder, like "
        "logos/district.png (no absolute path, no '..')",
        f"{path}: colors.accent: '#ffcc00' is too light for white text on it: contrast 1.5:1, a "
        "poster needs at least 4.5:1; choose a darker colour",
        f"{path}: colors.ink: 'blue' is not a colour; write it as #RRGGBB, e.g. '#1b4f8a'",
        f"{path}: phone: '12' is too short for a phone number; write it like 617-555-0134, or "
        "with + and the country code for a number abroad",
        f"{path}: resource_url: 'javascript:alert(1)' is not a web address; write the whole "
        "address, e.g. https://www.example.org/families",
        f"{path}: region: 'atlantis' is not a region pack; the packs are: boston, hartford",
    ]


@pytest.mark.parametrize(
    "logo", ["/etc/passwd.png", "logos/../../x.png", "C:\\logo.png", "..\\x.png"]
)
def test_a_logo_may_not_leave_the_settings_folder(tmp_path, logo):
    path = settings_file(tmp_path, f"district_name: X\nlogo: '{logo}'\n")
    (message,) = problems(path)
    assert "must be a path inside the settings file's folder" in message


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    folder = tmp_path / "district"
    folder.mkdir()
    os.symlink(outside, folder / "logo.png")
    path = settings_file(folder, "district_name: X\nlogo: logo.png\n")
    assert problems(path) == [f"{path}: logo: 'logo.png' points outside the settings file's folder"]


def test_a_logo_must_be_a_real_png_or_svg(tmp_path):
    (tmp_path / "fake.png").write_text("not a picture")
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    (tmp_path / "text.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Hi</text></svg>'
    )
    (tmp_path / "entity.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">&x;</svg>'
    )
    (tmp_path / "image.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="/etc/x.png" width="1" height="1"/></svg>'
    )
    expected = {
        "fake.png": "is not a PNG file",
        "logo.gif": "must be a .png or .svg file",
        "text.svg": "uses <text>: an SVG logo must be shapes only",
        "entity.svg": "may not declare a DOCTYPE or entities",
        "image.svg": "uses <image>",
        "missing.png": "does not exist",
    }
    for name, message in expected.items():
        path = settings_file(tmp_path, f"district_name: X\nlogo: {name}\n")
        (problem,) = problems(path)
        assert message in problem, problem


def test_a_key_given_twice_is_an_error(tmp_path):
    path = settings_file(tmp_path, "district_name: X\ndistrict_name: Y\n")
    (problem,) = problems(path)
    assert "district_name: appears twice in the same place" in problem


def test_colours_and_contrast(tmp_path):
    text = "district_name: X\ncolors:\n  accent: '#036'\n  ink: '#000000'\n"
    path = settings_file(tmp_path, text)
    settings = load_settings(path)
    assert settings.accent == pytest.approx((0.0, 0.2, 0.4))
    path = settings_file(tmp_path, "district_name: X\ncolors:\n  ink: '#777777'\n")
    (problem,) = problems(path)
    assert "is too light for text on white paper: contrast 4.5:1" in problem


def test_the_url_prints_without_its_scheme(tmp_path):
    path = settings_file(
        tmp_path, "district_name: X\nresource_url: https://example.org/families/\n"
    )
    settings = load_settings(path)
    assert settings.resource_url == "https://example.org/families/"
    assert settings.url_text == "example.org/families"
