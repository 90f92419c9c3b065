"""Every pane runs alone on the built database (python -m ipexplorer.ui.preview PANE): a smoke test of each."""

from __future__ import annotations

import pytest

from ipexplorer.ui import preview

READY = {   # what each pane shows once its first reads (off the GUI thread) are in
    "overview": lambda p: p.data is not None and bool(p.cards),
    "tables": lambda p: p.dataset is not None and p.model.rowCount() > 0,
    "charts": lambda p: p.data is not None and p.settled(),
    "timeline": lambda p: p.model.rowCount() == 92,
    "search": lambda p: p.chapter.count() > 1,
    "regions": lambda p: p.list_model.rowCount() > 100,
    "sql": lambda p: p.schema.topLevelItemCount() > 0,
    "report": lambda p: p.built and p.outline.topLevelItemCount() > 0,
}


@pytest.mark.parametrize("name", preview.keys())
def test_each_pane_runs_alone(qtbot, built_db, settings, name):
    pane = preview.build(name, built_db, settings)
    qtbot.addWidget(pane, before_close_func=preview.shutdown)
    pane.resize(1200, 800)
    pane.show()
    qtbot.waitUntil(lambda: READY[name](pane), timeout=10000)
    assert not pane.grab().isNull()


def test_an_unknown_pane_or_a_missing_database_is_refused(tmp_path, capsys, built_db):
    with pytest.raises(KeyError, match="choose one of"):
        preview.build("nope", built_db)
    assert preview.main(["tables", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "build-db" in capsys.readouterr().err
