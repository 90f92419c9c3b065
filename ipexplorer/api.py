"""The pandas face of the database: `ipexplorer.open()` and the DataFrames an analyst asks for.

Imported only when used (`ipexplorer.open` is resolved lazily), and pandas only when the first
DataFrame is made, so the app's start never pays for either. Every query reads through the same
modules as the app (datasets, builder, search, the console's guard), so a DataFrame holds the
numbers the app shows. The API never prints: problems are exceptions saying what to do.
"""

from __future__ import annotations

import html
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipexplorer import citation

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["APIError", "Database", "QueryError", "QueryTimeout", "ReadOnlyError", "open"]

LAYOUTS = ("wide", "long")
LANGUAGES = ("zh", "en", "both")


class APIError(Exception):
    """Something the API cannot do as asked; the message says why."""


class QueryError(APIError):
    """A query given to `Database.sql` failed (SQLite's own words in the message)."""


class ReadOnlyError(QueryError):
    """A query tried to write or change state: the API only reads."""


class QueryTimeout(QueryError):
    """A query ran past the time limit and was stopped."""


def open(path: str | os.PathLike[str] | None = None, *,
         report: str | os.PathLike[str] | None = None) -> Database:
    """The app's database (`$IPEXPLORER_DB` or the user data directory unless `path` says otherwise).

    Built when missing (from the shipped report, or `report`), and rebuilt by itself when it is
    ipexplorer's and corrupt or of an older schema, as the app does at start; a file that is not
    ipexplorer's is never replaced (APIError naming it).
    """
    from ipexplorer.paths import resolve_db, shipped_report
    from ipexplorer.report.source import ReportError
    from ipexplorer.store.build import BuildError
    from ipexplorer.store.database import connect, ensure_database
    from ipexplorer.store.errors import DatabaseRefused

    db = resolve_db(path)
    report_path = Path(report) if report is not None else shipped_report()
    try:
        ensure_database(db, report_path)
        conn = connect(db)
    except DatabaseRefused as exc:
        raise APIError(str(exc)) from None
    except (ReportError, BuildError, OSError, sqlite3.Error) as exc:
        raise APIError(f"cannot open the database {db}: {exc}") from None
    return Database(db, conn)


