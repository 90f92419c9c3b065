"""The database schema. Bump SCHEMA_VERSION on any change: older files are rebuilt.

The views `observations` and `events` are the documented contract for users' own
queries; change them only compatibly (add columns at the end).
"""

from __future__ import annotations

SCHEMA_VERSION = 20  # 7: the explorer's views materialised (view_long, view_wide_N); 8: profile_rank;
                     # 9: several editions (edition_value, latest_observations, revisions); 10: nils as NULL;
                     # 11: intext_row (the in-text tables' printed rows);
                     # 12: event_source (one event, several lines), event_region (venue or subject);
                     # 13: every edition's narrative, events and figures (edition_section, …; the old names
                     #     are views of the latest edition); 14: edition_value.printed (every edition's nils);
                     # 15: every edition's years in view_long (with the edition printing each), wide pivots'
                     #     line and edition of each older year; 16: view_long's change, share and rank for every
                     #     year, the pivots' line and edition per older value column (line__y2018__m__t)
                     # 17: change, share and rank by one rule (derived_select): a change is year on year
                     # 18: … and within one edition (view_long's earliest year of the latest edition has none)
                     # 19: view_region_latin (each region's pinyin tails, initials and ISO code, for the quick filter)
                     # 20: region.note_zh (a region's note in Chinese too)
# PRAGMA application_id of every database ipexplorer writes ("IPEX"): a file without it is not ours.
APPLICATION_ID = 0x49504558

