"""District branding for posters: a settings file (YAML) in, a validated :class:`Settings` out.

A district describes itself once (``samples/boston-settings.yaml`` is a documented example) and
every poster it prints carries its name, logo, colours, phone number and a QR code to its
resource page. :data:`SETTINGS` is the one table of the keys; any other key is an error naming
the file and the key, and every problem in the file is reported at once in one
:class:`~kitgen.errors.DataError`.

Branding is text and pictures, never markup: the district name, phone and address are printed
as character data through the same templates as everything else. The logo is a PNG or SVG file
*inside the settings file's folder* (a relative path without ``..``; a link pointing outside is
refused too), so a settings file cannot make kitgen read any other file. An SVG logo is drawn
as vector shapes; one with text, pictures, scripts or references to other files is refused,
because its fonts would not be embedded or it would read other files.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal
from urllib.parse import urlsplit

from .errors import DataError, Problem, preview
from .inputs import Kind, check_name, decode_text, key_line, parse_yaml, read_input, unknown_key
from .layout.styles import ACCENT, INK, Color

#: Every key a settings file may hold, with what it means. The sample files document each one.
SETTINGS: dict[str, str] = {
    "district_name": "the district's name, printed at the top of every poster (required)",
    "logo": "a PNG or SVG file in the settings file's folder, e.g. logos/district.svg",
    "colors": "accent (the poster's bands and headings) and ink (the text), as #RRGGBB",
    "phone": "the district's family help line, printed on every poster",
    "resource_url": "the district's resource page: printed as text and as a QR code",
    "region": "the region pack with local free legal help: "
    "see regions/ (boston, hartford); default national only",
}
COLOR_KEYS = ("accent", "ink")

#: Settings files are a few hundred bytes; logos a few hundred kilobytes.
MAX_SETTINGS_BYTES = 100_000
MAX_LOGO_BYTES = 5_000_000
#: A PNG logo is decoded whole when the settings are read (so it cannot fail later, while a
#: poster is drawn): at most this many pixels (4096 x 4096), about 64 MB of memory.
MAX_LOGO_PIXELS = 4096 * 4096
#: An SVG logo is drawn as shapes: at most this many elements, and a size at most this many
#: units on a side (an infinite or NaN width, height or viewBox is refused).
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_SIDE = 100_000.0
MAX_NAME = 80
MAX_URL = 300  # a QR code at the poster's size stays easy to scan up to about this length
#: WCAG contrast ratios: the text colour on white paper (AAA), white text on the accent.
MIN_INK_CONTRAST = 7.0
MIN_ACCENT_CONTRAST = 4.5

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: SVG elements a logo may not use: text needs fonts kitgen does not embed; images, scripts and
#: foreign objects read other files or run code.
_SVG_REFUSED = {"text", "tspan", "textPath", "image", "script", "foreignObject", "use", "feImage"}


@dataclass(frozen=True)
class Logo:
    path: Path
    kind: Literal["png", "svg"]
    width: float  # natural size, for the aspect ratio
    height: float
    #: a PNG logo decoded and written again by kitgen (what the poster draws); b"" for SVG
    data: bytes = dataclasses.field(default=b"", repr=False, compare=False)


@dataclass(frozen=True)
class Settings:
    """A district's branding, validated. ``source`` names the file in messages."""

    source: str
    district_name: str
    logo: Logo | None = None
    accent: Color = ACCENT
    ink: Color = INK
    phone: str | None = None  # as printed, e.g. (617) 555-0123
    resource_url: str | None = None
    region: str | None = None

    @property
    def url_text(self) -> str | None:
        """The resource page as printed under the QR code: without ``https://``."""
        if self.resource_url is None:
            return None
        return re.sub(r"^https?://", "", self.resource_url).rstrip("/")


# -- reading -----------------------------------------------------------------------------------


KIND = Kind(
    plural="settings files",
    one="a settings file",
    depth="a settings file needs two",
    values="a settings file holds about ten",
    one_document="keep one district's settings per file",
    holds="text, numbers and keys",
    max_depth=5,
    max_values=200,
)


def _fail(name: str, message: str, field: str = "") -> DataError:
    return DataError(f"{name} has 1 problem", (Problem(field=field, message=message, file=name),))


