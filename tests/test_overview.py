"""The Overview start page: headline cards with their source links, the data checks, the ways in."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QPoint, Qt

from ipexplorer.ui.panes.overview_pane import OverviewPane


def overview_of(qtbot, window_or_pane):
    """The Overview pane once its figures have arrived (they are read off the GUI thread)."""
    pane = getattr(window_or_pane, "overview", window_or_pane)
    qtbot.waitUntil(lambda: pane.data is not None and bool(pane.cards), timeout=10000)
    return pane


def pane_alone(qtbot, built_db):
    pane = OverviewPane(built_db)
    qtbot.addWidget(pane, before_close_func=lambda p: p.shutdown())
    return overview_of(qtbot, pane)


def test_overview_cards_link_to_their_source_line(qtbot, window):
    window.show_pane("overview")
    overview_pane = overview_of(qtbot, window)
    card = overview_pane.card("invention_grants")
    assert card is not None
    assert "53.0" in card.value_label.text() and "万件" in card.unit_label.text()
    assert "17.1" in card.change_label.text()
    card.source_link.linkActivated.emit(f"line:{card.card.line}")
    assert window.current_pane() == "report"
    qtbot.waitUntil(lambda: window.report_view.current_line == card.card.line)   # the text is read off the GUI thread
    assert "53.0万件" in window.report_view.highlighted_paragraph()


def test_overview_checks_summary_and_entry_points(qtbot, window, built_db):
    pane = overview_of(qtbot, window)
    text = pane.checks_label.text()
    conn = sqlite3.connect(built_db)
    identities = conn.execute("SELECT sum(identities) FROM integrity_check").fetchone()[0]
    conn.close()
    assert f"{identities:,}" in text and "765件" in text
    pane.entry_buttons["timeline"].click()
    assert window.current_pane() == "timeline"


def test_overview_in_english_shows_normalised_values(qtbot, built_db, english):
    pane = pane_alone(qtbot, built_db)
    card = pane.card("invention_grants")
    assert "0.53" in card.value_label.text() and "million" in card.unit_label.text()
    assert "Invention patents granted" in card.label.text()
    assert pane.entry_buttons["timeline"].text().endswith("·  92 events")   # one edition: no count of editions


def test_overview_counts_every_editions_events_as_the_timeline_does(qtbot, two_editions, english):
    from ipexplorer.query.timeline import query_events

    conn = sqlite3.connect(f"file:{two_editions}?mode=ro", uri=True)
    try:
        shown = len(query_events(conn))
    finally:
        conn.close()
    pane = pane_alone(qtbot, two_editions)
    assert pane.data.counts["events"] == shown and pane.data.counts["event_editions"] == 2
    assert pane.entry_buttons["timeline"].text().endswith(f"·  {shown} events in 2 editions")


def test_flagged_figures_are_named_in_the_interface_language(qtbot, window):
    text = overview_of(qtbot, window).checks_label.text()
    assert "4,532万人" in text and "可能应为小数点" in text and "人数超出" in text


def test_the_card_grid_is_even_and_nothing_is_clipped(qtbot, built_db):
    pane = pane_alone(qtbot, built_db)
    pane.show()
    n = len(pane.cards)
    assert n >= 8
    for width in (700, 1110, 1430, 1800):
        pane.resize(width, 800)
        qtbot.waitUntil(lambda w=width: pane.width() == w)
        columns = max(pane.grid.getItemPosition(pane.grid.indexOf(c))[1] for c in pane.cards) + 1
        rows = -(-n // columns)
        assert columns * rows - n < rows      # no column could go without adding a row: 4 × 3, never 5 + 5 + 2
        for card in pane.cards:
            for label in (card.value_label, card.unit_label, card.change_label):
                assert label.width() >= label.minimumSizeHint().width(), (width, card.card.key)


def test_the_figures_of_a_row_of_cards_stand_level(qtbot, built_db, english):
    """Beside a card whose name takes two lines, a one-line name's number, change and source stood higher."""
    pane = pane_alone(qtbot, built_db)
    pane.show()
    two_lines = 0
    for width in (1110, 1430):
        pane.resize(width, 800)
        qtbot.waitUntil(lambda w=width: pane.width() == w)
        qtbot.wait(20)
        rows: dict[int, list] = {}
        for card in pane.cards:
            rows.setdefault(pane.grid.getItemPosition(pane.grid.indexOf(card))[0], []).append(card)
        for cards in rows.values():
            heights = {c.label.height() for c in cards}
            two_lines += len(heights) > 1
            for part in ("value_label", "source_link"):
                tops = {getattr(c, part).mapTo(pane, getattr(c, part).rect().topLeft()).y() for c in cards}
                assert len(tops) == 1, (width, part, tops)
    assert two_lines   # a row had names of one and of two lines


def test_small_figures_in_english_are_written_out(qtbot, built_db, english):
    pane = pane_alone(qtbot, built_db)
    for key in ("pct", "ic_layout"):
        card = pane.card(key)
        assert card is not None, key
        assert "million" not in card.unit_label.text() and not card.value_label.text().startswith("0.")
    assert pane.card("pct").value_label.text() == f"{pane.card('pct').card.value:,.0f}"   # 72,000


def test_explore_leads_to_every_pane_and_the_provinces_chart_fills_a_tall_page(qtbot, window):
    pane = overview_of(qtbot, window)
    assert {"tables", "charts", "timeline", "search", "regions", "sql", "report"} <= set(pane.entry_buttons)
    pane.entry_buttons["sql"].click()
    assert window.current_pane() == "sql"
    window.show_pane("overview")
    bars = pane.province_bars
    before = bars.height()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: bars.height() > before)       # the taller page reached the chart
    assert bars.rows[0][0] == "广东" and len(bars.rows) == 34
    shown = bars.layout_rows()
    assert len(shown) >= 20 and bars.height() >= 250     # the lower half used, not left empty
    rect, _i = shown[0]
    with qtbot.waitSignal(pane.open_region) as opened:
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert opened.args == ["广东"]


