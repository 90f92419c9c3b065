"""Desktop integration: icon, .desktop entry, About and shortcuts, palettes, errors people can act on."""

from __future__ import annotations

import configparser
import logging
import sys
import threading

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from ipexplorer import __version__
from ipexplorer.cli import main as cli_main
from ipexplorer.desktop import ICON_SIZES
from ipexplorer.logs import setup_logging
from ipexplorer.ui.shell import theme
from ipexplorer.ui.shell.errors import error_hooks, log_file, report_uncaught
from ipexplorer.ui.shell.help_dialogs import AboutDialog, ShortcutsDialog
from ipexplorer.ui.shell.icons import app_icon, icon_path


def test_icon_has_every_size(qapp):
    assert all(icon_path(size).exists() for size in ICON_SIZES)
    sizes = {s.width() for s in app_icon().availableSizes()}
    assert {16, 32, 256} <= sizes


def test_install_desktop_writes_a_valid_entry_and_icons(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli_main(["install-desktop"]) == 0
    entry = tmp_path / "applications" / "ipexplorer.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "ipexplorer"
    assert section["GenericName[zh_CN]"] == "知识产权年报浏览器" and "2020" in section["Comment[zh_CN]"]
    from ipexplorer.desktop import launcher_command

    assert launcher_command() in section["Exec"] and section["Exec"] != "ipexplorer"  # this installation
    for size in ICON_SIZES:
        assert (tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ipexplorer.png").exists()
    assert "desktop entry:" in capsys.readouterr().out


def test_about_names_version_source_citation_and_licences(qtbot, qapp, built_db):
    dialog = AboutDialog(db_path=built_db)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))
    qtbot.waitUntil(lambda: dialog.editions == (2020,), timeout=5000)   # the database's report names the year
    text = dialog.data_text.toPlainText()
    assert "Annual Report 2020" in text and "MIT" in text
    assert __version__ in dialog.findChild(QLabel, "aboutTitle").text() and __version__ in text
    libraries = {dialog.libraries.item(r, 0).text(): dialog.libraries.item(r, 2).text()
                 for r in range(dialog.libraries.rowCount())}
    assert libraries["PySide6-Essentials"].startswith("LGPL") and libraries["XlsxWriter"] == "BSD-2-Clause"
    dialog.copy_button.click()
    assert "CNIPA" in qapp.clipboard().text() and __version__ in qapp.clipboard().text()


def test_shortcuts_list_the_menus_and_the_panes(qtbot, window):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    keys = {row[1] for row in dialog.rows}
    assert {"Ctrl+E", "Ctrl+1", "Ctrl+Shift+L", "Ctrl+Enter"} <= keys
    dialog.filter.setText("Ctrl+E")
    assert dialog.visible_rows() and all("ctrl+e" in " ".join(r).lower() for r in dialog.visible_rows())


@pytest.mark.parametrize(("pane", "box"), [("timeline", "timelineText"), ("regions", "regionSearch"),
                                           ("sql", "resultsFilter"), ("tables", "quickFilter")])
def test_find_goes_to_the_find_box_of_the_pane_in_front(qtbot, window, pane, box):
    """Ctrl+F on the Timeline, Regions or SQL console left the pane for the Tables pane's filter box."""
    from PySide6.QtWidgets import QApplication

    window.show_pane(pane)
    qtbot.waitUntil(lambda: window.current_pane() == pane)
    window.find_action.trigger()
    assert window.current_pane() == pane
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().objectName() == box)


@pytest.mark.parametrize(("pane", "grid"), [("timeline", lambda w: w.timeline.grid),
                                            ("regions", lambda w: w.regions.values),
                                            ("sql", lambda w: w.console.results)])
def test_the_edit_menu_copies_and_selects_in_the_grid_of_the_pane_in_front(qtbot, window, pane, grid):
    """Ctrl+C and Ctrl+A worked in the Timeline's list, a profile's values and the console's result, and the Edit
    menu offered neither there."""
    window.show_pane(pane)
    qtbot.waitUntil(lambda: window.current_pane() == pane)
    shown = [a for a in window.edit_menu.actions() if a.isVisible()]
    ours = grid(window)
    assert ours.copy_action in shown and ours.select_all_action in shown
    assert [a.text() for a in shown].count(ours.copy_action.text()) == 1   # not beside another pane's Copy
    window.show_pane("tables")
    assert not ours.copy_action.isVisible() and window.explorer.copy_action.isVisible()


