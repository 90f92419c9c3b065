"""The Timeline: events queried and laid out in lanes (core), and the pane that draws and lists them."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from conftest import first_link_color
from PySide6.QtCore import QPoint, QPointF, Qt

from ipexplorer.query.timeline import (
    MAX_STACK,
    OTHER,
    SORT_KEYS,
    Event,
    EventFilter,
    Lane,
    lanes,
    layout,
    query_events,
)
from ipexplorer.store.database import connect


@pytest.fixture
def conn(built_db):
    c = connect(built_db)
    yield c
    c.close()


def made_up(i: int, date: str, cats: tuple[str, ...] = ("meeting",), end: str | None = None,
            precision: str = "day", text: str = "某事。") -> Event:
    return Event(i, date, end, precision, text, cats, (), "第一章 年度要事", 100 + i)


LANES = [Lane("meeting", "会议活动", "Meetings"), Lane("covid", "疫情防控", "COVID-19"), Lane(OTHER, "其他", "Other")]


# --- core ----------------------------------------------------------------------------------------
def test_all_events_of_the_view_are_queried(conn, report_lines):
    events = query_events(conn)
    assert len(events) == conn.execute("SELECT count(*) FROM events").fetchone()[0] == 92
    assert [e.date for e in events] == sorted(e.date for e in events)
    first = events[0]
    assert (first.date, first.date_label()) == ("2020-01-03", "1月3日")
    assert report_lines[first.source_line - 1].startswith("1月3日，") and first.text[:20] in report_lines[
        first.source_line - 1]                                  # the line it cites prints it
    ranged = next(e for e in events if e.end_date == "2020-01-07")
    assert ranged.date_label() == "1月6日—7日" and (ranged.start, ranged.end) == (5.0, 7.0)


@pytest.mark.parametrize(("flt", "expected"), [
    (EventFilter(text="WIPO"), "SELECT count(*) FROM events WHERE text LIKE '%WIPO%' OR partners LIKE '%WIPO%'"),
    (EventFilter(categories=frozenset({"covid"})), "SELECT count(*) FROM events WHERE categories LIKE '%COVID%'"),
    (EventFilter(months=frozenset({1, 2})), "SELECT count(*) FROM events WHERE substr(date, 6, 2) IN ('01', '02')"),
    (EventFilter(partners=frozenset({"Japan"})), "SELECT count(*) FROM events WHERE partners LIKE '%Japan%'"),
    (EventFilter(categories=frozenset({OTHER})), "SELECT count(*) FROM events WHERE categories IS NULL"),
])
def test_filters_agree_with_the_events_view(conn, flt, expected):
    got = query_events(conn, flt)
    assert len(got) == conn.execute(expected).fetchone()[0] > 0


def test_filters_combine_and_text_words_all_match(conn):
    both = query_events(conn, EventFilter(text="视频 会议", months=frozenset({4})))
    assert both and all("视频" in e.text and "会议" in e.text and e.month == 4 for e in both)
    assert query_events(conn, EventFilter(text="%")) == []  # LIKE wildcards are literal


@pytest.mark.parametrize("key", list(SORT_KEYS))
def test_every_column_sorts_both_ways_in_sql(conn, key):
    """Each column's order, worked out here from the events' own fields: up, down, and events without the column's
    value last both ways."""
    order = {lane.code: i for i, lane in enumerate(lanes(conn))}
    shown = {"date": lambda e: e.date, "text": lambda e: e.text, "section": lambda e: e.section,
             "category": lambda e: order[(e.categories or (OTHER,))[0]],   # its first lane; none: Other, the last
             "partners": lambda e: min(e.partners) if e.partners else None}[key]
    up = query_events(conn, sort=[(key, True)])
    down = query_events(conn, sort=[(key, False)])
    assert len(up) == len(down) == 92
    for events, ascending in ((up, True), (down, False)):
        keys = [shown(e) for e in events]
        valued = [k for k in keys if k is not None]
        assert keys == valued + [None] * (len(keys) - len(valued)), key      # the events without one last
        assert len(set(valued)) > 1 and valued == sorted(valued, reverse=not ascending), key


def test_layout_draws_every_event_in_each_of_its_lanes(conn):
    events = query_events(conn)
    lane_list = lanes(conn)
    drawn = layout(events, lane_list)
    assert drawn.drawn_events() == set(range(len(events)))
    assert len(drawn.markers) + len(drawn.spans) == sum(max(1, len(e.categories)) for e in events)
    assert [lane.code for lane in lane_list][-1] == OTHER and len(lane_list) == 9
    month_only = [s for s in drawn.spans if s.month_only]
    assert len(month_only) == sum(len(e.categories) or 1 for e in events if e.precision == "month")
    for s in drawn.spans:
        event = events[s.event_index]
        assert s.x1 > s.x0 and (s.x1 - s.x0 >= 28 if event.precision == "month" else s.x1 - s.x0 >= 2)


def test_same_day_markers_stack_then_cluster():
    events = [made_up(i, "2020-03-01") for i in range(MAX_STACK)] + [made_up(10 + i, "2020-05-01")
                                                                     for i in range(MAX_STACK + 3)]
    drawn = layout(events, LANES)
    stacked = [m for m in drawn.markers if m.x == 60.5]
    assert len(stacked) == MAX_STACK and len({m.y for m in stacked}) == MAX_STACK
    (cluster,) = [m for m in drawn.markers if m.x > 100]
    assert cluster.count == MAX_STACK + 3 and set(cluster.members) == set(range(MAX_STACK, len(events)))
    assert drawn.drawn_events() == set(range(len(events)))


def test_hit_test_prefers_markers_and_finds_bars():
    events = [made_up(1, "2020-03-01"), made_up(2, "2020-08", precision="month"),
              made_up(3, "2020-01-06", ("unknown",), end="2020-01-07")]
    drawn = layout(events, LANES)
    assert drawn.hit(60.6, 0.0, 1.0, 0.2) == 0
    assert drawn.hit(230, drawn.spans[0].y, 1.0, 0.2) == 1
    assert drawn.hit(6.0, drawn.spans[1].y, 1.0, 0.2) == 2 and drawn.spans[1].lane == 2  # unknown → Other
    assert drawn.hit(300, 1.0, 1.0, 0.2) is None


def test_the_first_event_in_view_counts_dots_clusters_and_bars():
    events = [made_up(1, "2020-03-01"), made_up(2, "2020-08", precision="month"),
              made_up(3, "2020-01-06", ("unknown",), end="2020-01-07")]
    drawn = layout(events, LANES)
    assert drawn.first_in_view(0, 366) == 0
    assert drawn.first_in_view(200, 240) == 1            # a month's bar, seen in its middle
    assert drawn.first_in_view(5, 6) == 2 and drawn.first_in_view(100, 150) is None
    crowd = [made_up(10 + i, "2020-05-01") for i in range(MAX_STACK + 3)]
    assert layout([made_up(1, "2020-03-01"), *crowd], LANES).first_in_view(100, 150) == 1   # a cluster's first


def test_places_prefer_the_longest_name():
    from ipexplorer.report.events import places_in

    names = [name for name, _role in places_in("新疆生产建设兵团与广东、深圳开展合作，日本特许厅参加。",
                                               ["新疆", "新疆生产建设兵团", "广东", "深圳", "日本", "美国"])]
    assert names == ["新疆生产建设兵团", "广东", "深圳", "日本"]
    assert places_in("与拉美国家交流", ["美国"]) == []    # 美国 inside 拉美国家 is no country


def test_events_sheet_for_export(conn):
    from ipexplorer.export.events import events_sheet

    sheet = events_sheet(query_events(conn, EventFilter(partners=frozenset({"WIPO"}))), lanes(conn),
                         EventFilter(partners=frozenset({"WIPO"})))
    rows = list(sheet.rows)
    assert rows and all("WIPO" in r[5] for r in rows)
    assert "partner in WIPO" in sheet.description


# --- the pane ----------------------------------------------------------------------------------------
@pytest.fixture
def pane(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    widget = TimelinePane(built_db, settings)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    with qtbot.waitSignal(widget.refreshed, timeout=5000):   # the events are read off the GUI thread
        widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.plot is not None, timeout=5000)
    yield widget
    widget.shutdown()


def marker_point(pane, index: int) -> QPoint:
    """Widget coordinates of the first marker (or bar middle) of event `index`."""
    item = pane.layout_data.items_of(index)[0]
    x, y = (item.x, item.y) if hasattr(item, "count") else ((item.x0 + item.x1) / 2, item.y)
    from PySide6.QtCore import QPointF

    vb = pane.plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(x, y))
    return pane.plot.mapFromScene(scene)


def test_pane_draws_every_event(pane, qtmodeltester):
    plot = pane.plot
    assert plot is not None and pane.model.rowCount() == 92
    markers = len(plot.markers.data)
    spans = len(pane.layout_data.spans)
    assert markers + spans == sum(max(1, len(e.categories)) for e in pane.events)
    assert pane.layout_data.drawn_events() == set(range(92))
    assert plot.lane_axis.labels[0].startswith("国际合作") and plot.lane_axis.labels[-1].startswith("其他")
    qtmodeltester.check(pane.model)
    pane.grab()


def refreshed(qtbot, pane, action) -> None:
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        action()


def test_filters_narrow_list_and_axis(qtbot, pane, built_db):
    refreshed(qtbot, pane, lambda: pane.category_combo.setCurrentIndex(pane.category_combo.findData("covid")))
    assert pane.model.rowCount() == 13
    assert all("covid" in e.categories for e in pane.events)
    assert pane.layout_data.drawn_events() == set(range(13))
    assert "13 / 92" in pane.count_label.text()
    refreshed(qtbot, pane, lambda: pane.category_combo.setCurrentIndex(0))
    refreshed(qtbot, pane, lambda: pane.month_combo.setCurrentIndex(pane.month_combo.findData(12)))
    assert pane.events and all(e.month == 12 for e in pane.events)
    refreshed(qtbot, pane, lambda: pane.month_combo.setCurrentIndex(0))
    refreshed(qtbot, pane, lambda: pane.partner_combo.setCurrentIndex(pane.partner_combo.findData("WIPO")))
    assert pane.events and all("WIPO" in e.partners for e in pane.events)
    refreshed(qtbot, pane, lambda: pane.partner_combo.setCurrentIndex(0))
    refreshed(qtbot, pane, lambda: pane.text_filter.setText("专利"))  # typed; QTest cannot type non-ASCII keys
    assert pane.model.rowCount() == len(pane.events) < 92
    conn = connect(built_db)
    printed = {eid for (eid,) in conn.execute("SELECT event_id FROM event_source WHERE text LIKE '%专利%'")}
    conn.close()
    assert {e.event_id for e in pane.events} == printed   # an event matches by any of its printings


def test_selection_follows_list_and_axis_both_ways(qtbot, pane):
    pane.view.setCurrentIndex(pane.model.index(3, 2))
    assert pane.plot.selected == 3
    assert pane.events[3].text[:10] in pane.details.toPlainText()
    target = next(i for i, e in enumerate(pane.events) if e.date == "2020-07-01" or e.month == 7)
    pane.fit_all()
    qtbot.mouseClick(pane.plot.viewport(), Qt.MouseButton.LeftButton, pos=marker_point(pane, target))
    qtbot.waitUntil(lambda: pane.current_index() is not None and
                    pane.events[pane.current_index()].date == pane.events[target].date)
    assert pane.plot.selected == pane.current_index()


def test_hover_names_the_event(qtbot, pane):
    pane.fit_all()
    index = 10
    qtbot.mouseMove(pane.plot.viewport(), marker_point(pane, index))
    qtbot.waitUntil(lambda: pane.plot.toolTip() != "")
    tip = pane.plot.toolTip()
    event = pane.events[index]
    assert f"<b>{event.date_label()}</b>" in tip
    same_place = [j for j, e in enumerate(pane.events) if e.date == event.date]
    shown = [j for j in same_place if tip == pane.plot.tooltip(j)]   # that event's tip, not a neighbour's
    assert shown and html.escape(pane.events[shown[0]].first_sentence()) in tip


def test_keyboard_steps_through_events_and_zooms(qtbot, pane):
    pane.select_index(0)
    pane.plot.setFocus()
    qtbot.keyClick(pane.plot, Qt.Key.Key_Right)
    qtbot.keyClick(pane.plot, Qt.Key.Key_Right)
    assert pane.current_index() == 2
    qtbot.keyClick(pane.plot, Qt.Key.Key_Left)
    assert pane.current_index() == 1
    pane.fit_all()
    lo, hi = pane.plot.x_range()
    qtbot.keyClick(pane.plot, Qt.Key.Key_Plus)
    lo2, hi2 = pane.plot.x_range()
    assert hi2 - lo2 == pytest.approx((hi - lo) / 2, rel=0.05)
    item = pane.layout_data.items_of(1)[0]  # the zoom centres on the selected event
    assert lo2 <= (item.x if hasattr(item, "count") else item.x0) <= hi2
    for _ in range(10):
        pane.zoom(0.5)
    lo3, hi3 = pane.plot.x_range()
    assert hi3 - lo3 >= 6.9  # never closer than a week
    qtbot.mouseClick(pane.fit_button, Qt.MouseButton.LeftButton)
    assert pane.plot.x_range()[1] - pane.plot.x_range()[0] > 360
    pane.next_button.click()
    assert pane.current_index() == 2


def test_selecting_an_event_scrolls_the_list_down_to_it_not_across(qtbot, pane):
    """An event chosen on the axis or by Next / Previous: the list scrolls down to its row and leaves its columns
    where they are (the text cell, wider than the list, scrolled the category column out under the date)."""
    pane.resize(800, 700)                                          # the list's columns wider than its view
    view = pane.view
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    assert view.horizontalScrollBar().value() == 0
    for row in (60, 61, len(pane.events) - 1, 3):
        pane.select_index(row)
        rect = view.visualRect(pane.model.index(row, pane.model.column_index("text")))
        assert view.viewport().rect().top() <= rect.top() and rect.bottom() <= view.viewport().rect().bottom(), row
        assert view.horizontalScrollBar().value() == 0, row
    pane.next_button.click()
    assert pane.current_index() == 4 and view.horizontalScrollBar().value() == 0
    view.setFocus()
    for _ in range(3):   # on from there with the keyboard: down the list, not across it
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert pane.current_index() == 7 and view.horizontalScrollBar().value() == 0


def test_zoomed_with_nothing_selected_the_list_shows_the_events_in_view(qtbot, pane):
    """The list scrolls to the first event the zoomed axis shows; a selected event keeps the list where it is."""
    pane.resize(800, 700)                                          # the list's columns wider than its view
    view, period = pane.view, pane.layout_data.period
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    july = period.offset(dt.date(period.first, 7, 1))
    month = f"{period.first}-07"
    assert view.rowAt(0) == 0
    left = view.horizontalScrollBar().value()
    pane.plot.setXRange(july, july + 20, padding=0)
    top = view.rowAt(0)
    assert view.horizontalScrollBar().value() == left               # down to the row, not across to a column
    assert top > 0 and pane.events[top].date.startswith(month)   # the first July event heads the list
    assert all(e.date < month and (e.end_date or e.date) < month for e in pane.events[:top])   # none before in view
    pane.fit_all()
    assert view.rowAt(0) == 0
    pane.select_index(2)                                           # a chosen event stays in the list's view
    view.scrollToTop()
    pane.plot.setXRange(july, july + 20, padding=0)
    assert view.rowAt(0) == 0 and pane.current_index() == 2


def test_sorting_the_list_keeps_axis_and_selection_in_step(qtbot, pane):
    """A header click sorts in SQL; the selected event stays selected, in the list and on the axis."""
    event_id = pane.events[5].event_id
    pane.select_index(5)
    header = pane.grid.header
    logical = pane.model.column_index("text")
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    refreshed(qtbot, pane, lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                                                    pos=QPoint(x, header.height() // 2)))
    assert "ORDER BY text ASC" in pane.model.last_sql
    texts = [e.text for e in pane.events]
    assert texts == sorted(texts) and texts != [e.text for e in sorted(pane.events, key=lambda e: e.date)]
    row = pane.current_index()
    assert row is not None and pane.events[row].event_id == event_id
    assert pane.plot.selected == row
    assert pane.layout_data.events == pane.events            # the axis draws the list's rows, in its order


def test_the_list_shows_dates_in_the_interface_language_and_partners_and_copies_every_row(qtbot, pane, qapp):
    from ipexplorer.ui.shell import i18n

    language = "zh" if i18n.is_chinese() else "en"
    model = pane.model
    dates = [model.index(r, model.column_index("date_label")).data() for r in range(model.rowCount())]
    assert dates == [e.date_label(language) for e in pane.events]
    assert any("—" in d or "–" in d for d in dates)           # a range of days
    partners = model.column_index("partners")
    korea = next(r for r, e in enumerate(pane.events) if "South Korea" in e.partners)
    assert ("韩国" if language == "zh" else "South Korea") in model.index(korea, partners).data()
    pane.view.setFocus()
    with qtbot.waitSignal(pane.grid.all_selected, timeout=5000):
        pane.grid.select_all_action.trigger()
    pane.grid.copy_action.trigger()
    lines = qapp.clipboard().text().splitlines()
    assert len(lines) == 1 + len(pane.events) == 93
    assert lines[1].split("\t")[0] == dates[0]


def test_list_and_axis_say_loading_until_the_events_come_and_say_when_none_match(qtbot, built_db, settings):
    """The list and the axis were blank while the events loaded, with no word; and an axis of no events
    (filtered out) was a bare set of lanes."""
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane)
    pane.resize(1200, 800)
    pane.show()          # nothing read yet: the worker's answer waits for the GUI thread's event loop
    loading = pane.tr("Loading events…")
    assert pane.grid.empty_label.isVisible() and pane.grid.empty_text.text() == loading
    assert not pane.grid.empty_clear.isVisible()
    # over the whole list, laid out as the window shows (it was cut to the list's size before the first show)
    assert pane.grid.empty_label.geometry() == pane.grid.view.viewport().rect()
    assert pane.plot_message.isVisible() and pane.plot_message.text() == loading
    pane.ensure_plot()   # the axis made before its events: it says so too
    assert pane.plot_message.isVisible() and pane.plot_message.text() == loading
    assert pane.plot_message.geometry() == pane.plot_holder.rect()
    try:
        with qtbot.waitSignal(pane.refreshed, timeout=5000):
            pass
        assert len(pane.events) == 92
        assert not pane.grid.empty_label.isVisible() and not pane.plot_message.isVisible()
        with qtbot.waitSignal(pane.refreshed, timeout=5000):
            pane.category_combo.setCurrentIndex(pane.category_combo.findData("covid"))   # a query under way:
            assert not pane.grid.empty_label.isVisible() and not pane.plot_message.isVisible()   # no flash of words
        refreshed(qtbot, pane, lambda: pane.category_combo.setCurrentIndex(0))
        refreshed(qtbot, pane, lambda: pane.text_filter.setText("zzzz no such event"))
        assert pane.events == [] and pane.grid.empty_text.text() == pane.grid.tr("No rows match")
        assert pane.plot_message.isVisible() and pane.plot_message.text() == pane.tr("No events match the filters")
        with qtbot.waitSignal(pane.refreshed, timeout=5000):   # a further filter that matches nothing either:
            pane.month_combo.setCurrentIndex(pane.month_combo.findData(3))   # its query under way, the empty
            assert pane.grid.empty_label.isVisible() and pane.grid.empty_clear.isVisible()   # state stays
            assert pane.grid.empty_text.text() == pane.grid.tr("No rows match")     # (it went off and on again)
        assert pane.events == [] and pane.grid.empty_label.isVisible() and pane.grid.empty_clear.isVisible()
        refreshed(qtbot, pane, lambda: pane.month_combo.setCurrentIndex(0))
        refreshed(qtbot, pane, pane.text_filter.clear)
        assert len(pane.events) == 92 and not pane.plot_message.isVisible()
    finally:
        pane.shutdown()


def test_a_failed_query_is_said_by_the_list_and_the_axis_not_loading_for_good(qtbot, built_db, settings,
                                                                              monkeypatch):
    """The axis heard only the list's rows: a first query that failed left "Loading events…" over it for good (and
    the list said "No rows"). Both say the failure; the next query that answers shows the events."""
    import sqlite3

    from ipexplorer.ui.grid import table_model
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    def broken(*_args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(table_model, "_first_page", broken)
    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane)
    pane.resize(1200, 800)
    try:
        with qtbot.waitSignal(pane.model.query_failed, timeout=5000):
            pane.show()
        said = pane.grid.tr("Query failed: {error}").format(error="disk I/O error")
        assert pane.grid.empty_label.isVisible() and pane.grid.empty_text.text() == said
        assert pane.plot_message.isVisible() and pane.plot_message.text() == said
        pane.ensure_plot()   # the axis made after the failure says it too
        assert pane.plot_message.isVisible() and pane.plot_message.text() == said
        assert pane.events == []
        monkeypatch.undo()
        refreshed(qtbot, pane, lambda: pane.category_combo.setCurrentIndex(pane.category_combo.findData("covid")))
        assert len(pane.events) == 13
        assert not pane.grid.empty_label.isVisible() and not pane.plot_message.isVisible()
    finally:
        pane.shutdown()


def test_a_column_filter_narrows_list_and_axis_and_the_empty_state_clears_every_filter(qtbot, pane):
    from ipexplorer.query.builder import ColumnFilter

    section = pane.events[0].section
    refreshed(qtbot, pane, lambda: pane.grid.set_filter(ColumnFilter("section", values=(section,))))
    assert pane.events and all(e.section == section for e in pane.events)
    assert pane.layout_data.drawn_events() == set(range(len(pane.events))) and len(pane.events) < 92
    refreshed(qtbot, pane, lambda: pane.month_combo.setCurrentIndex(pane.month_combo.findData(12)))
    assert pane.events == [] and pane.grid.empty_label.isVisible()
    assert pane.grid.empty_clear.isVisible()                  # the boxes' filters count as filters
    refreshed(qtbot, pane, pane.grid.empty_clear.click)
    assert len(pane.events) == 92 and pane.month_combo.currentIndex() == 0 and not pane.grid.state.filters


def test_open_in_report_and_jump_to_region_rows(qtbot, built_db, settings):
    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.show_pane("timeline")
    pane = window.timeline
    qtbot.waitUntil(lambda: pane.model.rowCount() == 92, timeout=5000)
    row = next(i for i, e in enumerate(pane.events) if "Japan" in e.partners)
    with qtbot.waitSignal(pane.details_shown, timeout=5000):
        pane.select_index(row)
    pane.report_button.click()
    assert window.current_pane() == "report"
    qtbot.waitUntil(lambda: window.report_view.built, timeout=5000)   # the text is read off the GUI thread
    assert window.report_view.current_line == pane.events[row].source_line
    actions = pane.region_button.menu().actions()
    show_rows = next(a for a in actions if a.text().startswith("日本") and "在数据表中查看" in a.text())
    show_rows.trigger()
    assert window.current_pane() == "tables"
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.model.fully_loaded and explorer.model.rowCount() > 0, timeout=5000)
    assert explorer.table_no() is None
    column = explorer.model.column_index("region_zh")
    assert {explorer.model.index(r, column).data() for r in range(explorer.model.rowCount())} == {"日本"}
    window.close()


def test_export_the_filtered_events(qtbot, built_db, settings, tmp_path):
    from openpyxl import load_workbook

    from ipexplorer.ui.shell.main_window import MainWindow

    window = MainWindow(built_db, settings=settings)
    qtbot.addWidget(window)
    window.show_pane("timeline")
    pane = window.timeline
    qtbot.waitUntil(lambda: pane.category_combo.findData("covid") >= 0, timeout=5000)
    refreshed(qtbot, pane, lambda: pane.category_combo.setCurrentIndex(pane.category_combo.findData("covid")))
    target = tmp_path / "events.xlsx"
    task = window.run_export(window.timeline.request_export(target))
    qtbot.waitUntil(lambda: not task.thread.isRunning() and target.exists(), timeout=10000)
    book = load_workbook(target, read_only=True)
    sheet = book[book.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "日期 Date" and len(rows) == 1 + 13
    assert all("疫情防控" in r[3] for r in rows[1:])
    window.close()


def test_zoomed_in_the_events_are_named_and_the_axis_writes_dates_like_the_list(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane
    from ipexplorer.ui.shell import i18n

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())   # its worker stops even when a check fails
    pane.resize(1200, 700)
    pane.show()
    qtbot.waitUntil(lambda: plot_laid_out(pane), timeout=10000)
    plot = pane.plot
    days = plot.layout_data.period.days
    plot.setXRange(160, 160 + days / 8, padding=0)        # 8×: the end of June into July (labelled at once)
    assert plot.event_labels, "names where they fit"
    first = len(plot.event_labels)
    assert all("月" not in label[:3] for label in plot.event_labels.texts())   # no date repeated
    axis = plot.date_axis
    lo, hi = plot.x_range()
    levels = axis.tickValues(lo, hi, axis.geometry().width() or 1000)
    spacing, values = levels[-1]
    labels = axis.tickStrings(values, 1, spacing)
    if i18n.is_chinese():
        assert all(t.endswith("日") and "月" in t for t in labels) and "7月1日" in labels   # not "6/10", "7/1" kept
    starts = [d for d, _z, _e in plot.layout_data.period.month_starts() if lo <= d <= hi]
    assert all(d + 0.5 in values for d in starts if (d - values[0] + 0.5) % spacing == 0)
    plot.fit_all()
    lo, hi = plot.x_range()
    assert hi - lo > 360                                    # the whole year again
    assert len(plot.event_labels) != first and len(plot.event_labels) < 92   # named only where room is
    plot.setXRange(160, 160 + days / 8, padding=0)
    assert len(plot.event_labels) == first                  # and the same weeks again name what they named


def test_partners_show_in_the_interface_language(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane, partner_text
    from ipexplorer.ui.shell import i18n

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())   # its worker stops even when a check fails
    pane.show()
    qtbot.waitUntil(lambda: pane.partner_combo.count() > 1, timeout=10000)
    items = [pane.partner_combo.itemText(i) for i in range(pane.partner_combo.count())]
    if i18n.is_chinese():
        assert partner_text("South Korea") == "韩国"
        assert any(t.startswith("韩国 (") for t in items) and not any(t.startswith("South Korea") for t in items)
        assert partner_text("WIPO") == "WIPO"


def test_an_events_details_are_labelled_in_the_interface_language(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane
    from ipexplorer.ui.shell import i18n

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    pane.show()
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10000)
    pane.select_index(0)
    text = pane.details.toPlainText()
    if i18n.is_chinese():
        assert "类别：" in text and "章节：" in text and "报告第" in text and "Categories:" not in text


def plot_laid_out(pane) -> bool:
    """The pane's axis shows its events at the room the pane gives it: the plot fills its holder, the lane names
    have their width and the view box the rest. The axis is built after the pane's first frame and laid out by
    layouts that run later (its view box was 63 px wide at first, then 975 before the lane names took theirs);
    the labels are placed for whatever room there is at each step."""
    plot = pane.plot
    if plot is None or plot.layout_data is None or len(plot.layout_data.markers) <= 20:   # the events, not the lanes
        return False
    item, axis, vb = plot.getPlotItem(), plot.lane_axis, plot.getPlotItem().getViewBox()
    return (plot.width() == pane.plot_holder.width() and item.geometry().width() == plot.viewport().width()
            and axis.geometry().width() == axis.maximumWidth() and vb.geometry().left() >= axis.geometry().right()
            and vb.geometry().right() >= item.geometry().width() - 2)


def assert_labels_clear(plot) -> None:
    """No event label overlaps another, nor covers a dot of the plot."""
    vb = plot.getPlotItem().getViewBox()
    boxes = plot.event_labels.scene_boxes()   # through the view's transform as the next paint sets it
    texts = plot.event_labels.texts()
    assert boxes
    for i, a in enumerate(boxes):
        clash = [(texts[i], texts[j]) for j, b in enumerate(boxes) if j > i and a.intersects(b)]
        assert not clash
    lo, hi = plot.x_range()
    for m in plot.layout_data.markers:
        if lo <= m.x <= hi:
            dot = vb.mapViewToScene(QPointF(m.x, m.y))
            over = [texts[i] for i, box in enumerate(boxes) if box.adjusted(1, 1, -1, -1).contains(dot)]
            assert not over, (m, over)


@pytest.mark.parametrize("zoom", [1, 4])
def test_event_labels_never_run_into_the_next_dot_or_label(qtbot, built_db, settings, zoom):
    """At the whole year, the words beside one dot stopped at the next dot's centre plus the text item's padding,
    and a narrower window kept labels measured for a wider one: "第二十一届中国专…局党组召开会议" read as one run."""
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    pane.resize(1024, 640)
    pane.show()
    qtbot.waitUntil(lambda: plot_laid_out(pane), timeout=10000)
    plot = pane.plot
    vb = plot.getPlotItem().getViewBox()
    days = plot.layout_data.period.days
    plot.setXRange(0, days / zoom, padding=0)     # the labels are placed at once, before the next paint
    assert_labels_clear(plot)
    wide = vb.width()
    pane.resize(820, 640)          # the same days in fewer pixels
    qtbot.waitUntil(lambda: plot_laid_out(pane) and vb.width() < wide)
    assert_labels_clear(plot)


def test_event_words_start_just_beside_their_dot(qtbot, built_db, settings):
    """The room for a label kept two pixels of a text item's margin on each side after labels became one
    TextLabels item without one: the words stood 8 px from their dot's centre (3.5 px clear of its edge) and
    stopped 6 px short of what fitted. They start a 1.5 px gap after the dot's edge and end before the next one."""
    from ipexplorer.ui.panes.timeline_pane import TimelinePane
    from ipexplorer.ui.plots.timeline_plot import DOT_PIXELS, LABEL_GAP

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    pane.resize(1200, 700)
    pane.show()
    qtbot.waitUntil(lambda: plot_laid_out(pane), timeout=10000)
    plot = pane.plot
    plot.setXRange(160, 160 + plot.layout_data.period.days / 8, padding=0)
    vb = plot.getPlotItem().getViewBox()
    boxes = plot.event_labels.scene_boxes()   # placed at once, measured through the transform the next paint sets
    assert boxes
    dots_of_lane: dict[float, list[float]] = {}
    for m in plot.layout_data.markers:
        dots_of_lane.setdefault(m.y, []).append(vb.mapViewToScene(QPointF(m.x, m.y)).x())
    for (x, y), box in zip(plot.event_labels.positions(), boxes, strict=True):
        dot = vb.mapViewToScene(QPointF(x, y)).x()
        assert box.left() - (dot + DOT_PIXELS / 2) == pytest.approx(LABEL_GAP, abs=0.5), (box, dot)
        later = [d for d in dots_of_lane[y] if d > dot + 0.5]
        if later:
            assert box.right() + LABEL_GAP <= min(later) - DOT_PIXELS / 2 + 0.5, (box, min(later))


