"""Figures of the narrative that restate table values, checked against those values.

CHECKS is the whole rule set: a figure matches a rule when its measure text, unit and section (and,
where given, the figure before it in the same sentence) match; the rule names the table values it
restates, summed when there are several (发明专利申请量 = 表1 国内总计 + 表2 国外在华总计). A figure
agrees when the table's value lies within its printed rounding: 134.5万 stands for 1,345,000 ± 500;
a figure marked 余/逾/超过 is a lower bound, 近/不足 an upper one. A year-on-year change printed beside
the figure is checked too, against the change between the tables' values of the report's year and the
year before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ipexplorer.query.numbers import format_exact
from ipexplorer.report.figures import QUALIFIER_MEANING, Figure

# A table value: (table_no, region as printed, year, measure, IP type).
ValueKey = tuple[int, str, int, str, str]

DOMESTIC, FOREIGN, TOTAL = "国内总计", "国外在华总计", "合计"
MEASURE_IS_REGION = "{measure}"  # the figure's measure text is the region: 山东（810件）


@dataclass(frozen=True)
class CheckRule:
    """Which figures restate which table values."""

    measure: str                              # regex on the figure's measure text
    unit: str                                 # the figure's normalised unit
    sources: tuple[tuple[int, str], ...]      # (table_no, region_zh), summed
    measure_code: str
    ip_type: str
    section: str = r"^第三章"                  # regex on the figure's section path
    after: str | None = None                  # regex on the measure of the figure before it in its sentence
    context: str | None = None                # regex on the sentence
    what: str = "value"                       # value: the year's value; new: the year's minus the year before


def _r(measure: str, unit: str, sources, measure_code: str, ip_type: str, **kw) -> CheckRule:
    return CheckRule(measure, unit, tuple(sources), measure_code, ip_type, **kw)


BOTH = {n: ((n, DOMESTIC), (n + 1, FOREIGN)) for n in (1, 3, 5, 7)}  # domestic table + the foreign one after it

CHECKS: tuple[CheckRule, ...] = (
    # 第三章 一、专利: applications (表1, 表2), grants (表3, 表4), in force (表5, 表6)
    _r(r"^发明专利申请量$", "件", BOTH[1], "applications", "invention"),
    _r(r"^国内发明专利申请$", "件", [(1, DOMESTIC)], "applications", "invention"),
    _r(r"^国外在华发明专利申请$", "件", [(2, FOREIGN)], "applications", "invention"),
    _r(r"^实用新型专利申请量$", "件", BOTH[1], "applications", "utility_model"),
    _r(r"^外观设计专利申请量$", "件", BOTH[1], "applications", "design"),
    _r(r"^授权发明专利$", "件", BOTH[3], "grants", "invention"),
    _r(r"^国内发明专利授权$", "件", [(3, DOMESTIC)], "grants", "invention"),
    _r(r"^授权实用新型专利$", "件", BOTH[3], "grants", "utility_model"),
    _r(r"^授权外观设计专利$", "件", BOTH[3], "grants", "design"),
    _r(r"^(?:已)?授权并维持有效的发明专利拥有量$", "件", BOTH[5], "in_force", "invention"),
    _r(r"^国内发明专利拥有量$", "件", [(5, DOMESTIC)], "in_force", "invention"),
    _r(r"^国外在华发明专利拥有量$", "件", [(6, FOREIGN)], "in_force", "invention"),
    # （六）专利复审与无效: the in-text tables 101 and 102
    _r(r"^受理专利复审请求$", "件", [(101, TOTAL)], "reexamination_requests", "patent"),
    _r(r"^结案$", "件", [(101, TOTAL)], "reexamination_closed", "patent", after=r"^受理专利复审请求$"),
    _r(r"^受理专利无效宣告请求$", "件", [(102, TOTAL)], "invalidation_requests", "patent"),
    _r(r"^结案$", "件", [(102, TOTAL)], "invalidation_closed", "patent", after=r"^受理专利无效宣告请求$"),
    # 二、商标: applications, registrations, registrations in force (表7, 表8)
    _r(r"^商标申请量$", "件", BOTH[7], "applications", "trademark"),
    _r(r"^国内商标申请$", "件", [(7, DOMESTIC)], "applications", "trademark"),
    _r(r"^国外在华商标申请$", "件", [(8, FOREIGN)], "applications", "trademark"),
    _r(r"^商标注册量$", "件", BOTH[7], "registrations", "trademark"),
    _r(r"^国内商标注册$", "件", [(7, DOMESTIC)], "registrations", "trademark"),
    _r(r"^国外在华商标注册$", "件", [(8, FOREIGN)], "registrations", "trademark"),
    _r(r"^有效注册商标量$", "件", BOTH[7], "in_force", "trademark"),
    _r(r"^国内有效注册商标$", "件", [(7, DOMESTIC)], "in_force", "trademark"),
    _r(r"^国外在华有效注册商标$", "件", [(8, FOREIGN)], "in_force", "trademark"),
    # (七) 商标评审: the in-text tables 103 and 104
    _r(r"^受理各类商标评审案件申请$", "件", [(103, TOTAL)], "tm_review_requests", "trademark"),
    _r(r"^受理驳回复审申请$", "件", [(103, TOTAL)], "tm_review_requests", "tm_refusal_review"),
    _r(r"^受理涉及双方当事人的复杂案件申请$", "件", [(103, TOTAL)], "tm_review_requests", "tm_inter_partes"),
    _r(r"^审理裁定各类评审案件$", "件", [(104, TOTAL)], "tm_review_decisions", "trademark"),
    _r(r"^裁定驳回复审案件$", "件", [(104, TOTAL)], "tm_review_decisions", "tm_refusal_review"),
    _r(r"^裁定涉及双方当事人的复杂案件$", "件", [(104, TOTAL)], "tm_review_decisions", "tm_inter_partes"),
    # 三、地理标志 (表9, 表10), with the provinces and countries named beside their counts
    _r(r"^累计批准地理标志产品$", "个", [(9, TOTAL)], "cumulative_approvals", "gi_product"),
    _r(r"^累计注册地理标志商标$", "件", [(10, TOTAL)], "cumulative_registrations", "gi_trademark"),
    _r(r"^新核准注册地理标志商标$", "件", [(10, TOTAL)], "cumulative_registrations", "gi_trademark", what="new"),
    _r(r"^核准注册国外地理标志商标$", "件", [(10, FOREIGN)], "cumulative_registrations", "gi_trademark"),
    _r(r"^\w{2,4}$", "件", [(10, MEASURE_IS_REGION)], "cumulative_registrations", "gi_trademark",
       context=r"已注册地理标志商标数量居于前五位的省份|排名前三位的国家.*国外在华地理标志商标"),
    # 四、集成电路布图设计 (表11, 表12)
    _r(r"^集成电路布图设计登记申请$", "件", [(11, TOTAL)], "applications", "ic_layout"),
    _r(r"^发证$", "件", [(12, TOTAL)], "certificates", "ic_layout", after=r"^集成电路布图设计登记申请$"),
    # 局长致辞
    _r(r"^核准注册地理标志商标$", "件", [(10, TOTAL)], "cumulative_registrations", "gi_trademark",
       section=r"^局长致辞", what="new"),
    _r(r"^集成电路布图设计发证$", "件", [(12, TOTAL)], "certificates", "ic_layout", section=r"^局长致辞"),
)


@dataclass(frozen=True)
class FigureCheck:
    """One comparison of a figure (or its change) with the table values it restates."""

    figure_index: int          # position in the list of figures checked
    table_no: int              # the first table of the sources
    region_zh: str             # the sources' regions, joined with + when summed
    year: int
    measure: str
    ip_type: str
    table_value: float         # the table's value (or change in % / pp)
    rounded_to: float          # the figure's printed precision: 1000 for 134.5万
    agrees: bool
    note: str
    compares: str = "value"    # value | change


_COMPILED: dict[str, re.Pattern] = {}


def _match(pattern: str, text: str) -> bool:
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        compiled = _COMPILED[pattern] = re.compile(pattern)
    return compiled.search(text) is not None


# CHECKS by unit, each unit's rules in their order: a figure is tried against its unit's rules only
_BY_UNIT: dict[str, list[CheckRule]] = {}
for _rule in CHECKS:
    _BY_UNIT.setdefault(_rule.unit, []).append(_rule)


def rule_for(figure: Figure, previous: Figure | None) -> CheckRule | None:
    """The first rule of CHECKS the figure matches, or None."""
    if figure.value is None:
        return None
    for rule in _BY_UNIT.get(figure.unit, ()):
        if not _match(rule.measure, figure.measure_text) or not _match(rule.section, figure.section):
            continue
        if rule.context and not _match(rule.context, figure.sentence):
            continue
        if rule.after and (previous is None or not _match(rule.after, previous.measure_text)):
            continue
        return rule
    return None


def needed_tables() -> dict[int, set[str] | None]:
    """The table values CHECKS can ask for: table -> regions (None: any region of the table)."""
    needed: dict[int, set[str] | None] = {}
    for rule in CHECKS:
        for table_no, region in rule.sources:
            if region == MEASURE_IS_REGION:
                needed[table_no] = None
            elif needed.get(table_no, set()) is not None:
                needed.setdefault(table_no, set()).add(region)
    return needed


def _source_value(values: Mapping[ValueKey, float], rule: CheckRule, figure: Figure, year: int) -> float | None:
    total = 0.0
    for table_no, region in rule.sources:
        name = figure.measure_text if region == MEASURE_IS_REGION else region
        value = values.get((table_no, name, year, rule.measure_code, rule.ip_type))
        if value is None:
            return None
        total += value
    return total


def _agrees(value: float, table_value: float, step: float, qualifier: str | None) -> bool:
    half = step / 2 + 1e-9
    meaning = QUALIFIER_MEANING.get(qualifier or "", "about")
    if meaning == "at least":
        return table_value >= value - half
    if meaning == "at most":
        return table_value <= value + half
    return abs(table_value - value) <= half


def check_figures(figures: Sequence[Figure], values: Mapping[ValueKey, float],
                  year: int | None = None) -> list[FigureCheck]:
    """Compare every figure a rule matches with its table values; a figure with no table value is skipped.

    The figures speak of `year`, the report's edition (default: the latest year the tables print).
    """
    if year is None:
        year = max((key[2] for key in values), default=0)
    checks: list[FigureCheck] = []
    previous: Figure | None = None
    for index, figure in enumerate(figures):
        if previous is not None and (previous.para_id, previous.sentence) != (figure.para_id, figure.sentence):
            previous = None
        rule = rule_for(figure, previous)
        previous = figure
        if rule is None:
            continue
        now = _source_value(values, rule, figure, year)
        before = _source_value(values, rule, figure, year - 1)
        if now is None or (rule.what == "new" and before is None):
            continue
        names = [figure.measure_text if r == MEASURE_IS_REGION else r for _, r in rule.sources]
        where = " + ".join(f"表{t} {n}" for (t, _), n in zip(rule.sources, names, strict=True))
        region = "+".join(names)
        table_value = now - before if rule.what == "new" and before is not None else now
        step = figure.rounded_to
        ok = _agrees(float(figure.value), table_value, step, figure.qualifier)
        basis = f"{year} minus {year - 1} of {where}" if rule.what == "new" else f"{where} {year}"
        precision = f"±{format_exact(step / 2)}" if step > 1 else "exact"
        note = (f"{figure.raw_text} vs {format_exact(table_value)} ({basis}); "
                f"{'within' if ok else 'beyond'} the printed precision ({precision})")
        if rule.what == "new" and not ok:
            note += "; a cumulative total also loses registrations that end, so it may grow by less"
        checks.append(FigureCheck(index, rule.sources[0][0], region, year, rule.measure_code, rule.ip_type,
                                  table_value, step, ok, note))
        if figure.change_value is not None and figure.change_unit == "%" and rule.what == "value" and before:
            change = (now - before) / before * 100
            step = figure.change_rounded_to or 1.0
            ok = abs(change - figure.change_value) <= step / 2 + 1e-9
            note = (f"stated change {format_exact(figure.change_value, signed=True, digits=6)} % vs "
                    f"{format_exact(round(change, 2), signed=True, digits=6)} % ({where} {year - 1}→{year}); "
                    f"{'within' if ok else 'beyond'} the printed precision (±{format_exact(step / 2)})")
            checks.append(FigureCheck(index, rule.sources[0][0], region, year, rule.measure_code, rule.ip_type,
                                      round(change, 4), step, ok, note, "change"))
    return checks


def disagreement_flags(figures: Sequence[Figure], checks: Sequence[FigureCheck]) -> dict[int, str]:
    """A flag text per figure index whose value or change disagrees with its tables."""
    flags: dict[int, list[str]] = {}
    for check in checks:
        if not check.agrees:
            what = "change" if check.compares == "change" else "value"
            flags.setdefault(check.figure_index, []).append(f"disagrees_with_table ({what}): {check.note}")
    return {i: "; ".join(texts) for i, texts in flags.items()}
