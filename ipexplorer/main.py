"""The `ipexplorer` launcher: the desktop app with no subcommand, the CLI otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from ipexplorer import cli

_STARTED = time.perf_counter()  # for --exit-after-first-paint


def _render_chart(image):
    """`ipexplorer chart` draws with the Charts pane's Qt code, which the core (cli) cannot import."""
    from ipexplorer.ui.render import render_chart

    return render_chart(image)


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.make_parser().parse_args(argv)
    if args.command is not None:
        return cli.main(argv, render_chart=_render_chart)
    cli.setup_logging()
    from ipexplorer.ui.shell.app import run_app

    return run_app(db=cli.resolve_db(args.db), exit_after_first_paint=args.exit_after_first_paint,
                   started=_STARTED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
