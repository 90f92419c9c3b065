"""A table model over a Dataset: rows come from SQLite in chunks, sorted and filtered there.

The model holds only the rows fetched so far; `fetchMore` asks the worker thread for the
next chunk, sought after the last row held by its sort keys and row key (keyset paging: a page at the
end of a million rows costs what the first does, where OFFSET stepped past every row before it).
Changing the query bumps a generation counter and late results are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from ipexplorer.query.builder import QueryState, count_sql, order_terms, page_sql
from ipexplorer.query.columns import Column, Kind, Role
from ipexplorer.query.datasets import Dataset, nil_markers
from ipexplorer.query.numbers import MISSING, format_value
from ipexplorer.ui.runner import Runner
from ipexplorer.ui.shell import theme

# Custom roles
RAW_ROLE = Qt.ItemDataRole.UserRole + 1          # the value as stored (number or text)
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2       # the dataset's row key
SOURCE_LINE_ROLE = Qt.ItemDataRole.UserRole + 3  # the report line the row came from
COLUMN_ROLE = Qt.ItemDataRole.UserRole + 4       # headerData: the Column description
EDITION_ROLE = Qt.ItemDataRole.UserRole + 5      # the edition whose report line SOURCE_LINE_ROLE is (None: latest)

SORT_MARKS = {True: "▲", False: "▼"}
FILTER_MARK = "▽"   # a filtered column; in DejaVu Sans and Noto Sans CJK alike (⧩ is in neither: a tofu box)

# roles as plain ints: data() compares them a thousand times a paint (an enum member's lookup costs more)
_DISPLAY, _EDIT, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole), \
    int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT, _FOREGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ForegroundRole)
# asked by the delegate for every cell, answered by none of ours
_UNANSWERED = frozenset(int(r) for r in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
                                          Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.CheckStateRole,
                                          Qt.ItemDataRole.SizeHintRole, Qt.ItemDataRole.StatusTipRole,
                                          Qt.ItemDataRole.WhatsThisRole, Qt.ItemDataRole.AccessibleTextRole,
                                          Qt.ItemDataRole.AccessibleDescriptionRole))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
# the layout signals' overload that carries a hint (PySide6 emits the bare one unless told)
LAYOUT_ARGS = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")


def tsv_cell(value, kind: Kind) -> str:
    """A cell as TSV text: shares as per cent, tabs and newlines flattened."""
    if value is None:
        return ""
    if isinstance(value, str) and kind.numeric:
        return value   # a nil's marker in a number column, as printed
    if kind is Kind.PERCENT:
        return f"{value * 100:.4g}%"
    return str(value).replace("\t", " ").replace("\n", " ")


def selection_tsv(model: SqlTableModel, header, cells: set[tuple[int, int]], language: str = "both") -> str:
    """Selected (row, column) cells as TSV in the order the header shows the columns, under a header row (two
    when grouped). Cells, not QModelIndex objects: a select-all of 6,520 rows is 130,000 of them."""
    if not cells:
        return ""
    rows = sorted({r for r, _c in cells})
    cols = [header.logicalIndex(v) for v in sorted({header.visualIndex(c) for _r, c in cells})]
    columns = [model.columns[c] for c in cols]
    lines = []
    if any(c.group_zh for c in columns):
        lines.append("\t".join(c.group(language) for c in columns))
    lines.append("\t".join(c.title(language) for c in columns))
    for r in rows:
        lines.append("\t".join(tsv_cell(model.printed(r, c) if (r, c) in cells else None, col.kind)
                               for c, col in zip(cols, columns, strict=True)))
    return "\n".join(lines) + "\n"


def _rows(conn, sql: str, params: list) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def _first_page(conn, sql: str, params: list, dataset: Dataset | None) -> tuple[list[tuple], dict[tuple, str] | None]:
    """The first page and the markers of the dataset's nils (few: read whole with the first page of a new
    dataset; None for a new query of the dataset whose markers are held — a keystroke or a sort)."""
    return conn.execute(sql, params).fetchall(), nil_markers(conn, dataset) if dataset is not None else None


def _count(conn, sql: str, params: list) -> int:
    return conn.execute(sql, params).fetchone()[0]


def _nil(column: Column) -> str:
    """What an empty cell reads: "—" for a number of the report's (a nil, printed so), else nothing."""
    return MISSING if column.kind.numeric and column.role is Role.VALUE else ""


def _empty(column: Column) -> str:
    """An empty cell that is no printed nil: a year an older edition prints, of a row it left out, reads empty."""
    return "" if column.absent_in else column.empty or _nil(column)


