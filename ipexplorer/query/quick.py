"""The quick filter's region matching: pinyin by syllables, initials, ISO codes.

"Xian" means 西安 (xi an), not 香港 (xiang gang), so pinyin matches whole syllables from a syllable
boundary; a query that no region's whole syllables match may end inside a syllable (typing "guangd"
already finds 广东). "gd" is 广东's initials, "sx" both 山西 and 陕西; "USA", "JPN" are ISO codes. All of it
is SQL over the region table (a subquery), so every user of the view's SQL (grid, export, API) agrees.
"""

from __future__ import annotations

import itertools
import re

MAX_SPLITS = 64
_VOWELS = set("aeiouv")
# toned syllables ("xi1 an1") without their tones: " xi an "
_TONELESS = "(' ' || " + "".join("replace(" for _ in range(5)) + "lower(r.pinyin_key)" + "".join(
    f", '{d}', '')" for d in "12345") + " || ' ')"


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


def region_condition(text: str) -> tuple[str, list] | None:
    """A condition on `region_zh` (SQL and parameters) for a Latin query, or None for other text."""
    key = query_key(text)
    if not key:
        return None
    splits = _splits(key)
    whole = " OR ".join(f"{_TONELESS} LIKE ?" for _ in splits) or "0"
    whole_params = ["% " + " ".join(s) + " %" for s in splits]
    begun = " OR ".join(f"{_TONELESS} LIKE ?" for _ in splits) or "0"
    begun_params = ["% " + " ".join(s) + "%" for s in splits]
    conds = [f"({whole})",
             f"(NOT EXISTS (SELECT 1 FROM region r WHERE {whole}) AND ({begun}))"]
    params: list = [*whole_params, *whole_params, *begun_params]
    if len(key) <= 4:   # initials: one letter per syllable, as many syllables as letters
        spaces = f"(length(trim({_TONELESS})) - length(replace(trim({_TONELESS}), ' ', '')))"
        conds.append(f"({spaces} = ? AND {_TONELESS} LIKE ?)")
        params += [len(key) - 1, " " + " ".join(f"{c}%" for c in key)]
    if len(key) == 3:
        conds.append("upper(r.iso_alpha3) = ?")
        params.append(key.upper())
    sql = f"region_zh IN (SELECT r.name_zh FROM region r WHERE {' OR '.join(conds)})"
    return sql, params