TABLES = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE reports (
    edition INTEGER PRIMARY KEY,   -- the report's year, from its title
    title   TEXT NOT NULL,         -- as printed: 国家知识产权局 2020 年度报告
    sha256  TEXT NOT NULL,         -- of the report file's bytes
    name    TEXT NOT NULL,         -- the file's name
    path    TEXT NOT NULL,         -- where it was read from: a rebuild reads the same file
    lines   INTEGER NOT NULL
);
CREATE TABLE region_kind (
    code       TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE region (
    region_id  INTEGER PRIMARY KEY,
    name_zh    TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    kind       TEXT NOT NULL REFERENCES region_kind(code),
    parent_id  INTEGER REFERENCES region(region_id),
    iso_alpha2 TEXT,
    iso_alpha3 TEXT,
    pinyin     TEXT NOT NULL,      -- for display and quick filter: "Guangdong", "meiguo"
    pinyin_key TEXT NOT NULL,      -- for sorting: toned syllables, "guang3 dong1"
    note       TEXT,               -- its status, in English (南斯拉夫: "historical; ISO 3166-3 YUCS …")
    note_zh    TEXT                -- … and in Chinese
);
CREATE TABLE measure (
    code       TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE ip_type (
    code       TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE report_table (
    table_no    INTEGER PRIMARY KEY,
    title_zh    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    unit_zh     TEXT NOT NULL,
    unit_en     TEXT NOT NULL,
    label_title TEXT NOT NULL,     -- the row-label column's printed title: 地区 / 国家和地区
    notes_zh    TEXT,
    first_line  INTEGER NOT NULL,
    last_line   INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT 'appendix'
);
CREATE TABLE table_column (
    table_no  INTEGER NOT NULL REFERENCES report_table(table_no),
    col_index INTEGER NOT NULL,
    year      INTEGER NOT NULL,
    measure   TEXT NOT NULL REFERENCES measure(code),
    ip_type   TEXT NOT NULL REFERENCES ip_type(code),
    label_zh  TEXT NOT NULL,
    PRIMARY KEY (table_no, col_index)
);
CREATE TABLE table_row (
    table_no    INTEGER NOT NULL REFERENCES report_table(table_no),
    row_index   INTEGER NOT NULL,
    region_id   INTEGER NOT NULL REFERENCES region(region_id),
    label_zh    TEXT NOT NULL,     -- as printed, brackets included
    source_line INTEGER NOT NULL,
    PRIMARY KEY (table_no, row_index)
);
-- The in-text tables' (101…) printed rows: each counts one (measure, IP type) of the national total.
CREATE TABLE intext_row (
    table_no     INTEGER NOT NULL REFERENCES report_table(table_no),
    row_index    INTEGER NOT NULL,  -- printed order
    label_zh     TEXT NOT NULL,     -- as printed, marker included: "(1) 发明专利"
    label_en     TEXT NOT NULL,
    level        INTEGER NOT NULL,  -- 0 a total, 1 one of its parts, 2 a part of a part
    parent_index INTEGER,           -- the row it is part of
    measure      TEXT NOT NULL REFERENCES measure(code),
    ip_type      TEXT NOT NULL REFERENCES ip_type(code),
    source_line  INTEGER NOT NULL,  -- the printed row's line: where each of its values stands
    PRIMARY KEY (table_no, row_index)
);
CREATE TABLE observation (
    obs_id      INTEGER PRIMARY KEY,
    table_no    INTEGER NOT NULL REFERENCES report_table(table_no),
    row_index   INTEGER NOT NULL,
    col_index   INTEGER NOT NULL,
    region_id   INTEGER NOT NULL REFERENCES region(region_id),
    year        INTEGER NOT NULL,
    measure     TEXT NOT NULL REFERENCES measure(code),
    ip_type     TEXT NOT NULL REFERENCES ip_type(code),
    value       NUMERIC,           -- integers stay integers; in-text figures may be decimal; NULL: a nil
    source_line INTEGER NOT NULL,
    printed     TEXT               -- a nil as the report printed it ("—", "-"); NULL for a number
);
-- Every edition's printed values (the latest edition's are also in `observation`): revisions and series.
CREATE TABLE edition_value (
    edition     INTEGER NOT NULL REFERENCES reports(edition),
    table_no    INTEGER NOT NULL,
    region_id   INTEGER NOT NULL REFERENCES region(region_id),
    year        INTEGER NOT NULL,
    measure     TEXT NOT NULL,
    ip_type     TEXT NOT NULL,
    value       NUMERIC,           -- NULL where that edition prints a nil
    source_line INTEGER NOT NULL,  -- the line of that edition's report
    printed     TEXT               -- the nil's marker as that edition prints it ("—", "-"), else NULL
);
-- Computed at build time from the report's numbers (never printed in it).
CREATE TABLE observation_derived (
    obs_id       INTEGER PRIMARY KEY REFERENCES observation(obs_id),
    change_abs   NUMERIC,   -- 2020 minus 2019, on the 2020 row
    change_pct   REAL,      -- as a fraction of 2019
    share        REAL,      -- of the kind's total (province -> 国内总计, country -> 国外在华总计)
    rank_in_kind INTEGER    -- 1 = largest among the same kind of region
);
-- Every edition's narrative, rebuilt from the PDF's lines (ipexplorer.report.paragraphs), its events and its
-- headline figures. Ids are unique across editions (the latest edition's first, as in a one-edition build);
-- the views section, paragraph, event, … (VIEWS) show the latest edition's rows under the tables' old names.
CREATE TABLE edition_section (
    section_id INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES edition_section(section_id),
    level      INTEGER NOT NULL,
    kind       TEXT NOT NULL,      -- preface | chapter | month | part | subpart | province | topic
    number     TEXT NOT NULL,
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    path       TEXT NOT NULL,      -- "第三章 知识产权创造 › 一、专利"
    chapter    INTEGER,
    region_id  INTEGER REFERENCES region(region_id),  -- 第九章: the province (or the XPCC) it is about
    edition    INTEGER NOT NULL REFERENCES reports(edition)
);
CREATE TABLE edition_paragraph (
    para_id    INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES edition_section(section_id),
    kind       TEXT NOT NULL,      -- heading | text | caption | table
    text       TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    region_id  INTEGER REFERENCES region(region_id),
    edition    INTEGER NOT NULL REFERENCES reports(edition)
);
CREATE TABLE edition_event (
    event_id    INTEGER PRIMARY KEY,
    date        TEXT NOT NULL,     -- ISO 2020-01-06; 2020-08 when only the month is given
    end_date    TEXT,
    precision   TEXT NOT NULL,     -- day | month
    text        TEXT NOT NULL,
    section_id  INTEGER NOT NULL REFERENCES edition_section(section_id),
    para_id     INTEGER NOT NULL REFERENCES edition_paragraph(para_id),
    source_line INTEGER NOT NULL,
    edition     INTEGER NOT NULL REFERENCES reports(edition)
);
-- Every report line that prints an event (第一章's 2月15日 and 专题's are one event): position 0 is the event's
-- own line (event.source_line), the others follow in report order.
CREATE TABLE edition_event_source (
    event_id    INTEGER NOT NULL REFERENCES edition_event(event_id),
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,     -- the sentence as printed there
    section_id  INTEGER NOT NULL REFERENCES edition_section(section_id),
    para_id     INTEGER NOT NULL REFERENCES edition_paragraph(para_id),
    source_line INTEGER NOT NULL,
    edition     INTEGER NOT NULL REFERENCES reports(edition),
    PRIMARY KEY (event_id, position)
);
-- Regions an event names, each as where it took place (venue: 在北京召开) or what it is about (subject:
-- 与浙江省人民政府会商, 韩国特许厅); ipexplorer.report.events.place_role reads it from the sentence.
CREATE TABLE edition_event_region (
    event_id  INTEGER NOT NULL REFERENCES edition_event(event_id),
    region_id INTEGER NOT NULL REFERENCES region(region_id),
    role      TEXT NOT NULL CHECK (role IN ('venue', 'subject')),
    position  INTEGER NOT NULL,    -- order printed
    edition   INTEGER NOT NULL REFERENCES reports(edition),
    PRIMARY KEY (event_id, region_id)
);
CREATE TABLE event_category (
    code    TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE edition_event_in_category (
    event_id INTEGER NOT NULL REFERENCES edition_event(event_id),
    code     TEXT NOT NULL REFERENCES event_category(code),
    edition  INTEGER NOT NULL REFERENCES reports(edition),
    PRIMARY KEY (event_id, code)
);
CREATE TABLE edition_event_partner (
    event_id  INTEGER NOT NULL REFERENCES edition_event(event_id),
    partner   TEXT NOT NULL,       -- WIPO, EPO, … or a country's English name
    region_id INTEGER REFERENCES region(region_id),
    edition   INTEGER NOT NULL REFERENCES reports(edition),
    PRIMARY KEY (event_id, partner)
);
-- Headline figures of the narrative (ipexplorer.report.figures) and their checks against the tables.
CREATE TABLE edition_figure (
    figure_id    INTEGER PRIMARY KEY,
    para_id      INTEGER REFERENCES edition_paragraph(para_id),
    section      TEXT NOT NULL,     -- the paragraph's section path
    sentence     TEXT NOT NULL,     -- the whole sentence, as provenance
    measure_text TEXT NOT NULL,     -- what it measures, as printed: 国内发明专利申请
    value        NUMERIC,           -- normalised: 149.7万件 -> 1497000; NULL for a change stated alone
    unit         TEXT NOT NULL,     -- 件, 元, %, pp, 个月, …
    raw_text     TEXT NOT NULL,     -- as printed: 149.7万件
    change_value REAL,              -- year-on-year, signed: 同比下降3.0% -> -3.0
    change_unit  TEXT,              -- % or pp
    line         INTEGER NOT NULL,  -- the 1-based report line of the number
    flag         TEXT,              -- why the printed value looks odd, or disagrees with a table
    qualifier    TEXT,              -- 约, 余, 近, 逾, …: the printed value is approximate or a bound
    edition      INTEGER NOT NULL REFERENCES reports(edition)
);
CREATE TABLE edition_figure_check (
    figure_id   INTEGER NOT NULL REFERENCES edition_figure(figure_id),
    table_no    INTEGER NOT NULL REFERENCES report_table(table_no),
    region_zh   TEXT NOT NULL,      -- 国内总计, or 国内总计+国外在华总计 when two tables are summed
    year        INTEGER NOT NULL,
    measure     TEXT NOT NULL REFERENCES measure(code),
    ip_type     TEXT NOT NULL REFERENCES ip_type(code),
    table_value NUMERIC NOT NULL,   -- the tables' value (for compares = 'change': their change in %)
    rounded_to  NUMERIC NOT NULL,   -- place value of the figure's last printed digit: 1000 for 134.5万
    agrees      INTEGER NOT NULL,   -- 1 when the table lies within ± rounded_to / 2 of the figure
    note        TEXT NOT NULL,
    compares    TEXT NOT NULL DEFAULT 'value',  -- value | change
    edition     INTEGER NOT NULL REFERENCES reports(edition)
);
CREATE TABLE integrity_check (
    table_no    INTEGER PRIMARY KEY,
    identities  INTEGER NOT NULL,
    violations  INTEGER NOT NULL
);
"""

# The derived numbers, one rule for every copy of them (observation_derived of the latest edition; the long copy of
# several editions, query/datasets.long_stages, over every year present): over `rows` (columns _rid, table_no,
# region, year, measure, ip_type (region, measure and IP type by any key of their own), value, region_kind,
# edition), each row's
# - change from the year before (year - 1, not merely the row before: a region a year lacks has no change there),
#   absolute and in %, in the same table, measure and IP type, as the same edition prints both years: the wide
#   layout's change is the latest edition's own, and a year an older edition prints may since have been revised
#   (the revisions view), so a change never sets one edition's number against another's — the earliest year of
#   an edition has none, even where an older edition prints the year before;
# - share of its kind's total (provinces, Hong Kong/Macao/Taiwan and sub-provincial cities of the domestic total,
#   countries of the foreign total, those two of the total) in the same table, year, measure and IP type;
# - rank within its kind there, largest first, among the regions of the newest edition printing that table's year
#   (a region only an older edition prints for it is not ranked: its table had other rows, as printed).
def derived_select(rows: str) -> str:
    """SELECT _rid, change_abs, change_pct, share, rank_in_kind over `rows` (see above)."""
    return f"""
SELECT _rid,
       CASE WHEN prev_year = year - 1 THEN value - prev_value END AS change_abs,
       CASE WHEN prev_year = year - 1 THEN (value - prev_value) * 1.0 / NULLIF(prev_value, 0) END AS change_pct,
       value * 1.0 / NULLIF(CASE region_kind
           WHEN 'province' THEN domestic_total WHEN 'hk_macao_taiwan' THEN domestic_total
           WHEN 'sub_provincial' THEN domestic_total WHEN 'country' THEN foreign_total
           WHEN 'domestic_total' THEN total WHEN 'foreign_total' THEN total END, 0) AS share,
       CASE WHEN region_kind IN ('province', 'hk_macao_taiwan', 'sub_provincial', 'country') AND edition = newest
            THEN rank END AS rank_in_kind
FROM (SELECT _rid, year, value, region_kind, edition,
             LAG(value) OVER by_key AS prev_value, LAG(year) OVER by_key AS prev_year,
             max(CASE WHEN region_kind = 'total' THEN value END) OVER by_slice AS total,
             max(CASE WHEN region_kind = 'domestic_total' THEN value END) OVER by_slice AS domestic_total,
             max(CASE WHEN region_kind = 'foreign_total' THEN value END) OVER by_slice AS foreign_total,
             max(edition) OVER by_slice AS newest,
             RANK() OVER (PARTITION BY table_no, year, measure, ip_type, region_kind, edition ORDER BY value DESC)
                 AS rank
      FROM ({rows})
      WINDOW by_key AS (PARTITION BY table_no, region, measure, ip_type, edition ORDER BY year),
             by_slice AS (PARTITION BY table_no, year, measure, ip_type))"""


DERIVED = f"""
INSERT INTO observation_derived (obs_id, change_abs, change_pct, share, rank_in_kind)
{derived_select("SELECT o.obs_id AS _rid, o.table_no, o.region_id AS region, o.year, o.measure, o.ip_type, "
                "o.value, r.kind AS region_kind, 0 AS edition FROM observation o JOIN region r USING (region_id)")};
"""

INDEXES = """
CREATE INDEX observation_table_region ON observation(table_no, region_id, year);
CREATE INDEX observation_region ON observation(region_id);
CREATE INDEX edition_value_key ON edition_value(table_no, region_id, year, measure, ip_type, edition);
CREATE INDEX table_row_region ON table_row(table_no, region_id);   -- an older edition's value finds its row
CREATE INDEX observation_slice ON observation(measure, ip_type, year);
CREATE INDEX observation_value ON observation(value);
CREATE INDEX region_kind_idx ON region(kind, pinyin_key);
CREATE INDEX region_pinyin ON region(pinyin_key);
CREATE INDEX region_en ON region(name_en COLLATE NOCASE);
CREATE INDEX paragraph_section ON edition_paragraph(section_id);
CREATE INDEX paragraph_region ON edition_paragraph(region_id);
CREATE INDEX paragraph_edition ON edition_paragraph(edition);
CREATE INDEX section_edition ON edition_section(edition);
CREATE INDEX event_date ON edition_event(edition, date);
CREATE INDEX event_partner_region ON edition_event_partner(region_id);
CREATE INDEX event_region_region ON edition_event_region(region_id);
CREATE INDEX figure_para ON edition_figure(para_id);
CREATE INDEX figure_edition ON edition_figure(edition);
CREATE INDEX figure_check_figure ON edition_figure_check(figure_id);
"""

VIEWS = """
CREATE VIEW observations AS
SELECT o.table_no     AS table_no,
       r.name_zh      AS region_zh,
       r.name_en      AS region_en,
       r.kind         AS region_kind,
       p.name_zh      AS parent_zh,
       r.iso_alpha3   AS iso_alpha3,
       o.year         AS year,
       o.measure      AS measure,
       o.ip_type      AS ip_type,
       o.value        AS value,
       t.unit_zh      AS unit,
       o.source_line  AS source_line,
       o.edition      AS edition
FROM edition_value o
JOIN region r ON r.region_id = o.region_id
LEFT JOIN region p ON p.region_id = r.parent_id
JOIN report_table t ON t.table_no = o.table_no;

-- One row per (table, region, year, measure, IP type): the value the latest edition printing it gives.
CREATE VIEW latest_observations AS
SELECT table_no, region_zh, region_en, region_kind, parent_zh, iso_alpha3, year, measure, ip_type, value, unit,
       source_line, edition
FROM (SELECT o.*, ROW_NUMBER() OVER (PARTITION BY table_no, region_zh, year, measure, ip_type
                                     ORDER BY edition DESC) AS newest
      FROM observations o)
WHERE newest = 1;

-- Values two editions print differently for the same year: the report revised them.
CREATE VIEW revisions AS
SELECT a.table_no, r.name_zh AS region_zh, a.year, a.measure, a.ip_type,
       a.edition AS edition, a.value AS value, a.source_line AS source_line,
       b.edition AS later_edition, b.value AS later_value, b.source_line AS later_source_line
FROM edition_value a
JOIN edition_value b ON b.table_no = a.table_no AND b.region_id = a.region_id AND b.year = a.year
                    AND b.measure = a.measure AND b.ip_type = a.ip_type AND b.edition > a.edition
JOIN region r ON r.region_id = a.region_id
WHERE a.value <> b.value;

-- The latest edition's narrative, events and figures under the names they always had (the reader, the timeline,
-- the Overview and users' queries read these); every edition's rows are in the edition_* tables.
CREATE VIEW section AS SELECT * FROM edition_section WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW paragraph AS SELECT * FROM edition_paragraph WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW event AS SELECT * FROM edition_event WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW event_in_category AS
SELECT * FROM edition_event_in_category WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW event_partner AS SELECT * FROM edition_event_partner WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW event_source AS SELECT * FROM edition_event_source WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW event_region AS SELECT * FROM edition_event_region WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW figure AS SELECT * FROM edition_figure WHERE edition = (SELECT max(edition) FROM reports);
CREATE VIEW figure_check AS SELECT * FROM edition_figure_check WHERE edition = (SELECT max(edition) FROM reports);

-- Every edition's events, oldest edition first (one edition: exactly its events, as always).
CREATE VIEW events AS
SELECT e.date        AS date,
       e.end_date    AS end_date,
       e.precision   AS precision,
       e.text        AS text,
       -- group_concat follows the order of an ordered subquery: categories in their lane order,
       -- partners in the order the rules found them (ORDER BY inside an aggregate needs SQLite 3.44)
       (SELECT group_concat(name, '; ') FROM (
          SELECT c.name_en AS name FROM edition_event_in_category ec JOIN event_category c ON c.code = ec.code
          WHERE ec.event_id = e.event_id ORDER BY c.sort_order)) AS categories,
       (SELECT group_concat(partner, '; ') FROM (
          SELECT p.partner FROM edition_event_partner p WHERE p.event_id = e.event_id ORDER BY p.rowid)) AS partners,
       s.path        AS section,
       e.source_line AS source_line,
       e.edition     AS edition,
       (SELECT group_concat(source_line, '; ') FROM (
          SELECT x.source_line FROM edition_event_source x WHERE x.event_id = e.event_id
          ORDER BY x.position)) AS sources,
       (SELECT group_concat(name_zh, '; ') FROM (
          SELECT r.name_zh FROM edition_event_region x JOIN region r USING (region_id)
          WHERE x.event_id = e.event_id AND x.role = 'venue' ORDER BY x.position)) AS venues,
       (SELECT group_concat(name_zh, '; ') FROM (
          SELECT r.name_zh FROM edition_event_region x JOIN region r USING (region_id)
          WHERE x.event_id = e.event_id AND x.role = 'subject' ORDER BY x.position)) AS subjects
FROM edition_event e JOIN edition_section s ON s.section_id = e.section_id
ORDER BY e.edition, e.date, e.event_id;
"""

# Columns of the documented `events` view, in order.
EVENTS_COLUMNS = ("date", "end_date", "precision", "text", "categories", "partners", "section", "source_line",
                  "edition", "sources", "venues", "subjects")

# Columns of the documented `observations` view, in order.
OBSERVATIONS_COLUMNS = (
    "table_no", "region_zh", "region_en", "region_kind", "parent_zh", "iso_alpha3",
    "year", "measure", "ip_type", "value", "unit", "source_line", "edition",
)
