"""The database schema. Bump SCHEMA_VERSION on any change: older files are rebuilt.

The views `observations` and `events` are the documented contract for users' own
queries; change them only compatibly (add columns at the end).
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
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
    note       TEXT
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
CREATE TABLE observation (
    obs_id      INTEGER PRIMARY KEY,
    table_no    INTEGER NOT NULL REFERENCES report_table(table_no),
    row_index   INTEGER NOT NULL,
    col_index   INTEGER NOT NULL,
    region_id   INTEGER NOT NULL REFERENCES region(region_id),
    year        INTEGER NOT NULL,
    measure     TEXT NOT NULL REFERENCES measure(code),
    ip_type     TEXT NOT NULL REFERENCES ip_type(code),
    value       NUMERIC NOT NULL,  -- integers stay integers; in-text figures may be decimal
    source_line INTEGER NOT NULL
);
CREATE TABLE integrity_check (
    table_no    INTEGER PRIMARY KEY,
    identities  INTEGER NOT NULL,
    violations  INTEGER NOT NULL
);
"""

INDEXES = """
CREATE INDEX observation_table_region ON observation(table_no, region_id, year);
CREATE INDEX observation_region ON observation(region_id);
CREATE INDEX observation_slice ON observation(measure, ip_type, year);
CREATE INDEX observation_value ON observation(value);
CREATE INDEX region_kind_idx ON region(kind, pinyin_key);
CREATE INDEX region_pinyin ON region(pinyin_key);
CREATE INDEX region_en ON region(name_en COLLATE NOCASE);
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
       o.source_line  AS source_line
FROM observation o
JOIN region r ON r.region_id = o.region_id
LEFT JOIN region p ON p.region_id = r.parent_id
JOIN report_table t ON t.table_no = o.table_no;
"""

# Columns of the documented `observations` view, in order.
OBSERVATIONS_COLUMNS = (
    "table_no", "region_zh", "region_en", "region_kind", "parent_zh", "iso_alpha3",
    "year", "measure", "ip_type", "value", "unit", "source_line",
)