def failure_message(exc: BaseException, time_limit: float | None) -> str:
    """SQLite's words, or the time limit that stopped the statement."""
    if getattr(exc, "stopped_by", None) == "time" and "interrupted" in str(exc):
        return f"stopped: the query ran past the time limit of {time_limit:g} s"
    return str(exc)


class SqlTableModel(QAbstractTableModel):
    """Thin adapter: a Dataset and a QueryState in, rows from SQLite out.

    A new sort of the same rows (filters unchanged) moves them with the layout signals: persistent
    indexes, and so a kept selection or current cell, follow their rows; other changes reset the model.
    `row_tooltip`, when set, gives a cell's tooltip from its row's values by column key and the cell's column
    key (a profile's sources, an event's full text).
    """

    loaded = Signal()                # the first chunk of the current query is in
    total_changed = Signal(int)      # the full row count of the current query
    query_failed = Signal(str)
    state_changed = Signal()
    # sections whose title took or lost a sort or filter mark (first, last): the grid's headers repaint those.
    # headerDataChanged would have every view of the model (the table, the frozen column, each header) lay
    # itself out again and repaint whole, in a pass before the rows arrive and again with them
    marks_changed = Signal(int, int)

    CHUNK = 256

    def __init__(self, db_path: Path, parent: QObject | None = None, *, time_limit: float | None = None):
        super().__init__(parent)
        # a time limit guards the worker's connection: for SQL people type (the console)
        self._runner = Runner(db_path, self, time_limit=time_limit)
        self._dataset: Dataset | None = None
        self._state = QueryState()
        self._rows: list[tuple] = []
        # row key -> (the row's values, its cells as shown), formatted once per dataset: a new order or filter of
        # rows already shown formats none of them again (the values are compared: a key is trusted with no text)
        self._display: dict[object, tuple[tuple, tuple[str, ...]]] = {}
        self._exhausted = True
        self._fetching = False
        self._fetching_all = False
        self._total: int | None = None
        self._count_wanted = False      # the count is asked once the first page is painted
        self._language = "zh"
        self._pending_reset = False
        self._pending_move = False      # the pending rows are the same rows in a new order
        self.row_tooltip: Callable[[dict, str], str | None] | None = None
        # what query_failed last said, as raised (its kind and SQLite's words: the console words it its own way)
        self.failure_error: BaseException | None = None
        # whether no view of the model holds a selection (the grid tells): a sort then moves the current cell's
        # index with its row without a layout change
        self.no_selection: Callable[[], bool] | None = None
        self.last_sql = ""
        self._keys: list[str] = []
        self._columns: tuple[Column, ...] = ()
        self._nils: dict[tuple, str] = {}   # (row key, column key) -> the nil marker the report printed there
        self._nils_of: Dataset | None = None   # the dataset whose markers those are
        self._sort_width = 0   # the sort keys' values that end each fetched row (page_sql)
        self._alignments: tuple[int, ...] = ()
        self._empties: tuple[str, ...] = ()
        self._signed: frozenset[int] = frozenset()
        # a signed column's (rise, fall) brushes: theme's signed colours of the palette in use (set_palette)
        self.signed_brushes = theme.signed_brushes(theme.palette_name())
        self._titles: dict[str, tuple[str, ...]] = {}   # language -> each header's text with its marks

    # --- what is shown --------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    @property
    def state(self) -> QueryState:
        return self._state

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def fully_loaded(self) -> bool:
        return self._exhausted and not self._fetching

    def set_dataset(self, dataset: Dataset, state: QueryState | None = None) -> None:
        self._dataset = dataset
        # nothing to fetch more of until set_state asks for the first page: a view laying itself out on the
        # reset (the frozen column's updateGeometries) would call fetchMore on no rows
        self._exhausted = True
        self.beginResetModel()
        self._columns = dataset.columns
        self._keys = [c.key for c in dataset.columns]
        self._column_answers()
        self._rows = []
        self._display.clear()
        self._total = None
        self.endResetModel()
        self.set_state(state or QueryState())

    def set_state(self, state: QueryState) -> None:
        """Re-run the query with new filters or sort; old rows stay until new ones arrive."""
        previous, self._state = self._state, state
        shown = self._titles.get(self._language)
        self._titles.clear()
        if self._dataset is None:
            return
        resort = (bool(self._rows) and not self._pending_reset
                  and (previous.quick_text, previous.filters, previous.pinyin_order)
                  == (state.quick_text, state.filters, state.pinyin_order))
        self._pending_reset = True
        self._pending_move = resort
        self._fetching = True
        self._fetching_all = False
        self._exhausted = False
        # a new order of the same rows: as many as are loaded, so each kept index finds its row again
        limit = max(self.CHUNK, len(self._rows)) if resort else self.CHUNK
        self._sort_width = len(order_terms(self._dataset, state))
        self._fetch(*page_sql(self._dataset, state, limit), 0)
        if not (resort and self._total is not None):   # the same rows: the count stands
            # counted once the first page is shown, or not at all when it holds every row (_on_rows)
            self._total = None
            self._count_wanted = False
            self._runner.supersede("count")
        self._titles_changed(shown)
        self.state_changed.emit()

    def _titles_changed(self, shown: tuple[str, ...] | None) -> None:
        """Tell the headers which titles took or lost a sort or filter mark (a click changes two or three)."""
        if not self._columns:
            return
        if shown is None or len(shown) != len(self._columns):
            self.marks_changed.emit(0, len(self._columns) - 1)
            return
        titles = self._titles[self._language] = self._header_titles()
        for section in (i for i, (a, b) in enumerate(zip(shown, titles, strict=True)) if a != b):
            self.marks_changed.emit(section, section)

    def set_language(self, language: str) -> None:
        self._language = language
        self._titles.clear()
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    def column_index(self, key: str) -> int:
        return self._keys.index(key)

    def row_id(self, row: int):
        return self._rows[row][0]

    def raw(self, row: int, column: int):
        """A loaded cell's value as stored (what RAW_ROLE gives), without building an index."""
        return self._rows[row][column + 1]

    def column_slice(self, column: int, first: int, last: int) -> list:
        """A column's stored values of the loaded rows first…last (a selection's statistics read a run at once)."""
        return [row[column + 1] for row in self._rows[first:last + 1]]

    def row_ids(self, first: int, last: int) -> list:
        """The row keys of the loaded rows first…last."""
        return [row[0] for row in self._rows[first:last + 1]]

    def printed(self, row: int, column: int):
        """A loaded cell as copied or exported: its stored value, or the marker ("—"/"-") where the report
        printed a nil (stored NULL) — what the cell shows, never an empty cell that reads as missing."""
        value = self._rows[row][column + 1]
        if value is None:
            return self._nils.get((self._rows[row][0], self._keys[column]))
        return value

    def record(self, row: int) -> dict:
        """A loaded row's values by column key, its row key under `_rid` (hidden columns included)."""
        values = self._rows[row]
        return {"_rid": values[0], **dict(zip(self._keys, values[1:], strict=False))}

    def row_of_id(self, row_id) -> int | None:
        for i, r in enumerate(self._rows):
            if r[0] == row_id:
                return i
        return None

    def fetch_all(self) -> None:
        """Ask for every remaining row (for select-all and exports of what is shown)."""
        if self._dataset is None or self._exhausted:
            return
        if self._fetching:
            return
        self._fetching = True
        self._fetching_all = True
        self._fetch(*self._next_page(-1), len(self._rows))

    def set_time_limit(self, seconds: float) -> None:
        self._runner.set_time_limit(seconds)

    def cancel(self) -> None:
        """Stop the query under way and drop its results; the rows already shown stay."""
        self._runner.supersede("rows")
        self._runner.supersede("count")
        self._count_wanted = False
        self._fetching = self._fetching_all = self._pending_reset = self._pending_move = False
        self._exhausted = True

    def shutdown(self) -> None:
        self._runner.shutdown()

    @property
    def runner(self) -> Runner:
        """The model's query service: the grid's filter popups ask their values through it too."""
        return self._runner

    # --- results from the worker ----------------------------------------------------
    def _next_page(self, limit: int) -> tuple[str, list]:
        """The `limit` rows (-1: all the rest) after the last row held, sought by its sort keys and row key."""
        if not self._rows:
            return page_sql(self._dataset, self._state, limit)
        last = self._rows[-1]
        after = (*last[len(last) - self._sort_width:], last[0]) if self._sort_width else (last[0],)
        return page_sql(self._dataset, self._state, limit, after)

    def _fetch(self, sql: str, params: list, offset: int) -> None:
        self.last_sql = sql   # what was last asked of SQLite (tests read the ORDER BY a header click made)
        if self._pending_reset and not self._pending_move:   # a new query; a new dataset's nils come with it
            dataset = self._dataset if self._nils_of is not self._dataset else None
            self._runner.submit(_first_page, sql, params, dataset,
                                done=lambda result, d=dataset: self._on_first_page(result, d),
                                failed=self._on_failed, channel="rows")
            return
        self._runner.submit(_rows, sql, params, done=lambda rows: self._on_rows(offset, rows),
                            failed=self._on_failed, channel="rows")

    def _on_first_page(self, result: tuple[list[tuple], dict[tuple, str] | None], dataset: Dataset | None) -> None:
        rows, nils = result
        if nils is not None:
            self._nils, self._nils_of = nils, dataset
        self._on_rows(0, rows)

    def _on_rows(self, offset: int, rows: list) -> None:
        self._fetching = False
        if self._pending_reset and self._pending_move:
            self._pending_reset = self._pending_move = False
            self._move_rows(rows)
            self.loaded.emit()
            self._count_soon()
            return
        if self._pending_reset:
            self._pending_reset = False
            self.beginResetModel()
            self._rows = list(rows)
            self._exhausted = len(rows) < self.CHUNK
            self.endResetModel()
            if self._exhausted and self._total is None:   # every row is here: no count to ask
                self._on_count(len(rows))
            self.loaded.emit()
            self._count_soon()
            return
        if offset != len(self._rows):
            return
        self._exhausted = len(rows) < self.CHUNK or self._fetching_all
        self._fetching_all = False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _move_rows(self, rows: list) -> None:
        """The rows in their new order; persistent indexes follow their row keys (or go, if not reloaded)."""
        limit = max(self.CHUNK, len(self._rows))
        old = self.persistentIndexList()
        # With no selection to carry over (at most a current cell), the same number of rows is new text in the
        # same cells: a data change repaints the cells only, where a layout change had every header lay out its
        # sections and repaint whole. A selection's ranges are pairs of persistent indexes that a layout change
        # alone splits and joins again as their rows move.
        in_place = len(rows) == len(self._rows) and (not old or (self.no_selection is not None
                                                                 and self.no_selection()))
        if not in_place:   # the rows only: the columns (and the horizontal header's sections and groups) stand
            self.layoutAboutToBeChanged[LAYOUT_ARGS].emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)
            old = self.persistentIndexList()
        new_row = {r[0]: i for i, r in enumerate(rows)}
        moved = []
        for index in old:
            row = new_row.get(self._rows[index.row()][0]) if index.row() < len(self._rows) else None
            moved.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self._rows = list(rows)
        self._exhausted = len(rows) < limit
        self.changePersistentIndexList(old, moved)
        if not in_place:
            self.layoutChanged[LAYOUT_ARGS].emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)
        elif rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self._columns) - 1), [])
        if self._exhausted and self._total is None:
            self._on_count(len(rows))

    def _count_soon(self) -> None:
        """The full row count of a first page that may not hold every row, asked once the page is painted (a
        0 ms timer fires after the paint its rows asked for): the count's answer changes the status bar in a
        pass of its own, not in the keystroke's or the sort's."""
        if self._total is None and not self._count_wanted:
            self._count_wanted = True
            QTimer.singleShot(0, self, self._count_rows)

    def _count_rows(self) -> None:
        wanted, self._count_wanted = self._count_wanted, False
        if not wanted or self._dataset is None or self._total is not None or self._pending_reset:
            return   # counted already, cancelled, or a newer query is on its way (its own page asks again)
        sql, params = count_sql(self._dataset, self._state)
        self._runner.submit(_count, sql, params, done=self._on_count, failed=self._on_count_failed, channel="count")

    def _on_count(self, total: int) -> None:
        self._total = total
        self.total_changed.emit(total)

    def _on_count_failed(self, exc: BaseException) -> None:
        # an interrupt is a newer query's (dropped), unless the time limit stopped the count: that is said too
        if "interrupted" not in str(exc) or getattr(exc, "stopped_by", None) == "time":
            self.failure_error = exc
            self.query_failed.emit(failure_message(exc, self._runner.time_limit))

    def _on_failed(self, exc: BaseException) -> None:
        self._fetching = False
        self._exhausted = True
        self._pending_reset = self._pending_move = False
        self.failure_error = exc
        self.query_failed.emit(failure_message(exc, self._runner.time_limit))

    # --- Qt overrides ----------------------------------------------------------------
    # A paint asks data() for seven roles of every visible cell and flags() once more (about a thousand calls
    # into Python per repaint of the Tables pane): the roles a cell never answers return first, the others
    # read per-column answers worked out once per dataset (_column_answers) and the row's formatted strings.
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if role in _UNANSWERED:
            return None
        r = index.row()
        if r < 0:   # an invalid index
            return None
        if role == _DISPLAY:   # asked for every visible cell on every paint: formatted once per row
            row = self._rows[r]
            entry = self._display.get(row[0])
            if entry is None or entry[0] is not row:
                entry = self._format_row(row, entry)
            return entry[1][index.column()]
        c = index.column()
        if role == _ALIGNMENT:
            return self._alignments[c]
        row = self._rows[r]
        if role == _FOREGROUND:
            if c in self._signed:
                value = row[c + 1]
                if isinstance(value, (int, float)) and value:
                    return self.signed_brushes[0 if value > 0 else 1]
            return None
        if role in (RAW_ROLE, _EDIT):
            return row[c + 1]
        if role == ROW_ID_ROLE:
            return row[0]
        column = self._columns[c]
        if role == SOURCE_LINE_ROLE:
            key = column.line_key or (self._dataset.source_line_key if self._dataset else "source_line")
            return row[self._keys.index(key) + 1] if key in self._keys else None
        if role == EDITION_ROLE:
            key = column.edition_key or "edition"
            return row[self._keys.index(key) + 1] if key in self._keys else None
        if role == _TOOLTIP:
            value = row[c + 1]
            if value is None and column.absent_in and (row[0], column.key) not in self._nils:
                return QCoreApplication.translate("SqlTableModel", "Not printed in the {year} edition").format(
                    year=column.absent_in)
            if self.row_tooltip is not None:
                return self.row_tooltip(self.record(r), column.key)
            if column.kind.numeric and value is not None:
                return f"{column.title(self._language)}: {format_value(value, column.kind)}"
        return None

    def column_texts(self, column: int, count: int) -> list[str]:
        """The shown text of `column` in the first `count` rows (what DisplayRole gives, without a call per cell:
        fitting a column's width reads them)."""
        texts = []
        for row in self._rows[:count]:
            entry = self._display.get(row[0])
            if entry is None or entry[0] is not row:
                entry = self._format_row(row, entry)
            texts.append(entry[1][column])
        return texts

    def _format_row(self, row: tuple, entry: tuple | None) -> tuple[tuple, tuple[str, ...]]:
        """The row's cells as text: those of the same values fetched before (another order, another filter), or
        formatted now. Fetched rows end in their sort keys' values, which are not cells."""
        width = len(self._columns) + 1
        if entry is not None and entry[0][:width] == row[:width]:
            shown = entry[1]
        else:
            nils = self._nils
            shown = tuple(
                format_value(v, c.kind, empty=(nils.get((row[0], c.key)) if nils else None) or empty,
                             signed=c.signed)
                for v, c, empty in zip(row[1:], self._columns, self._empties, strict=False))
        entry = self._display[row[0]] = (row, shown)
        return entry

    def set_palette(self, name: str) -> None:
        """Colour the signed columns in the named palette's rise and fall (the views repaint with the palette)."""
        self.signed_brushes = theme.signed_brushes(name)

    def _column_answers(self) -> None:
        """What each column answers the same for every cell: alignment, a nil's text, whether it is signed."""
        self._alignments = tuple(_RIGHT if c.kind.numeric or c.align_right else _LEFT for c in self._columns)
        self._empties = tuple(_empty(c) for c in self._columns)
        self._signed = frozenset(i for i, c in enumerate(self._columns) if c.signed)
        self._titles.clear()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if role in _UNANSWERED:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == _DISPLAY:
                return str(section + 1)
            return None
        if not 0 <= section < len(self._columns):
            return None
        if role == _DISPLAY:   # the header asks for every section on each size hint: worked out once per state
            titles = self._titles.get(self._language)
            if titles is None:
                titles = self._titles[self._language] = self._header_titles()
            return titles[section]
        if role == _ALIGNMENT:
            return _CENTRE
        column = self._columns[section]
        if role == _TOOLTIP:
            group = column.group(self._language)
            title = f"{group} · {column.title('both')}" if group else column.title("both")
            return f"{title}\nClick to sort; Shift+click adds a sort key; right-click to filter"
        if role == COLUMN_ROLE:
            return column
        return None

    def _header_titles(self) -> tuple[str, ...]:
        """Each column's title with its sort mark (▲/▼, numbered when several) and filter mark."""
        sort_keys = [k for k, _ in self._state.sort]
        filtered = {f.key for f in self._state.filters}
        titles = []
        for column in self._columns:
            text = column.title(self._language)
            if column.key in sort_keys:
                position = sort_keys.index(column.key)
                mark = SORT_MARKS[self._state.sort[position][1]] + (str(position + 1) if len(sort_keys) > 1 else "")
                text = f"{text} {mark}"
            if column.key in filtered:
                text = f"{text} {FILTER_MARK}"
            titles.append(text)
        return tuple(titles)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching and not self._pending_reset

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._dataset is None:
            return
        self._fetching = True
        self._fetch(*self._next_page(self.CHUNK), len(self._rows))
