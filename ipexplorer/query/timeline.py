"""Every edition's events for the timeline: filtered and sorted in SQL, laid out in lanes by category.

Positions are days since 1 January of the timeline's first year (the report's edition: day 0 is
1 January; a day's marker sits at its middle); the axis spans the years of the editions and events.
An event shows in the lane of every category it has; events without one go to "Other". Events
on the same day in the same lane are stacked; more than `MAX_STACK` become one cluster marker
with a count. Month-only dates and ranges are drawn as bars over the days they cover.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from ipexplorer.query.builder import escape_like
from ipexplorer.query.columns import Column, Kind, Role
from ipexplorer.query.datasets import Dataset, editions_of
from ipexplorer.query.names import name_text

OTHER = "other"
MAX_STACK = 4
STACK_SPAN = 0.66  # stacked markers spread over this part of a lane's height
MONTHS_ZH = [f"{m}月" for m in range(1, 13)]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Period:
    """The years the timeline spans, from 1 January of `first` to 31 December of `last`."""

    first: int
    last: int

    @property
    def origin(self) -> dt.date:
        return dt.date(self.first, 1, 1)

    @property
    def days(self) -> int:
        return (dt.date(self.last + 1, 1, 1) - self.origin).days

    def offset(self, day: dt.date) -> float:
        return float((day - self.origin).days)

    def month_starts(self) -> list[tuple[float, str, str]]:
        """(day offset, 1月, Jan) for each month of the period; over several years each January names its year
        (2020年1月, Jan 2020), so the axis says which year a month is of."""
        several = self.first != self.last
        return [(self.offset(dt.date(y, m, 1)), f"{y}年{MONTHS_ZH[0]}" if several and m == 1 else MONTHS_ZH[m - 1],
                 f"{MONTHS_EN[0]} {y}" if several and m == 1 else MONTHS_EN[m - 1])
                for y in range(self.first, self.last + 1) for m in range(1, 13)]

    def day_label(self, offset: float, language: str = "zh") -> str:
        """A day as the event list writes it: 1月3日 (3 Jan in English), with the year when the period has several."""
        d = self.origin + dt.timedelta(days=int(offset))
        text = f"{d.day} {MONTHS_EN[d.month - 1]}" if language == "en" else f"{d.month}月{d.day}日"
        if self.first != self.last:
            text = f"{text} {d.year}" if language == "en" else f"{d.year}年{text}"
        return text


def partner_names_zh(conn: sqlite3.Connection) -> dict[str, str]:
    """A partner that is a country or region ("South Korea") -> its Chinese name (韩国); organisations keep
    their names (WIPO, JPO)."""
    return dict(conn.execute("SELECT DISTINCT x.partner, r.name_zh FROM edition_event_partner x "
                             "JOIN region r ON r.region_id = x.region_id").fetchall())


def timeline_period(conn: sqlite3.Connection) -> Period:
    """The editions' years (the `reports` table) and the years of the events' dates, first to last."""
    years: set[int] = set(editions_of(conn))
    row = conn.execute("SELECT min(substr(date, 1, 4)), max(substr(coalesce(end_date, date), 1, 4)) "
                       "FROM edition_event").fetchone()
    years.update(int(y) for y in row if y)
    if not years:
        years.add(dt.date.today().year)
    return Period(min(years), max(years))


@dataclass(frozen=True)
class Lane:
    code: str
    name_zh: str
    name_en: str

    def label(self, language: str = "both") -> str:
        return name_text(self.name_zh, self.name_en, language)


OTHER_LANE = Lane(OTHER, "其他", "Other")   # the lane, and the list's category, of an event the report gives none


def categories_text(codes: Sequence[str], lanes: Sequence[Lane], language: str) -> str:
    """An event's categories named in `language`, in its order: "；" apart in Chinese, "; " otherwise (a full-width
    one is drawn from the CJK font, whose taller line set an English list cell's words two pixels high). An event
    with none is in the Other lane, and says so."""
    names = {lane.code: lane for lane in lanes}
    return ("；" if language == "zh" else "; ").join(names[c].label(language) for c in codes or (OTHER,)
                                                    if c in names)


@dataclass(frozen=True)
class Event:
    event_id: int
    date: str               # 2020-01-06, or 2020-08 for a month
    end_date: str | None
    precision: str          # day | month
    text: str
    categories: tuple[str, ...]   # category codes, in the categories' order
    partners: tuple[str, ...]
    section: str
    source_line: int
    period: Period | None = field(default=None, compare=False)   # the timeline's; None: the event's own year
    sources: tuple[int, ...] = ()   # every report line printing it, its own first (第一章 2月15日 and 专题)
    edition: int | None = None      # the edition (report year) printing it: its lines are that report's

    @property
    def origin(self) -> dt.date:
        return self.period.origin if self.period else dt.date(int(self.date[:4]), 1, 1)

    @property
    def month(self) -> int:
        return int(self.date[5:7])

    @property
    def start(self) -> float:
        """Day offset of the first day covered."""
        return float((dt.date.fromisoformat(self.date if self.precision == "day" else f"{self.date}-01")
                      - self.origin).days)

    @property
    def end(self) -> float:
        """Day offset just after the last day covered."""
        if self.precision == "month":
            y, m = int(self.date[:4]), self.month
            last = dt.date(y, m, calendar.monthrange(y, m)[1])
        else:
            last = dt.date.fromisoformat(self.end_date or self.date)
        return float((last - self.origin).days + 1)

    @property
    def is_span(self) -> bool:
        """Drawn as a bar: a month-only date or a range of days."""
        return self.precision == "month" or bool(self.end_date)

    def first_sentence(self, limit: int = 90) -> str:
        m = re.search(r"[。！？]", self.text)
        sentence = self.text[: m.end()] if m else self.text
        return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"

    def date_label(self, language: str = "zh") -> str:
        """As a reader would write it: 1月6日, 1月6日—7日, 8月; in English 6 Jan, 6–7 Jan, Aug; on a timeline of
        several years with the year (2020年1月6日, 6 Jan 2020), as the event list writes it."""
        text = self._date_text(language)
        if self.period is None or self.period.first == self.period.last:
            return text
        return f"{text} {self.date[:4]}" if language == "en" else f"{self.date[:4]}年{text}"

    def _date_text(self, language: str) -> str:
        if self.precision == "month":
            return MONTHS_EN[self.month - 1] if language == "en" else f"{self.month}月"
        d = dt.date.fromisoformat(self.date)
        e = dt.date.fromisoformat(self.end_date) if self.end_date else None
        if language == "en":
            if e is None:
                return f"{d.day} {MONTHS_EN[d.month - 1]}"
            if e.month == d.month:
                return f"{d.day}–{e.day} {MONTHS_EN[d.month - 1]}"
            return f"{d.day} {MONTHS_EN[d.month - 1]} – {e.day} {MONTHS_EN[e.month - 1]}"
        text = f"{d.month}月{d.day}日"
        if e is not None:
            text += f"—{e.day}日" if e.month == d.month else f"—{e.month}月{e.day}日"
        return text


@dataclass(frozen=True)
class EventFilter:
    """What the event list shows; None means no restriction."""

    text: str = ""
    categories: frozenset[str] | None = None
    months: frozenset[int] | None = None
    partners: frozenset[str] | None = None
    editions: frozenset[int] | None = None   # the editions (report years) whose events are listed

    @property
    def active(self) -> bool:
        return bool(self.text.strip()) or any(v is not None for v in (self.categories, self.months, self.partners,
                                                                       self.editions))


CATEGORY_ORDER_SQL = (   # an event's first category in the categories' order; Other (none) after them all, as its lane
    "COALESCE((SELECT min(c.sort_order) FROM edition_event_in_category ic JOIN event_category c USING (code) "
    "WHERE ic.event_id = e.event_id), (SELECT max(sort_order) + 1 FROM event_category))")

SORT_KEYS: dict[str, tuple[str, ...]] = {   # ORDER BY terms per sortable column; NULLs always last
    "date": ("e.date", "e.edition", "e.source_line"),
    "category": (CATEGORY_ORDER_SQL, "e.date"),
    "text": ("e.text",),
    "partners": ("(SELECT min(partner) FROM edition_event_partner p WHERE p.event_id = e.event_id)", "e.date"),
    "section": ("s.path", "e.date"),
}


def lanes(conn: sqlite3.Connection) -> list[Lane]:
    """Every category in its order, then Other."""
    rows = conn.execute("SELECT code, name_zh, name_en FROM event_category ORDER BY sort_order").fetchall()
    return [Lane(*r) for r in rows] + [OTHER_LANE]


def partner_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return conn.execute("SELECT partner, count(*) FROM edition_event_partner GROUP BY partner "
                        "ORDER BY count(*) DESC, partner").fetchall()


def where_clause(flt: EventFilter) -> tuple[str, list]:
    parts: list[str] = []
    params: list = []
    for word in flt.text.split():
        parts.append("(EXISTS (SELECT 1 FROM edition_event_source x WHERE x.event_id = e.event_id "
                     "AND x.text LIKE ? ESCAPE '\\') OR EXISTS (SELECT 1 FROM edition_event_partner p "
                     "WHERE p.event_id = e.event_id AND p.partner LIKE ? ESCAPE '\\'))")
        params += [f"%{escape_like(word)}%"] * 2
    if flt.categories is not None:
        codes = sorted(flt.categories)
        named = [c for c in codes if c != OTHER]
        terms = []
        if named:
            terms.append(f"EXISTS (SELECT 1 FROM edition_event_in_category ic WHERE ic.event_id = e.event_id "
                         f"AND ic.code IN ({', '.join('?' * len(named))}))")
            params += named
        if OTHER in codes:
            terms.append("NOT EXISTS (SELECT 1 FROM edition_event_in_category ic WHERE ic.event_id = e.event_id)")
        parts.append("(" + " OR ".join(terms) + ")" if terms else "0")
    if flt.months is not None:
        months = sorted(flt.months)
        parts.append(f"CAST(substr(e.date, 6, 2) AS INTEGER) IN ({', '.join('?' * len(months))})" if months else "0")
        params += months
    if flt.partners is not None:
        names = sorted(flt.partners)
        parts.append(f"EXISTS (SELECT 1 FROM edition_event_partner p WHERE p.event_id = e.event_id "
                     f"AND p.partner IN ({', '.join('?' * len(names))}))" if names else "0")
        params += names
    if flt.editions is not None:
        editions = sorted(int(e) for e in flt.editions)
        parts.append(f"e.edition IN ({', '.join('?' * len(editions))})" if editions else "0")
        params += editions
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


# An Event's lists, one correlated subquery each, ';'-joined in their order (query_events and events_dataset)
CATEGORY_CODES_SQL = ("(SELECT group_concat(code, ';') FROM (SELECT ic.code FROM edition_event_in_category ic "
                      "JOIN event_category c USING (code) WHERE ic.event_id = e.event_id ORDER BY c.sort_order))")
PARTNER_NAMES_SQL = ("(SELECT group_concat(partner, ';') FROM (SELECT partner FROM edition_event_partner p "
                     "WHERE p.event_id = e.event_id ORDER BY partner))")
SOURCE_LINES_SQL = ("(SELECT group_concat(source_line, ';') FROM (SELECT x.source_line FROM edition_event_source x "
                    "WHERE x.event_id = e.event_id ORDER BY x.position))")


def _event(event_id: int, date: str, end: str | None, precision: str, text: str, codes: str | None,
           partners: str | None, section: str, line: int, sources: str | int | None, period: Period | None,
           edition: int | None = None) -> Event:
    """An Event from one row of those subqueries (a source line alone is an int, not a ';'-joined text)."""
    return Event(event_id, date, end, precision, text, tuple(codes.split(";")) if codes else (),
                 tuple(partners.split(";")) if partners else (), section, line, period,
                 tuple(int(n) for n in str(sources).split(";")) if sources else (line,), edition)


def query_events(conn: sqlite3.Connection, flt: EventFilter = EventFilter(),
                 sort: Sequence[tuple[str, bool]] = (("date", True),)) -> list[Event]:
    """The events matching `flt`, ordered by `sort` ((key, ascending), …) in SQLite."""
    where, params = where_clause(flt)
    order = ", ".join(f"{term} {'ASC' if asc else 'DESC'} NULLS LAST"
                      for key, asc in sort for term in SORT_KEYS[key]) or "e.date"
    rows = conn.execute(
        f"SELECT e.event_id, e.date, e.end_date, e.precision, e.text, {CATEGORY_CODES_SQL}, {PARTNER_NAMES_SQL}, "
        f"s.path, e.source_line, {SOURCE_LINES_SQL}, e.edition "
        f"FROM edition_event e JOIN edition_section s ON s.section_id = e.section_id{where} "
        f"ORDER BY {order}, e.event_id",
        params).fetchall()
    period = timeline_period(conn)
    return [_event(*row[:-1], period, row[-1]) for row in rows]


def regions_named(conn: sqlite3.Connection, event: Event) -> list[tuple[str, str, str, str]]:
    """Regions the event names — provinces, cities, HK/Macao/Taiwan and countries, as the build linked them:
    (name_zh, name_en, kind, role) in the order printed; role is "venue" (在北京召开) or "subject"."""
    return conn.execute(
        "SELECT r.name_zh, r.name_en, r.kind, x.role FROM edition_event_region x JOIN region r USING (region_id) "
        "WHERE x.event_id = ? ORDER BY x.position", (event.event_id,)).fetchall()


# --- layout ---------------------------------------------------------------------------------------
@dataclass
class Marker:
    event_index: int          # into the layout's events
    x: float
    y: float
    lane: int
    count: int = 1            # > 1: a cluster standing for `members`
    members: tuple[int, ...] = ()


@dataclass
class Span:
    event_index: int
    x0: float
    x1: float
    y: float
    lane: int
    month_only: bool


@dataclass
class Layout:
    events: list[Event]
    lanes: list[Lane]
    markers: list[Marker] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    period: Period = field(default_factory=lambda: Period(dt.date.today().year, dt.date.today().year))

    def items_of(self, event_index: int) -> list[Marker | Span]:
        out: list[Marker | Span] = [m for m in self.markers if event_index in (m.members or (m.event_index,))]
        return out + [s for s in self.spans if s.event_index == event_index]

    def first_in_view(self, lo: float, hi: float) -> int | None:
        """The first event (in the list's order) with a marker or bar between days `lo` and `hi`."""
        shown = [s.event_index for s in self.spans if s.x1 >= lo and s.x0 <= hi]
        for m in self.markers:
            if lo <= m.x <= hi:
                shown.extend(m.members or (m.event_index,))
        return min(shown, default=None)

    def drawn_events(self) -> set[int]:
        drawn = {s.event_index for s in self.spans}
        for m in self.markers:
            drawn.update(m.members or (m.event_index,))
        return drawn

    def hit(self, x: float, y: float, dx: float, dy: float) -> int | None:
        """The event under (x, y), within dx days and dy lanes; markers before bars; nearest first."""
        best: tuple[float, int] | None = None
        for m in self.markers:
            ddx, ddy = abs(m.x - x) / dx, abs(m.y - y) / dy
            if ddx <= 1 and ddy <= 1:
                d = ddx * ddx + ddy * ddy
                if best is None or d < best[0]:
                    best = (d, m.event_index)
        if best is not None:
            return best[1]
        for s in self.spans:
            if s.x0 - dx <= x <= s.x1 + dx and abs(s.y - y) <= max(dy, 0.12):
                return s.event_index
        return None


def layout(events: Sequence[Event], lane_list: Sequence[Lane], period: Period | None = None) -> Layout:
    """Markers and bars for `events`, one per (event, category lane), over `period` (default: the events')."""
    index = {lane.code: i for i, lane in enumerate(lane_list)}
    out = Layout(list(events), list(lane_list))
    period = period or next((e.period for e in events if e.period), None)
    if period is None and events:
        period = Period(min(e.origin.year for e in events), max(int((e.end_date or e.date)[:4]) for e in events))
    if period is not None:
        out.period = period
    groups: dict[tuple[int, float], list[int]] = {}
    span_rows: dict[int, list[tuple[float, float]]] = {}
    for i, event in enumerate(events):
        for code in event.categories or (OTHER,):
            lane = index.get(code, index.get(OTHER, 0))
            if event.is_span:
                rows = span_rows.setdefault(lane, [])
                # bars that overlap in a lane go on separate rows inside it
                row = next((r for r, (_a, b) in enumerate(rows) if b <= event.start), None)
                if row is None:
                    rows.append((event.start, event.end))
                    row = len(rows) - 1
                else:
                    rows[row] = (event.start, event.end)
                out.spans.append(Span(i, event.start, event.end, lane + 0.3 - 0.14 * (row % 4), lane,
                                      event.precision == "month"))
            else:
                groups.setdefault((lane, event.start), []).append(i)
    for (lane, start), members in groups.items():
        x = start + 0.5
        if len(members) > MAX_STACK:
            out.markers.append(Marker(members[0], x, float(lane), lane, len(members), tuple(members)))
            continue
        k = len(members)
        step = STACK_SPAN / max(k - 1, 1) if k > 1 else 0.0
        for j, i in enumerate(members):
            out.markers.append(Marker(i, x, lane - STACK_SPAN / 2 + j * step if k > 1 else float(lane), lane))
    return out


# --- the event list as a dataset of the SQL grid -----------------------------------------------------
_MONTHS_EN = "".join(MONTHS_EN)


def _date_label_sql(language: str, with_year: bool = False) -> str:
    """Event.date_label in SQL (1月6日, 1月6日—7日, 8月; 6 Jan, 6–7 Jan, Aug), so the grid sorts and filters it;
    `with_year` (events of several years) before it in Chinese, after it in English: 2020年1月6日, 6 Jan 2020."""
    label = _bare_date_label_sql(language)
    if not with_year:
        return label
    return f"{label} || ' ' || substr(e.date, 1, 4)" if language == "en" else f"substr(e.date, 1, 4) || '年' || {label}"


def _bare_date_label_sql(language: str) -> str:
    def month(col: str) -> str:
        return f"CAST(substr({col}, 6, 2) AS INTEGER)"

    def day(col: str) -> str:
        return f"CAST(substr({col}, 9, 2) AS INTEGER)"

    def mon(col: str) -> str:
        return f"substr('{_MONTHS_EN}', ({month(col)} - 1) * 3 + 1, 3)"

    same_month = "substr(e.end_date, 6, 2) = substr(e.date, 6, 2)"
    if language == "en":
        return (f"CASE WHEN e.precision = 'month' THEN {mon('e.date')} "
                f"WHEN e.end_date IS NULL THEN {day('e.date')} || ' ' || {mon('e.date')} "
                f"WHEN {same_month} THEN {day('e.date')} || '–' || {day('e.end_date')} || ' ' || {mon('e.date')} "
                f"ELSE {day('e.date')} || ' ' || {mon('e.date')} || ' – ' || {day('e.end_date')} || ' ' "
                f"|| {mon('e.end_date')} END")
    return (f"CASE WHEN e.precision = 'month' THEN {month('e.date')} || '月' "
            f"ELSE {month('e.date')} || '月' || {day('e.date')} || '日' || CASE "
            f"WHEN e.end_date IS NULL THEN '' WHEN {same_month} THEN '—' || {day('e.end_date')} || '日' "
            f"ELSE '—' || {month('e.end_date')} || '月' || {day('e.end_date')} || '日' END END")


def events_dataset(flt: EventFilter = EventFilter(), language: str = "zh", several: bool = False,
                   with_year: bool | None = None) -> Dataset:
    """The events `flt` keeps, as a dataset the SQL grid pages, sorts and filters: date, categories, text,
    partners (countries in `language`) and section shown; what an Event needs (ISO dates, category codes,
    partners, report lines) in hidden columns, so the list's rows are the timeline's events in the list's order.

    Every edition's events: with `several` editions the edition printing each shows beside its date (its lines
    are that edition's report's, and the grid opens them there), and the dates carry their year (`with_year`:
    whether they do, as Event.date_label writes them over the timeline's period; default: `several`)."""
    where, params = where_clause(flt)
    en = language == "en"
    partner = "p.partner" if en else "COALESCE(r.name_zh, p.partner)"
    date_label = _date_label_sql(language, several if with_year is None else with_year)
    sql = f"""
SELECT e.event_id AS _rid, {date_label} AS date_label, e.edition AS edition,
       COALESCE((SELECT group_concat(name, '{'; ' if en else '；'}') FROM (SELECT c.{'name_en' if en else 'name_zh'}
          AS name FROM edition_event_in_category ic JOIN event_category c USING (code)
          WHERE ic.event_id = e.event_id ORDER BY c.sort_order)), '{OTHER_LANE.name_en if en else OTHER_LANE.name_zh}')
          AS categories,
       e.text AS text,
       (SELECT group_concat(name, '; ') FROM (SELECT {partner} AS name FROM edition_event_partner p
          LEFT JOIN region r ON r.region_id = p.region_id WHERE p.event_id = e.event_id ORDER BY p.partner))
          AS partners,
       s.path AS section,
       e.date AS date, e.end_date AS end_date, e.precision AS precision,
       {CATEGORY_CODES_SQL} AS category_codes,
       {PARTNER_NAMES_SQL} AS partner_names,
       {SOURCE_LINES_SQL} AS sources,
       e.source_line AS source_line,
       {CATEGORY_ORDER_SQL} AS category_order
FROM edition_event e JOIN edition_section s ON s.section_id = e.section_id{where}"""
    hidden = tuple(Column(key, key, key, kind, Role.PROVENANCE, hidden=True) for key, kind in (
        ("date", Kind.TEXT), ("end_date", Kind.TEXT), ("precision", Kind.TEXT), ("category_codes", Kind.TEXT),
        ("partner_names", Kind.TEXT), ("sources", Kind.TEXT), ("source_line", Kind.CODE)))
    columns = (
        Column("date_label", "日期", "Date", Kind.TEXT, Role.DIMENSION, sort_sql="date"),
        Column("edition", "版本", "Edition", Kind.CODE, Role.PROVENANCE, hidden=not several),
        Column("categories", "类别", "Category", Kind.TEXT, Role.DIMENSION, sort_sql="category_order"),
        Column("text", "内容", "Text", Kind.TEXT, Role.DIMENSION),
        Column("partners", "合作方", "Partners", Kind.TEXT, Role.DIMENSION),
        Column("section", "章节", "Section", Kind.TEXT, Role.DIMENSION),
        *hidden,
    )
    return Dataset(key="events", title_zh="年度要事", title_en="Events", sql=sql, params=tuple(params),
                   columns=columns, default_sort=(("date", True),), quick_filter_keys=("text", "partners"),
                   hidden_keys=("category_order",),
                   not_null=frozenset({"_rid", "date", "text", "section", "edition"}))


def event_of_record(record: dict, period: Period | None = None) -> Event:
    """An Event from a row of `events_dataset` (the grid's row, by column key)."""
    return _event(record["_rid"], record["date"], record["end_date"], record["precision"], record["text"],
                  record["category_codes"], record["partner_names"], record["section"], record["source_line"],
                  record["sources"], period, record.get("edition"))
