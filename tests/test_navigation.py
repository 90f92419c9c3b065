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


def test_the_shortcuts_show_on_every_row_or_on_none(qtbot, window):
    """At 1024 px 'Search  Ctrl+5' fitted but 'Overview' had no shortcut beside it: one rule for every row."""
    nav = window.nav
    delegate = nav.itemDelegate()
    for size, everywhere in (((1024, 640), None), ((1920, 1080), True)):
        window.resize(*size)
        qtbot.wait(30)
        fits = {delegate.shortcut_fits(nav.font(), nav.visualItemRect(nav.item(r)).width(), nav.model().index(r, 0))
                for r in range(nav.count())}
        assert len(fits) == 1, size
        if everywhere is not None:
            assert fits == {everywhere}
