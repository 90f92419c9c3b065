"""A selection's sum by region (query/stats): the rule asked once per region, its cells counted."""

from __future__ import annotations

from collections import Counter

from ipexplorer.query.stats import SummedCell, region_selection_sum, selection_sum

REGIONS = {
    "合计": ("total", None), "国内总计": ("domestic_total", None), "广东": ("province", None),
    "深圳": ("city", "广东"), "浙江": ("province", None), "(a) 无效": ("part", "(2) 复杂"), "(2) 复杂": ("part", None),
    "总": ("total", "某地"),   # a total printed under a row the regions do not know
}


def test_the_rule_by_region_counts_each_regions_cells_and_agrees_with_the_rule_by_cell():
    cells = ([SummedCell(1, "合计")] * 3 + [SummedCell(1, "广东")] * 4 + [SummedCell(1, "深圳")] * 2
             + [SummedCell(1, "浙江")] + [SummedCell(1, None)] * 5 + [SummedCell(1, "(a) 无效")] * 2
             + [SummedCell(1, "(2) 复杂")])
    by_region = region_selection_sum(Counter(c.region for c in cells), REGIONS)
    assert by_region.kept_regions == {"广东", "浙江", None, "(2) 复杂"}
    assert (by_region.totals_left_out, by_region.inside_left_out, by_region.parts_left_out) == (3, 2, 2)
    by_cell = selection_sum(cells, REGIONS)
    assert [cells[i].region for i in by_cell.kept] == [c.region for c in cells if c.region in by_region.kept_regions]
    assert (by_cell.totals_left_out, by_cell.inside_left_out, by_cell.parts_left_out) == (3, 2, 2)


def test_the_status_line_says_what_the_rule_left_out_as_the_rule_counts_it(qapp):
    """The grid's words come from the core's counts: a total kept out because the row it is printed under is
    selected is 'inside', as selection_sum says, not 'a total' by its kind (a second copy of the rule)."""
    from PySide6.QtCore import QCoreApplication

    from ipexplorer.query.columns import Kind
    from ipexplorer.ui.grid.sql_grid import selection_stats

    result = selection_sum([SummedCell(1, "总"), SummedCell(2, "某地")], REGIONS)
    assert (result.totals_left_out, result.inside_left_out) == (0, 1)
    text = selection_stats([1, 2], [Kind.INT] * 2, ["总", "某地"], REGIONS)
    words = QCoreApplication.translate("TableExplorer", "{count} inside selected provinces").format(count=1)
    assert words in text and QCoreApplication.translate("TableExplorer", "{count} totals").format(count=1) not in text
