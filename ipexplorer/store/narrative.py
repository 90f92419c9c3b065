"""Build stage: the rebuilt narrative, the year's events and their links, parsed and then written.

`parse_narrative` reads only the parsed edition (the region names come from its tables); `write_narrative`
inserts an edition's sections, paragraphs and events. The search index over the latest edition's paragraphs
is made from the written rows, in SQL (FTS, run once after every edition is written).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from ipexplorer.report.events import CATEGORIES, extract_events
from ipexplorer.report.paragraphs import rebuild
from ipexplorer.store.parse import ParsedEdition

XPCC = "新疆生产建设兵团"
NARRATIVE_KINDS = ("province", "hk_macao_taiwan", "sub_provincial")   # 第九章's sections are about these
PLACE_KINDS = (*NARRATIVE_KINDS, "country")                            # an event's venues and subjects

# FTS5 with trigrams finds Chinese substrings of 3+ characters; shorter ones use LIKE on `paragraph`. It indexes
# the latest edition's paragraphs, which the app searches (a search of every edition reads the paragraphs
# themselves: ten editions' trigrams would cost the build more than a scan costs such a search).
FTS = """
CREATE VIRTUAL TABLE paragraph_fts USING fts5(
    text, content='edition_paragraph', content_rowid='para_id', tokenize='trigram'
);
INSERT INTO paragraph_fts(rowid, text)
SELECT para_id, text FROM edition_paragraph WHERE edition = (SELECT max(edition) FROM reports);
"""


def _regions(parsed: ParsedEdition) -> dict:
    """Every region the edition's tables name, by its Chinese name (first seen wins)."""
    regions: dict = {}
    for table in parsed.tables:
        for row in table.rows:
            regions.setdefault(row.region.name_zh, row.region)
    return regions


def parse_narrative(parsed: ParsedEdition) -> None:
    """Rebuild the narrative (第九章's sections by the tables' province names) and extract its events."""
    regions = _regions(parsed)
    names = {name for name, r in regions.items() if r.kind in NARRATIVE_KINDS}
    parsed.narrative = narrative = rebuild(parsed.report, names | {XPCC})
    countries = {name: r.name_en for name, r in regions.items() if r.kind == "country"}
    places = [name for name, r in regions.items() if r.kind in PLACE_KINDS]
    parsed.events = extract_events(narrative, countries, year=parsed.year, places=places)


def counts(parsed: ParsedEdition) -> dict[str, int]:
    """What the build prints of an edition's narrative."""
    narrative = parsed.narrative
    if narrative is None:
        return {}
    chapter1 = sum(1 for e in parsed.events if e.chapter == 1)
    return {
        "narrative sections": len(narrative.sections),
        "paragraphs": sum(1 for p in narrative.paragraphs if p.kind == "text"),
        "captions": sum(1 for p in narrative.paragraphs if p.kind == "caption"),
        "events (第一章)": chapter1,
        "events elsewhere": len(parsed.events) - chapter1,
        "events printed twice": sum(1 for e in parsed.events if len(e.sources) > 1),
    }


def write_categories(conn: sqlite3.Connection) -> None:
    conn.executemany("INSERT INTO event_category VALUES (?,?,?,?)",
                     [(code, en, zh, i) for i, (code, (en, zh, _w)) in enumerate(CATEGORIES.items())])


def write_narrative(conn: sqlite3.Connection, parsed: ParsedEdition, offsets: tuple[int, int, int],
                    region_ids: Mapping[str, int], country_ids: Mapping[str, int]) -> tuple[int, int, int]:
    """Insert the edition's sections, paragraphs and events, their ids moved by `offsets`
    (sections, paragraphs, events); return the next offsets. `region_ids`: Chinese name -> region_id,
    `country_ids`: English name -> region_id."""
    narrative = parsed.narrative
    if narrative is None:
        return offsets
    s_off, p_off, e_off = offsets
    edition = parsed.year
    xpcc = next((rid for name, rid in region_ids.items() if "兵团" in name), None)
    province_of: dict[int, int | None] = {}
    for sec in narrative.sections:
        region_id = region_ids.get(sec.number) if sec.kind == "province" else None
        if sec.kind == "province" and region_id is None and sec.number == XPCC:
            region_id = xpcc
        province_of[sec.section_id] = region_id
    conn.executemany(
        "INSERT INTO edition_section VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(s.section_id + s_off, s.parent_id + s_off if s.parent_id is not None else None, s.level, s.kind, s.number,
          s.title_zh, s.title_en, s.first_line, s.last_line, s.path, s.chapter, province_of[s.section_id], edition)
         for s in narrative.sections])
    conn.executemany(
        "INSERT INTO edition_paragraph VALUES (?,?,?,?,?,?,?,?)",
        [(p.para_id + p_off, p.section_id + s_off, p.kind, p.text, p.first_line, p.last_line,
          province_of.get(p.section_id), edition) for p in narrative.paragraphs])
    # each table's rows of all the edition's events in one statement (rowids in the same order as event by event)
    events = [(number + e_off, e) for number, e in enumerate(parsed.events, start=1)]
    conn.executemany("INSERT INTO edition_event VALUES (?,?,?,?,?,?,?,?,?)",
                     [(event_id, e.date, e.end_date, e.precision, e.text, e.section_id + s_off, e.para_id + p_off,
                       e.source_line, edition) for event_id, e in events])
    conn.executemany("INSERT INTO edition_event_in_category VALUES (?,?,?)",
                     [(event_id, c, edition) for event_id, e in events for c in e.categories])
    conn.executemany("INSERT OR IGNORE INTO edition_event_partner VALUES (?,?,?,?)",
                     [(event_id, p, country_ids.get(p), edition) for event_id, e in events for p in e.partners])
    conn.executemany("INSERT INTO edition_event_source VALUES (?,?,?,?,?,?,?)",
                     [(event_id, k, src.text, src.section_id + s_off, src.para_id + p_off, src.source_line, edition)
                      for event_id, e in events for k, src in enumerate(e.sources)])
    conn.executemany("INSERT INTO edition_event_region VALUES (?,?,?,?,?)",
                     [(event_id, region_ids[name], role, k, edition)
                      for event_id, e in events for k, (name, role) in enumerate(e.regions)])
    return (s_off + max((s.section_id for s in narrative.sections), default=0),
            p_off + max((p.para_id for p in narrative.paragraphs), default=0),
            e_off + len(parsed.events))
