"""Export from the table explorer: what (selection, view, tables), where, and a worker that writes it.

The writing runs in a QThread with its own database connection, behind a progress dialog with
Cancel; the window stays usable. Errors end in a short message naming the file and the cause.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ipexplorer.export import ExportCancelled, ExportError
from ipexplorer.export.jobs import ExportRequest
from ipexplorer.query.columns import Column
from ipexplorer.query.view import ViewState
from ipexplorer.ui.shell.errors import show_error
from ipexplorer.ui.shell.indicators import RadioButton, RingedCheckDelegate

log = logging.getLogger(__name__)
TABLE_ROLE = Qt.ItemDataRole.UserRole

SCOPES = (
    ("cells", QT_TRANSLATE_NOOP("ExportDialog", "Selected cells")),
    ("rows", QT_TRANSLATE_NOOP("ExportDialog", "Selected rows")),
    ("view", QT_TRANSLATE_NOOP("ExportDialog", "The whole view, filtered and sorted")),
    ("tables", QT_TRANSLATE_NOOP("ExportDialog", "Several report tables, one sheet each")),
)


def view_columns(explorer) -> list[Column]:
    """The explorer's shown columns in the order they appear on screen (its grid knows them)."""
    return explorer.visible_columns()


def selection_rows(explorer, whole_rows: bool) -> tuple[list[Column], list[list], list[tuple]]:
    """The selected cells (blank where a cell of the bounding rows/columns is not selected) or rows, and the
    selected cells as (row key, column key): what the export's metadata says an older edition did not print.
    Read off the selection's ranges (`selected_pairs`): an index object per cell took a second for a select-all
    of the 6,520 observations, on the GUI thread."""
    present = explorer.selected_pairs()
    if not present:
        return [], [], []
    model = explorer.model
    rows = sorted({r for r, _c in present})
    shown = view_columns(explorer)
    if whole_rows:
        columns = shown
        present = None
    else:
        selected_cols = {c for _r, c in present}
        columns = [c for c in shown if model.column_index(c.key) in selected_cols]
    logical = [model.column_index(c.key) for c in columns]
    data = []
    chosen = []
    for r in rows:
        rid = model.row_id(r)
        cells_of_row = []
        for col, c in zip(columns, logical, strict=True):
            if present is None or (r, c) in present:
                cells_of_row.append(model.printed(r, c))
                chosen.append((rid, col.key))
            else:
                cells_of_row.append(None)
        data.append(cells_of_row)
    return columns, data, chosen


