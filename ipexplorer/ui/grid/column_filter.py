"""The per-column filter popup: a searchable value checklist for text, a range and top/bottom N for numbers."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.query.builder import ColumnFilter
from ipexplorer.query.columns import Column
from ipexplorer.ui.shell.indicators import RadioButton, RingedCheckDelegate

EMPTY = QT_TRANSLATE_NOOP("ColumnFilterPopup", "(empty)")
MOST_OF_SCREEN = 0.6   # a checklist widens to its longest value up to this share of the screen
FIT_AT_MOST = 5000     # values measured for that width: as many as a list holds (query.builder.values_sql)


class ColumnFilterPopup(QFrame):
    """A popup under a header section; emits `applied(filter)` or `cleared(key)`."""

    applied = Signal(object)
    cleared = Signal(str)

    def __init__(self, column: Column, values: list[tuple[object, int]] | None,
                 value_range: tuple[float | None, float | None] | None,
                 current: ColumnFilter | None, language: str = "zh", parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        # gone once closed (applied, cleared or clicked away): each kept up to 5,000 items under its grid
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("columnFilterPopup")
        self.column = column
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{column.group(language)} {column.title(language)}</b>".replace("> ", ">"))
        layout.addWidget(title)
        self.search: QLineEdit | None = None
        self.list: QListWidget | None = None
        self.low = self.high = None
        self.mode_group: QButtonGroup | None = None
        if not column.kind.numeric:
            self._build_checklist(layout, values or [], current)
        else:
            self._build_numeric(layout, value_range or (None, None), current)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.clear_button = buttons.addButton(self.tr("Clear"), QDialogButtonBox.ButtonRole.ResetRole)
        self.apply_button.clicked.connect(self.apply)
        self.clear_button.clicked.connect(self._clear)
        layout.addWidget(buttons)
        self.setMinimumWidth(280)

    def show_under(self, header: QHeaderView, logical: int, where: QPoint | None = None) -> None:
        """Open at `where` (a right-click), else under the column's header section; wide enough for its values
        and kept on the screen (a right-hand column's popup ran off its edge)."""
        if where is None:
            x = header.sectionViewportPosition(logical)
            where = header.mapToGlobal(QPoint(x, header.height()))
        screen = QGuiApplication.screenAt(where) or header.screen()
        room = screen.availableGeometry()
        if self.list is not None:
            self._fit_values(int(room.width() * MOST_OF_SCREEN))
        self.ensurePolished()   # the style's sizes, as they will be once shown
        self.layout().activate()
        self.adjustSize()
        size = self.size()
        x = max(room.left(), min(where.x(), room.right() + 1 - size.width()))
        y = max(room.top(), min(where.y(), room.bottom() + 1 - size.height()))
        self.move(x, y)
        self.show()

    def _fit_values(self, most: int) -> None:
        """Widen the checklist to its longest value, up to `most` pixels: "台湾、香港、澳门 Taiwan, Hong Kong,
        Macao (1)" was cut at the popup's 280 px under a horizontal scroll bar. A value still too long ends in
        "…" and says itself whole in its tooltip."""
        assert self.list is not None
        items = [self.list.item(i) for i in range(min(self.list.count(), FIT_AT_MOST))]
        if not items:
            return
        metrics = self.list.fontMetrics()
        style = self.list.style()
        check = (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
                 + 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8)
        chrome = (2 * self.list.frameWidth() + style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
                  + 2 * self.list.spacing() + 8)
        widest = max(metrics.horizontalAdvance(item.text()) for item in items) + check
        outside = self.layout().contentsMargins().left() + self.layout().contentsMargins().right()
        width = min(widest + chrome, most - outside)
        self.list.setMinimumWidth(width)
        if widest + chrome > width:
            self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            for item in items:
                if metrics.horizontalAdvance(item.text()) + check + chrome > width:
                    item.setToolTip(item.text())

    # --- text columns ------------------------------------------------------------------
    def _build_checklist(self, layout: QVBoxLayout, values, current: ColumnFilter | None) -> None:
        self.search = QLineEdit(placeholderText=self.tr("Search values…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_items)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        for text, state in ((self.tr("All"), True), (self.tr("None"), False)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=state: self._check_visible(s))
            row.addWidget(button)
        layout.addLayout(row)
        self.list = QListWidget()
        self.list.setItemDelegate(RingedCheckDelegate(self.list))   # an unticked box seen on the dark list too
        selected = set(current.values) if current is not None and current.values is not None else None
        for value, count in values:
            item = QListWidgetItem(f"{self.tr(EMPTY) if value is None else value}  ({count:,})")
            item.setData(Qt.ItemDataRole.UserRole, value)
            checked = selected is None or value in selected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumHeight(220)
        layout.addWidget(self.list)

    def _filter_items(self, text: str) -> None:
        assert self.list is not None
        needle = text.strip().lower()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def _check_visible(self, checked: bool) -> None:
        assert self.list is not None
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden():
                item.setCheckState(state)

    def checked_values(self) -> list:
        assert self.list is not None
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, values: set) -> None:
        assert self.list is not None
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    # --- numeric columns -----------------------------------------------------------------
    def _build_numeric(self, layout: QVBoxLayout, value_range, current: ColumnFilter | None) -> None:
        lo, hi = value_range
        if lo is not None:
            layout.addWidget(QLabel(self.tr("Range in view: {low} – {high}").format(low=f"{lo:,g}", high=f"{hi:,g}")))
        self.mode_group = QButtonGroup(self)
        self.range_radio = RadioButton(self.tr("Between"))
        self.top_radio = RadioButton(self.tr("Top N"))
        self.bottom_radio = RadioButton(self.tr("Bottom N"))
        for i, radio in enumerate((self.range_radio, self.top_radio, self.bottom_radio)):
            self.mode_group.addButton(radio, i)
        layout.addWidget(self.range_radio)
        row = QHBoxLayout()
        self.low = QLineEdit(placeholderText=self.tr("min"))
        self.high = QLineEdit(placeholderText=self.tr("max"))
        for edit in (self.low, self.high):
            edit.setValidator(QDoubleValidator())
            edit.textEdited.connect(lambda _t: self.range_radio.setChecked(True))
            row.addWidget(edit)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.top_radio)
        row.addWidget(self.bottom_radio)
        layout.addLayout(row)
        self.n = QSpinBox(minimum=1, maximum=1_000_000, value=10)
        self.n.valueChanged.connect(
            lambda _v: None if self.bottom_radio.isChecked() else self.top_radio.setChecked(True))
        layout.addWidget(self.n)
        self.range_radio.setChecked(True)
        if current is not None:
            if current.top is not None:
                self.top_radio.setChecked(True)
                self.n.setValue(current.top)
            elif current.bottom is not None:
                self.bottom_radio.setChecked(True)
                self.n.setValue(current.bottom)
            else:
                self.low.setText("" if current.low is None else f"{current.low:g}")
                self.high.setText("" if current.high is None else f"{current.high:g}")

    # --- result ----------------------------------------------------------------------------
    def current_filter(self) -> ColumnFilter:
        key = self.column.key
        if self.list is not None:
            values = self.checked_values()
            if len(values) == self.list.count():
                return ColumnFilter(key)  # everything checked: no filter
            return ColumnFilter(key, values=tuple(values))
        if self.top_radio.isChecked():
            return ColumnFilter(key, top=self.n.value())
        if self.bottom_radio.isChecked():
            return ColumnFilter(key, bottom=self.n.value())
        low = float(self.low.text()) if self.low.text().strip() else None
        high = float(self.high.text()) if self.high.text().strip() else None
        return ColumnFilter(key, low=low, high=high)

    def apply(self) -> None:
        self.applied.emit(self.current_filter())
        self.close()

    def _clear(self) -> None:
        self.cleared.emit(self.column.key)
        self.close()
