"""The report's own identities, checked at every build and by `ipexplorer check`.

- tables 1–6: 合计 = 发明 + 实用新型 + 外观设计, per row and year;
- 国内总计 = the 34 province-level rows (31 provinces, Taiwan, Hong Kong, Macao);
  the bracketed sub-provincial rows are inside their province and never added again;
- 国外在华总计 = the sum of the countries;
- tables 9–12: 合计 = 国内总计 + 国外在华总计;
- a province's bracketed cities never add up to more than the province itself.

A nil printed as "—" or "-" (stored as NULL) counts as 0 in these sums.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ipexplorer.report import regions as R
from ipexplorer.report.appendix import PATENT_TYPE_LABELS, Table

MEMBER_COUNT_DOMESTIC = len(R.PROVINCES) + len(R.HK_MACAO_TAIWAN)


@dataclass(frozen=True)
class Violation:
    """One identity that does not hold: where, which rule, what was expected and found."""

    table_no: int
    row: str
    column: str
    expected: int | str
    actual: int | str
    rule: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"table {self.table_no}, row {self.row}, column {self.column}"
        if self.line:
            where += f" (line {self.line})"
        return f"{where}: {self.rule}: expected {self.expected}, actual {self.actual}"


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]
    identities_checked: int
    per_table: dict[int, int]

    @property
    def ok(self) -> bool:
        return not self.violations


def _column_name(col) -> str:
    return f"{col.year} {col.label}"


def check_tables(tables: list[Table]) -> CheckResult:
    violations: list[Violation] = []
    per_table: dict[int, int] = defaultdict(int)

    def expect(table: Table, row_label: str, column: str, expected: int, actual: int, rule: str, line=None):
        per_table[table.number] += 1
        if expected != actual:
            violations.append(Violation(table.number, row_label, column, expected, actual, rule, line))

    for table in tables:
        cols = table.columns
        kinds = {row.region.kind for row in table.rows}
        # 合计 = 发明 + 实用新型 + 外观设计
        if any(c.ip_type == "patent" for c in cols):
            # per year with all four types: the columns of 合计 and of its three parts
            sums = []
            for year in sorted({c.year for c in cols}):
                idx = {c.ip_type: k for k, c in enumerate(cols) if c.year == year}
                if {"patent", *PATENT_TYPE_LABELS.values()} <= set(idx):
                    parts = [idx[t] for t in ("invention", "utility_model", "design")]
                    sums.append((f"{year} 合计", idx["patent"], parts))
            for row in table.rows:
                counts = row.counts
                for column, total, parts in sums:
                    expect(table, row.label, column, sum(counts[k] for k in parts), counts[total],
                           "合计 = 发明 + 实用新型 + 外观设计", row.line)
        # totals = sums of members
        domestic = [r for r in table.rows if r.region.kind in (R.PROVINCE, R.HMT)]
        foreign = [r for r in table.rows if r.region.kind == R.COUNTRY]
        dom_total = next((r for r in table.rows if r.region.kind == R.DOMESTIC_TOTAL), None)
        for_total = next((r for r in table.rows if r.region.kind == R.FOREIGN_TOTAL), None)
        grand = next((r for r in table.rows if r.region.kind == R.TOTAL), None)
        if dom_total is not None:
            per_table[table.number] += 1
            if len(domestic) != MEMBER_COUNT_DOMESTIC:
                present = {r.region.name_zh for r in domestic}
                absent = [n for n in [*R.PROVINCES, *R.HK_MACAO_TAIWAN] if n not in present]
                violations.append(Violation(table.number, "国内总计", "members", MEMBER_COUNT_DOMESTIC,
                                            len(domestic), f"34 province-level rows (missing: {', '.join(absent)})",
                                            dom_total.line))
            for k, col in enumerate(cols):
                expect(table, dom_total.label, _column_name(col), sum(r.counts[k] for r in domestic),
                       dom_total.counts[k], "国内总计 = sum of the 34 province-level rows", dom_total.line)
        if for_total is not None:
            for k, col in enumerate(cols):
                expect(table, for_total.label, _column_name(col), sum(r.counts[k] for r in foreign),
                       for_total.counts[k], "国外在华总计 = sum of the countries", for_total.line)
        if grand is not None:
            if dom_total is None or for_total is None:
                per_table[table.number] += 1
                violations.append(Violation(table.number, grand.label, "-", "国内总计 and 国外在华总计 rows",
                                            "missing", "合计 = 国内总计 + 国外在华总计", grand.line))
            else:
                for k, col in enumerate(cols):
                    expect(table, grand.label, _column_name(col), dom_total.counts[k] + for_total.counts[k],
                           grand.counts[k], "合计 = 国内总计 + 国外在华总计", grand.line)
        if R.COUNTRY in kinds and for_total is None:
            per_table[table.number] += 1
            violations.append(Violation(table.number, "国外在华总计", "-", "a total row", "missing",
                                        "countries need their 国外在华总计", None))
        if (R.PROVINCE in kinds or R.HMT in kinds) and dom_total is None:
            per_table[table.number] += 1
            violations.append(Violation(table.number, "国内总计", "-", "a total row", "missing",
                                        "provinces need their 国内总计", None))
        # sub-provincial rows sit inside their province: never more than it
        by_parent: dict[str, list] = defaultdict(list)
        for r in table.rows:
            if r.region.kind == R.SUB_PROVINCIAL:
                by_parent[r.region.parent_zh].append(r)
        for parent, children in by_parent.items():
            prow = table.row(parent)
            if prow is None:
                per_table[table.number] += 1
                violations.append(Violation(table.number, f"({children[0].label})", "-", f"its province {parent}",
                                            "missing", "a sub-provincial row needs its province", children[0].line))
                continue
            for k, col in enumerate(cols):
                inside = sum(c.counts[k] for c in children)
                per_table[table.number] += 1
                if inside > prow.counts[k]:
                    violations.append(Violation(
                        table.number, prow.label, _column_name(col), f"≥ {inside} (its bracketed rows)",
                        prow.counts[k], "a province holds its sub-provincial rows", prow.line))
    return CheckResult(tuple(violations), sum(per_table.values()), dict(per_table))