def load_settings(path: str | Path) -> Settings:
    """Read and validate the settings file at ``path``."""
    name = str(path)
    data = read_input(
        path,
        what="a settings file",
        hint="a settings .yaml file",
        limit=MAX_SETTINGS_BYTES,
        fail=_fail,
    )
    raw, problems = parse_yaml(decode_text(data, name, _fail, "a settings file"), name, KIND)
    if not isinstance(raw, dict):
        raise _fail(name, "must hold settings like 'district_name: ...' (a mapping)")
    return _validate(raw, name, Path(path).resolve().parent, problems)


def _validate(
    raw: dict[Any, Any], name: str, folder: Path, problems: list[Problem] | None = None
) -> Settings:
    problems = list(problems or ())

    def problem(field: str, message: str, line: int | None = None) -> None:
        problems.append(Problem(field=field, message=message, file=name, line=line))

    for key in raw:
        if key not in SETTINGS:
            problem(preview(str(key)), unknown_key("setting", key, SETTINGS), key_line(raw, key))

    district = _text(raw.get("district_name"), "district_name", problem, required=True)
    logo = None
    if raw.get("logo") is not None:
        logo = _logo(raw["logo"], folder, problem)
    accent, ink = ACCENT, INK
    colors = raw.get("colors")
    if colors is not None:
        if not isinstance(colors, dict):
            problem("colors", "must hold 'accent:' and 'ink:' colours like '#1b4f8a'")
        else:
            for key in colors:
                if key not in COLOR_KEYS:
                    problem(
                        f"colors.{preview(str(key))}",
                        unknown_key("colour", key, COLOR_KEYS),
                        key_line(colors, key),
                    )
            accent = _color(colors.get("accent"), "accent", MIN_ACCENT_CONTRAST, problem) or ACCENT
            ink = _color(colors.get("ink"), "ink", MIN_INK_CONTRAST, problem) or INK
    phone = None
    if raw.get("phone") is not None:
        phone = _phone(raw["phone"], problem)
    url = None
    if raw.get("resource_url") is not None:
        url = _url(raw["resource_url"], problem)
    region = None
    if raw.get("region") is not None:
        region = _region(raw["region"], problem)
    if problems:
        count = len(problems)
        raise DataError(f"{name} has {count} problem{'s' if count != 1 else ''}", tuple(problems))
    assert district is not None
    return Settings(
        source=name,
        district_name=district,
        logo=logo,
        accent=accent,
        ink=ink,
        phone=phone,
        resource_url=url,
        region=region,
    )


