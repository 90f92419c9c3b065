"""Region profiles and the Overview page, read straight from the database (no Qt).

A profile gathers everything the report says about one region: its values in every table with
the change from the year before a table's latest year to that year and its rank among regions of
the same kind (window functions in SQL), its 第九章 narrative, the events that mention it, and a
few main measures for a compact chart. The overview picks the year's headline figures from the
narrative and sums up the build's checks. The values are the latest edition's; a region its tables leave
out (a country an older edition printed) shows those of the newest edition printing it, and says which.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from ipexplorer.query.builder import escape_like
from ipexplorer.query.columns import Column, Kind, Role
from ipexplorer.query.datasets import Dataset
from ipexplorer.query.numbers import MISSING

# the kinds a profile is offered for; the totals are rows of the tables, not places
LISTED_KINDS = ("province", "hk_macao_taiwan", "sub_provincial", "country")


# --- the list of regions ------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionEntry:
    name_zh: str
    name_en: str
    kind: str
    kind_zh: str
    kind_en: str
    pinyin: str


def region_list(conn: sqlite3.Connection, text: str = "") -> list[RegionEntry]:
    """Regions whose Chinese or English name, pinyin or ISO code contains `text`; by kind, then pinyin."""
    text = text.strip()
    key = re.sub(r"[\s'’-]", "", text).lower()
    like = f"%{escape_like(text)}%"
    key_like = f"%{escape_like(key)}%"
    placeholders = ", ".join("?" * len(LISTED_KINDS))
    rows = conn.execute(
        "SELECT r.name_zh, r.name_en, r.kind, k.name_zh, k.name_en, r.pinyin FROM region r "
        "JOIN region_kind k ON k.code = r.kind "
        f"WHERE r.kind IN ({placeholders}) AND (? = '' "
        "  OR r.name_zh LIKE ? ESCAPE '\\' OR r.name_en LIKE ? ESCAPE '\\' "
        "  OR replace(replace(lower(r.name_en), ' ', ''), '-', '') LIKE ? ESCAPE '\\' "
        "  OR replace(lower(r.pinyin), ' ', '') LIKE ? ESCAPE '\\' "
        "  OR upper(r.iso_alpha3) = upper(?) OR upper(r.iso_alpha2) = upper(?)) "
        "ORDER BY k.sort_order, r.pinyin_key, r.name_zh",
        (*LISTED_KINDS, text, like, like, key_like, key_like, text, text)).fetchall()
    return [RegionEntry(*r) for r in rows]


# --- a region's profile -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionIdentity:
    region_id: int
    name_zh: str
    name_en: str
    kind: str
    kind_zh: str
    kind_en: str
    parent_zh: str | None
    parent_en: str | None
    iso_alpha2: str | None
    iso_alpha3: str | None
    pinyin: str
    note: str | None             # its status (南斯拉夫: no longer exists), in English
    note_zh: str | None = None   # … and in Chinese
    pinyin_key: str = ""         # its numbered syllables ("guang3 dong1"): the toned pinyin shown (names.toned_pinyin)

    def note_text(self, language: str = "zh") -> str | None:
        """The note in `language` (zh or en), the other language's when it has only that one."""
        return (self.note_zh or self.note) if language == "zh" else (self.note or self.note_zh)


@dataclass(frozen=True)
class ProfileValue:
    """One printed row of one table for the region: both years, the change, its rank among its kind."""

    table_no: int
    table_zh: str
    table_en: str
    measure: str
    measure_zh: str
    measure_en: str
    ip_type: str
    ip_type_zh: str
    ip_type_en: str
    unit: str                    # as printed: 件
    unit_en: str                 # in English: items
    value_prev: float | None     # the year before the table's latest
    value_last: float | None     # the table's latest year
    change_pct: float | None     # per cent, year before → latest
    rank: int | None             # latest year, among regions of the same kind in the same table (1 = largest)
    rank_prev: int | None
    peers: int                   # regions of that kind with a value in the latest year
    source_line: int | None
    year_last: int | None = None
    edition: int | None = None   # the edition printing it (its line is that edition's); None with one edition

    @property
    def rank_text(self) -> str:
        """"1 / 31"; empty for a region alone of its kind (a total: "1 / 1" ranks nothing)."""
        return f"{self.rank} / {self.peers}" if self.rank is not None and self.peers > 1 else ""


