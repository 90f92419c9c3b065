"""The SQL console's core: a user's one read-only query as a Dataset, its errors, saved queries.

The query is first run once under the Guard (refusals, syntax errors and the time limit show
up here, with SQLite's own words); its result is then wrapped as a Dataset so the same builder
and table model sort and filter it in SQLite, like any report table.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ipexplorer.digest import sha1_hex
from ipexplorer.query.columns import Column, Role, column_kind
from ipexplorer.query.datasets import ROW_ID, Dataset
from ipexplorer.query.readonly import Guard, QueryRefused, check_single_statement

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 10.0   # seconds a console statement may run
SAMPLE_ROWS = 500           # rows read to tell number columns from text ones
MAX_MATERIALISED = 20_000   # cells of a PRAGMA/EXPLAIN result kept (they cannot be wrapped in SQL)
SAVED_NAME = "saved_queries.json"

READ_ONLY_HINT = ("only reading is allowed: no INSERT/UPDATE/DELETE, CREATE/DROP, ATTACH/DETACH "
                  "or pragmas that change state")


class ConsoleError(Exception):
    """A query that cannot be shown; `kind` is refused, syntax, time, cancel or error."""

    def __init__(self, message: str, kind: str = "error", *, sqlite_message: str = "",
                 position: tuple[int, int, int] | None = None):
        super().__init__(message)
        self.kind = kind
        self.sqlite_message = sqlite_message
        self.position = position   # (offset, line, column) of the error in the query, 1-based line/column


@dataclass(frozen=True)
class SavedQuery:
    name: str
    sql: str
    example: bool = False   # shipped with the app; cannot be deleted


EXAMPLES = (
    SavedQuery(
        "示例：发明专利申请最多的十个省份 Example: ten provinces with most invention applications",
        "SELECT region_zh, region_en, value, source_line\nFROM observations\n"
        "WHERE table_no = 1 AND region_kind = 'province' AND ip_type = 'invention'\n"
        "  AND year = (SELECT max(year) FROM observations)   -- the latest year\n"
        "ORDER BY value DESC\nLIMIT 10", example=True),
    SavedQuery(
        "示例：与 WIPO 相关的事件 Example: events with WIPO",
        "SELECT date, text, categories, source_line\nFROM events\nWHERE partners LIKE '%WIPO%'\nORDER BY date",
        example=True),
    SavedQuery(
        "示例：与表格不符的数字 Example: figure checks that disagree",
        "SELECT f.raw_text, f.measure_text, c.table_no, c.table_value, c.note, f.line AS source_line\n"
        "FROM figure_check c JOIN figure f USING (figure_id)\nWHERE NOT c.agrees\nORDER BY f.line", example=True),
    SavedQuery(
        "示例：各表的行数 Example: values per table",
        "SELECT table_no, count(*) AS n_values, sum(value) AS total\nFROM observations\nGROUP BY table_no",
        example=True),
)


# --- running a query -------------------------------------------------------------------------
def first_keyword(sql: str) -> str:
    """The statement's first word, upper-case, after leading comments."""
    text = re.sub(r"^(\s|--[^\n]*(\n|$)|/\*.*?\*/)*", "", sql, flags=re.S)
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).upper() if match else ""


def locate(sql: str, sqlite_message: str) -> tuple[int, int, int] | None:
    """Where SQLite's message points in the query: (offset, line, column), or None.

    SQLite names the token ("near \"FORM\": syntax error", "no such column: x"), not its place.
    """
    match = re.search(r'near "(.+?)": syntax error', sqlite_message, flags=re.S)
    offset = -1
    if match:
        offset = sql.find(match.group(1))
    else:
        match = re.search(r"no such (?:column|table|function): ([^\s]+)", sqlite_message)
        if match:
            token = match.group(1).split(".")[-1]
            found = re.search(rf"(?<![\w.]){re.escape(token)}(?!\w)", sql, flags=re.I) or \
                re.search(re.escape(token), sql, flags=re.I)
            offset = found.start() if found else -1
    if offset < 0:
        return None
    line = sql.count("\n", 0, offset) + 1
    column = offset - (sql.rfind("\n", 0, offset) + 1) + 1
    return offset, line, column


