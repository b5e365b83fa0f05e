"""Password protection of a PDF: AES-256 (PDF 2.0 security handler, revision 6) with pikepdf.

The password opens the file; whoever has it has every permission (there is no separate owner
password to forget). It is taken as given and never written anywhere: not in the PDF, not in
a message, not in a summary. AES needs random salts and an initialisation vector, and the font
subsets get random tags, so the bytes of an encrypted file differ from run to run (its
decrypted text and drawing do not).
"""

from __future__ import annotations

import io
import re
import secrets
import string
from collections.abc import Callable
from pathlib import Path

from ..errors import KitgenError, UsageError
from ..inputs import read_input

MAX_PASSWORD = 127  # bytes of UTF-8: what the PDF standard's revision 6 uses of a password
#: A password file holds one line; it is read up to this many bytes (``/dev/zero`` or an
#: endless pipe is refused there, never read to its end).
MAX_PASSWORD_FILE = 4096


def read_password_file(
    path: str | Path,
    *,
    identity: tuple[int, int] | None = None,
    fail: Callable[[str, str], KitgenError] | None = None,
) -> str:
    """The password on the first line of the file (or pipe) at ``path``, checked: the one
    reader of password files (``--password-file`` and a roster's ``password_file`` cell).

    ``identity`` (:func:`kitgen.inputs.file_identity`): the regular file a caller checked,
    opened without following a link swapped in since (no pipe then). ``fail(name, message)``
    makes the error of a file that cannot be used (default: a :class:`UsageError` naming it);
    a password that cannot protect a PDF raises :func:`check_password`'s error."""

    def usage(name: str, message: str) -> KitgenError:
        return UsageError(f"the password file {name} cannot be used: {message}")

    refuse = fail or usage
    data = read_input(
        path,
        what="a password file",
        hint="a file holding the password",
        limit=MAX_PASSWORD_FILE,
        fail=refuse,
        special=identity is None,
        identity=identity,
        too_big=lambda size: f"is {size:,} bytes; a password file holds one line",
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(str(path), "it is not UTF-8 text") from None
    return first_line_password(text)


def first_line_password(text: str) -> str:
    """The password on the first line of a password file's text, checked."""
    lines = text.splitlines()
    return check_password(lines[0] if lines else "")


def check_password(password: str) -> str:
    """``password`` if it can protect a PDF; a :class:`UsageError` (not quoting it) if not."""
    if not password:
        raise UsageError("the password is empty")
    if len(password.encode("utf-8")) > MAX_PASSWORD:
        raise UsageError(f"the password is longer than {MAX_PASSWORD} bytes; choose a shorter one")
    if any(ord(ch) < 32 for ch in password):
        raise UsageError("the password contains a control character (a tab or a line break)")
    return password


_SUBSET_TAG = re.compile(r"^/?([A-Z]{6})\+")


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """``data`` (a PDF) encrypted with AES-256 so that it opens only with ``password``.

    Written with object streams, so the objects that are not streams (the page tree and its
    page count, font dictionaries and their names, the document information) are inside
    encrypted streams rather than in the clear; and each font subset gets a new random tag
    (``ABCDEF+NotoSans``), so two encrypted packets cannot be matched by their subsets' names.
    What such a file still shows is listed in the README ("Privacy").
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        _fresh_subset_tags(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            encryption=pikepdf.Encryption(user=password, owner=password, R=6, aes=True),
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
        )
    return out.getvalue()


def _fresh_subset_tags(pdf: object) -> None:
    """Give every subset tag in ``pdf`` a new random one (the same new tag for every object
    naming the same subset)."""
    import pikepdf

    fresh: dict[str, str] = {}

    def renamed(name: object) -> object:
        match = _SUBSET_TAG.match(str(name))
        if match is None:
            return name
        old = match.group(1)
        if old not in fresh:
            fresh[old] = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))
        return pikepdf.Name("/" + fresh[old] + "+" + str(name)[match.end() :])

    for obj in pdf.objects:  # type: ignore[attr-defined]
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        for key in ("/BaseFont", "/FontName"):
            if key in obj and isinstance(obj[key], pikepdf.Name):
                obj[key] = renamed(obj[key])
