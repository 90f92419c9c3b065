"""The Report text reads a chapter's glyphs a few at a time, its in-text tables' cells too, each step's font file
pages given back before the next."""

from __future__ import annotations

import pytest
from conftest import with_report_read
from PySide6.QtGui import QFontMetricsF

from ipexplorer.ui.panes import report_reader
from ipexplorer.ui.shell import memory


@pytest.fixture
def window(qtbot, window):
    return with_report_read(qtbot, window)


def test_a_chapters_table_cells_are_measured_in_the_steps_of_its_glyphs(window, monkeypatch):
    """The tab stops of a chapter's tables were measured before the stepped metrics existed: every glyph of every
    table cell read at once, before the first release."""
    events: list = []

    class Recording(QFontMetricsF):
        def __init__(self, font):
            super().__init__(font)
            self.key = font.key()

        def horizontalAdvance(self, text, *args):
            events.append((self.key, text))
            return super().horizontalAdvance(text, *args)

    monkeypatch.setattr(report_reader, "QFontMetricsF", Recording)
    monkeypatch.setattr(memory.FontPages, "release", lambda self: events.append(None))
    reader = window.report_view
    reader.chapter = None
    window.open_report_line(660)   # the chapter with the table of 复审 cases (lines 658–665)
    assert any(p.kind == "table" and 658 <= p.first_line <= 665 and p.block >= 0
               for p in reader.paragraphs.values() if p.chapter == reader.chapter)
    seen: dict[str, set[str]] = {}
    pending, most, tables = 0, 0, False
    for event in events:
        if event is None:
            pending = 0
            continue
        key, text = event
        new = {c for c in text if not c.isspace()} - seen.setdefault(key, set())
        seen[key] |= new
        tables = tables or "Mono" in key
        pending += len(new)
        most = max(most, pending)
    assert tables   # the tables' font was measured (through the recorder)
    assert 0 < most <= report_reader.GLYPH_STEP
