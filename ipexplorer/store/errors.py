"""The store's errors, apart from the modules that raise them so every stage can import them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ipexplorer.report.source import ReportError

if TYPE_CHECKING:   # the desktop app imports these errors on its way to the first frame: keep them light
    from ipexplorer.report.integrity import Violation


class IntegrityError(ReportError):
    """The report's own identities do not hold; `violations` lists each one."""

    def __init__(self, violations: Iterable[Violation]):
        self.violations = tuple(violations)
        lines = "\n".join(f"  - {v}" for v in self.violations[:50])
        more = len(self.violations) - 50
        if more > 0:
            lines += f"\n  … and {more} more"
        super().__init__(f"{len(self.violations)} identity violation(s) in the report:\n{lines}")


class BuildError(Exception):
    """The database could not be written (disk, permissions); the message says why."""


class DatabaseRefused(Exception):
    """The file at the database path is not one ipexplorer may use or replace; nothing was written.

    The message names the file and says what to do (another path, or the command that rebuilds it).
    """