@dataclass(frozen=True)
class NarrativeParagraph:
    section: str
    text: str
    first_line: int
    last_line: int
    mention: bool = False        # a paragraph of the parent province that names the city


@dataclass(frozen=True)
class RegionEvent:
    date: str
    text: str
    section: str
    source_line: int
    partners: str = ""
    role: str = "subject"   # venue: held there (在北京召开); subject: about it (与浙江省人民政府会商)
    edition: int | None = None   # the edition (report year) printing it; None in a database of one edition


@dataclass(frozen=True)
class ChartBar:
    label_zh: str
    label_en: str
    value_prev: float | None
    value_last: float | None
    year_last: int | None = None


@dataclass(frozen=True)
class RegionProfile:
    identity: RegionIdentity
    values: list[ProfileValue]
    narrative: list[NarrativeParagraph]
    events: list[RegionEvent]
    chart: list[ChartBar] = field(default_factory=list)
    mentions: list[NarrativeParagraph] = field(default_factory=list)   # other chapters naming the region
    edition: int | None = None   # the latest edition (its narrative's, and its values' if it prints the region)

    @property
    def name(self) -> str:
        return self.identity.name_zh

    @property
    def older_edition(self) -> int | None:
        """The edition the values are of when it is not the latest: a region the latest edition's tables leave out
        shows the values of the newest edition printing it. None: the latest's (or no values, or one edition)."""
        return next((v.edition for v in self.values if v.edition is not None and v.edition != self.edition), None)

    @property
    def latest_year(self) -> int | None:
        """The latest year of its values (their grid's and sheets' year heading); None with no values."""
        return latest_year(self.values)


def latest_year(values: Iterable[ProfileValue]) -> int | None:
    """The latest year among profile values (an older edition's region: that edition's year)."""
    return max((v.year_last for v in values if v.year_last is not None), default=None)


# (measure, ip_type) -> short chart labels; the profile chart shows these when the region has them
MAIN_MEASURES = {
    ("applications", "patent"): ("专利申请", "Patent applications"),
    ("applications", "invention"): ("发明申请", "Invention applications"),
    ("grants", "patent"): ("专利授权", "Patent grants"),
    ("grants", "invention"): ("发明授权", "Invention grants"),
    ("in_force", "invention"): ("有效发明", "Inventions in force"),
    ("applications", "trademark"): ("商标申请", "TM applications"),
    ("registrations", "trademark"): ("商标注册", "TM registrations"),
    ("in_force", "trademark"): ("有效商标", "TMs in force"),
}
CHART_LIMIT = 8

# sort keys of the values table -> SQL expressions over the `vals` CTE below
VALUE_SORTS = {
    "table": "table_no", "measure": "measure_order", "ip_type": "type_order", "value_prev": "value_prev",
    "value_last": "value_last", "change": "change_pct", "rank": "rank",
}

# Each value's rank among the regions of its kind in its table, measure, type and year, and how many such
# regions have a value: written once at build (store/materialise.py), so a profile reads its own rows only
# instead of ranking every row of its kind (2.8 s at a million observations).
RANK_TABLE = "profile_rank"
RANK_SOURCE = """
SELECT o.obs_id,
       CASE WHEN o.value IS NOT NULL THEN RANK() OVER (PARTITION BY o.table_no, o.measure, o.ip_type, o.year, r.kind
                                                         ORDER BY o.value DESC) END AS rank,
       COUNT(o.value) OVER (PARTITION BY o.table_no, o.measure, o.ip_type, o.year, r.kind) AS peers
FROM observation o JOIN region r ON r.region_id = o.region_id"""

