"""Light and dark palettes: follow the system's colour scheme unless the user picks one.

Qt's platform themes report the scheme but not every platform plugin repaints Fusion when it
changes, so the palette is set here from the scheme, and charts ask `palette_name()`.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from pathlib import Path

from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# disabled text: still readable (WCAG 4.5:1 on the window, base and button colours) yet plainly paler than the
# enabled text; Fusion's own (#bebebe on #efefef, 1.6:1) and our first dark one (#7d7d7d on #2b2d30, 3.4:1) were faint
DISABLED_TEXT = {"light": "#6a6a6a", "dark": "#a0a0a0"}
# the selection's colour under its white text, at least 4.5:1 in every group (Fusion's light #308cc6 was 3.7:1,
# our first dark #3d7fd6 4.0:1; a disabled view's selection is grey in Fusion's light palette, #919191, 3.2:1),
# and still 4.5:1 under the translucent focus frame Fusion lays over the current cell of a focused view (3.3:1
# with either first blue)
HIGHLIGHT = {"light": "#236aa0", "dark": "#2f68bc"}
DISABLED_HIGHLIGHT = {"light": "#707070", "dark": "#2f68bc"}


def _rgb(hex_color: str) -> QColor:
    """QColor of "#rrggbb" by its number: QColor(str) and QPalette(QPalette) build Qt's namespace (their
    Qt.GlobalColor overload), which the quick palette before the first frame must not."""
    return QColor.fromRgb(0xFF000000 | int(hex_color[1:], 16))


def _readable_disabled(p: QPalette, name: str) -> QPalette:
    """Disabled text readable, and the selected text readable on the selection's colour."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, _rgb(DISABLED_TEXT[name]))
    white = _rgb("#ffffff")
    for g in (group.Active, group.Inactive):
        p.setColor(g, role.Highlight, _rgb(HIGHLIGHT[name]))
        p.setColor(g, role.HighlightedText, white)
    p.setColor(group.Disabled, role.Highlight, _rgb(DISABLED_HIGHLIGHT[name]))
    p.setColor(group.Disabled, role.HighlightedText, white)
    return p


def light_palette(app: QApplication) -> QPalette:
    """Fusion's standard light palette, with disabled and selected text readable."""
    return _readable_disabled(app.style().standardPalette(), "light")


def dark_palette() -> QPalette:
    """A calm dark palette (Fusion), with disabled and selected text readable."""
    p = QPalette()
    role = QPalette.ColorRole
    colors = {
        role.Window: "#2b2d30", role.WindowText: "#e6e6e6", role.Base: "#1f2023", role.AlternateBase: "#2a2c2f",
        role.ToolTipBase: "#3a3d41", role.ToolTipText: "#f0f0f0", role.PlaceholderText: "#8c8c8c",
        role.Text: "#e6e6e6", role.Button: "#34373b", role.ButtonText: "#e6e6e6", role.BrightText: "#ff6b6b",
        role.Light: "#4a4d52", role.Midlight: "#3e4145", role.Mid: "#4b4f54", role.Dark: "#1a1b1d",
        role.Shadow: "#101112", role.Highlight: HIGHLIGHT["dark"], role.HighlightedText: "#ffffff",
        role.Link: "#7fb2ff", role.LinkVisited: "#c39bff",
    }
    for r, c in colors.items():
        p.setColor(r, QColor(c))
    return _readable_disabled(p, "dark")


def system_is_dark() -> bool:
    from PySide6.QtCore import Qt  # here: its first use builds the Python enums of Qt's whole namespace

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def system_palette_is_dark() -> bool:
    """The system's scheme judged by its palette (before ours is set), which needs none of Qt's namespace."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def resolve(choice: str, *, quick: bool = False) -> str:
    """`light` or `dark` for a setting of `system`, `light` or `dark` (`quick`: judged by the system palette)."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if (system_palette_is_dark() if quick else system_is_dark()) else "light"


