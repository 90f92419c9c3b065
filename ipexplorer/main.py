"""The `ipexplorer` launcher: the desktop app with no subcommand, the CLI otherwise.

The app's own options are read here without argparse, and the CLI module is imported only for a
subcommand (or anything this reader does not know: `--help`, a typo), so neither is on the path to
the first frame.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Sequence

from ipexplorer.pane_list import pane_keys


def process_started() -> float:
    """When this process started, on the `time.perf_counter()` clock (interpreter start-up included).

    Linux gives the start in clock ticks since boot (/proc/self/stat, field 22); elsewhere the time
    this module was imported stands in for it.
    """
    now = time.perf_counter()
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        start_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return now - (time.clock_gettime(time.CLOCK_BOOTTIME) - start_s)
    except (OSError, ValueError, IndexError, AttributeError):
        return now


_STARTED = process_started()  # for --exit-after-first-paint


def _render_chart(image):
    """`ipexplorer chart` draws with the Charts pane's Qt code, which the core (cli) cannot import."""
    from ipexplorer.ui.render import render_chart

    return render_chart(image)


def app_options(argv: Sequence[str]) -> dict | None:
    """`--db PATH`, `--pane NAME`, `--exit-after-first-paint`; None for anything else (the CLI's parser decides)."""
    options: dict = {"db": None, "pane": None, "exit_after_first_paint": False}
    args = iter(argv)
    for arg in args:
        name, eq, value = arg.partition("=")
        if arg == "--exit-after-first-paint":
            options["exit_after_first_paint"] = True
        elif name in ("--db", "--pane"):
            if not eq:
                value = next(args, None)
                if value is None:
                    return None
            if name == "--pane" and value not in pane_keys():
                return None
            options[name[2:]] = value
        else:
            return None
    return options


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    options = app_options(argv)
    if options is None:
        from ipexplorer import cli

        args = cli.make_parser().parse_args(argv)
        if args.command is not None:
            return cli.main(argv, render_chart=_render_chart)
        options = {"db": args.db, "pane": args.pane, "exit_after_first_paint": args.exit_after_first_paint}
    # the start allocates what it keeps (modules, classes, Qt's wrappers): the collector's passes over it found
    # nothing to free (~340 objects of ~24,000) and cost 21 M instructions to the first frame, where the app
    # turns it back on (run_app)
    gc.disable()
    try:
        from ipexplorer.doctor import display_problem

        problem = display_problem()   # Qt would abort (exit 134) without a display or a library of its plugin
        if problem:
            print(problem, file=sys.stderr)
            return 1
        from ipexplorer.paths import resolve_db
        from ipexplorer.ui.shell.app import run_app

        return run_app(db=resolve_db(options["db"]), exit_after_first_paint=options["exit_after_first_paint"],
                       started=_STARTED, pane=options["pane"])
    finally:
        gc.enable()


def launch() -> None:  # pragma: no cover - the console script: a fast exit once the app has saved its state
    """The console script's entry: settings are saved and workers stopped when `main` returns, so skip teardown."""
    code = main()
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    launch()