# A region's values: the latest edition's (observation, ranked at build) where that edition prints the region, else
# those of the newest edition printing it (edition_value, sought by table and region; ranked here among that
# edition's regions of its kind, as RANK_SOURCE ranks the latest's: one more than those with a larger value). The
# years are each table's own in that edition (the region's row prints every column of its table).
_VALUES_CTE = f"""
WITH me AS (SELECT region_id, kind FROM region WHERE name_zh = :region),
newest AS (SELECT max(edition) AS edition FROM reports),
-- the edition the values are of: the latest where it prints the region, else the newest edition that does
shown AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM observation WHERE region_id = (SELECT region_id FROM me))
                      THEN (SELECT edition FROM newest)
                      ELSE (SELECT max(e.edition) FROM report_table t JOIN edition_value e
                            ON e.table_no = t.table_no AND e.region_id = (SELECT region_id FROM me)) END AS edition),
ranked AS (
    SELECT o.table_no, o.year, o.measure, o.ip_type, o.value, o.source_line, pr.rank, pr.peers
    FROM observation o JOIN {RANK_TABLE} pr ON pr.obs_id = o.obs_id
    WHERE o.region_id = (SELECT region_id FROM me)
    UNION ALL
    SELECT e.table_no, e.year, e.measure, e.ip_type, e.value, e.source_line,
           CASE WHEN e.value IS NOT NULL THEN 1 + (
               SELECT count(*) FROM edition_value p JOIN region r ON r.region_id = p.region_id
               WHERE p.table_no = e.table_no AND p.edition = e.edition AND p.year = e.year AND p.measure = e.measure
                 AND p.ip_type = e.ip_type AND r.kind = (SELECT kind FROM me) AND p.value > e.value) END,
           (SELECT count(p.value) FROM edition_value p JOIN region r ON r.region_id = p.region_id
            WHERE p.table_no = e.table_no AND p.edition = e.edition AND p.year = e.year AND p.measure = e.measure
              AND p.ip_type = e.ip_type AND r.kind = (SELECT kind FROM me))
    FROM report_table t JOIN edition_value e ON e.table_no = t.table_no AND e.region_id = (SELECT region_id FROM me)
    WHERE e.edition = (SELECT edition FROM shown) AND (SELECT edition FROM shown) < (SELECT edition FROM newest)
),
lasts AS (SELECT table_no, max(year) AS last FROM ranked GROUP BY table_no),
mine AS (
    SELECT k.table_no, measure, ip_type, l.last AS year_last,
           MAX(CASE WHEN year = l.last - 1 THEN value END) AS value_prev,
           MAX(CASE WHEN year = l.last THEN value END) AS value_last,
           MAX(CASE WHEN year = l.last THEN rank END) AS rank,
           MAX(CASE WHEN year = l.last - 1 THEN rank END) AS rank_prev,
           MAX(CASE WHEN year = l.last THEN peers END) AS peers,
           MAX(source_line) AS source_line
    FROM ranked k JOIN lasts l ON l.table_no = k.table_no
    GROUP BY k.table_no, measure, ip_type
),
vals AS (
    SELECT v.table_no, t.title_zh, t.title_en, v.measure, m.name_zh AS measure_zh, m.name_en AS measure_en,
           v.ip_type, i.name_zh AS type_zh, i.name_en AS type_en, t.unit_zh, t.unit_en,
           v.value_prev, v.value_last,
           CASE WHEN v.value_prev > 0 AND v.value_last IS NOT NULL
                THEN (v.value_last - v.value_prev) * 100.0 / v.value_prev END AS change_pct,
           v.rank, v.rank_prev, COALESCE(v.peers, 0) AS peers, v.source_line, v.year_last,
           m.sort_order AS measure_order, i.sort_order AS type_order,
           CASE WHEN (SELECT count(*) FROM reports) > 1 THEN (SELECT edition FROM shown) END AS edition
    FROM mine v
    JOIN report_table t ON t.table_no = v.table_no
    JOIN measure m ON m.code = v.measure
    JOIN ip_type i ON i.code = v.ip_type
)
"""

_VALUES_SQL = _VALUES_CTE + """
SELECT table_no, title_zh, title_en, measure, measure_zh, measure_en, ip_type, type_zh, type_en, unit_zh, unit_en,
       value_prev, value_last, change_pct, rank, rank_prev, peers, source_line, year_last, edition
FROM vals
"""


def region_identity(conn: sqlite3.Connection, region_zh: str) -> RegionIdentity | None:
    row = conn.execute(
        "SELECT r.region_id, r.name_zh, r.name_en, r.kind, k.name_zh, k.name_en, p.name_zh, p.name_en, "
        "r.iso_alpha2, r.iso_alpha3, r.pinyin, r.note, r.note_zh, r.pinyin_key "
        "FROM region r JOIN region_kind k ON k.code = r.kind "
        "LEFT JOIN region p ON p.region_id = r.parent_id WHERE r.name_zh = ?", (region_zh,)).fetchone()
    return RegionIdentity(*row) if row else None