# Why Chinese text looked heavier than Latin in the dark palette: the Chinese glyphs come from Noto Sans CJK, a CFF
# (PostScript-outline) font, and for CFF fonts Qt turns FreeType's stem darkening on and blends their glyphs in
# linear light ("gamma-corrected", QFontEngineFT::expectsGammaCorrectedBlending). Both are tuned for dark text on a
# light ground; light text on a dark one gains about 35 % more ink per glyph, while the Latin text (DejaVu Sans,
# TrueType) is drawn the same in both palettes. Turning stem darkening off on Qt's FreeType library before any
# font engine exists makes Qt blend CFF glyphs like the others: the same weight in both palettes.
#
# Qt makes one FreeType library per thread that draws text (a worker painting an image gets its own) and sets
# stem darkening back on in each library it makes (qfontengine_ft.cpp; FREETYPE_PROPERTIES is overridden), so
# the switch is checked, per library, each time the palette is applied, and set again where it was found on.
_freetype: tuple | None = None     # (qt_getFreetype, FT_Property_Get, FT_Property_Set), or () where unavailable
_libraries_set: set[int] = set()   # the FreeType libraries switched here


def _freetype_calls() -> tuple:
    global _freetype
    if _freetype is None:
        _freetype = ()
        if sys.platform.startswith(("linux", "freebsd")):
            try:
                import PySide6

                bundled = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Gui.so.6"
                gui = ctypes.CDLL(str(bundled) if bundled.exists() else "libQt6Gui.so.6")
                get_library = gui._Z14qt_getFreetypev          # FT_Library qt_getFreetype(), exported by QtGui
                get_library.restype = ctypes.c_void_p
                # looked up through QtGui's handle: the FreeType QtGui links (a Qt with its own FreeType hides it)
                prototype = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p]
                property_get, property_set = gui.FT_Property_Get, gui.FT_Property_Set
                property_get.argtypes = property_set.argtypes = prototype
                _freetype = (get_library, property_get, property_set)
            except (OSError, AttributeError, ValueError) as exc:
                logging.getLogger(__name__).info("stem darkening left on (%s): CJK text may look heavier when dark",
                                                 exc)
    return _freetype


def stem_darkening_off() -> bool | None:
    """Whether the calling thread's FreeType library (Qt's) has CFF stem darkening off; None where unknown."""
    calls = _freetype_calls()
    if not calls:
        return None
    get_library, property_get, _set = calls
    value = ctypes.c_ubyte(0)
    if property_get(get_library(), b"cff", b"no-stem-darkening", ctypes.byref(value)) != 0:
        return None
    return bool(value.value)


def even_cjk_weight() -> bool:
    """Switch off FreeType's stem darkening for CFF fonts in the calling thread's FreeType library (Linux and
    BSD, where Qt draws text with FreeType), so CJK text has the same weight on light and dark grounds; a library
    that Qt made again, with darkening back on, is switched again (and logged). True when it is off."""
    calls = _freetype_calls()
    if not calls:
        return False
    state = stem_darkening_off()
    if state:
        return True
    get_library, _get, property_set = calls
    library = get_library()
    if library in _libraries_set:
        logging.getLogger(__name__).info("Qt's FreeType library had stem darkening on again: switched off again")
    off = ctypes.c_ubyte(1)   # FT_Bool no-stem-darkening = true
    if property_set(library, b"cff", b"no-stem-darkening", ctypes.byref(off)) != 0:
        return False
    _libraries_set.add(library)
    return bool(stem_darkening_off())


