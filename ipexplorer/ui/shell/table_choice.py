"""What the Tables and Charts panes show alike of the shared view's table: its choice and its quick filter's words.

Both panes offer every table in a combo box (the Charts pane had a copy of the Tables pane's filling, without
its tooltips) and a quick filter box whose words say what it filters: a table of regions its regions, a table
of types (表101–104, no regions) its rows (each pane decided it from the dataset in its own words).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from ipexplorer.query.datasets import Dataset

translate = QCoreApplication.translate


def fill_table_choice(combo: QComboBox, tables: list[tuple[int, str, str]]) -> None:
    """Add each table (number, Chinese and English titles: query.datasets.table_list) to `combo` as
    "表N 标题 · Title", its tooltip both titles whole on two lines; no signal is emitted for the additions."""
    blocked = combo.blockSignals(True)
    try:
        for number, zh, en in tables:
            combo.addItem(f"表{number} {zh} · {en}", number)
            combo.setItemData(combo.count() - 1, f"表{number} {zh}\nTable {number}: {en}", Qt.ItemDataRole.ToolTipRole)
    finally:
        combo.blockSignals(blocked)


def filters_regions(dataset: Dataset | None) -> bool:
    """Whether a quick filter of the dataset's view filters regions (it has them) rather than rows."""
    return dataset is None or dataset.has("kind_zh")


def quick_filter_words(dataset: Dataset | None, *, short: bool = False) -> tuple[str, str]:
    """The quick filter box's placeholder and tooltip for the dataset shown (`short`: a narrow box's
    placeholder, the whole words in the tooltip)."""
    if filters_regions(dataset):
        whole = translate("TableChoice", "Filter regions (Chinese, English or pinyin)")
        brief = translate("TableChoice", "Filter regions…")
    else:
        whole = translate("TableChoice", "Filter rows (Chinese, English or pinyin)")
        brief = translate("TableChoice", "Filter rows…")
    return (brief if short else whole + "…"), whole


def show_quick_filter_words(box: QLineEdit, dataset: Dataset | None, *, short: bool = False) -> None:
    placeholder, tooltip = quick_filter_words(dataset, short=short)
    box.setPlaceholderText(placeholder)
    box.setToolTip(tooltip)
