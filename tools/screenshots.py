"""Render every pane of the real main window to PNGs, to look at what a user sees.

Run under a real X server with the CJK fonts installed, so glyphs, metrics and hinting are those of a desktop:

    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/screenshots.py [--pane charts] [--size 1280x800]
        [--lang en] [--theme dark] [--out screenshots/]

Every shot is `<out>/<lang>-<theme>-<width>x<height>-<shot>.png`. Shots: each pane, the Export, About and
shortcuts dialogs, a region profile for 广东 and 美国, a filtered and an empty table, each chart kind.
`--pane` takes shot names or their prefixes ("charts" gives every chart kind, "regions" both profiles).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SIZES = ("1024x640", "1280x800", "1920x1080")
LANGS = ("zh_CN", "en")
THEMES = ("light", "dark")
CHART_KINDS = ("bars", "years", "series", "stacked", "change", "change_pct", "share", "scatter", "map", "map_change")


def _wait(ms: int = 150) -> None:
    """Let queued work (lazy plots, background queries, layouts) finish before a grab."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool

    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)
    QThreadPool.globalInstance().waitForDone(2000)
    QCoreApplication.processEvents()


def _set_combo(combo, value) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def shots(window) -> dict[str, Callable[[], object]]:
    """Shot name -> a function that puts the window in that state (and returns a dialog to grab, if any)."""

    def pane(key: str) -> Callable[[], None]:
        return lambda: window.show_pane(key)

    def table(quick: str = "", scroll_right: bool = False, table_no: int = 1) -> Callable[[], None]:
        def go() -> None:
            window.show_pane("tables")
            explorer = window.explorer
            explorer.show_table(table_no, "wide")
            _wait(200)
            explorer.quick.setText(quick)
            _wait(300)
            if scroll_right:
                bar = explorer.view.horizontalScrollBar()
                bar.setValue(bar.maximum() // 2)
        return go

    def chart(kind: str, table_no: int = 1) -> Callable[[], None]:
        def go() -> None:
            window.show_pane("tables")
            window.explorer.show_table(table_no, "wide")
            window.explorer.quick.setText("")
            _wait(200)
            window.show_pane("charts")
            _wait(200)
            _set_combo(window.charts.kind_combo, kind)
            _wait(300)
        return go

    def region(name: str) -> Callable[[], None]:
        def go() -> None:
            window.open_region(name)
            _wait(300)   # the profile is read off the GUI thread
        return go

    def search(text: str) -> Callable[[], None]:
        def go() -> None:
            window.show_pane("search")
            window.search.set_query(text)
            _wait(400)
        return go

    def timeline_zoomed() -> None:
        window.show_pane("timeline")
        _wait(400)
        plot = window.timeline.plot
        if plot is not None and plot.layout_data is not None:
            days = plot.layout_data.period.days
            plot.setXRange(160, 160 + days / 8, padding=0)

    def timeline_other() -> None:
        """The event of no category selected: its Other lane, list cell and details."""
        window.show_pane("timeline")
        _wait(400)
        pane = window.timeline
        row = next((r for r, e in enumerate(pane.events) if not e.categories), None)
        if row is not None:
            pane.select_index(row)
            _wait(400)

    def sql() -> None:
        window.show_pane("sql")
        window.console.editor.setPlainText(
            "SELECT table_no, region_zh, region_en, year, value FROM observations WHERE measure = 'applications' "
            "ORDER BY value DESC LIMIT 200")
        window.console.run()
        _wait(800)

    def report() -> None:
        window.open_report_line(1559)

    def dialog(make) -> Callable[[], object]:
        def go():
            window.show_pane("tables")
            _wait(100)
            return make()
        return go

    from ipexplorer.ui.shell.export_dialog import ExportDialog
    from ipexplorer.ui.shell.help_dialogs import AboutDialog, ShortcutsDialog

    result: dict[str, Callable[[], object]] = {
        "overview": pane("overview"),
        "tables": table(),
        "tables-scrolled": table(scroll_right=True),
        "tables-filtered": table("广"),
        "tables-empty": table("zzzz"),
        "tables-intext": table(table_no=102),
        **{f"charts-{k}": chart(k) for k in CHART_KINDS},
        "charts-stacked-table7": chart("stacked", 7),
        "charts-years-table102": chart("years", 102),
        "charts-map-table2": chart("map", 2),
        "charts-map-table6": chart("map", 6),
        "timeline": pane("timeline"),
        "timeline-zoomed": timeline_zoomed,
        "timeline-other": timeline_other,
        "search": search("地理标志 商标"),
        "search-en": search("United States"),
        "regions-guangdong": region("广东"),
        "regions-usa": region("美国"),
        "sql": sql,
        "report": report,
        "dialog-export": dialog(lambda: ExportDialog(window.explorer, window)),
        "dialog-about": dialog(lambda: AboutDialog(window)),
        "dialog-shortcuts": dialog(lambda: ShortcutsDialog(window)),
    }
    return result


def wanted(name: str, patterns: list[str]) -> bool:
    return not patterns or any(name == p or name.startswith(p) for p in patterns)


def _each_in_its_own_process(argv: list[str], langs: list[str], themes: list[str], db: Path) -> int:
    """One process per language and theme, on the one database: a fresh Qt each time (its font engines keep how
    they were first made), and a crash while tearing one window down (pyqtgraph's legend once segfaulted on
    close) costs that combination only, named, instead of every shot after it."""
    import subprocess

    rest, skip = [], False
    for arg in argv:   # drop --lang/--theme/--db (each child gets one of each)
        if skip:
            skip = False
            continue
        if arg in ("--lang", "--theme", "--db"):
            skip = True
            continue
        if arg.startswith(("--lang=", "--theme=", "--db=")):
            continue
        rest.append(arg)
    failed = []
    for lang in langs:
        for theme_name in themes:
            done = subprocess.run([sys.executable, __file__, *rest, "--lang", lang, "--theme", theme_name,
                                   "--db", str(db)], check=False)
            if done.returncode != 0:
                failed.append(f"{lang}/{theme_name} (exit {done.returncode})")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--pane", action="append", default=[], help="shot name or prefix (repeatable)")
    parser.add_argument("--size", action="append", default=[], help="WIDTHxHEIGHT (repeatable)")
    parser.add_argument("--lang", action="append", default=[], choices=(*LANGS, "zh"))
    parser.add_argument("--theme", action="append", default=[], choices=THEMES)
    parser.add_argument("--db", type=Path, help="database (default: built from the shipped report into a temp dir)")
    args = parser.parse_args(argv)
    langs = ["zh_CN" if x == "zh" else x for x in args.lang] or list(LANGS)
    sizes = args.size or list(SIZES)
    themes = args.theme or list(THEMES)
    args.out.mkdir(parents=True, exist_ok=True)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        print("warning: offscreen platform; run under xvfb-run for real fonts and metrics", file=sys.stderr)

    scratch = Path(tempfile.mkdtemp(prefix="ipexplorer-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(scratch / var.lower())
    db = args.db
    if db is None:
        from ipexplorer.paths import shipped_report
        from ipexplorer.store.build import build_database

        db = scratch / "ipexplorer.sqlite"
        build_database(shipped_report(), db)
    if len(langs) * len(themes) > 1:
        return _each_in_its_own_process(argv if argv is not None else sys.argv[1:], langs, themes, db)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ipexplorer.ui.shell import i18n, theme
    from ipexplorer.ui.shell.main_window import MainWindow
    from ipexplorer.ui.shell.settings import Settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("ipexplorer-screenshots")
    app.setApplicationName("ipexplorer-screenshots")
    written = 0
    for lang in langs:
        i18n.install(lang, app)
        for theme_name in themes:
            theme.apply(theme_name, app)
            settings = Settings(QSettings(str(scratch / f"{lang}-{theme_name}.ini"), QSettings.Format.IniFormat))
            window = MainWindow(db, settings=settings)
            window.show()
            _wait(300)
            for size in sizes:
                width, height = (int(v) for v in size.lower().split("x"))
                window.resize(width, height)
                _wait(200)
                for name, setup in shots(window).items():
                    if not wanted(name, args.pane):
                        continue
                    extra = setup()
                    _wait(400)
                    target = window
                    if extra is not None:
                        extra.show()
                        _wait(300)
                        target = extra
                    path = args.out / f"{'zh' if lang == 'zh_CN' else 'en'}-{theme_name}-{size}-{name}.png"
                    target.grab().save(str(path))
                    written += 1
                    if extra is not None:
                        extra.close()
                        extra.deleteLater()
            window.close()
            window.deleteLater()
            _wait(100)
    print(f"{written} screenshots in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
