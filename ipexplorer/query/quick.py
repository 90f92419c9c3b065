"""The quick filter's region matching: pinyin by syllables, initials, ISO codes.

"Xian" means 西安 (xi an), not 香港 (xiang gang), so pinyin matches whole syllables from a syllable
boundary; a query that no region's whole syllables match may end inside a syllable (typing "guangd"
already finds 广东). "gd" is 广东's initials, "sx" both 山西 and 陕西; "USA", "JPN" are ISO codes. All of it
is SQL (a subquery), so every user of the view's SQL (grid, export, API) agrees. Each region's seek keys (its
Latin text, cut as a query is sought in it) are written once at build (LATIN_TABLE, store/materialise.py): a
query seeks them in the table's key, where working the toneless pinyin out of every region's toned key for every
way of cutting the query into syllables took seconds at 40,000 regions.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterator

MAX_SPLITS = 64
_VOWELS = set("aeiouv")
# toned syllables ("xi1 an1") without their tones: " xi an "
_TONELESS = "(' ' || " + "".join("replace(" for _ in range(5)) + "lower(r.pinyin_key)" + "".join(
    f", '{d}', '')" for d in "12345") + " || ' ')"
MAX_INITIALS = 4   # a query of at most this many letters is also tried as initials

# Each region's seek keys (kind, key, its Chinese name): 's' every tail of its toneless pinyin from a syllable
# boundary (" guang dong ", " dong "), 'i' its initials ("gd"), 'o' its ISO alpha-3 code in capitals, 'e' every
# tail of its English name from a word's start, without apostrophes, in small letters (" inner mongolia",
# " mongolia"). A pattern a LIKE matched anywhere in the toneless text (" guang dong " LIKE "% guang %"), or from
# a word's start in the English name, is a prefix of one tail, sought as a range of the key. 'z': its Chinese name
# if that holds a Latin letter (the only names a Latin query's LIKE can match).
LATIN_TABLE = "view_region_latin"
LATIN_COLUMNS = "(kind TEXT, key TEXT, name_zh TEXT, PRIMARY KEY (kind, key, name_zh)) WITHOUT ROWID"
_LATIN_SOURCE = (f"SELECT r.name_zh, {_TONELESS}, upper(r.iso_alpha3), "
                 "' ' || lower(replace(r.name_en, char(39), '')) FROM region r")


def _initials(toneless: str) -> str | None:
    """The letter starting each syllable of `toneless` (" guang dong " -> "gd"), as the initials' LIKE reads it:
    None when a syllable is empty (two spaces in a row) or the text starts with one."""
    body = toneless.strip(" ")   # SQLite's trim(): spaces only
    if not body or toneless[1:2] != body[:1]:
        return None
    letters = [body[0]] + [body[i + 1] for i, c in enumerate(body) if c == " "]
    return None if " " in letters else "".join(letters)


def region_seek_keys(name_zh: str, toneless: str | None, iso3: str | None,
               english: str | None = None) -> Iterator[tuple[str, str]]:
    """(kind, key) of one region's seek keys, from its Chinese name, toneless pinyin (as _TONELESS makes it), ISO
    code and English name (a space before it, no apostrophes, ASCII letters small: what the English LIKE reads)."""
    for i, c in enumerate(english or ""):
        if c == " ":
            yield "e", english[i:]
    if re.search("[A-Za-z]", name_zh):
        yield "z", name_zh
    if toneless is None:
        return
    for i, c in enumerate(toneless):
        if c == " " and "a" <= toneless[i + 1:i + 2] <= "z":   # a pattern is a space and a letter, then more
            yield "s", toneless[i:]
    initials = _initials(toneless)
    if initials is not None and len(initials) <= MAX_INITIALS:
        yield "i", initials
    if iso3:
        yield "o", iso3


def latin_rows(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every region's seek keys as LATIN_TABLE's rows; the toneless text, small letters and capitals are
    SQLite's own (its lower() and upper() change ASCII letters alone, as its LIKE ignores their case alone)."""
    return [(kind, key, name) for name, toneless, iso3, english in conn.execute(_LATIN_SOURCE)
            for kind, key in dict.fromkeys(region_seek_keys(name, toneless, iso3, english))]