def profile_values(conn: sqlite3.Connection, region_zh: str, sort: str = "table",
                   ascending: bool = True) -> list[ProfileValue]:
    """The region's values in every table, ordered in SQL by `sort` (a VALUE_SORTS key); blanks last."""
    expr = VALUE_SORTS.get(sort, "table_no")
    direction = "ASC" if ascending else "DESC"
    order = (f"({expr} IS NULL), {expr} {direction}, table_no, measure_order, type_order"
             if sort != "table" else f"table_no {direction}, measure_order, type_order")
    rows = conn.execute(f"{_VALUES_SQL} ORDER BY {order}", {"region": region_zh}).fetchall()
    return [ProfileValue(*r) for r in rows]


def values_dataset(region_zh: str, latest_year: int | None, language: str = "zh") -> Dataset:
    """The region's values as a dataset the SQL grid pages, sorts and filters: one row per table, measure
    and type, with both years, the change and the rank "1 / 31" among its kind; names in `language`.

    Columns headed by the years (2019, 2020) come from `latest_year`, the latest of the values' tables; each row's
    edition (hidden) is the one whose report line it opens.
    """
    en = language == "en"
    pick = (lambda zh, english: english) if en else (lambda zh, _english: zh)
    sql = _VALUES_CTE.replace(":region", "?") + f"""
SELECT ROW_NUMBER() OVER (ORDER BY table_no, measure_order, type_order) AS _rid,
       {pick("'表' || table_no", "'Table ' || table_no")} AS table_label,
       {pick("measure_zh", "measure_en")} AS measure_name, {pick("type_zh", "type_en")} AS type_name,
       value_prev, value_last, change_pct / 100.0 AS change,
       CASE WHEN rank IS NOT NULL AND peers > 1 THEN rank || ' / ' || peers END AS rank_text,
       table_no, title_zh, title_en, measure_zh, measure_en, type_zh, type_en, unit_zh, unit_en, rank, rank_prev,
       peers, source_line, year_last, edition, measure_order, type_order
FROM vals"""
    prev = str(latest_year - 1) if latest_year else "上年"
    last = str(latest_year) if latest_year else "本年"
    hidden = [Column(key, key, key, kind, Role.PROVENANCE, hidden=True) for key, kind in (
        ("table_no", Kind.CODE), ("title_zh", Kind.TEXT), ("title_en", Kind.TEXT), ("measure_zh", Kind.TEXT),
        ("measure_en", Kind.TEXT), ("type_zh", Kind.TEXT), ("type_en", Kind.TEXT), ("unit_zh", Kind.TEXT),
        ("unit_en", Kind.TEXT), ("rank", Kind.CODE), ("rank_prev", Kind.CODE), ("peers", Kind.INT),
        ("source_line", Kind.CODE), ("year_last", Kind.CODE), ("edition", Kind.CODE))]
    columns = (
        Column("table_label", "表", "Table", Kind.TEXT, Role.DIMENSION, sort_sql="table_no"),
        Column("measure_name", "指标", "Measure", Kind.TEXT, Role.DIMENSION, sort_sql="measure_order"),
        Column("type_name", "类型", "Type", Kind.TEXT, Role.DIMENSION, sort_sql="type_order"),
        Column("value_prev", prev if latest_year else "上年", prev if latest_year else "Year before", Kind.INT,
               Role.VALUE, year=latest_year - 1 if latest_year else None, empty=MISSING),
        Column("value_last", last if latest_year else "本年", last if latest_year else "Latest year", Kind.INT,
               Role.VALUE, year=latest_year, empty=MISSING),
        Column("change", "变化", "Change", Kind.PERCENT, Role.DERIVED, empty=MISSING, signed=True),
        Column("rank_text", f"{latest_year or ''} 年排名".strip(), f"Rank {latest_year or ''}".strip(), Kind.TEXT,
               Role.DERIVED, sort_sql="rank", align_right=True, empty=MISSING),   # a total: no rank, "—"
        *hidden,
    )
    return Dataset(
        key=f"profile:{region_zh}", title_zh=f"{region_zh} 数值", title_en=f"{region_zh} values", sql=sql,
        params=(region_zh,), columns=columns, default_sort=(("table_no", True), ("measure_order", True),
                                                            ("type_order", True)),
        quick_filter_keys=("measure_name", "type_name"), hidden_keys=("measure_order", "type_order"),
        not_null=frozenset({"_rid", "table_no", "measure_order", "type_order", "table_label"}),
    )