def run_request(request: ExportRequest, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> int:
    """Write the request's file (in the worker thread) through the one export path; return the rows written."""
    from ipexplorer.export.jobs import run

    return run(request, progress, cancelled)


def request_of(dialog) -> ExportRequest | None:
    """What the dialog asks for, or None after a message saying why it cannot be written."""
    try:
        return dialog.request()
    except ValueError as exc:
        show_error(QCoreApplication.translate("ExportDialog", "Cannot export"), str(exc), parent=dialog.parent())
        return None


def explorer_view(explorer) -> ViewState:
    """The pane's own view state (table, layout, query, names, span, facets) with the columns it shows, in the
    order shown — what an export or a copied script reproduces."""
    return explorer.view_state().with_columns([c.key for c in view_columns(explorer)])


class ExportWorker(QObject):
    progress = Signal(int, int)
    done = Signal(int)
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, request: ExportRequest):
        super().__init__()
        self.request = request
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @Slot()
    def run(self) -> None:
        try:
            rows = run_request(self.request, self.progress.emit, lambda: self._cancel)
        except ExportCancelled:
            self.stopped.emit()
        except ExportError as exc:
            log.warning("export failed: %s", exc)
            self.failed.emit(str(exc))
        except Exception as exc:  # report, never crash the worker thread
            log.exception("export failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(rows)


# what the Qt-free export says of a file it cannot write (export.files.describe_os_error and its callers), in the
# interface language: the Chinese interface showed "cannot write in /proc: the folder does not exist"
CAUSES = (
    QT_TRANSLATE_NOOP("ExportCause", "permission denied — the folder may be read-only, or the file open in another "
                      "program"),
    QT_TRANSLATE_NOOP("ExportCause", "the disk is full"),
    QT_TRANSLATE_NOOP("ExportCause", "the disk quota is exhausted"),
    QT_TRANSLATE_NOOP("ExportCause", "the folder takes no new files"),
    QT_TRANSLATE_NOOP("ExportCause", "the folder does not exist"),
    QT_TRANSLATE_NOOP("ExportCause", "a folder has that name"),
    QT_TRANSLATE_NOOP("ExportCause", "the disk is read-only"),
    QT_TRANSLATE_NOOP("ExportCause", "the file name is too long"),
    QT_TRANSLATE_NOOP("ExportCause", "a part of the path is a file, not a folder"),
    QT_TRANSLATE_NOOP("ExportCause", "the file is read-only (it was left as it is)"),
)
MISSING_FOLDER = QT_TRANSLATE_NOOP("ExportCause", "the folder {path} does not exist")
ACTIONS = (QT_TRANSLATE_NOOP("ExportCause", "cannot write in "), QT_TRANSLATE_NOOP("ExportCause", "cannot write "))


def in_interface_words(message: str) -> str:
    """An export's message with the causes it names in the interface language (paths and figures as they are)."""
    for cause in CAUSES:
        message = message.replace(cause, QCoreApplication.translate("ExportCause", cause))
    message = re.sub(r"the folder (.+) does not exist",
                     lambda m: QCoreApplication.translate("ExportCause", MISSING_FOLDER).format(path=m.group(1)),
                     message)
    for action in ACTIONS:   # the longer first: "cannot write in " before "cannot write "
        if message.startswith(action):
            return QCoreApplication.translate("ExportCause", action) + message[len(action):]
    return message


def export_failed(message: str, parent: QWidget | None = None) -> None:
    """The dialog of an export that could not be written (any file of that name as it was), from every place."""
    show_error(QCoreApplication.translate("ExportTask", "Cannot export"),
               in_interface_words(message) + "\n\n"
               + QCoreApplication.translate("ExportTask", "Any existing file was left unchanged."),
               parent=parent)


class ExportTask(QObject):
    """Runs one export in a thread with a progress dialog; `finished(message)` when it ends."""

    finished = Signal(str)

    def __init__(self, request: ExportRequest, parent: QWidget | None = None, show_progress: bool = True):
        super().__init__(parent)
        self.request = request
        self.result: str = ""
        self.ok = False
        self.thread = QThread(self)
        self.worker = ExportWorker(request)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker.stopped.connect(self._on_stopped)
        self.dialog: QProgressDialog | None = None
        if show_progress:
            self.dialog = QProgressDialog(self.tr("Exporting to {name}…").format(name=request.path.name),
                                          self.tr("Cancel"), 0, 0, parent)
            self.dialog.setObjectName("exportProgress")
            self.dialog.setWindowTitle(self.tr("Export"))
            self.dialog.setMinimumDuration(300)
            # the worker's thread is busy writing, so the flag is set from here, not by a queued slot
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)

    def _finish(self, message: str, ok: bool) -> None:
        self.result, self.ok = message, ok
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
        self.thread.quit()
        self.thread.wait()
        self.finished.emit(message)

    def _on_done(self, rows: int) -> None:
        self._finish(self.tr("Exported {rows} rows to {path}").format(rows=f"{rows:,}", path=self.request.path), True)

    def _on_failed(self, message: str) -> None:
        message = in_interface_words(message)
        self._finish(message, False)
        export_failed(message, self.parent())

    def _on_stopped(self) -> None:
        self._finish(self.tr("Export cancelled; nothing was written."), False)


