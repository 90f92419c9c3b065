"""The navigation: an icon and the shortcut beside each pane, a width that follows the window's."""

from __future__ import annotations


def test_each_pane_has_an_icon_and_its_shortcut(window):
    from ipexplorer.ui.shell.main_window import SHORTCUT_ROLE

    nav = window.nav
    assert nav.count() == 8      # Overview, Tables, Charts, Timeline, Search, Regions, SQL console, Report text
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


def test_the_pane_names_are_measured_once_per_font_and_names(qtbot, window, monkeypatch):
    """Painting the navigation measured every pane name for each row painted; now once, until a name or the
    font changes (a longer name then hides every shortcut, as the rule says)."""
    from ipexplorer.ui.shell import main_window

    measured = []
    original = main_window.QFontMetrics

    class Counting(original):
        def horizontalAdvance(self, *args):
            measured.append(args[0])
            return super().horizontalAdvance(*args)

    monkeypatch.setattr(main_window, "QFontMetrics", Counting)
    nav, delegate = window.nav, window.nav.itemDelegate()
    window.resize(1920, 1080)
    qtbot.wait(30)
    for _ in range(3):
        nav.viewport().repaint()
    names = [nav.item(r).text() for r in range(nav.count())]
    assert all(measured.count(n) <= 1 for n in names)   # each name once at most, however many paints
    width = nav.visualItemRect(nav.item(0)).width()
    index = nav.model().index(0, 0)
    assert delegate.shortcut_fits(nav.font(), width, index)
    nav.item(1).setText("A pane name far too long to leave room for any shortcut beside it")
    assert not delegate.shortcut_fits(nav.font(), width, index)         # the new name measured
    bigger = nav.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 3)
    measured.clear()
    delegate.shortcut_fits(bigger, width, index)
    assert len([m for m in measured if m in names or m.startswith("A pane name")]) == len(names)