def region_narrative(conn: sqlite3.Connection, identity: RegionIdentity) -> list[NarrativeParagraph]:
    """The region's own 第九章 section; for a city without one, its province's paragraphs that name it."""
    own = conn.execute(
        "SELECT s.path, p.text, p.first_line, p.last_line FROM paragraph p JOIN section s USING (section_id) "
        "WHERE p.region_id = ? AND p.kind = 'text' ORDER BY p.first_line", (identity.region_id,)).fetchall()
    if own:
        return [NarrativeParagraph(*r) for r in own]
    if identity.parent_zh is None:
        return []
    rows = conn.execute(
        "SELECT s.path, p.text, p.first_line, p.last_line FROM paragraph p JOIN section s USING (section_id) "
        "WHERE p.region_id = (SELECT region_id FROM region WHERE name_zh = ?) AND p.kind = 'text' "
        "AND instr(p.text, ?) > 0 ORDER BY p.first_line", (identity.parent_zh, identity.name_zh)).fetchall()
    return [NarrativeParagraph(*r, mention=True) for r in rows]


def region_mentions(conn: sqlite3.Connection, identity: RegionIdentity) -> list[NarrativeParagraph]:
    """Paragraphs outside 第九章 that name the region (与美国专利商标局… in 第八章), by its whole name."""
    from ipexplorer.query.search import names_region

    rows = conn.execute(
        "SELECT s.path, p.text, p.first_line, p.last_line FROM paragraph p JOIN section s USING (section_id) "
        "WHERE p.kind = 'text' AND p.region_id IS NULL AND s.path NOT LIKE '第九章%' AND instr(p.text, ?) > 0 "
        "ORDER BY p.first_line", (identity.name_zh,)).fetchall()
    return [NarrativeParagraph(*r, mention=True) for r in rows if names_region(r[1], identity.name_zh)]


def region_events(conn: sqlite3.Connection, identity: RegionIdentity) -> list[RegionEvent]:
    """Events naming the region, each held there (venue) or about it (subject), as the build linked them: every
    edition's, as the Timeline and api.events() list them (an event two editions print is listed from each, the
    newest first), each naming its edition when the database holds several."""
    from ipexplorer.query.datasets import several_editions

    partners = ("(SELECT group_concat(x.partner, '; ') FROM edition_event_partner x WHERE x.event_id = e.event_id)")
    edition = "e.edition" if several_editions(conn) else "NULL"
    rows = conn.execute(
        f"SELECT e.date, e.text, s.path, e.source_line, COALESCE({partners}, ''), r.role, {edition} "
        "FROM edition_event e JOIN edition_section s ON s.section_id = e.section_id "
        "JOIN edition_event_region r ON r.event_id = e.event_id "
        "WHERE r.region_id = ? ORDER BY e.date, e.edition DESC, e.event_id", (identity.region_id,)).fetchall()
    return [RegionEvent(*r) for r in rows]


def chart_bars(values: list[ProfileValue]) -> list[ChartBar]:
    """Its main measures (patents, inventions, trademarks) for the year-before-vs-latest chart; else its first rows."""
    by_key = {(v.measure, v.ip_type): v for v in values if v.table_no < 100}
    bars = [ChartBar(zh, en, by_key[key].value_prev, by_key[key].value_last, by_key[key].year_last)
            for key, (zh, en) in MAIN_MEASURES.items() if key in by_key]
    if not bars:
        bars = [ChartBar(f"{v.ip_type_zh}{v.measure_zh}", f"{v.ip_type_en}: {v.measure_en}", v.value_prev,
                         v.value_last, v.year_last) for v in values]
    return bars[:CHART_LIMIT]


