"""Writing output files safely: never a half-written file, never a formula in a CSV cell.

:func:`write_atomic` creates the file without a name (``O_TMPFILE`` on Linux), writes and syncs
it, and only then links it into the folder under its final name: a run killed at any moment
(even by SIGKILL) leaves either the whole file or nothing. Where ``O_TMPFILE`` is missing (other
systems, some file systems) the file is written under a hidden temporary name
(``.kitgen-*.part``, owner-only) and renamed; :func:`remove_stale_temporaries` deletes the ones
a killed run left: batches call it when they start (holding the folder's lock), and every
fallback write first removes the leftovers no live run is writing. A writer holds an exclusive
``flock`` on its temporary file from creation to rename, and the kernel drops it when the
process dies, so a file whose lock can be taken belongs to a dead run. Where ``flock`` is
missing (Windows, which also refuses to delete a file another process has open), only files
untouched for :data:`STALE_AFTER` seconds are removed.

Packets are owner-only (0600): they hold a family's data. Posters are public and get the
usual permissions (0666 less the umask).

:func:`csv_cell` neutralises a cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import UsageError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

TEMP_PREFIX = ".kitgen-"
TEMP_SUFFIX = ".part"
#: Without ``flock``: a fallback temporary file untouched this long (seconds) is a killed run's
#: leftover.
STALE_AFTER = 3600.0
#: With ``flock``: a temporary file younger than this (seconds) is left alone even when its lock
#: is free (it covers the instant between a writer creating its file and locking it).
LOCK_GRACE = 2.0

#: Test-only: called with the target path after the data is written and synced, before the
#: file gets its name. ``tests/test_output_safety.py`` pauses here and kills the process.
_before_link: Callable[[Path], None] | None = None
#: Whether to try O_TMPFILE (tests turn it off to exercise the fallback).
_use_tmpfile = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def write_atomic(
    path: str | Path, data: bytes, *, private: bool = True, inputs: Sequence[str | Path] = ()
) -> Path:
    """Write ``data`` to ``path`` whole or not at all (see the module's docstring).

    ``private``: owner-only (0600), for anything with a family's data; otherwise 0666 less the
    umask. An existing file at ``path`` is replaced, unless it is one of ``inputs`` (the files
    the output was made from), which is refused.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    for given in inputs:
        if same_file(Path(given), target):
            raise UsageError(
                f"cannot write {target}: it is also an input ({given}); choose another output"
            )
    if not folder.is_dir():
        raise UsageError(f"cannot write {target}: the folder {folder} does not exist")
    mode = 0o600 if private else 0o666
    try:
        if _use_tmpfile:
            try:
                fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, mode)
            except OSError:  # the file system has no unnamed files (EOPNOTSUPP, EISDIR ...)
                fd = -1
            if fd >= 0:
                _linked(fd, data, target, folder, mode)
                return target
        _renamed(data, target, folder, private)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file (or would, once ``b`` is written)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError, ValueError):
        return False


def _fill(fd: int, data: bytes, mode: int) -> None:
    os.fchmod(fd, mode & ~_umask())
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _linked(fd: int, data: bytes, target: Path, folder: Path, mode: int) -> None:
    # os.link without a directory fd calls link(2), which does not follow /proc/self/fd/N:
    # with dst_dir_fd it calls linkat(2) with AT_SYMLINK_FOLLOW, which gives the file a name
    proc = f"/proc/self/fd/{fd}"
    dir_fd = -1
    try:
        _hold(fd)  # the name given below while replacing a file is never taken as a leftover
        _fill(fd, data, mode)
        if _before_link is not None:
            _before_link(target)
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
        try:
            os.link(proc, target.name, dst_dir_fd=dir_fd, follow_symlinks=True)
        except FileExistsError:
            # replacing a file: link under a temporary name, then rename over it (a run killed
            # in between leaves a whole file under that name, removed at the next batch's start)
            tmp = f"{TEMP_PREFIX}{os.urandom(6).hex()}{TEMP_SUFFIX}"
            os.link(proc, tmp, dst_dir_fd=dir_fd, follow_symlinks=True)
            try:
                os.replace(tmp, target.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=dir_fd)
                raise
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)
    finally:
        os.close(fd)
        if dir_fd >= 0:
            os.close(dir_fd)


def _renamed(data: bytes, target: Path, folder: Path, private: bool) -> None:
    remove_stale_temporaries(folder, older_than=LOCK_GRACE)
    import tempfile  # only where O_TMPFILE is missing

    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        try:
            _hold(fd)
            _fill(fd, data, 0o600 if private else 0o666)
            if fcntl is None:  # Windows renames no open file: close first
                os.close(fd)
                fd = -1
            if _before_link is not None:
                _before_link(target)
            os.replace(tmp, target)
        finally:
            if fd >= 0:
                os.close(fd)  # releases the lock, after the rename
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _hold(fd: int) -> None:
    """Lock ``fd`` (exclusive, until it is closed or the process dies): the file is being
    written and is no leftover."""
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without locks: the age rule decides
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    current = os.umask(0o077)
    os.umask(current)
    return current


def remove_stale_temporaries(folder: Path, *, older_than: float | None = None) -> int:
    """Delete the temporary files an interrupted kitgen run left in ``folder`` (regular files
    named ``.kitgen-*.part`` owned by this user; links and anything else are left alone).
    Returns how many were removed. A file whose writer still holds its lock is never removed.
    With ``older_than``, only files not modified for that many seconds are; without it (call it
    only while holding the folder's lock) any unlocked leftover is."""
    import time

    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None  # Windows has no owners to compare
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue
        if older_than is not None and now - info.st_mtime < older_than:
            continue
        # without a working lock only the age rule (or the folder's lock) tells a leftover
        unlocked_ok = older_than is None or now - info.st_mtime >= STALE_AFTER
        if _remove_unlocked(path, unlocked_ok):
            removed += 1
    return removed


def _remove_unlocked(path: Path, without_lock: bool) -> bool:
    """Unlink ``path`` unless a live writer holds its lock (checked and unlinked while holding
    the lock ourselves, so no writer can take the file in between). ``without_lock``: whether
    to remove it where locks do not work."""
    if fcntl is None:
        if not without_lock:
            return False
        try:
            os.unlink(path)
        except OSError:
            return False
        return True
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live run is writing it
        except OSError:  # no locks on this file system
            if not without_lock:
                return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


#: What a spreadsheet may take as the start of a formula (or, for tab and carriage return, of a
#: cell that hides one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text: a cell starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (``'=SUM(A1)``)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