def _listed(value: Any) -> list | None:
    """A filter's values: None for no filter, a list for one value or several."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, int, float)):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")


def _int_or_float(pd, values: Sequence):
    """Report numbers as nullable integers (NA where nothing is printed); decimals stay decimal."""
    present = [v for v in values if v is not None]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(list(values), dtype="Int64")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    return list(values)


class Database:
    """An open, read-only ipexplorer database; use `ipexplorer.open()` to get one.

    Usable as a context manager (`with ipexplorer.open() as db: …`) to close it at the end.
    """

    time_limit: float = 10.0   # seconds a query of `sql()` may run, as in the SQL console

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = Path(path)
        self._conn = conn
        self._guarded: sqlite3.Connection | None = None
        self._guard = None
        self._meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self._reports = self._read_reports(conn)

    @staticmethod
    def _read_reports(conn: sqlite3.Connection) -> list[dict]:
        """The reports the database was built from (edition, title, file, SHA-256), as the store reads them."""
        from ipexplorer.store.database import built_from

        return [{"edition": r.edition, "title": r.title, "name": r.name, "sha256": r.sha256}
                for r in built_from(conn)]

    # --- life ----------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connections (the object cannot be used afterwards)."""
        if self._guard is not None:
            self._guard.finish()
        for conn in (self._conn, self._guarded):
            if conn is not None:
                conn.close()
        self._guarded = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ipexplorer.Database {self.path} ({self._meta.get('report_name', 'unknown report')})>"

    # --- provenance ----------------------------------------------------------------------------------
    def _source(self, **extra) -> dict:
        """What every DataFrame carries in `attrs`: where its numbers come from."""
        return {
            "report": self._meta.get("report_name", ""),
            "report_sha256": self._meta.get("report_sha256", ""),
            "reports": [dict(r) for r in self._reports],
            "database": str(self.path),
            "citation": citation([(r["edition"], r["title"]) for r in self._reports if r["edition"] is not None]),
            **extra,
        }

    def tables(self) -> pd.DataFrame:
        """Every table: number, titles, unit, where it is printed and how many values it holds."""
        import pandas as pd

        rows = self._conn.execute(
            "SELECT t.table_no, t.title_zh, t.title_en, t.unit_zh, t.source, t.first_line, t.last_line, "
            "       (SELECT count(*) FROM observation o WHERE o.table_no = t.table_no) "
            "FROM report_table t ORDER BY t.table_no").fetchall()
        df = pd.DataFrame.from_records(rows, columns=["table_no", "title_zh", "title_en", "unit", "source",
                                                      "first_line", "last_line", "values"])
        df = df.set_index("table_no")
        df.attrs = self._source()
        return df

    def _repr_html_(self) -> str:
        """Jupyter's summary: the reports, their tables and the counts — every edition's values and events (as
        observations() and events() give them), per edition when there are several."""
        editions = [r["edition"] for r in self._reports]
        tables = self._conn.execute("SELECT table_no, title_zh, title_en FROM report_table ORDER BY table_no"
                                    ).fetchall()
        values: dict[tuple[int, int], int] = {(n, e): count for n, e, count in self._conn.execute(
            "SELECT table_no, edition, count(*) FROM edition_value GROUP BY table_no, edition")}
        per_edition: dict[int, int] = {}
        for (_table, edition), count in values.items():   # the per-table counts already hold each edition's
            per_edition[edition] = per_edition.get(edition, 0) + count
        events = dict(self._conn.execute("SELECT edition, count(*) FROM edition_event GROUP BY edition").fetchall())
        esc = html.escape

        def counted(counts: dict[int, int], noun: str) -> str:
            total = f"{sum(counts.values()):,} {noun}"
            if len(editions) < 2:
                return total
            return f"{total} ({'; '.join(f'{e}: {counts.get(e, 0):,}' for e in editions)})"

        body = "".join(
            f"<tr><td>{n}</td><td>{esc(zh)}</td><td>{esc(en)}</td>"
            + "".join(f"<td>{values.get((n, e), 0):,}</td>" for e in editions) + "</tr>"
            for n, zh, en in tables)
        heads = ("<th>values</th>" if len(editions) < 2
                 else "".join(f"<th>values {e}</th>" for e in editions))
        reports = "".join(
            f"<li>{esc(r['title'] or r['name'])} ({esc(r['name'])}, sha256 {esc(r['sha256'][:12])}…)</li>"
            for r in self._reports)
        return (
            f"<div><b>ipexplorer database</b> <code>{esc(str(self.path))}</code>, "
            f"built {esc(self._meta.get('built_at', ''))}<br>"
            f"{len(self._reports)} {'report' if len(self._reports) == 1 else 'reports'}:<ul>{reports}</ul>"
            f"{len(tables)} tables, {counted(per_edition, 'values')}, {counted(events, 'events')}"
            f"<table><thead><tr><th>table</th><th>title</th><th>English title</th>{heads}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")

    # --- observations --------------------------------------------------------------------------------
    def observations(self, table: int | Sequence[int] | None = None, region: str | Sequence[str] | None = None,
                     year: int | Sequence[int] | None = None, measure: str | Sequence[str] | None = None,
                     ip_type: str | Sequence[str] | None = None, edition: Any = None) -> pd.DataFrame:
        """Rows of the `observations` view (its columns, in its order), filtered.

        Each filter takes a value or a list of values; `region` matches the Chinese or the English
        name (广东 or Guangdong). `edition` keeps the values the editions given print (report years).
        """
        import pandas as pd

        conds, params = [], []
        for column, value in (("table_no", table), ("year", year), ("measure", measure), ("ip_type", ip_type)):
            values = _listed(value)
            if values is not None:
                conds.append(f"{column} IN ({', '.join('?' * len(values))})" if values else "0")
                params.extend(values)
        regions = _listed(region)
        if regions is not None:
            marks = ", ".join("?" * len(regions))
            conds.append(f"(region_zh IN ({marks}) OR region_en IN ({marks}))" if regions else "0")
            params.extend([*regions, *regions])
        editions = _listed(edition)
        if editions is not None:
            conds.append(f"edition IN ({', '.join('?' * len(editions))})" if editions else "0")
            params.extend(editions)
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        cursor = self._conn.execute(f"SELECT * FROM observations{where}", params)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        df = pd.DataFrame.from_records(rows, columns=names)
        if "value" in names:
            df["value"] = _int_or_float(pd, [r[names.index("value")] for r in rows])
        tables = sorted({r[names.index("table_no")] for r in rows}) if "table_no" in names else []
        df.attrs = self._source(tables=tables)
        return df

    def _table_info(self, n: int) -> dict:
        row = self._conn.execute(
            "SELECT title_zh, title_en, unit_zh, unit_en, notes_zh, first_line, last_line, source "
            "FROM report_table WHERE table_no = ?", (int(n),)).fetchone()
        if row is None:
            tables = ", ".join(str(r[0]) for r in self._conn.execute(
                "SELECT table_no FROM report_table ORDER BY table_no"))
            raise APIError(f"no table {n}; the tables are {tables}")
        title_zh, title_en, unit_zh, unit_en, notes, first, last, source = row
        return {"table": int(n), "title_zh": title_zh, "title_en": title_en, "unit": unit_zh, "unit_en": unit_en,
                "notes": notes or "", "lines": (first, last), "printed": source}

    # --- tables as printed ---------------------------------------------------------------------------
    def table(self, n: int, layout: str = "wide", lang: str = "zh") -> pd.DataFrame:
        """Table `n` as printed: one row per printed row, indexed by region.

        wide: one column per printed column, under a (year, measure or type) MultiIndex; long: one
        row per value with the codes of the `observations` view. Values are nullable integers.
        The title, unit, notes and source lines are in `attrs`.
        """
        import pandas as pd

        from ipexplorer.query.datasets import long_dataset, wide_dataset

        if layout not in LAYOUTS:
            raise ValueError(f"layout must be wide or long, not {layout!r}")
        _check_lang(lang)
        info = self._table_info(n)
        title = {"zh": info["title_zh"], "en": info["title_en"]}.get(lang, f"{info['title_zh']} {info['title_en']}")
        attrs = self._source(**info, title=title)
        if layout == "wide":
            dataset = wide_dataset(self._conn, int(n))
            values = [c for c in dataset.columns if c.role.value == "value"]
            keys = ["region_zh", "region_en", *(c.key for c in values)]
            rows = self._conn.execute(
                f"SELECT {', '.join(keys)}, source_line FROM ({dataset.sql}) ORDER BY row_index",
                dataset.params).fetchall()
            data = {i: _int_or_float(pd, [r[2 + i] for r in rows]) for i in range(len(values))}
            names = ("类型", "type") if dataset.printed_rows else ("地区", "region")   # 101…: rows are types
            df = pd.DataFrame(data, index=self._region_index(pd, rows, lang, names))
            df.columns = pd.MultiIndex.from_tuples(
                [(c.year, c.title(lang)) for c in values],
                names=["年份", "指标"] if lang == "zh" else ["year", "measure"] if lang == "en"
                else ["年份 year", "指标 measure"])
            attrs["source_lines"] = [r[-1] for r in rows]
        else:
            dataset = long_dataset(self._conn, int(n))
            order = ", ".join(k for k, _asc in dataset.default_sort)
            rows = self._conn.execute(
                f"SELECT region_zh, region_en, region_kind, year, measure, ip_type, value, source_line "
                f"FROM ({dataset.sql}) ORDER BY {order}", dataset.params).fetchall()
            df = pd.DataFrame({
                "region_kind": [r[2] for r in rows], "year": pd.array([r[3] for r in rows], dtype="Int64"),
                "measure": [r[4] for r in rows], "ip_type": [r[5] for r in rows],
                "value": _int_or_float(pd, [r[6] for r in rows]),
                "source_line": pd.array([r[7] for r in rows], dtype="Int64"),
            }, index=self._region_index(pd, rows, lang))
        df.attrs = attrs
        return df

    @staticmethod
    def _region_index(pd, rows: Sequence[Sequence], lang: str, names: tuple[str, str] = ("地区", "region")):
        if lang == "both":
            return pd.MultiIndex.from_tuples([(r[0], r[1]) for r in rows], names=list(names))
        column = 0 if lang == "zh" else 1
        return pd.Index([r[column] for r in rows], name=names[0] if lang == "zh" else names[1])

    # --- events, regions, search ---------------------------------------------------------------------
    def events(self, text: str | None = None, category: str | Sequence[str] | None = None,
               partner: str | Sequence[str] | None = None, start: str | None = None,
               end: str | None = None) -> pd.DataFrame:
        """Rows of the `events` view: every edition's dated events (`edition` says which), in date order.

        `text` is a substring of the event's text; `category` and `partner` keep events in any of
        the names given (English, as in the view: "International cooperation", "WIPO", "Japan");
        `start`/`end` are ISO dates or months, inclusive ("2020-03", "2020-06-30").
        """
        import pandas as pd

        from ipexplorer.query.builder import escape_like

        conds, params = [], []
        if text:
            conds.append("instr(text, ?) > 0")
            params.append(text)
        for column, value in (("categories", category), ("partners", partner)):
            names = _listed(value)
            if names is not None:
                parts = [f"('; ' || coalesce({column}, '') || '; ') LIKE ? ESCAPE '\\'" for _ in names] or ["0"]
                conds.append("(" + " OR ".join(parts) + ")")
                params.extend(f"%; {escape_like(name)}; %" for name in names)
        if start:
            conds.append("date >= ?")
            params.append(start)
        if end:
            conds.append("substr(date, 1, ?) <= ?")
            params.extend([len(end), end])
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        cursor = self._conn.execute(f"SELECT * FROM events{where}", params)
        df = pd.DataFrame.from_records(cursor.fetchall(), columns=[d[0] for d in cursor.description])
        df.attrs = self._source()
        return df

    def regions(self) -> pd.DataFrame:
        """Every region the tables name: Chinese and English name, kind, province, ISO codes, pinyin, and for one no
        longer in ISO 3166-1 (南斯拉夫) a note on its status, in English (`note`) and Chinese (`note_zh`)."""
        import pandas as pd

        cursor = self._conn.execute(
            "SELECT r.name_zh AS region_zh, r.name_en AS region_en, r.kind AS region_kind, "
            "       p.name_zh AS parent_zh, r.iso_alpha2, r.iso_alpha3, r.pinyin, r.note, r.note_zh "
            "FROM region r LEFT JOIN region p ON p.region_id = r.parent_id "
            "JOIN region_kind k ON k.code = r.kind ORDER BY k.sort_order, r.pinyin_key")
        df = pd.DataFrame.from_records(cursor.fetchall(), columns=[d[0] for d in cursor.description])
        df.attrs = self._source()
        return df

    def search(self, text: str, limit: int = 50) -> pd.DataFrame:
        """Paragraphs of the reports matching `text` (Chinese, or a region's English or pinyin name), best first.

        The match is marked «…» in `snippet`; `first_line`/`last_line` locate the paragraph in the report of
        its `edition` (every edition the database holds is searched).
        """
        import pandas as pd

        from ipexplorer.query.search import search

        hits = search(self._conn, text, limit=max(1, int(limit)), every_edition=True)
        df = pd.DataFrame.from_records(
            [(h.section, h.snippet, h.first_line, h.last_line, h.kind, h.matched, h.rank, h.edition) for h in hits],
            columns=["section", "snippet", "first_line", "last_line", "kind", "matched", "rank", "edition"])
        df.attrs = self._source(query=text)
        return df

    # --- a view of the app --------------------------------------------------------------------------
    def view(self, state: Any) -> pd.DataFrame:
        """The rows of a table view of the app, as its grid shows them: same rows, order and columns.

        `state` is a `ipexplorer.query.view.ViewState`, its `to_dict()` (what "Copy as Python" writes)
        or that dict as JSON. Column titles are in the view's names language, under a (group, title)
        MultiIndex when the grid has a two-level header; shares and changes in % are fractions.
        """
        import json

        import pandas as pd

        from ipexplorer.query.builder import QueryError as BuilderError
        from ipexplorer.query.builder import select_sql
        from ipexplorer.query.columns import Kind
        from ipexplorer.query.readonly import watching
        from ipexplorer.query.view import ViewState, describe_part_en

        if isinstance(state, str):
            try:
                state = json.loads(state)
            except ValueError as exc:
                raise APIError(f"the view state is not JSON: {exc}") from None
        if isinstance(state, Mapping):
            state = ViewState.from_dict(state)
        if not isinstance(state, ViewState):
            raise TypeError(f"view() takes a ViewState, its to_dict() or JSON, not {type(state).__name__}")
        if state.kind == "query":
            dataset, conn = self._query_dataset(state.sql), self._guarded_connection()
        else:
            if state.table is not None:
                self._table_info(state.table)   # an unknown table: a clear message
            dataset, conn = state.dataset(self._conn), self._conn
        state = state.restricted_to(dataset)
        columns = state.visible_columns(dataset)
        sql, params = select_sql(dataset, state.query)
        try:
            with watching(self._guard if conn is self._guarded else None):
                rows = conn.execute(sql, params).fetchall()
        except (sqlite3.Error, BuilderError) as exc:
            raise QueryError(f"cannot read the view: {exc}") from None
        keys = [c.key for c in dataset.columns]
        data = {}
        for i, col in enumerate(columns):
            at = 1 + keys.index(col.key)
            values = [r[at] for r in rows]
            if col.kind in (Kind.INT, Kind.CODE):
                data[i] = _int_or_float(pd, values)
            elif col.kind in (Kind.FLOAT, Kind.PERCENT):
                data[i] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
            else:
                data[i] = values
        df = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
        lang = state.names
        if dataset.two_level_header:
            df.columns = pd.MultiIndex.from_tuples([(c.group(lang), c.title(lang)) for c in columns])
        else:
            df.columns = [c.title(lang) for c in columns]
        df.attrs = self._source(view=state.to_dict(), title=dataset.title_en if lang == "en" else dataset.title_zh,
                                table=dataset.table_no, keys=[c.key for c in columns],
                                description=[describe_part_en(p) for p in state.describe(dataset)])
        return df

    def _query_dataset(self, sql: str):
        """A console query's dataset, checked and run once under the guard as the console does."""
        from ipexplorer.query.console import ConsoleError, prepare

        conn = self._guarded_connection()
        self._guard.time_limit = self.time_limit
        try:
            return prepare(conn, sql, self._guard)
        except ConsoleError as exc:
            kind = {"refused": ReadOnlyError, "time": QueryTimeout}.get(exc.kind, QueryError)
            raise kind(str(exc)) from None

    # --- SQL -----------------------------------------------------------------------------------------
    def sql(self, query: str, params: Sequence | Mapping | None = None) -> pd.DataFrame:
        """The result of one read-only statement, under the SQL console's guard and time limit.

        Writes, ATTACH and state-changing pragmas raise `ReadOnlyError`; a statement running past
        `time_limit` seconds raises `QueryTimeout`; other SQL errors raise `QueryError`.
        """
        import pandas as pd

        from ipexplorer.query.console import describe_error
        from ipexplorer.query.readonly import check_single_statement

        conn = self._guarded_connection()
        self._guard.time_limit = self.time_limit
        try:
            text = check_single_statement(query)
            with self._guard.statement():
                cursor = conn.execute(text, params if params is not None else ())
                if cursor.description is None:
                    raise ReadOnlyError("the statement returns no rows (the API only reads)")
                names = [d[0] for d in cursor.description]
                rows = cursor.fetchall()
        except sqlite3.Error as exc:
            error = describe_error(exc, query, self._guard)
            kind = {"refused": ReadOnlyError, "time": QueryTimeout}.get(error.kind, QueryError)
            raise kind(str(error)) from None
        df = pd.DataFrame.from_records(rows, columns=names)
        df.attrs = self._source(query=query)
        return df

    def _guarded_connection(self) -> sqlite3.Connection:
        """A second read-only connection carrying the console's guard (the API's own queries need none)."""
        if self._guarded is None:
            from ipexplorer.query.readonly import guard
            from ipexplorer.store.database import connect

            self._guarded = connect(self.path)
            self._guard = guard(self._guarded, time_limit=self.time_limit)
        return self._guarded