def _text(value: Any, field: str, problem: Any, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            problem(field, "is missing; write the district's name, e.g. 'Boston Public Schools'")
        return None
    if not isinstance(value, str) or not value.strip():
        problem(field, "must be text, e.g. 'Boston Public Schools'")
        return None
    value = " ".join(value.split())
    if _CONTROL.search(value):
        problem(field, "contains a control character")
        return None
    if len(value) > MAX_NAME:
        problem(field, f"is {len(value)} characters long; at most {MAX_NAME} fit on a poster")
        return None
    return value


def _color(value: Any, key: str, minimum: float, problem: Any) -> Color | None:
    field = f"colors.{key}"
    if value is None:
        return None
    if not isinstance(value, str) or not _HEX.match(value):
        problem(field, f"'{preview(value)}' is not a colour; write it as #RRGGBB, e.g. '#1b4f8a'")
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    rgb = tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    ratio = contrast_with_white(rgb)  # type: ignore[arg-type]
    if ratio < minimum:
        use = "text on white paper" if key == "ink" else "white text on it"
        problem(
            field,
            f"'{value}' is too light for {use}: contrast {ratio:.1f}:1, a poster needs at least "
            f"{minimum:g}:1; choose a darker colour",
        )
        return None
    return rgb  # type: ignore[return-value]


def contrast_with_white(rgb: Color) -> float:
    """WCAG 2 contrast ratio of ``rgb`` (0-1 channels) against white."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def _phone(value: Any, problem: Any) -> str | None:
    from .family.phone import PhoneError, parse_phone

    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        problem("phone", "must be a phone number like 617-555-0123")
        return None
    try:
        return parse_phone(value).display
    except PhoneError as error:
        problem("phone", f"'{preview(value)}' {error}")
        return None


def _url(value: Any, problem: Any) -> str | None:
    example = "write the whole address, e.g. https://www.example.org/families"
    if not isinstance(value, str):
        problem("resource_url", f"must be a web address; {example}")
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed '[' of an IPv6 address
        problem("resource_url", f"'{preview(value)}' is not a web address; {example}")
        return None
    if parts.scheme not in ("https", "http") or not parts.netloc or "." not in parts.netloc:
        problem("resource_url", f"'{preview(value)}' is not a web address; {example}")
        return None
    if any(ch.isspace() for ch in value) or _CONTROL.search(value) or "@" in parts.netloc:
        problem(
            "resource_url",
            f"'{preview(value)}' contains spaces or other characters a web address cannot have",
        )
        return None
    if len(value) > MAX_URL:
        problem("resource_url", f"is {len(value)} characters long; at most {MAX_URL} print well")
        return None
    return value


def _region(value: Any, problem: Any) -> str | None:
    from .content.regions import available_regions

    if isinstance(value, str) and value.lower() in available_regions():
        return value.lower()
    problem(
        "region",
        f"'{preview(value)}' is not a region pack; the packs are: {', '.join(available_regions())}",
    )
    return None


# -- the logo ----------------------------------------------------------------------------------


def _logo(value: Any, folder: Path, problem: Any) -> Logo | None:
    if not isinstance(value, str) or not value.strip():
        problem("logo", "must be the name of a PNG or SVG file, e.g. logos/district.svg")
        return None
    rel = value.strip()
    if not check_name(rel, lambda message: problem("logo", message)):
        return None
    posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
    if (
        posix.is_absolute()
        or windows.is_absolute()
        or windows.drive
        or ".." in posix.parts
        or (".." in windows.parts)
    ):
        problem(
            "logo",
            f"'{preview(rel)}' must be a path inside the settings file's folder, "
            "like logos/district.png (no absolute path, no '..')",
        )
        return None
    path = folder / rel
    try:
        real = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        problem("logo", f"'{preview(rel)}' does not exist in {folder}")
        return None
    except OSError as error:
        problem("logo", f"'{preview(rel)}' cannot be read: {error.strerror or error}")
        return None
    if not real.is_relative_to(folder):
        problem("logo", f"'{preview(rel)}' points outside the settings file's folder")
        return None
    if not real.is_file():
        problem("logo", f"'{preview(rel)}' is not a file")
        return None
    if real.stat().st_size > MAX_LOGO_BYTES:
        problem("logo", f"'{preview(rel)}' is too big for a logo (at most 5 MB)")
        return None
    suffix = real.suffix.lower()
    if suffix == ".png":
        return _png_logo(real, rel, problem)
    if suffix == ".svg":
        return _svg_logo(real, rel, problem)
    problem("logo", f"'{preview(rel)}' must be a .png or .svg file")
    return None


def _png_logo(path: Path, rel: str, problem: Any) -> Logo | None:
    import io
    import warnings

    from PIL import Image

    data = path.read_bytes()[: MAX_LOGO_BYTES + 1]
    if not data[:8] == b"\x89PNG\r\n\x1a\n":
        problem("logo", f"'{preview(rel)}' is not a PNG file (its contents are not a PNG image)")
        return None
    if data[12:16] == b"IHDR":  # the size, from the header, before Pillow reads anything
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if width * height > MAX_LOGO_PIXELS:
            problem(
                "logo",
                f"'{preview(rel)}' is {width} x {height} pixels; a logo may have at most "
                f"{MAX_LOGO_PIXELS:,} pixels (4096 x 4096): save it smaller",
            )
            return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                if not (0 < width and 0 < height) or width * height > MAX_LOGO_PIXELS:
                    problem("logo", f"'{preview(rel)}' is a damaged PNG file")
                    return None
                image.load()  # every pixel decoded now: a damaged file fails here, not later
                mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
                clean = image.convert(mode)
        out = io.BytesIO()
        clean.save(out, format="PNG")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        problem("logo", f"'{preview(rel)}' has too many pixels for a logo (at most 4096 x 4096)")
        return None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of error on a damaged file
        problem("logo", f"'{preview(rel)}' is a damaged PNG file")
        return None
    return Logo(
        path=path, kind="png", width=float(width), height=float(height), data=out.getvalue()
    )


_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _finite_size(root: ET.Element) -> bool:
    """The <svg>'s width, height and viewBox, where given, are finite numbers of a sane size."""
    import math

    for attr in ("width", "height", "viewBox"):
        value = root.get(attr)
        if value is None:
            continue
        if re.search(r"(?i)inf|nan", value):
            return False
        for number in _NUMBER.findall(value):
            try:
                x = float(number)
            except ValueError:
                return False
            if not math.isfinite(x) or abs(x) > MAX_SVG_SIDE:
                return False
    return True


def _svg_logo(path: Path, rel: str, problem: Any) -> Logo | None:
    import math

    data = path.read_bytes()[: MAX_LOGO_BYTES + 1]
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        problem("logo", f"'{preview(rel)}': an SVG logo may not declare a DOCTYPE or entities")
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        problem("logo", f"'{preview(rel)}' is not a valid SVG file ({preview(str(error))})")
        return None
    except RecursionError:
        problem("logo", f"'{preview(rel)}' nests its elements too deeply")
        return None
    if not isinstance(root.tag, str) or root.tag.rsplit("}", 1)[-1] != "svg":
        problem("logo", f"'{preview(rel)}' is not an SVG file (its root is not <svg>)")
        return None
    count = 0
    for el in root.iter():
        count += 1
        if count > MAX_SVG_ELEMENTS:
            problem(
                "logo",
                f"'{preview(rel)}' has more than {MAX_SVG_ELEMENTS:,} elements; a logo needs a "
                "few hundred: simplify it",
            )
            return None
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag in _SVG_REFUSED:
            problem(
                "logo",
                f"'{preview(rel)}' uses <{tag}>: an SVG logo must be shapes only (convert text "
                "to outlines, and embed no pictures, scripts or links to other files)",
            )
            return None
        for attr, attr_value in el.attrib.items():
            if attr.rsplit("}", 1)[-1] == "href" and not attr_value.startswith("#"):
                problem("logo", f"'{preview(rel)}' refers to another file; use shapes only")
                return None
    if not _finite_size(root):
        problem(
            "logo",
            f"'{preview(rel)}' has a width, height or viewBox that is not a finite number up "
            f"to {MAX_SVG_SIDE:,.0f}",
        )
        return None
    drawing = _svg_drawing(path)
    try:
        size = (float(drawing.width), float(drawing.height)) if drawing is not None else (0, 0)
        bounds = drawing.getBounds() if drawing is not None else None
    except Exception:  # noqa: BLE001 - reportlab raises anything on shapes it cannot measure
        size, bounds = (0.0, 0.0), None
    good = all(math.isfinite(v) and 0 < v <= MAX_SVG_SIDE for v in size) and (
        bounds is None or all(math.isfinite(float(v)) for v in bounds)
    )
    if not good:
        problem(
            "logo",
            f"'{preview(rel)}' cannot be drawn (give the <svg> a width and height or a viewBox, "
            "finite numbers)",
        )
        return None
    return Logo(path=path, kind="svg", width=size[0], height=size[1])


def _svg_drawing(path: Path) -> Any:
    """The SVG as a reportlab Drawing (svglib), refusing references outside its folder."""
    import logging

    from svglib.svglib import svg2rlg

    svglib_log = logging.getLogger("svglib.svglib")
    level = svglib_log.level
    svglib_log.setLevel(logging.CRITICAL)  # its warnings would print; problems are ours to say
    try:
        return svg2rlg(str(path), external_reference_root=str(path.parent))
    except (Exception, RecursionError):  # noqa: BLE001 - svglib raises anything on a broken file
        return None
    finally:
        svglib_log.setLevel(level)


def logo_drawing(logo: Logo) -> Any:
    """The reportlab Drawing of an SVG logo (already validated by :func:`load_settings`)."""
    return _svg_drawing(logo.path)
