"""Write to a temporary file beside the target, then rename: the target is whole or untouched."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ipexplorer.export.sheets import ExportError


def describe_os_error(exc: OSError) -> str:
    """A cause people can act on."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied — the folder may be read-only, or the file open in another program"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exhausted"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    if exc.errno == errno.EISDIR:
        return "a folder has that name"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it over the target on success."""
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"cannot write {target}: a folder has that name")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f"{target.suffix}.tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"cannot write in {target.parent}: {describe_os_error(exc)}") from None
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ExportError(f"cannot replace {target}: {describe_os_error(exc)}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
