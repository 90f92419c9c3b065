"""The one save-as question of the table exports (ui/shell/save_dialog.py), and the panes that ask it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import charts_window
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ipexplorer.ui.shell import save_dialog
from ipexplorer.ui.shell.save_dialog import FORMATS, ask_save_path


@pytest.fixture
def answer(monkeypatch):
    """Stand in for the user: the dialog returns the next (name, filter) and records what it was asked."""
    asked = []
    monkeypatch.setattr(save_dialog, "_last_folder", None)   # no export made before this test

    def answer_with(name: str, chosen: str = ""):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *args: asked.append(args) or (name, chosen))
        return asked

    return answer_with


def test_a_name_without_a_suffix_gets_the_chosen_filters(answer, tmp_path):
    asked = answer(str(tmp_path / "rows"), FORMATS["csv"])
    assert ask_save_path(None, "Export", "events.xlsx") == tmp_path / "rows.csv"
    _parent, title, default, filters = asked[0]
    assert title == "Export" and default == str(Path.home() / "events.xlsx")
    assert filters == "Excel (*.xlsx);;CSV UTF-8 (*.csv)"
    answer(str(tmp_path / "rows.2020"), "")
    assert ask_save_path(None, "Export", "x.xlsx") == tmp_path / "rows.2020.xlsx"
    answer(str(tmp_path / "kept.CSV"), FORMATS["xlsx"])
    assert ask_save_path(None, "Export", "x.xlsx") == tmp_path / "kept.CSV"


def test_cancel_and_a_workbook_only_question(answer, tmp_path):
    answer("", "")
    assert ask_save_path(None, "Export", tmp_path / "a.xlsx") is None
    asked = answer(str(tmp_path / "profile.csv"), FORMATS["xlsx"])
    assert ask_save_path(None, "Export", tmp_path / "a.xlsx", ("xlsx",)) == tmp_path / "profile.csv.xlsx"
    assert asked[-1][2] == str(tmp_path / "a.xlsx") and asked[-1][3] == "Excel (*.xlsx)"


def test_every_pane_asks_through_the_one_question(answer, qtbot, built_db, settings, tmp_path):
    """The timeline's and the console's exports ask alike (a name typed bare gets the chosen filter's suffix)."""
    from ipexplorer.ui.panes.sql_console import SqlConsole
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    asked = answer(str(tmp_path / "events"), FORMATS["csv"])
    pane = TimelinePane(built_db, settings)
    qtbot.addWidget(pane, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(pane.refreshed, timeout=10000):
        pane.show()
    request = pane.request_export()
    assert request.path == tmp_path / "events.csv" and asked[-1][3] == "Excel (*.xlsx);;CSV UTF-8 (*.csv)"
    console = SqlConsole(built_db)
    qtbot.addWidget(console, before_close_func=lambda w: w.shutdown())
    asked = answer(str(tmp_path / "query"), FORMATS["xlsx"])
    assert console.export_path_dialog() == tmp_path / "query.xlsx"
    assert asked[-1][3] == "Excel (*.xlsx);;CSV UTF-8 (*.csv)"


def test_a_bare_name_is_offered_where_the_last_export_went(answer, tmp_path):
    asked = answer(str(tmp_path / "first.xlsx"), FORMATS["xlsx"])
    ask_save_path(None, "Export", "events.xlsx")
    assert asked[-1][2] == str(Path.home() / "events.xlsx")
    ask_save_path(None, "Export", "query.xlsx")
    assert asked[-1][2] == str(tmp_path / "query.xlsx")
    ask_save_path(None, "Export", Path("/elsewhere/chosen.xlsx"))   # a path is offered as it is
    assert asked[-1][2] == "/elsewhere/chosen.xlsx"


def test_replacing_a_file_under_an_added_suffix_is_asked(answer, tmp_path, monkeypatch):
    """The dialog asked about "rows"; the file written is "rows.csv", so that is asked about too."""
    (tmp_path / "rows.csv").write_text("kept")
    replies = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: replies.append(a) or QMessageBox.StandardButton.No)
    answer(str(tmp_path / "rows"), FORMATS["csv"])
    assert ask_save_path(None, "Export", "x.xlsx") is None
    assert "rows.csv" in replies[-1][2]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: replies.append(a) or QMessageBox.StandardButton.Yes)
    assert ask_save_path(None, "Export", "x.xlsx") == tmp_path / "rows.csv"
    answer(str(tmp_path / "new"), FORMATS["csv"])
    asked_before = len(replies)
    assert ask_save_path(None, "Export", "x.xlsx") == tmp_path / "new.csv" and len(replies) == asked_before


def test_the_chart_image_asks_through_the_one_question(answer, qtbot, built_db, settings, tmp_path, monkeypatch):
    """PNG and SVG: the same question (its folder, its suffix rule), the one atomic writer, the exports' error."""
    window = charts_window(qtbot, built_db, settings, 1280, 820)
    charts = window.charts
    asked = answer(str(tmp_path / "bars"), FORMATS["png"])
    charts.export_image_dialog("png")
    assert asked[-1][2] == str(Path.home() / "chart.png") and asked[-1][3] == "PNG (*.png)"
    assert (tmp_path / "bars.png").stat().st_size > 0
    asked = answer(str(tmp_path / "bars"), "")
    charts.export_image_dialog("svg")
    assert asked[-1][2] == str(tmp_path / "chart.svg") and asked[-1][3] == "SVG (*.svg)"
    assert (tmp_path / "bars.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert not list(tmp_path.glob(".*"))   # written beside under a temporary name, renamed
    shown = []
    monkeypatch.setattr("ipexplorer.ui.shell.export_dialog.show_error", lambda *a, **k: shown.append(a))
    answer(str(tmp_path / "missing" / "bars.png"), FORMATS["png"])
    charts.export_image_dialog("png")
    title, message = shown[-1][:2]   # the tests' interface is Chinese: the words of every export's failure
    assert title == "无法导出" and message.endswith("\n\n已有的文件保持不变。")
    assert str(tmp_path / "missing" / "bars.png") in message
    window.close()