def query_key(text: str) -> str:
    """The query as pinyin letters ("Xi'an" -> "xian"); empty when it is not plain Latin."""
    key = re.sub(r"[\s'’-]", "", text).lower()
    return key if key.isascii() and key.isalpha() else ""


def _splits(key: str) -> list[tuple[str, ...]]:
    """Ways to cut `key` into syllable-like parts (each with a vowel, at most 6 letters), fewest parts first."""
    out: list[tuple[str, ...]] = []
    n = len(key)
    for parts in range(1, min(n, 6) + 1):
        for cuts in itertools.combinations(range(1, n), parts - 1):
            bounds = (0, *cuts, n)
            pieces = tuple(key[a:b] for a, b in itertools.pairwise(bounds))
            if all(len(p) <= 6 and _VOWELS & set(p) for p in pieces[:-1]) and len(pieces[-1]) <= 6:
                out.append(pieces)
                if len(out) >= MAX_SPLITS:
                    return out
    return out


def _after(prefix: str) -> str:
    """The first text after every text that starts with `prefix` (its last character's successor)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _tails(prefixes: list[str]) -> tuple[str, list]:
    """A SELECT of the names of regions with a pinyin tail starting with one of `prefixes`: each prefix a range
    of LATIN_TABLE's key, sought once (the ranges the outer loop)."""
    rows = ", ".join(["(?, ?)"] * len(prefixes))
    return (f"SELECT l.name_zh FROM (VALUES {rows}) b CROSS JOIN {LATIN_TABLE} l "
            "ON l.kind = 's' AND l.key >= b.column1 AND l.key < b.column2",
            [v for p in prefixes for v in (p, _after(p))])


def english_names(text: str) -> tuple[str, list]:
    """A SELECT of the regions whose English name has a word starting with `text` (a Latin query: letters, spaces,
    apostrophes, hyphens), as "(' ' || replace(region_en, char(39), '')) LIKE '% text%'" keeps them: "Chengdu",
    not "ChenGDu"; "Xi'an" finds Xi'an."""
    prefix = " " + "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text.replace("'", ""))
    return f"SELECT name_zh FROM {LATIN_TABLE} WHERE kind = 'e' AND key >= ? AND key < ?", [prefix, _after(prefix)]


def lettered_names() -> str:
    """A SELECT of the Chinese names that hold a Latin letter, as `region_zh`: the only ones a Latin query's LIKE
    can match."""
    return f"SELECT key AS region_zh FROM {LATIN_TABLE} WHERE kind = 'z'"


def pinyin_names(text: str) -> tuple[str, list] | None:
    """A SELECT of the regions a Latin query names by pinyin, initials or ISO code (SQL and parameters), or None
    for other text."""
    key = query_key(text)
    if not key:
        return None
    splits = _splits(key)
    arms: list[str] = []
    params: list = []
    if splits:
        whole, whole_params = _tails([" " + " ".join(s) + " " for s in splits])
        begun, begun_params = _tails([" " + " ".join(s) for s in splits])
        arms += [whole, f"{begun} WHERE NOT EXISTS ({whole})"]
        params += [*whole_params, *begun_params, *whole_params]
    if len(key) <= MAX_INITIALS:   # initials: one letter per syllable, as many syllables as letters
        arms.append(f"SELECT name_zh FROM {LATIN_TABLE} WHERE kind = 'i' AND key = ?")
        params.append(key)
    if len(key) == 3:
        arms.append(f"SELECT name_zh FROM {LATIN_TABLE} WHERE kind = 'o' AND key = ?")
        params.append(key.upper())
    return " UNION ALL ".join(arms) or "SELECT NULL AS name_zh WHERE 0", params