class ExportDialog(QDialog):
    """Choose what to export and where; `request()` describes the choice."""

    def __init__(self, explorer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.explorer = explorer
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.scope_group = QButtonGroup(self)
        scopes = QVBoxLayout()
        has_selection = explorer.has_selection()
        self.scope_buttons: dict[str, RadioButton] = {}
        for key, label in SCOPES:
            button = RadioButton(self.tr(label), objectName=f"scope_{key}")
            self.scope_group.addButton(button)
            scopes.addWidget(button)
            self.scope_buttons[key] = button
            if key in ("cells", "rows"):
                button.setEnabled(has_selection)
        self.scope_buttons["rows" if has_selection else "view"].setChecked(True)
        # a greyed choice says why it is greyed, beside it and in its tooltip
        self.scope_note = QLabel(self.tr("Nothing is selected in the table: select cells or rows there first "
                                         "to export only those."), objectName="scopeNote", wordWrap=True)
        self.scope_note.setVisible(not has_selection)
        if not has_selection:
            for key in ("cells", "rows"):
                self.scope_buttons[key].setToolTip(self.scope_note.text())
            scopes.insertWidget(2, self.scope_note)
        form.addRow(self.tr("Scope"), scopes)
        self.tables = QListWidget(objectName="exportTables")
        self.tables.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tables.setItemDelegate(RingedCheckDelegate(self.tables))   # its boxes seen when greyed
        for number, zh, en in explorer.table_choices():
            item = QListWidgetItem(f"表{number} {zh} · {en}")
            item.setToolTip(f"表{number} {zh}\n{en}")   # whole, where the list cuts the line
            item.setData(TABLE_ROLE, number)
            item.setCheckState(Qt.CheckState.Checked if number == explorer.table_no() else Qt.CheckState.Unchecked)
            self.tables.addItem(item)
        self.tables.setMaximumHeight(160)
        form.addRow(self.tr("Tables"), self.tables)
        self.layout_combo = QComboBox(objectName="exportLayout")
        self.layout_combo.addItem(self.tr("Wide, as printed"), "wide")
        self.layout_combo.addItem(self.tr("Long, one value per row"), "long")
        form.addRow(self.tr("Layout"), self.layout_combo)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(objectName="exportPath")
        default_name = f"ipexplorer-table{explorer.table_no() or 'all'}.xlsx"
        self.path_edit.setText(str(Path.home() / default_name))
        browse = QPushButton(self.tr("Browse…"), objectName="exportBrowse")
        browse.clicked.connect(self.browse)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("File (.xlsx / .csv)"), path_row)
        # LibreOffice's default CSV import ignores the byte-order mark; GB18030 is what older software expects
        self.encoding_combo = QComboBox(objectName="exportEncoding")
        self.encoding_combo.addItem(self.tr("UTF-8 with byte-order mark (Excel)"), "utf-8-sig")
        self.encoding_combo.addItem(self.tr("GB18030 (older spreadsheet software, LibreOffice)"), "gb18030")
        form.addRow(self.tr("CSV encoding"), self.encoding_combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.scope_group.buttonToggled.connect(lambda *_: self._sync())
        self._sync()
        self.resize(620, 440)

    def scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def set_scope(self, key: str) -> None:
        self.scope_buttons[key].setChecked(True)

    def set_tables(self, numbers) -> None:
        wanted = set(numbers)
        for i in range(self.tables.count()):
            item = self.tables.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(TABLE_ROLE) in wanted else Qt.CheckState.Unchecked)

    def checked_tables(self) -> list[int]:
        return [self.tables.item(i).data(TABLE_ROLE) for i in range(self.tables.count())
                if self.tables.item(i).checkState() == Qt.CheckState.Checked]

    def _sync(self) -> None:
        several = self.scope() == "tables"
        self.tables.setEnabled(several)
        self.layout_combo.setEnabled(several)

    def browse(self) -> None:
        from ipexplorer.ui.shell.save_dialog import ask_save_path

        path = ask_save_path(self, self.tr("Export to"), self.path_edit.text() or "ipexplorer.xlsx")
        if path is not None:
            self.path_edit.setText(str(path))

    def request(self) -> ExportRequest:
        """The export described by the dialog; ValueError names what is missing."""
        typed = self.path_edit.text().strip()
        path = Path(typed).expanduser()
        if not path.name:
            raise ValueError(self.tr("choose a file name"))
        if typed.endswith(("/", "\\")) or path.is_dir():   # a folder: "out" became out.xlsx beside it, unsaid
            raise ValueError(self.tr("{path} is a folder: add a file name to it").format(path=path))
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(path.suffix + ".xlsx") if path.suffix else path.with_suffix(".xlsx")
        scope = self.scope()
        explorer = self.explorer
        request = ExportRequest(path=path, scope=scope, language=explorer.language, db_path=explorer.db_path,
                                view=explorer_view(explorer), dataset=explorer.dataset,
                                encoding=self.encoding_combo.currentData())
        if scope == "tables":
            request.table_nos = self.checked_tables()
            request.layout = self.layout_combo.currentData()
            if not request.table_nos:
                raise ValueError(self.tr("tick at least one table"))
            if path.suffix.lower() == ".csv" and len(request.table_nos) > 1:
                raise ValueError(self.tr("a CSV file holds one table; choose .xlsx for several"))
        elif scope != "view":
            request.columns, request.rows, request.cells = selection_rows(explorer, whole_rows=scope == "rows")
            if not request.rows:
                raise ValueError(self.tr("nothing is selected"))
        return request