def describe_error(exc: BaseException, sql: str, guard: Guard | None = None) -> ConsoleError:
    """A console message from what SQLite or the Guard said."""
    if isinstance(exc, ConsoleError):
        return exc
    text = str(exc)
    if isinstance(exc, QueryRefused):
        return ConsoleError(f"查询被拒绝 Refused: {text}", "refused", sqlite_message=text)
    if "not authorized" in text or "authorization denied" in text:
        return ConsoleError(f"查询被拒绝 Refused: {READ_ONLY_HINT} (SQLite: {text})", "refused",
                            sqlite_message=text)
    # the worker marks what interrupted a statement (a page read after the check run has no guard at hand)
    stopped_by = getattr(exc, "stopped_by", None) or (guard.stopped_by if guard is not None else None)
    if "interrupted" in text and stopped_by == "time":
        limit = f" of {guard.time_limit:g} s" if guard is not None and guard.time_limit is not None else ""
        return ConsoleError(f"已停止 Stopped: the query ran past the time limit{limit}", "time", sqlite_message=text)
    if "interrupted" in text:
        return ConsoleError("已取消 Cancelled", "cancel", sqlite_message=text)
    if isinstance(exc, sqlite3.ProgrammingError) and "one statement" in text:
        return ConsoleError("查询被拒绝 Refused: only one statement at a time", "refused", sqlite_message=text)
    if isinstance(exc, sqlite3.DatabaseError) and "readonly" in text.replace("-", "").replace(" ", ""):
        return ConsoleError(f"查询被拒绝 Refused: {READ_ONLY_HINT} (SQLite: {text})", "refused",
                            sqlite_message=text)
    position = locate(sql, text)
    where = f"第 {position[1]} 行第 {position[2]} 列 line {position[1]}, column {position[2]}: " if position else ""
    kind = "syntax" if "syntax error" in text or "incomplete" in text or position else "error"
    return ConsoleError(f"SQL 错误 Error: {where}{text}", kind, sqlite_message=text, position=position)