def test_clear_all_filters_is_greyed_where_there_is_nothing_to_clear(qtbot, window):
    action = window.clear_filters_action
    for pane, offered in (("overview", False), ("search", False), ("tables", True), ("timeline", True),
                          ("regions", True), ("sql", True), ("charts", True), ("report", False)):
        window.show_pane(pane)
        qtbot.waitUntil(lambda p=pane: window.current_pane() == p)
        assert action.isEnabled() == offered, pane
    window.show_pane("regions")
    window.regions.search.setText("jiang")
    action.trigger()
    assert window.regions.search.text() == ""
    window.show_pane("sql")
    window.console.results.quick.setText("北京")
    action.trigger()
    assert window.console.results.quick.text() == ""


def test_help_menu_opens_the_dialogs(qtbot, window):
    window.findChild(type(window.export_action), "shortcutsAction").trigger()
    qtbot.waitUntil(lambda: window.findChild(ShortcutsDialog, "shortcutsDialog") is not None)
    window.findChild(type(window.export_action), "aboutAction").trigger()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog, "aboutDialog") is not None)
    about = window.findChild(AboutDialog, "aboutDialog")
    qtbot.waitUntil(lambda: about.editions == (2020,), timeout=5000)   # read from the window's database


def test_dark_and_light_palettes_apply_at_once(qtbot, window, qapp):
    window.show_pane("timeline")
    window.timeline.ensure_plot()
    try:
        window.findChild(type(window.export_action), "theme_dark").trigger()
        assert window.settings.get("ui/theme") == "dark"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128
        qtbot.waitUntil(lambda: window.timeline.plot.backgroundBrush().color().lightness() < 128)
        assert theme.palette_name() == "dark"
        window.findChild(type(window.export_action), "theme_light").trigger()
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128
        qtbot.waitUntil(lambda: window.timeline.plot.backgroundBrush().color().lightness() > 128)
    finally:
        theme.apply("light", qapp)


def test_theme_follows_the_system_choice(monkeypatch, qapp):
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    try:
        assert theme.apply("system", qapp) == "dark"
        monkeypatch.setattr(theme, "system_is_dark", lambda: False)
        assert theme.apply("system", qapp) == "light"
        assert theme.resolve("dark") == "dark"
    finally:
        theme.apply("light", qapp)


# --- errors ------------------------------------------------------------------------------------------
def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
            and w.objectName() == "errorDialog"]


def test_an_uncaught_exception_ends_in_one_dialog_and_the_log(qtbot, tmp_path, window):
    path = log_file() or setup_logging(directory=tmp_path)
    try:
        window.show()
        with error_hooks(report_uncaught):
            try:
                raise RuntimeError("a slot failed")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
            qtbot.waitUntil(lambda: len(_boxes()) == 1)
            worker = threading.Thread(target=lambda: 1 / 0)
            worker.start()
            worker.join()
            qtbot.wait(50)
        boxes = _boxes()
        assert len(boxes) == 1                       # the second error joins the open dialog
        box = boxes[0]
        assert "RuntimeError: a slot failed" in box.text() and str(path) in box.text()
        assert "ZeroDivisionError" in box.detailedText() and "Traceback" in box.detailedText()
        assert "Traceback" not in box.text()        # no traceback in the message itself
        copy = box.findChild(type(box.buttons()[0]), "copyDetails")
        copy.click()
        assert box.isVisible() and "a slot failed" in QApplication.clipboard().text()
        box.close()                                  # Esc and the close box work despite the extra button
        assert not box.isVisible()
        for handler in logging.getLogger("ipexplorer").handlers:
            handler.flush()
        logged = path.read_text(encoding="utf-8")
        assert "RuntimeError: a slot failed" in logged and "ZeroDivisionError" in logged
        assert log_file() == path
        # the app keeps running: the window still answers
        window.show_pane("tables")
        assert window.current_pane() == "tables"
    finally:
        for box in _boxes():
            box.close()


def test_log_goes_to_the_data_directory():
    from ipexplorer.paths import data_dir, log_dir

    assert log_dir().parent == data_dir()


def test_window_titles_name_what_is_shown(qtbot, window):
    window.show_pane("tables")
    qtbot.waitUntil(lambda: window.explorer.dataset is not None)
    assert window.explorer.dataset.title_zh in window.windowTitle()
    with qtbot.waitSignal(window.regions.region_shown, timeout=5000):
        window.open_region("广东")
    assert "地区" in window.windowTitle() and "广东" in window.windowTitle()
    window.show_pane("search")
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        window.search.set_query("WIPO")
    assert "“WIPO”" in window.windowTitle()
    window.open_report_line(1600)
    qtbot.waitUntil(lambda: "1600" in window.windowTitle())   # once the text is read (off the GUI thread)
    assert window.windowTitle().endswith("— ipexplorer")
