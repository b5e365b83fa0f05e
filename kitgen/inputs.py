"""Reading a small input file someone gave kitgen (a family file, roster, plan or settings).

One place says, in the same words for every kind of file, why a path cannot be read: no such
file, a folder, not a regular file, permission denied, too big. Files are read only up to a
limit, so a 50 MB file is refused before it is parsed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import KitgenError


def read_input(
    path: str | Path,
    *,
    what: str,
    hint: str,
    limit: int,
    fail: Callable[[str, str], KitgenError],
    too_big: Callable[[int], str] | None = None,
) -> bytes:
    """The bytes of the file at ``path``, or ``fail(name, message)`` raised.

    ``what`` names the kind of file ("a family file"), ``hint`` what to give instead of a
    special file ("a .yaml file"), ``too_big`` the message for a file over ``limit`` bytes.
    """
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise fail(name, f"is a folder, not {what}")
        if not stat.S_ISREG(info.st_mode):
            raise fail(name, f"is not a regular file; give the path of {hint}")
        if info.st_size > limit:
            message = too_big(info.st_size) if too_big else None
            raise fail(name, message or f"is too big for {what} ({info.st_size:,} bytes)")
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise fail(name, "there is no such file; check the name and the folder") from None
    except PermissionError:
        raise fail(name, "cannot be opened: permission denied") from None
    except OSError as error:
        raise fail(name, f"cannot be read: {error.strerror or error}") from None
