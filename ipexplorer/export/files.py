"""The one atomic writer: a temporary file beside the target, renamed over it when complete.

The target is whole or untouched. The temporary file is removed on every failure; a new file gets the
mode the umask gives (0644 under umask 022), a replaced file keeps its mode, and a read-only target is
refused rather than replaced. Exports, the saved queries, charts' images, the desktop entry and the
settings all write through `atomic_path`; the database's build through the same `replacing`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from ipexplorer.export.sheets import ExportError

NAME_MAX = 255   # bytes in one file name on Linux, macOS and Windows file systems


def describe_os_error(exc: OSError, folder: Path | None = None) -> str:
    """A cause people can act on; `folder`, the folder written in, tells a missing folder from one that takes no
    files (/proc answers "no such file" when a file is made there: "the folder does not exist" was untrue)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied — the folder may be read-only, or the file open in another program"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exhausted"
    if exc.errno == errno.ENOENT:
        return "the folder takes no new files" if folder is not None and folder.is_dir() else \
            "the folder does not exist"
    if exc.errno == errno.EISDIR:
        return "a folder has that name"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    return exc.strerror or str(exc)


def name_problem(target: Path) -> str | None:
    """Why `target` cannot be a file name here (too long), or None."""
    size = len(os.fsencode(target.name))
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX") if target.parent.is_dir() else NAME_MAX
    except (OSError, ValueError):
        limit = NAME_MAX
    if size > limit:
        return f"the file name is {size} bytes long, more than the {limit} bytes a name may have"
    return None


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def file_mode(target: Path) -> int:
    """The mode a file written at `target` should get: the existing file's, else what the umask gives."""
    try:
        return stat.S_IMODE(Path(target).stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def check_target(target: Path) -> None:
    """Refuse, with a message naming the problem, a target that cannot be written or must not be replaced."""
    problem = name_problem(target)
    if problem:
        raise ExportError(f"cannot write {target}: {problem}")
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {describe_os_error(exc, target.parent)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"cannot write {target}: a folder has that name")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    # the write bits too: root may write anywhere, but a file marked read-only is not to be replaced
    if info is not None and (not os.access(target, os.W_OK) or not info.st_mode & 0o222):
        raise ExportError(f"cannot write {target}: the file is read-only (it was left as it is)")


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside the target; rename it over the target when the block succeeds."""
    target = Path(target)
    check_target(target)
    # a short name (any name the target may have, the temporary one may have too), ending in the target's
    # suffix for writers that pick the format by it (images)
    suffix = target.suffix if len(target.suffix) <= 16 else ""

    def failed(step: str, exc: OSError) -> ExportError:
        where = f"write in {target.parent}" if step == "create" else f"replace {target}"
        return ExportError(f"cannot {where}: {describe_os_error(exc)}")

    with replacing(target, target.parent / f".ipx-{os.urandom(4).hex()}.tmp{suffix}", failed) as tmp:
        yield tmp


@contextlib.contextmanager
def replacing(target: Path, tmp: Path, failed: Callable[[str, OSError], Exception]) -> Iterator[Path]:
    """The rename-over under every writer (atomic_path, the database's build): `tmp`, a new file beside
    `target`, renamed over it with the target's mode (or the umask's) when the block succeeds, removed
    whatever happens. `failed(step, error)` makes the caller's error for a step ("create", "replace")."""
    mode = file_mode(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as exc:
        raise failed("create", exc) from None
    try:
        yield tmp
        try:
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except OSError as exc:
            raise failed("replace", exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_bytes_atomic(target: str | Path, data: bytes) -> None:
    """`data` as the whole content of `target`, atomically."""
    with atomic_path(target) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {describe_os_error(exc, target.parent)}") from None
