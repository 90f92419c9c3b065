"""The interface in Chinese and English: translation files complete and current, every visible string translated."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

from ipexplorer.ui.shell import i18n
from ipexplorer.ui.shell.main_window import PANES, MainWindow

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# words that stay as they are in a Chinese interface: names, formats, keys
KEEP = {
    "ipexplorer", "CNIPA", "WIPO", "EPO", "EUIPO", "JPO", "KIPO", "USPTO", "PCT", "SQL", "CSV", "UTF", "Excel", "xlsx",
    "csv", "PNG", "SVG", "Unicode", "Ctrl", "Alt", "Shift", "Enter", "Esc", "Del", "Tab", "Qt", "PySide", "MIT",
    "LGPL", "BSD", "PSF", "pinyin", "English", "IC", "GI", "XPCC", "ISO", "FTS", "SELECT", "WHERE", "FROM", "LIMIT",
    "ORDER", "BY", "AND", "OR", "AS", "DESC", "ASC", "JOIN", "ON", "GROUP", "COUNT", "NULL", "LIKE", "IN", "NOT",
}


def _tools():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory):
    """The .ts files as lupdate makes them from today's code, starting from the committed ones."""
    tools = _tools()
    target = tmp_path_factory.mktemp("i18n") / "zh_CN"
    shutil.copytree(tools.TS_DIR, target)
    tools.update(target)
    return tools, target


def test_every_string_in_the_code_has_a_chinese_translation(fresh_ts):
    tools, ts_dir = fresh_ts
    missing = tools.unfinished(ts_dir)
    assert not missing, "untranslated (run tools/translations.py update, translate, release):\n" + "\n".join(
        f"  {name}: {context}: {source!r}" for name, context, source in missing)


def test_the_shipped_qm_is_built_from_the_ts_files(fresh_ts, tmp_path):
    tools, ts_dir = fresh_ts
    for ts in ts_dir.glob("*.ts"):   # what lupdate sees equals what is committed
        committed = tools.TS_DIR / ts.name
        assert committed.exists(), f"{ts.name} is missing from resources/i18n/zh_CN"
        assert {s for _c, s in _sources(committed)} == {s for _c, s in _sources(ts)}, f"{ts.name} is stale"
    qm = tools.release(tools.TS_DIR, tmp_path / "check.qm")
    assert qm.read_bytes() == tools.QM.read_bytes(), "run tools/translations.py release"


def _sources(ts: Path):
    import xml.etree.ElementTree as ET

    root = ET.parse(ts).getroot()
    return [(ctx.findtext("name"), m.findtext("source")) for ctx in root.iter("context") for m in ctx.iter("message")]


def test_language_follows_the_locale_unless_chosen():
    assert i18n.resolve("system", QLocale("zh_CN")) == "zh_CN"
    assert i18n.resolve("system", QLocale("zh_TW")) == "zh_CN"
    assert i18n.resolve("system", QLocale("en_GB")) == "en"
    assert i18n.resolve("system", QLocale("de_DE")) == "en"
    assert i18n.resolve("en", QLocale("zh_CN")) == "en"
    assert i18n.resolve("zh_CN", QLocale("en_US")) == "zh_CN"


# --- what people see -------------------------------------------------------------------------------
def _is_data(widget: QWidget) -> bool:
    """Widgets showing the report's own names and text (in both languages by design)."""
    while widget is not None:
        if widget.property("i18nData"):
            return True
        widget = widget.parentWidget()
    return False


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text or "")
    return text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&", "")


def _menu_texts(menu: QMenu, seen: set) -> list[tuple[str, str]]:
    if id(menu) in seen:
        return []
    seen.add(id(menu))
    out = [(f"menu {menu.title()}", menu.title())]
    for action in menu.actions():
        if action.menu() is not None:
            out += _menu_texts(action.menu(), seen)
        elif action.text() and action.isVisible() and not action.objectName().startswith("language_"):
            out.append((f"action in {menu.title()}", action.text()))
    return out


