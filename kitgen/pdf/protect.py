"""Password protection of a PDF: AES-256 (PDF 2.0 security handler, revision 6) with pypdf.

The password opens the file; whoever has it has every permission (there is no separate owner
password to forget). It is taken as given and never written anywhere: not in the PDF, not in
a message, not in a summary. AES needs random salts and an initialisation vector, so the bytes
of an encrypted file differ from run to run (its decrypted content does not).
"""

from __future__ import annotations

import io

from ..errors import UsageError

MAX_PASSWORD = 127  # bytes of UTF-8: what the PDF standard's revision 6 uses of a password


def check_password(password: str) -> str:
    """``password`` if it can protect a PDF; a :class:`UsageError` (not quoting it) if not."""
    if not password:
        raise UsageError("the password is empty")
    if len(password.encode("utf-8")) > MAX_PASSWORD:
        raise UsageError(f"the password is longer than {MAX_PASSWORD} bytes; choose a shorter one")
    if any(ord(ch) < 32 for ch in password):
        raise UsageError("the password contains a control character (a tab or a line break)")
    return password


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """``data`` (a PDF) encrypted with AES-256 so that it opens only with ``password``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