def region_profile(conn: sqlite3.Connection, region_zh: str) -> RegionProfile:
    """Everything about one region; KeyError when the name is not a row label of the tables."""
    identity = region_identity(conn, region_zh)
    if identity is None:
        raise KeyError(region_zh)
    from ipexplorer.query.datasets import editions_of

    values = profile_values(conn, region_zh)
    editions = editions_of(conn)
    return RegionProfile(identity, values, region_narrative(conn, identity), region_events(conn, identity),
                         chart_bars(values), region_mentions(conn, identity),
                         editions[-1] if len(editions) > 1 else None)


# --- the overview ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CardSpec:
    key: str
    section: str        # LIKE pattern on figure.section
    measure: str        # LIKE pattern on figure.measure_text
    label_zh: str
    label_en: str


# The year's headline figures, chosen by what the narrative says they measure.
CARDS = (
    CardSpec("invention_applications", "第三章%", "发明专利申请量", "发明专利申请", "Invention patent applications"),
    CardSpec("invention_grants", "第三章%", "授权发明专利", "发明专利授权", "Invention patents granted"),
    CardSpec("inventions_in_force", "第三章%", "%维持有效的发明专利拥有量", "有效发明专利",
             "Invention patents in force"),
    CardSpec("inventions_per_10k", "第三章%", "每万人口发明专利拥有量%", "每万人口发明专利拥有量",
             "Invention patents per 10,000 people"),
    CardSpec("pct", "第三章%", "受理通过PCT途径提交的国际专利申请", "PCT 国际专利申请",
             "PCT international applications"),
    CardSpec("tm_applications", "第三章%", "商标申请量", "商标申请", "Trademark applications"),
    CardSpec("tm_registrations", "第三章%", "商标注册量", "商标注册", "Trademark registrations"),
    CardSpec("tm_in_force", "第三章%", "有效注册商标量", "有效注册商标", "Trademarks in force"),
    CardSpec("gi_products", "第三章%", "累计批准地理标志产品", "地理标志产品（累计）", "GI products (cumulative)"),
    CardSpec("gi_trademarks", "第三章%", "累计注册地理标志商标", "地理标志商标（累计）", "GI trademarks (cumulative)"),
    CardSpec("ic_layout", "第三章%", "集成电路布图设计登记申请", "集成电路布图设计登记申请",
             "IC layout design applications"),
    CardSpec("pledge_financing", "局长致辞%", "%质押融资额", "专利商标质押融资", "Patent and trademark pledge loans"),
)

_NUMBER = re.compile(r"^([\d.,]+)(.*)$")


@dataclass(frozen=True)
class HeadlineCard:
    key: str
    label_zh: str
    label_en: str
    value: float                # normalised: 1497000 for 149.7万件
    unit: str                   # normalised unit: 件, 元, %
    raw_text: str               # as printed: 149.7万件
    change_value: float | None
    change_unit: str | None     # % or pp
    line: int
    sentence: str
    section: str
    qualifier: str | None = None
    flag: str | None = None

    @property
    def number_text(self) -> str:
        """The printed number: 149.7 of 149.7万件."""
        m = _NUMBER.match(self.raw_text)
        return m.group(1) if m else f"{self.value:,.0f}"

    @property
    def unit_text(self) -> str:
        """The printed unit with its scale: 万件 of 149.7万件."""
        m = _NUMBER.match(self.raw_text)
        return m.group(2) if m else self.unit


@dataclass(frozen=True)
class Disagreement:
    raw_text: str
    measure_text: str
    line: int
    table_no: int
    region_zh: str
    table_value: float
    note: str


@dataclass(frozen=True)
class FlaggedFigure:
    raw_text: str
    measure_text: str
    line: int
    flag: str


@dataclass(frozen=True)
class CheckSummary:
    tables: int                 # tables whose identities were verified
    identities: int
    violations: int
    failing_tables: list[int]
    figure_checks: int
    agreeing: int
    disagreements: list[Disagreement]
    flagged: list[FlaggedFigure]    # odd printed values other than disagreements with tables

    @property
    def disagreeing(self) -> int:
        return self.figure_checks - self.agreeing


