"""Full-text search of the rebuilt report: ranked hits with a highlighted snippet and their place.

A query's words are AND-ed: a paragraph matches when it holds every word (in any order). A word matches
ignoring the spaces the report sets between figures and units ("2180亿元" finds "2180 亿元"), ASCII case
ignored; a word of three or more characters is looked up in the FTS5 trigram index first, one- and
two-character words (which trigrams cannot find) in the plain `paragraph` table. English or pinyin region
names ("Guangdong", "United States", "beijing") also search for the Chinese name. Ranking: paragraphs of text
before captions, tables and headings; whole names before a name inside a longer word (美国 in 拉美国家);
then the denser match first.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ipexplorer.query.builder import escape_like
from ipexplorer.report.events import inside_longer_word as _inside_longer_word

SNIPPET_CHARS = 36
# the order paragraphs of each kind are listed in: a heading names a subject, its paragraph says something
_UNIT_GAP = re.compile(r"(?<=\d) (?=[^\x00-\x7f])")
KIND_ORDER = {"text": 0, "caption": 1, "table": 2, "heading": 3}


@dataclass(frozen=True)
class SearchHit:
    para_id: int
    kind: str
    section: str
    snippet: str           # the match between the markers
    first_line: int
    last_line: int
    rank: float            # smaller is better
    matched: str           # the first word's text as it stands in the paragraph (for highlighting it there)
    edition: int | None = None   # the edition (report year) the paragraph is from


@dataclass(frozen=True)
class _Word:
    """One word of the query and the Chinese region names it stands for (any of them matches)."""

    forms: tuple[str, ...]
    regions: frozenset[str]


def region_terms(conn: sqlite3.Connection, text: str) -> list[str]:
    """Chinese names of regions whose English name, pinyin or ISO code is `text` (case and spaces ignored)."""
    key = re.sub(r"[\s'’-]", "", text).lower()
    if not key or not key.isascii():
        return []
    rows = conn.execute(
        "SELECT name_zh FROM region WHERE replace(replace(lower(name_en), ' ', ''), '''', '') = ? "
        "OR replace(lower(pinyin), ' ', '') = ? OR lower(iso_alpha3) = ?", (key, key, key)).fetchall()
    return [r[0] for r in rows]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pattern(form: str) -> re.Pattern[str]:
    """`form` with any spaces allowed between its characters, ASCII case ignored — as the narrowing's LIKE ignores
    it (Unicode's case folding would match ı to I, ſ to S or Ａ to ａ, where LIKE keeps none of them)."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in _squeeze(form)), re.ASCII | re.IGNORECASE)


def names_region(text: str, name: str) -> bool:
    """Whether `text` names the region `name` as a whole name at least once (not 美国 inside 拉美国家)."""
    at = text.find(name)
    while at >= 0:
        if not _inside_longer_word(text, at + len(name), name):
            return True
        at = text.find(name, at + 1)
    return False


def _words(conn: sqlite3.Connection, query: str) -> list[_Word]:
    """The query's words; a whole query naming a region ("United States") is one word."""
    whole = region_terms(conn, query)
    if whole:
        return [_Word((query, *whole), frozenset(whole))]
    words = []
    for word in query.split():
        regions = region_terms(conn, word)
        words.append(_Word((word, *regions), frozenset(regions)))
    return words


def _candidates(conn: sqlite3.Connection, words: list[_Word], chapter: str | None = None,
                every_edition: bool = False) -> list[tuple]:
    """Paragraphs that may hold every word: the FTS index narrows the latest edition's by the longest word when it
    can.

    `chapter` (a chapter's title, as the section paths begin) keeps that chapter's paragraphs only, in SQL:
    filtering after the best N were cut would drop matches ranked below the cut. The latest edition's
    paragraphs (`paragraph`), and with `every_edition` those of every older edition the database holds after them
    (the index holds the latest edition's alone: the older ones are read whole).
    """
    def select(paragraphs: str, sections: str) -> tuple[str, list]:
        sql = ("SELECT p.para_id, p.kind, s.path, p.text, p.first_line, p.last_line, r.name_zh, p.edition "
               f"FROM {paragraphs} p JOIN {sections} s ON s.section_id = p.section_id "
               "LEFT JOIN region r ON r.region_id = p.region_id WHERE 1")
        return (sql + " AND substr(s.path, 1, length(?)) = ?", [chapter, chapter]) if chapter else (sql, [])

    latest, params = select("paragraph", "section")
    narrow, narrow_params = _narrowing(words)
    longest = max(words, key=lambda w: min(len(_squeeze(f)) for f in w.forms))
    older: list[tuple] = []
    if every_edition:
        sql, older_params = select("edition_paragraph", "edition_section")
        older = conn.execute(f"{sql} AND p.edition < (SELECT max(edition) FROM reports){narrow} ORDER BY p.para_id",
                             [*older_params, *narrow_params]).fetchall()
    # trigrams need three characters, and cannot skip the spaces between a figure and its unit
    if not longest.regions and all(len(f) >= 3 and not re.search(r"[\s\d]", f) for f in longest.forms):
        match = " OR ".join('"' + f.replace('"', '""') + '"' for f in longest.forms)
        try:
            return conn.execute(f"{latest} AND p.para_id IN "
                                "(SELECT rowid FROM paragraph_fts WHERE paragraph_fts MATCH ?)"
                                " ORDER BY p.para_id", (*params, match)).fetchall() + older
        except sqlite3.OperationalError:
            pass   # a word FTS cannot parse: scan instead
    return conn.execute(f"{latest}{narrow} ORDER BY p.para_id", [*params, *narrow_params]).fetchall() + older


def _narrowing(words: list[_Word]) -> tuple[str, list]:
    """A WHERE term keeping every paragraph that can hold all the words, in SQLite: each word's characters in
    order, anything between them (LIKE, ASCII case ignored) — more than `_match_word` keeps, never less; or, for
    a word naming regions, a paragraph of such a region's own section. The words' exact matching follows in
    Python on far fewer paragraphs."""
    terms, params = [], []
    for word in words:
        forms = [_squeeze(f) for f in word.forms if _squeeze(f)]
        alternatives = ["p.text LIKE ? ESCAPE '\\'"] * len(forms)
        params += ["%" + "%".join(escape_like(ch) for ch in f) + "%" for f in forms]
        if word.regions:
            alternatives.append(f"r.name_zh IN ({', '.join('?' * len(word.regions))})")
            params += sorted(word.regions)
        terms.append("(" + " OR ".join(alternatives or ["1"]) + ")")
    return "".join(f" AND {t}" for t in terms), params


def _snippet(text: str, spans: list[tuple[int, int]], markers: tuple[str, str]) -> str:
    """The text around the first match, every match inside it between the markers."""
    first = min(spans, default=(0, 0))
    start = max(0, first[0] - SNIPPET_CHARS)
    end = min(len(text), first[1] + SNIPPET_CHARS)
    out, at = [], start
    for s, e in sorted(spans):
        if s < at or e > end:
            continue
        out += [text[at:s], markers[0], text[s:e], markers[1]]
        at = e
    out.append(text[at:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def _match_word(text: str, word: _Word, region: str | None) -> tuple[list[tuple[int, int]] | None, bool]:
    """Spans of the word in `text` (None: no match), and whether one is a whole name (not inside a longer word).

    A paragraph of a region's own section (第九章 › 广东省) matches that region's name even where its text
    says only 全省.
    """
    spans: list[tuple[int, int]] = []
    whole = region is not None and region in word.regions
    for form in word.forms:
        for m in _pattern(form).finditer(text):
            inside = form in word.regions and _inside_longer_word(text, m.end(), form)
            whole = whole or not inside
            spans.append((m.start(), m.end()))
    return (spans if spans or whole else None), whole


def search_all(conn: sqlite3.Connection, text: str, markers: tuple[str, str] = ("«", "»"),
               chapter: str | None = None, every_edition: bool = False) -> list[SearchHit]:
    """Every paragraph holding all of the query's words (or the regions they name), best first.

    `chapter`: only paragraphs of the chapter of that title (its sections' paths start with it).
    `every_edition`: search every edition's narrative, not only the latest's (each hit names its edition;
    an older edition's line numbers are lines of its own report).
    """
    # "2180 亿元" is one word: a figure and its unit belong together
    query = _UNIT_GAP.sub("", " ".join(text.split()))
    if not query:
        return []
    words = _words(conn, query)
    hits = []
    for pid, kind, path, body, first, last, region, edition in _candidates(conn, words, chapter, every_edition):
        spans: list[tuple[int, int]] = []
        whole_names = True
        own_section = False
        for word in words:
            found, whole = _match_word(body, word, region)
            if found is None:
                break
            own_section = own_section or region in word.regions
            spans += found
            whole_names = whole_names and whole
        else:
            density = sum(e - s for s, e in spans) / max(len(body), 1)
            rank = KIND_ORDER.get(kind, 2) * 10 + (0 if whole_names else 5) - density - own_section
            s, e = min(spans, default=(0, 0))
            matched = body[s:e] or next((w for w in words[0].forms if w in words[0].regions), "")
            hits.append(SearchHit(pid, kind, path, _snippet(body, spans, markers), first, last, rank, matched,
                                  edition))
    return sorted(hits, key=lambda h: (h.rank, -(h.edition or 0), h.para_id))


def search(conn: sqlite3.Connection, text: str, limit: int = 50, markers: tuple[str, str] = ("«", "»"),
           chapter: str | None = None, every_edition: bool = False) -> list[SearchHit]:
    """The best `limit` paragraphs matching `text` (see `search_all`), of one chapter if `chapter` is given."""
    return search_all(conn, text, markers, chapter, every_edition)[:limit]
