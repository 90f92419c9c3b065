"""Memory this process no longer needs, given back once a pane has painted: font file pages, free heap pages.

FreeType maps each font file it opens and reads glyph outlines out of the mapping; Linux maps the pages
around every page touched (fault-around, 64 KiB), so drawing the report's Chinese in two weights keeps
~13 MiB of Noto Sans CJK's two 20 MB files resident here, though Qt has every glyph it drew in its own
cache and rarely reads the file again. Telling the kernel the mapped font files are not needed
(MADV_DONTNEED) takes them out of this process; the files stay in the page cache, shared, and a glyph
drawn later reads its page again. glibc's `malloc_trim` then returns the heap's free pages (what a pane's
build left freed). A pane that reads many glyphs at once (the Report text's chapter) gives its pages back in
steps as it lays out and paints (FontPages). Linux only; elsewhere nothing is done.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc", ".pfb", ".pfa", ".woff", ".woff2")
MADV_DONTNEED = 4
DELAY_MS = 800     # after the last request: the pane shown has painted its first rows by then

_libc = None
_timer = None


def font_mappings(maps: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, path) of each read-only mapping of a font file in this process (/proc/self/maps)."""
    if maps is None:
        try:
            with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
                maps = f.read()
        except OSError:
            return []
    found = []
    for line in maps.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) < 6 or "w" in parts[1] or not parts[5].lower().endswith(FONT_SUFFIXES):
            continue   # never a writable mapping: its pages could hold what no file has
        start, _, end = parts[0].partition("-")
        found.append((int(start, 16), int(end, 16), parts[5]))
    return found


def _madvise_fonts(mappings: list[tuple[int, int, str]]) -> int:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        _libc.madvise.restype = ctypes.c_int
    return sum(_libc.madvise(start, end - start, MADV_DONTNEED) == 0 for start, end, _path in mappings)


class FontPages:
    """The font file pages read so far given back, in the steps of a long layout or paint (the Report text's
    chapter: memory.release after it would leave them all resident at once first, ~9 MiB of Noto CJK for the
    first chapter). No heap trim; the mappings are read again (/proc/self/maps, ~1 ms) only every
    REREAD-th step, so a font file first opened meanwhile is given back from then on."""

    REREAD = 16

    def __init__(self) -> None:
        self.mappings: list[tuple[int, int, str]] = []
        self.steps = 0

    def release(self) -> None:
        if not sys.platform.startswith("linux"):
            return
        if self.steps % self.REREAD == 0:
            self.mappings = font_mappings()
        self.steps += 1
        try:
            _madvise_fonts(self.mappings)
        except (OSError, AttributeError):   # no madvise: the pages stay, as release() leaves them
            self.mappings = []


def release() -> int:
    """Drop this process's resident pages of mapped font files and the heap's free pages; returns how many font
    mappings were advised."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        advised = _madvise_fonts(font_mappings())
        trim = getattr(_libc, "malloc_trim", None)   # glibc's; musl has none
        if trim is not None:
            trim(0)
        return advised
    except (OSError, AttributeError) as exc:   # no madvise to be had: the pages stay, as they always did
        log.info("font and heap pages kept (%s)", exc)
        return 0


def release_soon() -> None:
    """Release them once no request has come for DELAY_MS (the pane shown has painted)."""
    global _timer
    from PySide6.QtCore import QTimer

    if _timer is None:
        _timer = QTimer()
        _timer.setSingleShot(True)
        _timer.setInterval(DELAY_MS)
        _timer.timeout.connect(lambda: release())   # looked up when it fires (a test records the call)
    _timer.start()
