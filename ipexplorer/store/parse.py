"""The build's first half: a report read, parsed and checked into memory, with no database in sight.

Every stage is a function of what the stages before it parsed (`ParsedEdition`): the appendix tables and
their identities, the in-text tables, the rebuilt narrative with its events, the headline figures checked
against the tables' values. The second half (store/build.py) writes the result in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ipexplorer.report.appendix import Table, parse_appendix
from ipexplorer.report.edition import Edition, edition_of
from ipexplorer.report.integrity import CheckResult, check_tables
from ipexplorer.report.source import ReportText
from ipexplorer.store.errors import IntegrityError

__all__ = ["ParsedEdition", "parse_and_check", "parse_edition", "stages"]


@dataclass
class ParsedEdition:
    """One report as the stages leave it: everything the database will hold of that edition."""

    report: ReportText
    edition: Edition
    tables: list[Table]
    result: CheckResult
    furniture: list[tuple[int, str]] = field(default_factory=list)   # page furniture skipped: (line, text)
    intext: list = field(default_factory=list)            # report.intext_tables.IntextTable
    intext_result: CheckResult | None = None
    narrative: object | None = None                       # report.paragraphs.Narrative
    events: list = field(default_factory=list)            # report.events.Event
    figures: list = field(default_factory=list)           # report.figures.Figure
    checks: list = field(default_factory=list)            # report.figure_checks.FigureCheck

    @property
    def year(self) -> int:
        return self.edition.year


# A stage after the appendix: fills its part of the ParsedEdition from the parts before it.
Stage = Callable[[ParsedEdition], None]


def stages() -> list[tuple[str, Stage]]:
    """The stages after the appendix, in order (benchmarks/bench_stages.py times each; bench_build drops them)."""
    from ipexplorer.store.figures import parse_figures
    from ipexplorer.store.intext_tables import parse_intext
    from ipexplorer.store.narrative import parse_narrative

    return [
        ("intext_tables", parse_intext),   # 第三章's small tables as tables 101, 102, …, totals checked
        ("narrative", parse_narrative),    # sections, paragraphs, events
        ("figures", parse_figures),        # headline figures, checked against the tables above
    ]


def parse_and_check(report: ReportText, furniture: list[tuple[int, str]] | None = None
                    ) -> tuple[list[Table], CheckResult]:
    """The appendix tables, every identity verified (IntegrityError lists the violations)."""
    tables = parse_appendix(report, furniture)
    result = check_tables(tables)
    if not result.ok:
        raise IntegrityError(result.violations)
    return tables, result


def parse_edition(report: ReportText, stage_list: list[tuple[str, Stage]] | None = None,
                  edition: Edition | None = None) -> ParsedEdition:
    """Parse and check the whole report in memory; ReportError (or IntegrityError) names what is wrong."""
    furniture: list[tuple[int, str]] = []
    tables, result = parse_and_check(report, furniture)
    parsed = ParsedEdition(report, edition or edition_of(report), tables, result, furniture)
    for _name, stage in stages() if stage_list is None else stage_list:
        stage(parsed)
    return parsed