def _ink_rows(image, rect, width: int = 60) -> tuple[int, int] | None:
    """The first and last pixel rows (from the cell's top) where text is drawn in the first `width` px of a cell."""
    from PySide6.QtGui import QColor

    from ipexplorer.ui.shell.theme import contrast_ratio

    ground = QColor.fromRgb(image.pixel(rect.left() + 1, rect.top() + 1))
    rows = [y - rect.top() for y in range(rect.top() + 1, rect.bottom())
            if any(contrast_ratio(QColor.fromRgb(image.pixel(x, y)), ground) > 2
                   for x in range(rect.left() + 3, min(rect.right() - 2, rect.left() + width)))]
    return (rows[0], rows[-1]) if rows else None


def test_the_english_lists_categories_sit_in_line_with_their_row(qtbot, english, built_db, settings):
    """In English an event of several categories read "Meetings and conferences；Protection…": the full-width
    "；" came from the CJK font, whose taller line put the cell's words two pixels above the date beside them."""
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    pane.resize(1024, 640)
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.show()
    model, view = pane.model, pane.view
    column = model.column_index("categories")
    view.setColumnWidth(column, 120)           # every name cut short: the words drawn all start "Meetings…"
    qtbot.wait(30)
    texts = [model.record(r)["categories"] or "" for r in range(model.rowCount())]
    assert not any("；" in t for t in texts)
    meetings = [r for r, t in enumerate(texts) if t.startswith("Meetings and conferences")]
    single = [r for r in meetings if ";" not in texts[r]]
    several = [r for r in meetings if ";" in texts[r]]
    assert single and several
    rows = [single[0], several[0]]
    view.scrollTo(model.index(min(rows), column))
    qtbot.wait(30)
    image = view.viewport().grab().toImage()
    ink = {}
    for r in rows:
        rect = view.visualRect(model.index(r, column))
        assert view.viewport().rect().contains(rect), (r, rect)
        ink[r] = _ink_rows(image, rect)
    assert ink[several[0]] == ink[single[0]], ink
    assert "; " in pane._categories_text(pane.events[several[0]])