def prepare(conn: sqlite3.Connection, sql: str, guard: Guard) -> Dataset:
    """Check and run `sql` once under `guard`; the Dataset that shows its result.

    Raises ConsoleError for anything that is not one reading statement, a SQL error, or a
    statement stopped by the time limit or a cancel.
    """
    try:
        text = check_single_statement(sql)
        with guard.statement():
            cursor = conn.execute(text)
            if cursor.description is None:
                raise ConsoleError("这条语句不返回结果 The statement returns no rows to show", "refused")
            names = [d[0] for d in cursor.description]
            keyword = first_keyword(text)
            if keyword in ("PRAGMA", "EXPLAIN"):
                cap = max(1, MAX_MATERIALISED // len(names))
                rows = cursor.fetchmany(cap)
                cursor.close()
                return _materialised_dataset(text, names, rows)
            sample = cursor.fetchmany(SAMPLE_ROWS)
            cursor.close()
    except (sqlite3.Error, ConsoleError) as exc:
        raise describe_error(exc, sql, guard) from None
    except MemoryError:
        raise ConsoleError("内存不足 Out of memory: the result is too large to show; select fewer or smaller "
                           "values (LIMIT, length(), substr())", "error") from None
    return query_dataset(text, names, sample)


def _keys(names: Sequence[str]) -> list[str]:
    # the user's column names may repeat or hold any character: the dataset uses safe keys
    return [f"col_{i + 1}" for i in range(len(names))]


def _columns(names: Sequence[str], rows: Sequence[Sequence]) -> tuple[Column, ...]:
    columns = []
    for i, (name, key) in enumerate(zip(names, _keys(names), strict=True)):
        kind = column_kind(name, [r[i] for r in rows])
        columns.append(Column(key, name, name, kind, Role.VALUE if kind.numeric else Role.DIMENSION))
    return tuple(columns)


def _dataset(text: str, names: Sequence[str], columns: tuple[Column, ...], sql: str, params: tuple = ()) -> Dataset:
    keys = [c.key for c in columns]
    line_key = next((c.key for c in columns if c.title_en.lower() in ("source_line", "line")), "source_line")
    digest = sha1_hex(text.encode("utf-8"))[:12]
    return Dataset(
        key=f"sql:{digest}", title_zh="SQL 查询", title_en=" ".join(text.split())[:200], sql=sql, params=params,
        columns=columns, default_sort=(), table_no=None, quick_filter_keys=tuple(keys),
        source_line_key=line_key, hidden_keys=(),
    )


def query_dataset(text: str, names: Sequence[str], sample: Sequence[Sequence]) -> Dataset:
    """A SELECT wrapped so that every row has a key: `_rid` numbers the rows in the query's own order."""
    columns = _columns(names, sample)
    keys = ", ".join(c.key for c in columns)
    # the newline ends a trailing `-- comment` of the user's query before the closing bracket
    # a blob is shown and exported by its size, never spelled out (a 1 GB blob is not a 4 GB string)
    shown = ", ".join(f"CASE WHEN typeof({k}) = 'blob' THEN printf('<blob, %,d bytes>', length({k})) ELSE {k} END "
                      f"AS {k}" for k in (c.key for c in columns))
    sql = f"WITH _q({keys}) AS (\n{text}\n)\nSELECT ROW_NUMBER() OVER () AS {ROW_ID}, {shown} FROM _q"
    return _dataset(text, names, columns, sql)


def _materialised_dataset(text: str, names: Sequence[str], rows: Sequence[Sequence]) -> Dataset:
    """A PRAGMA's or EXPLAIN's rows, held as a VALUES list with parameters (they cannot be a subquery)."""
    columns = _columns(names, rows)
    keys = ", ".join(c.key for c in columns)
    if rows:
        values = ", ".join("(" + ", ".join("?" * len(names)) + ")" for _ in rows)
        body = f"VALUES {values}"
        params = tuple(v for r in rows for v in r)
    else:
        body = f"SELECT {', '.join('NULL' for _ in names)} WHERE 0"
        params = ()
    sql = f"WITH _q({keys}) AS ({body})\nSELECT ROW_NUMBER() OVER () AS {ROW_ID}, {keys} FROM _q"
    return _dataset(text, names, columns, sql, params)


# --- the schema browser --------------------------------------------------------------------------
STABLE_VIEWS = ("observations", "events")   # documented in docs/schema.md: the contract for users' queries
_INTERNAL = re.compile(r"^(sqlite_|.*_fts_(data|idx|docsize|config|content)$)")


@dataclass(frozen=True)
class SchemaObject:
    name: str
    kind: str                                # "view" or "table"
    columns: tuple[tuple[str, str], ...]     # (name, declared type)


def schema_objects(conn: sqlite3.Connection) -> list[SchemaObject]:
    """Views first (the documented ones at the top), then tables; internal tables left out."""
    rows = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table')").fetchall()
    objects = []
    for kind, name in rows:
        if _INTERNAL.match(name):
            continue
        columns = tuple((c[1], c[2] or "") for c in conn.execute(f'PRAGMA table_info("{name}")'))
        objects.append(SchemaObject(name, kind, columns))
    stable = {n: i for i, n in enumerate(STABLE_VIEWS)}
    objects.sort(key=lambda o: (o.kind != "view", stable.get(o.name, len(stable)), o.name))
    return objects


# --- saved queries ------------------------------------------------------------------------------
class SavedQueries:
    """The examples plus the user's own queries, kept as JSON in the user's data directory."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.problem = ""    # why the file could not be read, if it could not
        self._user: list[SavedQuery] = self._load()

    def _load(self) -> list[SavedQuery]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [SavedQuery(str(q["name"]), str(q["sql"])) for q in data.get("queries", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            self.problem = f"cannot read the saved queries {self.path}: {exc}"
            log.warning("%s", self.problem)
            return []

    def all(self) -> list[SavedQuery]:
        return [*EXAMPLES, *self._user]

    def get(self, name: str) -> SavedQuery | None:
        return next((q for q in self.all() if q.name == name), None)

    def save(self, name: str, sql: str) -> SavedQuery:
        """Add or replace the user's query `name`; OSError if the file cannot be written."""
        name = name.strip()
        if not name:
            raise ValueError("give the query a name")
        if any(q.name == name for q in EXAMPLES):
            raise ValueError("an example has that name")
        query = SavedQuery(name, sql.strip())
        queries = [q for q in self._user if q.name != name] + [query]
        self._write(queries)
        self._user = queries
        return query

    def delete(self, name: str) -> None:
        queries = [q for q in self._user if q.name != name]
        if len(queries) != len(self._user):
            self._write(queries)
            self._user = queries

    def _write(self, queries: list[SavedQuery]) -> None:
        from ipexplorer.export.files import atomic_path
        from ipexplorer.export.sheets import ExportError

        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"queries": [{"name": q.name, "sql": q.sql} for q in queries]}
        try:
            with atomic_path(self.path) as tmp:
                tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        except ExportError as exc:
            raise OSError(str(exc)) from None