def visible_strings(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) of the interface's own strings, pane by pane (data widgets left out)."""
    found: list[tuple[str, str]] = []
    seen_menus: set = set()
    for action in window.menuBar().actions():
        found.append(("menu bar", action.text()))
        if action.menu() is not None:
            found += _menu_texts(action.menu(), seen_menus)
    for key, *_ in PANES:
        window.show_pane(key)
        window.panes[key].repaint()
        found.append((f"title of {key}", window.windowTitle().replace("ipexplorer", "")))
    for i in range(window.nav.count()):
        found.append(("navigation", window.nav.item(i).text()))
    from ipexplorer.ui.shell.export_dialog import ExportDialog
    from ipexplorer.ui.shell.help_dialogs import AboutDialog, ShortcutsDialog

    dialogs = [ExportDialog(window.explorer, window), AboutDialog(window), ShortcutsDialog(window)]
    for dialog in dialogs:
        found.append((f"title of {type(dialog).__name__}", dialog.windowTitle()))
    for widget in [w for root in (window, *dialogs) for w in root.findChildren(QWidget)]:
        if _is_data(widget):
            continue
        name = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QLabel):
            found.append((name, _plain(widget.text())))
            found.append((f"{name} tooltip", _plain(widget.toolTip())))
        elif isinstance(widget, QAbstractButton):
            found.append((name, widget.text()))
            found.append((f"{name} tooltip", _plain(widget.toolTip())))
            menu = getattr(widget, "menu", lambda: None)()
            if menu is not None:
                found += _menu_texts(menu, seen_menus)
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QLineEdit):
            found.append((f"{name} placeholder", widget.placeholderText()))
        elif isinstance(widget, QTabWidget):
            found += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox) and widget.property("i18nChoices"):
            found += [(name, widget.itemText(i)) for i in range(widget.count())]
    for action in window.findChildren(QAction):
        # actions of our widgets (not pyqtgraph's scene menus, which stay hidden); language names stay as written
        if (action.text() and isinstance(action.parent(), QWidget) and not _is_data(action.parent())
                and not action.objectName().startswith("language_")):
            found.append((f"action {action.objectName()}", action.text()))
    return [(where, text.strip()) for where, text in found if text and text.strip()]


def untranslated(strings: list[tuple[str, str]], language: str) -> list[tuple[str, str]]:
    bad = []
    for where, text in strings:
        if language == "en":
            if CJK.search(text):
                bad.append((where, text))
        elif not CJK.search(text):
            words = [w for w in WORD.findall(text) if w.strip("'’-") not in KEEP and len(w) > 1]
            if words:
                bad.append((where, text))
    return bad


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_visible_string_is_in_the_interface_language(qtbot, qapp, built_db, settings, language):
    i18n.install(language, qapp)
    try:
        window = MainWindow(built_db, settings=settings)
        qtbot.addWidget(window)
        window.show()
        strings = visible_strings(window)
        assert len(strings) > 100
        bad = untranslated(strings, language)
        assert not bad, f"{len(bad)} strings not in {language}:\n" + "\n".join(f"  {w}: {t!r}" for w, t in bad)
        window.close()
    finally:
        i18n.install("zh_CN", qapp)


def test_the_language_menu_applies_at_once_and_is_kept(qtbot, qapp, built_db, settings):
    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.show_pane("timeline")
    assert "文件" in window.menuBar().actions()[0].text()
    try:
        window.findChild(QAction, "language_en").trigger()
        successor = window.successor
        qtbot.addWidget(successor)
        assert settings.get("ui/language") == "en" and i18n.language() == "en"
        assert not window.isVisible() and successor.isVisible()
        assert successor.menuBar().actions()[0].text() == "&File"
        assert successor.current_pane() == "timeline"              # where the user was
        assert successor.findChild(QAction, "language_en").isChecked()
        assert successor.timeline.prev_button.text().endswith("Previous")
        successor.close()
        # the next start installs the stored choice before the window is built
        assert i18n.install(settings.get("ui/language"), qapp) == "en"
    finally:
        i18n.install("zh_CN", qapp)