def test_an_event_of_no_category_reads_other_in_the_list_and_its_details(qtbot, pane):
    """The report gives one event no category: the axis draws it in the Other lane, and the list's cell and the
    details name that lane (they were empty and "—")."""
    from ipexplorer.ui.shell import i18n

    other = "其他" if i18n.is_chinese() else "Other"
    model = pane.model
    rows = [r for r, e in enumerate(pane.events) if not e.categories]
    assert len(rows) == 1
    assert model.index(rows[0], model.column_index("categories")).data() == other
    assert [model.index(r, model.column_index("categories")).data() for r in range(model.rowCount())].count(other) \
        == 1
    with qtbot.waitSignal(pane.details_shown, timeout=5000):
        pane.select_index(rows[0])
    assert other in pane.details.toPlainText()


def test_the_lists_sort_and_column_widths_come_back_in_the_next_session(qtbot, built_db, settings):
    """The event list's header sort and widths are kept as GridView JSON in the settings file (read back through
    QSettings as plain text) and restored by the next pane; a filter in between keeps both."""
    import json

    from PySide6.QtCore import QSettings

    from ipexplorer.ui.panes.timeline_pane import TimelinePane
    from ipexplorer.ui.shell.settings import Settings

    first = TimelinePane(built_db, settings)
    qtbot.addWidget(first, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(first.refreshed, timeout=10000):
        first.show()
    unsorted = [e.event_id for e in first.events]
    with qtbot.waitSignal(first.refreshed, timeout=10000):
        first.grid.sort_by("partners", ascending=False)
    order = [e.event_id for e in first.events]       # every event, by partner descending
    assert order != unsorted and sorted(order) == sorted(unsorted)
    text = first.model.column_index("text")
    first.view.setColumnWidth(text, 333)
    with qtbot.waitSignal(first.refreshed, timeout=10000):    # a box's filter: sort and widths survive it
        first.month_combo.setCurrentIndex(first.month_combo.findData(6))
    assert first.grid.state.sort == (("partners", False),) and first.view.columnWidth(text) == 333
    june = [e.event_id for e in first.events]   # June's, by partner descending
    first.save()
    first.shutdown()
    raw = QSettings(str(settings.path), QSettings.Format.IniFormat).value("timeline/grid")
    saved = json.loads(raw)
    assert saved["sort"] == [["partners", False]] and saved["widths"]["text"] == 333

    second = TimelinePane(built_db, Settings(settings.path))
    qtbot.addWidget(second, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(second.refreshed, timeout=10000):
        second.show()
    assert second.grid.state.sort == (("partners", False),)
    assert second.view.columnWidth(second.model.column_index("text")) == 333
    assert second.month_combo.currentData() == 6   # the box too
    assert [e.event_id for e in second.events] == june == [e for e in order if e in june]


def test_a_damaged_grid_setting_opens_the_list_unsorted(qtbot, built_db, settings):
    from ipexplorer.ui.panes.timeline_pane import TimelinePane
    from ipexplorer.ui.view_model import GridView

    assert GridView.from_dict({"sort": [["date_label", "yes"], [3, True], "x"], "widths": {"text": -5, "a": True},
                               "version": "?"}) == GridView()
    assert GridView.from_dict([1, 2]) == GridView() and GridView.from_dict(GridView((("a", True),)).to_dict()) \
        == GridView((("a", True),))
    settings.set("timeline/grid", json_text := '{"sort": [["no_such_column", true]], "widths": {"text": 250}}')
    assert settings.get("timeline/grid") == json_text
    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.show()
    assert pane.grid.state.sort == () and pane.view.columnWidth(pane.model.column_index("text")) == 250


@pytest.mark.parametrize("flt", [EventFilter(), EventFilter(text="WIPO"), EventFilter(categories=frozenset({OTHER}))])
def test_the_lists_rows_are_the_timelines_events(conn, flt):
    """The grid's dataset and query_events read the same events, categories, partners and source lines."""
    from ipexplorer.query.builder import QueryState, select_sql
    from ipexplorer.query.timeline import event_of_record, events_dataset, timeline_period

    dataset = events_dataset(flt)
    sql, params = select_sql(dataset, QueryState(sort=(("date_label", True),)))
    keys = ["_rid", *(c.key for c in dataset.columns)]
    period = timeline_period(conn)
    listed = [event_of_record(dict(zip(keys, row, strict=True)), period) for row in conn.execute(sql, params)]
    queried = query_events(conn, flt)
    assert listed == queried and len(queried) > 0
    assert any(len(e.sources) > 1 for e in queried) or flt.active


def test_the_events_sheet_names_the_years_of_its_events(conn, shifted_db):
    from ipexplorer.export.events import events_sheet

    assert events_sheet(query_events(conn), lanes(conn)).description == "年度要事 · Events of 2020"
    shifted = connect(shifted_db)
    try:
        assert events_sheet(query_events(shifted), lanes(shifted)).description == "年度要事 · Events of 2019"
    finally:
        shifted.close()
    assert events_sheet([], lanes(conn)).description == "年度要事 · Events"


def test_the_events_sheet_of_two_editions_spans_both(two_editions):
    from ipexplorer.export.events import events_sheet

    both = connect(two_editions)
    try:
        assert events_sheet(query_events(both), lanes(both)).description == "年度要事 · Events of 2019–2020"
    finally:
        both.close()


def test_the_timelines_texts_are_one_item_each_kind(qtbot, built_db, settings):
    """Event names and merged dots' counts are drawn by one item each: a zoom that names more events adds no
    graphics item to the scene."""
    import pyqtgraph as pg

    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    pane.resize(1200, 700)
    pane.show()
    qtbot.waitUntil(lambda: plot_laid_out(pane), timeout=10000)
    plot = pane.plot
    count = len(plot.scene().items())
    named = len(plot.event_labels)
    plot.setXRange(160, 160 + plot.layout_data.period.days / 8, padding=0)
    qtbot.waitUntil(lambda: len(plot.event_labels) != named)     # more events named in the zoomed view
    assert len(plot.scene().items()) <= count + 2   # (an axis may add a tick label's item)
    assert not any(isinstance(item, pg.TextItem) for item in plot.scene().items())


def test_the_axis_is_built_after_the_panes_first_frame(qtbot, built_db, settings):
    """The first switch to the Timeline built pyqtgraph's axis before the pane's first frame (a third of the
    switch): the bar, list and details paint first, the axis follows them."""
    from PySide6.QtCore import QEvent, QObject

    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    at_first_paint: list[bool] = []

    class FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and not at_first_paint:
                at_first_paint.append(pane.plot is None)
            return False

    watcher = FirstPaint()
    pane.installEventFilter(watcher)
    pane.resize(1024, 640)
    pane.show()
    qtbot.waitUntil(lambda: pane.plot is not None and pane.plot.isVisible(), timeout=10000)
    pane.removeEventFilter(watcher)
    assert at_first_paint == [True]


def test_reset_view_puts_the_list_back_in_date_order_with_its_first_widths_and_forgets_them(qtbot, built_db,
                                                                                            settings):
    """View › Reset view: the list's sort and widths and the splits go back to the first ones, now and at the next
    start (the close that follows saves them, not the old ones), and every event is listed again (the boxes and
    column filters off, as Reset view clears the Tables pane's)."""
    from ipexplorer.query.builder import ColumnFilter
    from ipexplorer.ui.panes.timeline_pane import COLUMN_WIDTHS, TimelinePane
    from ipexplorer.ui.shell.settings import Settings

    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    pane.resize(1200, 800)
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.show()
    first = [e.event_id for e in pane.events]
    splits = (pane.splitter.sizes(), pane.list_splitter.sizes())
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.grid.sort_by("partners", ascending=False)
    text = pane.model.column_index("text")
    pane.view.setColumnWidth(text, 333)
    pane.splitter.setSizes([200, 560])
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.month_combo.setCurrentIndex(pane.month_combo.findData(6))
    section = pane.events[0].section
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.grid.set_filter(ColumnFilter("section", values=(section,)))
    assert 0 < len(pane.events) < len(first) and all(e.month == 6 and e.section == section for e in pane.events)
    whole = pane.ensure_plot().x_range()
    pane.select_index(0)
    pane.zoom(0.25)
    assert pane.current_event() is not None and pane.plot.x_range() != whole
    pane.save()
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.reset_view()
    assert pane.current_event() is None and pane.plot.x_range() == pytest.approx(whole)   # the year, none chosen
    assert pane.grid.state.sort == () and pane.view.columnWidth(text) == COLUMN_WIDTHS["text"]
    assert (pane.splitter.sizes(), pane.list_splitter.sizes()) == splits
    assert pane.month_combo.currentIndex() == 0 and not pane.grid.state.filters and not pane.grid.outside_filters
    assert [e.event_id for e in pane.events] == first
    pane.save()
    pane.shutdown()
    again = TimelinePane(built_db, Settings(settings.path))
    qtbot.addWidget(again, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(again.refreshed, timeout=10000):
        again.show()
    assert again.grid.state.sort == () and again.view.columnWidth(text) == COLUMN_WIDTHS["text"]


def test_a_palette_switch_recolours_the_shown_events_links(qtbot, qapp, pane):
    """The details' links ("report line 217", a region) stayed dark blue on the dark page until another event."""
    from PySide6.QtGui import QPalette

    from ipexplorer.ui.shell import theme

    before = qapp.palette()
    try:
        theme.apply("light", qapp)
        pane.select_index(0)
        light = first_link_color(pane.details)
        theme.apply("dark", qapp)
        pane.apply_palette("dark")
        assert pane.current_index() == 0
        assert first_link_color(pane.details) == qapp.palette().color(QPalette.ColorRole.Link).name() != light
    finally:
        qapp.setPalette(before)


def test_previous_and_next_are_greyed_where_there_is_no_event_to_step_to(qtbot, pane):
    n = len(pane.events)
    assert pane.prev_button.isEnabled() and pane.next_button.isEnabled()   # nothing chosen: either end
    pane.select_index(0)
    assert not pane.prev_button.isEnabled() and pane.next_button.isEnabled()
    pane.select_index(n - 1)
    assert pane.prev_button.isEnabled() and not pane.next_button.isEnabled()
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.text_filter.setText("zzzz")   # no event listed
    qtbot.waitUntil(lambda: not pane.events)
    assert not pane.prev_button.isEnabled() and not pane.next_button.isEnabled()


def test_the_filter_boxes_and_the_event_chosen_come_back_in_a_new_window(qtbot, built_db, settings, pane):
    """A restart, or the new window a language switch builds, kept the list's sort and widths but dropped the
    boxes (a category, a month, a partner, the text) and the event chosen."""
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.category_combo.setCurrentIndex(pane.category_combo.findData("international"))
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.month_combo.setCurrentIndex(pane.month_combo.findData(6))
    assert pane.events
    pane.select_index(len(pane.events) - 1)
    chosen, listed = pane.current_event().event_id, [e.event_id for e in pane.events]
    pane.save()
    again = TimelinePane(built_db, settings)
    qtbot.addWidget(again, before_close_func=lambda w: w.shutdown())
    again.resize(1200, 800)
    with qtbot.waitSignal(again.refreshed, timeout=10000):
        again.show()
    qtbot.waitUntil(lambda: again.current_event() is not None, timeout=5000)
    assert again.category_combo.currentData() == "international" and again.month_combo.currentData() == 6
    assert [e.event_id for e in again.events] == listed and again.current_event().event_id == chosen


@pytest.mark.parametrize("saved", ['{"text": 5, "month": "x", "category": [1], "event": true}', "[1, 2]", "{"])
def test_a_damaged_boxes_setting_lists_every_event(qtbot, built_db, settings, saved):
    from ipexplorer.ui.panes.timeline_pane import BOXES_KEY, TimelinePane

    settings.set(BOXES_KEY, saved)
    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.show()
    assert len(pane.events) == 92 and pane.current_event() is None and pane.text_filter.text() == ""
