"""Build stage: the rebuilt narrative, its full-text index, the year's events and their links."""

from __future__ import annotations

import sqlite3

from ipexplorer.report.edition import edition_of
from ipexplorer.report.events import CATEGORIES, extract_events
from ipexplorer.report.paragraphs import rebuild
from ipexplorer.report.source import ReportText

# FTS5 with trigrams finds Chinese substrings of 3+ characters; shorter ones use LIKE on `paragraph`.
FTS = """
CREATE VIRTUAL TABLE paragraph_fts USING fts5(
    text, content='paragraph', content_rowid='para_id', tokenize='trigram'
);
INSERT INTO paragraph_fts(rowid, text) SELECT para_id, text FROM paragraph;
"""


def build_narrative(conn: sqlite3.Connection, report: ReportText) -> dict[str, int]:
    """Write sections, paragraphs, the search index and events; return counts to print."""
    regions = {name: rid for rid, name in conn.execute(
        "SELECT region_id, name_zh FROM region WHERE kind IN ('province', 'hk_macao_taiwan', 'sub_provincial')")}
    xpcc = "新疆生产建设兵团"
    narrative = rebuild(report, set(regions) | {xpcc})
    province_of: dict[int, int | None] = {}
    for sec in narrative.sections:
        region_id = regions.get(sec.number) if sec.kind == "province" else None
        if sec.kind == "province" and region_id is None and sec.number == xpcc:
            region_id = _xpcc_region(conn)
        province_of[sec.section_id] = region_id
    conn.executemany(
        "INSERT INTO section VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(s.section_id, s.parent_id, s.level, s.kind, s.number, s.title_zh, s.title_en, s.first_line, s.last_line,
          s.path, s.chapter, province_of[s.section_id]) for s in narrative.sections])
    conn.executemany(
        "INSERT INTO paragraph VALUES (?,?,?,?,?,?,?)",
        [(p.para_id, p.section_id, p.kind, p.text, p.first_line, p.last_line, province_of.get(p.section_id))
         for p in narrative.paragraphs])
    conn.executescript(FTS)
    countries = dict(conn.execute("SELECT name_zh, name_en FROM region WHERE kind = 'country'").fetchall())
    country_ids = dict(conn.execute("SELECT name_en, region_id FROM region WHERE kind = 'country'").fetchall())
    places = dict(conn.execute("SELECT name_zh, region_id FROM region WHERE kind IN "
                               "('province', 'hk_macao_taiwan', 'sub_provincial', 'country')").fetchall())
    events = extract_events(narrative, countries, year=edition_of(report).year, places=places)
    conn.executemany("INSERT INTO event_category VALUES (?,?,?,?)",
                     [(code, en, zh, i) for i, (code, (en, zh, _w)) in enumerate(CATEGORIES.items())])
    for event_id, e in enumerate(events, start=1):
        conn.execute("INSERT INTO event VALUES (?,?,?,?,?,?,?,?)",
                     (event_id, e.date, e.end_date, e.precision, e.text, e.section_id, e.para_id, e.source_line))
        conn.executemany("INSERT INTO event_in_category VALUES (?,?)", [(event_id, c) for c in e.categories])
        conn.executemany("INSERT OR IGNORE INTO event_partner VALUES (?,?,?)",
                         [(event_id, p, country_ids.get(p)) for p in e.partners])
        conn.executemany("INSERT INTO event_source VALUES (?,?,?,?,?,?)",
                         [(event_id, k, src.text, src.section_id, src.para_id, src.source_line)
                          for k, src in enumerate(e.sources)])
        conn.executemany("INSERT INTO event_region VALUES (?,?,?,?)",
                         [(event_id, places[name], role, k) for k, (name, role) in enumerate(e.regions)])
    chapter1 = sum(1 for e in events if e.chapter == 1)
    return {
        "narrative sections": len(narrative.sections),
        "paragraphs": sum(1 for p in narrative.paragraphs if p.kind == "text"),
        "captions": sum(1 for p in narrative.paragraphs if p.kind == "caption"),
        "events (第一章)": chapter1,
        "events elsewhere": len(events) - chapter1,
        "events printed twice": sum(1 for e in events if len(e.sources) > 1),
    }


def _xpcc_region(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT region_id FROM region WHERE name_zh LIKE '%兵团%'").fetchone()
    return row[0] if row else None