def apply(choice: str = "system", app: QApplication | None = None, *, quick: bool = False) -> str:
    """Set the application palette for `choice`; returns `light` or `dark`.

    `quick`, before the first frame of an app created in the Fusion style (`-style Fusion`): the system's
    scheme is judged by its palette and a light palette is Qt's own with our disabled and selection colours
    (the selected pane's item did not change colour just after the first frame), so neither Qt's namespace
    nor QStyle (their Python enums: tens of ms) is touched; the exact `apply` follows the first frame.
    """
    app = app or QApplication.instance()
    even_cjk_weight()
    name = resolve(choice, quick=quick)
    if quick and name == "light":
        if not system_palette_is_dark():
            palette = _readable_disabled(app.palette(), "light")   # palette(): a copy
            if app.palette() != palette:
                app.setPalette(palette)
        return name
    if app.style().name().lower() != "fusion":  # the one style that draws both palettes well everywhere
        app.setStyle("Fusion")
    palette = dark_palette() if name == "dark" else light_palette(app)
    if app.palette() != palette:   # no palette change (and repaint of every pane) for the same colours
        app.setPalette(palette)
    return name


def palette_name() -> str:
    """`dark` when the application's window colour is dark, else `light` (for charts)."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


# a landed line and a marked term, readable in both palettes (text colour set with the background:
# the dark palette's white text on the light palette's pale yellow was unreadable)
HIGHLIGHTS = {
    "light": {"line": ("#fff3b0", "#1a1a1a"), "term": ("#ffb347", "#000000")},
    "dark": {"line": ("#4a3c00", "#f5f5f5"), "term": ("#8f5a00", "#ffffff")},
}


def highlight_colors(kind: str = "line", name: str | None = None) -> tuple[QColor, QColor]:
    """(background, text) of a highlight (`line` or `term`) in the current (or the named) palette."""
    background, text = HIGHLIGHTS[name or palette_name()][kind]
    return QColor(background), QColor(text)


# a signed figure's rise (▲, green) and fall (▼, red), by palette name: at least 4.5:1 on that palette's Base
# (a card, a grid's rows; a chart's ground); the light ones were 3.2:1 and 2.9:1 on the dark Base, #1f2023.
# The one table of them: the Overview's cards, the grids' signed columns and the charts' bars read it.
SIGNED_COLORS = {
    "light": {"rise": "#2e7d32", "fall": "#c62828"},
    "dark": {"rise": "#6fcf7f", "fall": "#ff7b6b"},
}
_SIGNED_BRUSHES: dict[str, tuple[QBrush, QBrush]] = {}


def signed_color(up: bool, name: str | None = None) -> QColor:
    """The colour of a rise (`up`) or a fall in the named (or the current) palette."""
    return _rgb(SIGNED_COLORS[name or palette_name()]["rise" if up else "fall"])


def signed_brushes(name: str) -> tuple[QBrush, QBrush]:
    """(rise, fall) brushes of the named palette, built once (a grid hands them out for every signed cell)."""
    brushes = _SIGNED_BRUSHES.get(name)
    if brushes is None:
        brushes = _SIGNED_BRUSHES[name] = (QBrush(signed_color(True, name)), QBrush(signed_color(False, name)))
    return brushes


# the ring of a radio button or check box, (enabled, disabled) by palette name (ui/shell/indicators): Fusion draws
# it a shade darker than the window (2.2:1 and 2.1:1 on the light window, 2.4:1 and 1.2:1 on the dark one, where a
# greyed Export scope all but vanished); 3:1 or more on the window now, the disabled one fainter than the enabled
INDICATOR_RINGS = {"light": ("#6a6a6a", "#808080"), "dark": ("#a3a6ab", "#86898e")}


def indicator_ring(enabled: bool, name: str | None = None) -> QColor:
    """The ring colour of an enabled or a disabled radio button or check box in the named (or current) palette."""
    return _rgb(INDICATOR_RINGS[name or palette_name()][0 if enabled else 1])


# a warning (the Overview's ⚠ beside figures of the text that disagree with the tables), by palette name: at least
# 4.5:1 on the box it stands in (a group box, a shade under the window: #ececec, #2a2c2f); one amber #b26a00 in
# both palettes was 3.6:1 and 3.3:1
WARNING_COLORS = {"light": "#8a5300", "dark": "#f0b050"}


def warning_color(name: str | None = None) -> QColor:
    """The colour of a warning mark in the named (or the current) palette."""
    return _rgb(WARNING_COLORS[name or palette_name()])


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21; body text wants at least 4.5)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
