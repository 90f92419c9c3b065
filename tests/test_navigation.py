"""The navigation: an icon and the shortcut beside each pane, a width that follows the window's."""

from __future__ import annotations


def test_each_pane_has_an_icon_and_its_shortcut(window):
    from ipexplorer.ui.shell.main_window import SHORTCUT_ROLE

    nav = window.nav
    for row in range(nav.count()):
        item = nav.item(row)
        assert not item.icon().isNull()
        assert item.data(SHORTCUT_ROLE).endswith(str(row + 1)) and item.data(SHORTCUT_ROLE) in item.toolTip()


def test_the_navigation_is_narrower_in_a_small_window(qtbot, window):
    window.resize(1024, 640)
    qtbot.wait(30)
    small = window.nav.width()
    window.resize(1920, 1080)
    qtbot.wait(30)
    large = window.nav.width()
    assert small < large and small <= 140 and large >= 190