@dataclass(frozen=True)
class Overview:
    cards: list[HeadlineCard]
    checks: CheckSummary
    counts: dict[str, int]      # tables, values, regions, events, event_editions, paragraphs, figures
    editions: tuple[int, ...] = ()   # the reports' years, oldest first (the cards are the latest's)
    chart_year: int | None = None    # the year of the provinces' chart (table 1's latest)


def headline_cards(conn: sqlite3.Connection) -> list[HeadlineCard]:
    """The first figure (in report order) matching each card's section and measure; cards without one drop."""
    cards = []
    for spec in CARDS:
        row = conn.execute(
            "SELECT value, unit, raw_text, change_value, change_unit, line, sentence, section, qualifier, flag "
            "FROM figure WHERE section LIKE ? AND measure_text LIKE ? AND value IS NOT NULL "
            "ORDER BY line, figure_id LIMIT 1", (spec.section, spec.measure)).fetchone()
        if row is not None:
            cards.append(HeadlineCard(spec.key, spec.label_zh, spec.label_en, *row))
    return cards


def check_summary(conn: sqlite3.Connection) -> CheckSummary:
    tables, identities, violations = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(identities), 0), COALESCE(SUM(violations), 0) FROM integrity_check"
    ).fetchone()
    failing = [r[0] for r in conn.execute("SELECT table_no FROM integrity_check WHERE violations > 0 "
                                          "ORDER BY table_no")]
    checks, agreeing = conn.execute("SELECT COUNT(*), COALESCE(SUM(agrees), 0) FROM figure_check").fetchone()
    disagreements = [Disagreement(*r) for r in conn.execute(
        "SELECT f.raw_text, f.measure_text, f.line, c.table_no, c.region_zh, c.table_value, c.note "
        "FROM figure_check c JOIN figure f USING (figure_id) WHERE NOT c.agrees ORDER BY f.line, f.figure_id")]
    flagged = [FlaggedFigure(*r) for r in conn.execute(
        "SELECT raw_text, measure_text, line, flag FROM figure WHERE flag IS NOT NULL "
        "AND flag NOT LIKE 'disagrees_with_table%' ORDER BY line, figure_id")]
    return CheckSummary(tables, identities, violations, failing, checks, agreeing, disagreements, flagged)


def province_ranking(conn: sqlite3.Connection, table_no: int = 1, measure: str = "applications",
                     ip_type: str = "patent") -> list[tuple[str, str, float]]:
    """The provinces (with Taiwan, Hong Kong, Macao) by a table's latest value, largest first: the Overview's chart."""
    year = conn.execute("SELECT max(year) FROM observation WHERE table_no = ?", (table_no,)).fetchone()[0]
    rows = conn.execute(   # one value per region and year, from the latest edition printing it
        "SELECT region_zh, region_en, value FROM latest_observations WHERE table_no = ? AND year = ? AND measure = ? "
        "AND ip_type = ? AND region_kind IN ('province', 'hk_macao_taiwan') AND value IS NOT NULL "
        "ORDER BY value DESC", (table_no, year, measure, ip_type)).fetchall()
    return [(zh, en, float(v)) for zh, en, v in rows]


def overview(conn: sqlite3.Connection) -> Overview:
    """The headline cards and checks (the latest edition's), and what the other panes hold: the events are every
    edition's, with the number of editions printing them, as the Timeline shows them."""
    counts = dict(zip(
        ("tables", "values", "regions", "events", "event_editions", "paragraphs", "figures"),
        conn.execute(
            "SELECT (SELECT COUNT(*) FROM report_table), (SELECT COUNT(*) FROM observation), "
            f"(SELECT COUNT(*) FROM region WHERE kind IN ({', '.join('?' * len(LISTED_KINDS))})), "
            "(SELECT COUNT(*) FROM edition_event), (SELECT COUNT(DISTINCT edition) FROM edition_event), "
            "(SELECT COUNT(*) FROM paragraph WHERE kind = 'text'), "
            "(SELECT COUNT(*) FROM figure)", LISTED_KINDS).fetchone(), strict=True))
    from ipexplorer.query.datasets import editions_of

    chart_year = conn.execute("SELECT max(year) FROM observation WHERE table_no = 1").fetchone()[0]
    return Overview(headline_cards(conn), check_summary(conn), counts, editions_of(conn), chart_year)
