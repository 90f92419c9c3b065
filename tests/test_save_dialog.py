"""The one save-as question of the table exports (ui/shell/save_dialog.py), and the panes that ask it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from ipexplorer.ui.shell.save_dialog import FORMATS, ask_save_path


@pytest.fixture
def answer(monkeypatch):
    """Stand in for the user: the dialog returns the next (name, filter) and records what it was asked."""
    asked = []

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
