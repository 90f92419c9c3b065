"""What a user sees that a test can measure: readable disabled text, a greyed choice that says why."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from ipexplorer.ui.shell import theme


@pytest.mark.parametrize("name", ["light", "dark"])
def test_disabled_text_is_readable_in_both_palettes(qapp, name):
    palette = theme.dark_palette() if name == "dark" else theme.light_palette(qapp)
    role, disabled = QPalette.ColorRole, QPalette.ColorGroup.Disabled
    for ground in (role.Window, role.Base, role.Button):
        for text in (role.WindowText, role.Text, role.ButtonText):
            fg, bg = palette.color(disabled, text), palette.color(disabled, ground)
            assert theme.contrast_ratio(fg, bg) >= 4.5, (name, ground.name, text.name, fg.name(), bg.name())
        # still plainly paler than the enabled text, so greyed reads as greyed
        enabled = palette.color(QPalette.ColorGroup.Active, role.WindowText)
        assert theme.contrast_ratio(palette.color(disabled, role.WindowText), enabled) >= 1.8


def test_applied_palette_has_the_readable_disabled_text(qapp):
    before = qapp.palette()
    try:
        for name in ("dark", "light"):
            theme.apply(name, qapp)
            color = qapp.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
            assert color.name() == theme.DISABLED_TEXT[name]
    finally:
        qapp.setPalette(before)


def test_export_dialog_says_why_the_selection_scopes_are_greyed(qtbot, built_db, settings):
    from PySide6.QtCore import QItemSelectionModel

    from ipexplorer.ui.shell.export_dialog import ExportDialog
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 0)
    dialog = ExportDialog(explorer, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.scope_buttons["cells"].isEnabled()
    assert dialog.scope_note.isVisible() and "选中" in dialog.scope_note.text()
    assert dialog.scope_buttons["rows"].toolTip() == dialog.scope_note.text()
    dialog.close()

    explorer.view.selectionModel().select(explorer.model.index(1, 0), QItemSelectionModel.SelectionFlag.Select)
    dialog = ExportDialog(explorer, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scope_buttons["cells"].isEnabled() and not dialog.scope_note.isVisible()
    window.close()
