"""Full-text search of the rebuilt report: ranked hits with a highlighted snippet and their place.

Queries of three or more characters go to the FTS5 trigram index (ranked by bm25); one- and
two-character queries, which trigrams cannot find, scan the plain `paragraph` table. English or
pinyin region names ("Guangdong", "beijing", "Japan") also search for the Chinese name.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

SNIPPET_CHARS = 36


@dataclass(frozen=True)
class SearchHit:
    para_id: int
    kind: str
    section: str
    snippet: str           # the match between the markers
    first_line: int
    last_line: int
    rank: float            # smaller is better
    matched: str           # the term that matched (the query or a region's Chinese name)


def region_terms(conn: sqlite3.Connection, text: str) -> list[str]:
    """Chinese names of regions whose English name or pinyin is `text` (case and spaces ignored)."""
    key = re.sub(r"[\s'’-]", "", text).lower()
    if not key or not key.isascii():
        return []
    rows = conn.execute(
        "SELECT name_zh FROM region WHERE replace(replace(lower(name_en), ' ', ''), '''', '') = ? "
        "OR replace(lower(pinyin), ' ', '') = ?", (key, key)).fetchall()
    return [r[0] for r in rows]


def _fts_query(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _snippet(text: str, term: str, markers: tuple[str, str]) -> str:
    at = text.lower().find(term.lower())
    if at < 0:
        return text[: SNIPPET_CHARS * 2] + ("…" if len(text) > SNIPPET_CHARS * 2 else "")
    start = max(0, at - SNIPPET_CHARS)
    end = min(len(text), at + len(term) + SNIPPET_CHARS)
    pre = "…" if start > 0 else ""
    post = "…" if end < len(text) else ""
    return (f"{pre}{text[start:at]}{markers[0]}{text[at:at + len(term)]}{markers[1]}"
            f"{text[at + len(term):end]}{post}")


def _search_term(conn: sqlite3.Connection, term: str, limit: int, markers: tuple[str, str]) -> list[SearchHit]:
    if len(term) >= 3:
        rows = conn.execute(
            "SELECT p.para_id, p.kind, s.path, p.text, p.first_line, p.last_line, bm25(paragraph_fts) "
            "FROM paragraph_fts JOIN paragraph p ON p.para_id = paragraph_fts.rowid "
            "JOIN section s ON s.section_id = p.section_id "
            "WHERE paragraph_fts MATCH ? ORDER BY bm25(paragraph_fts) LIMIT ?",
            (_fts_query(term), limit)).fetchall()
    else:
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = conn.execute(
            "SELECT p.para_id, p.kind, s.path, p.text, p.first_line, p.last_line, "
            "       -1.0 * (length(p.text) - length(replace(p.text, ?, ''))) / max(length(p.text), 1) "
            "FROM paragraph p JOIN section s ON s.section_id = p.section_id "
            "WHERE p.text LIKE ? ESCAPE '\\' ORDER BY 7, p.para_id LIMIT ?",
            (term, like, limit)).fetchall()
    return [SearchHit(pid, kind, path, _snippet(text, term, markers), first, last, float(rank), term)
            for pid, kind, path, text, first, last, rank in rows]


def search(conn: sqlite3.Connection, text: str, limit: int = 50,
           markers: tuple[str, str] = ("«", "»")) -> list[SearchHit]:
    """Paragraphs matching `text` (or the Chinese name of the region it names), best first."""
    query = " ".join(text.split())
    if not query:
        return []
    hits: dict[int, SearchHit] = {}
    for term in [query, *region_terms(conn, query)]:
        try:
            found = _search_term(conn, term, limit, markers)
        except sqlite3.OperationalError:
            continue  # a query FTS cannot parse finds nothing rather than failing
        for hit in found:
            if hit.para_id not in hits:
                hits[hit.para_id] = hit
    return sorted(hits.values(), key=lambda h: (h.rank, h.para_id))[:limit]