def test_the_provinces_chart_says_how_many_did_not_fit(qtbot, window):
    """A window too short for all 34 rows showed the largest ones and said nothing of the rest."""
    pane = overview_of(qtbot, window)
    window.resize(1280, 800)
    qtbot.wait(100)
    bars = pane.province_bars
    qtbot.waitUntil(lambda: len(bars.rows) == 34)
    shown = len(bars.layout_rows())
    assert shown < 34 and bars.left_out() == 34 - shown
    assert str(34 - shown) in bars._more_text()
    image = bars.grab().toImage()
    columns, per_column, width = bars._grid()
    slot = per_column * columns - 1
    y = int((slot % per_column) * bars.ROW + bars.ROW / 2)
    x0 = int((slot // per_column) * width)
    background = image.pixelColor(x0 + 2, 2)
    inked = [x for x in range(x0, int(x0 + width - 12)) for dy in range(-5, 6)
             if image.pixelColor(x, y + dy) != background]
    assert inked, "the last slot names the rows left out"
    bars.resize(bars.width(), bars.ROW * 40)
    assert bars.left_out() == 0 and len(bars.layout_rows()) == 34


def test_a_cards_source_link_opens_its_line_by_mouse_and_by_keyboard(qtbot, built_db):
    pane = pane_alone(qtbot, built_db)
    pane.show()
    card = pane.card("invention_grants")
    link = card.source_link
    assert str(card.card.line) in link.text()
    lines: list[int] = []
    card.open_line.connect(lines.append)
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=QPoint(4, link.height() // 2))
    link.setFocus()
    qtbot.keyClick(link, Qt.Key.Key_Return)
    qtbot.keyClick(link, Qt.Key.Key_A)          # not a key that follows a link
    assert lines == [card.card.line, card.card.line]


def test_the_cards_box_follows_the_palette(qtbot, qapp, built_db):
    """The card's box is drawn in the palette's Base colour: a theme switch after the cards were built
    repaints them (the style sheet set when the figures arrived kept the old colours)."""
    from ipexplorer.ui.shell import theme

    before = qapp.palette()
    pane = pane_alone(qtbot, built_db)
    pane.show()
    card = pane.cards[0]
    qtbot.waitUntil(lambda: card.width() > 50)

    def inside_colour():
        return card.grab().toImage().pixelColor(card.width() // 2, card.height() - 4).name()

    try:
        theme.apply("light", qapp)
        light = inside_colour()
        theme.apply("dark", qapp)
        dark_base = theme.dark_palette().color(theme.QPalette.ColorRole.Base).name()
        qtbot.waitUntil(lambda: inside_colour() == dark_base, timeout=3000)
    finally:
        qapp.setPalette(before)
    assert light == theme.light_palette(qapp).color(theme.QPalette.ColorRole.Base).name() != dark_base


def test_the_change_labels_follow_the_palette_and_stay_readable(qtbot, qapp, window):
    """A card's ▲/▼ change is in the palette's signed colour, 4.5:1 on the card: after a switch to the dark
    palette the light palette's green and red (3.2:1 and 2.9:1 on the dark card) are gone."""
    from ipexplorer.ui.shell import theme

    before = qapp.palette()
    window.show_pane("overview")
    pane = overview_of(qtbot, window)
    signed = [card for card in pane.cards if card.card.change_value is not None]
    assert any(c.card.change_value >= 0 for c in signed) and any(c.card.change_value < 0 for c in signed)
    role = theme.QPalette.ColorRole
    try:
        for name in ("dark", "light"):
            theme.apply(name, qapp)
            qapp.processEvents()
            for card in signed:
                colour = card.change_label.palette().color(role.WindowText)
                assert colour == theme.signed_color(card.card.change_value >= 0, name), (name, card.card.key)
                assert theme.contrast_ratio(colour, card.palette().color(role.Base)) >= 4.5, (name, card.card.key)
    finally:
        qapp.setPalette(before)


def test_the_checks_warning_reads_on_its_box_in_both_palettes(qtbot, qapp, built_db):
    """The ⚠ beside the figures that disagree was #b26a00 in both palettes: 3.6:1 on the light box, 3.3:1 on the
    dark one. It takes the palette's warning colour, 4.5:1 on the box as drawn."""
    from PySide6.QtGui import QColor

    from ipexplorer.ui.shell import theme

    before = qapp.palette()
    pane = pane_alone(qtbot, built_db)
    assert pane.data.checks.disagreeing, "the shipped report has figures that disagree"
    pane.resize(1400, 900)
    pane.show()
    qtbot.waitExposed(pane)
    try:
        for name in ("light", "dark"):
            theme.apply(name, qapp)
            pane.apply_palette(name)
            qapp.processEvents()
            warn = theme.warning_color(name)
            assert f"color:{warn.name()}'>⚠" in pane.checks_label.text(), name
            image = pane.checks_box.grab().toImage()
            label = pane.checks_label.geometry()
            ground = QColor(image.pixel(label.right() - 2, label.top() + 2))   # right of the first, short line
            assert theme.contrast_ratio(warn, ground) >= 4.5, (name, warn.name(), ground.name())
            drawn = [QColor(image.pixel(x, y)) for x in range(label.left(), label.left() + 40)
                     for y in range(label.top(), label.top() + label.height() // 2)]
            assert any(theme.contrast_ratio(c, warn) < 1.2 for c in drawn), (name, "the ⚠ is drawn in it")
    finally:
        qapp.setPalette(before)
