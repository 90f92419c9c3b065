"""Each region's seek keys for the quick filter, written at build, find exactly the regions the LIKE rule over its
toned pinyin found (whole syllables from a syllable boundary, else a syllable begun, initials, ISO codes), on the
real regions and on pinyin keys of odd shapes (digits, doubled or leading spaces, capitals, long names)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from conftest import Pairs

from ipexplorer.query.quick import LATIN_COLUMNS, LATIN_TABLE, _splits, latin_rows, pinyin_names, query_key

# the rule as it was written before the keys: every pattern a LIKE over the toneless pinyin worked out per region
_TONELESS = "(' ' || " + "".join("replace(" for _ in range(5)) + "lower(pinyin_key)" + "".join(
    f", '{d}', '')" for d in "12345") + " || ' ')"
# each region's toneless pinyin worked out once per query (materialised), not once per LIKE and per region again in
# the NOT EXISTS: the same text, the same LIKEs
_REGIONS = f"WITH r AS MATERIALIZED (SELECT name_zh, iso_alpha3, {_TONELESS} AS toneless FROM region) "


def _by_like(conn: sqlite3.Connection, text: str) -> set[str]:
    key = query_key(text)
    splits = _splits(key)
    whole = " OR ".join("r.toneless LIKE ?" for _ in splits) or "0"
    whole_params = ["% " + " ".join(s) + " %" for s in splits]
    begun_params = ["% " + " ".join(s) + "%" for s in splits]
    begun = whole   # the same LIKEs, of the begun patterns
    conds = [f"({whole})", f"(NOT EXISTS (SELECT 1 FROM r WHERE {whole}) AND ({begun}))"]
    params: list = [*whole_params, *whole_params, *begun_params]
    if len(key) <= 4:
        spaces = "(length(trim(r.toneless)) - length(replace(trim(r.toneless), ' ', '')))"
        conds.append(f"({spaces} = ? AND r.toneless LIKE ?)")
        params += [len(key) - 1, " " + " ".join(f"{c}%" for c in key)]
    if len(key) == 3:
        conds.append("upper(r.iso_alpha3) = ?")
        params.append(key.upper())
    return {n for (n,) in conn.execute(f"{_REGIONS}SELECT r.name_zh FROM r WHERE {' OR '.join(conds)}", params)}


def _by_keys(conn: sqlite3.Connection, text: str) -> set[str]:
    sql, params = pinyin_names(text)
    return {n for (n,) in conn.execute(f"SELECT name_zh FROM region WHERE name_zh IN ({sql})", params)}


def _words(pinyin_keys: list[str], seed: int) -> list[str]:
    """Queries: fixed ones, the regions' syllables run together (some cut short), and random letters."""
    syllables = sorted({s.strip("12345").lower() for k in pinyin_keys for s in k.split()} - {""})
    rng = random.Random(seed)
    words = ["guang", "Guangd", "gd", "sx", "Xi'an", "xian", "usa", "JPN", "zzz", "beijing", "inner mon", "hk", "a"]
    for _ in range(60):
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))
        words.append(word[:max(1, len(word) - rng.randint(0, 2))])
    words += ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 4))) for _ in range(30)]
    return [w for w in words if query_key(w)]   # (a syllable with ü is not a Latin query)


@pytest.fixture(scope="module")
def conn(built_db):
    connection = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_the_keys_find_what_the_like_rule_found_among_the_real_regions(conn):
    keys = [k for (k,) in conn.execute("SELECT pinyin_key FROM region")]
    found = 0
    for word in _words(keys, 1):
        expected = _by_like(conn, word)
        assert _by_keys(conn, word) == expected, word
        found += bool(expected)
    assert found > 40   # most queries find something: the comparison is not of empty sets


def test_the_keys_follow_the_like_rule_on_pinyin_of_odd_shapes():
    """Tones as digits beside numbers, two spaces, a leading space, capitals, one syllable, many syllables, no ISO
    code or a lower-case one: the keys are cut from SQLite's own toneless text, so they agree with its LIKE."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE region (name_zh TEXT, name_en TEXT, pinyin_key TEXT, iso_alpha3 TEXT)")
    shapes = ["guang3 dong1", "guang3 dong1 17", "guang3 dong1 2", "xi1 an1", "xiang1 gang3", "shan1  xi1",
              " shan3 xi1", "Bei3 JING1", "nei4 meng2 gu3 zi4 zhi4 qu1", "mei3 guo2", "a4", "e4 luo2 si1",
              "zhong1 guo2 xiang1 gang3 te4 bie2 xing2 zheng4 qu1", "gd", "x", "ri4 ben3 ", "lü4 ye3"]
    isos = ["CHN", None, "chn", "usa", None, "JPN", ""]
    conn.executemany("INSERT INTO region VALUES (?, ?, ?, ?)",
                     [(f"地{i}", key.title(), key, isos[i % len(isos)]) for i, key in enumerate(shapes)])
    conn.execute(f"CREATE TABLE {LATIN_TABLE} {LATIN_COLUMNS}")
    conn.executemany(f"INSERT INTO {LATIN_TABLE} VALUES (?, ?, ?)", latin_rows(conn))
    words = [*_words(shapes, 2), "gd", "gdd", "sx", "bj", "nmgzzq", "chn", "usa", "dong", "don", "xian", "an", "x"]
    matched = 0
    for word in words:
        expected = _by_like(conn, word)
        assert _by_keys(conn, word) == expected, word
        matched += bool(expected)
    assert matched > 30


TEXTS = ("广东", "江", "美国", "guang", "Guangdong", "gd", "usa", "xi'an", "inner mon", "New", "a", "zzz", "n")


@pytest.mark.parametrize("few", [1, 10**9])
def test_a_quick_text_kept_as_regions_keeps_the_rows_tested_one_by_one(conn, monkeypatch, few):
    """Over the regions' own columns a quick text is the regions it keeps (found once, its rows sought by region
    or tested as the order is walked, whichever suits their number): the same rows, in the same order, pages and
    counts as testing each row's columns."""
    from dataclasses import replace

    from ipexplorer.query import builder
    from ipexplorer.query.builder import ColumnFilter, QueryState, count_sql, page_sql, select_sql
    from ipexplorer.query.datasets import dataset_for

    monkeypatch.setattr(builder, "FEW_ROWS", few)   # every page walked, or every page sought
    pairs, compared = Pairs(range(3), 3), 0    # the shapes of a state, by their place below
    for i, (table_no, layout) in enumerate(((None, "long"), (2, "long"), (2, "wide"), (9, "wide"))):
        dataset = dataset_for(conn, table_no, layout)
        by_row = replace(dataset, region_rows=False)
        for j, text in enumerate(TEXTS):
            shapes = (QueryState(quick_text=text), QueryState(quick_text=text, sort=(("region_zh", False),)),
                      QueryState(quick_text=text, filters=(ColumnFilter("region_kind", values=("country",)),)))
            # each text in every dataset, each shape of state with every text and in every dataset: one shape
            # per dataset and text, not the three
            for state in (shapes[k] for k in pairs.pick(i, j)):
                assert conn.execute(*count_sql(dataset, state)).fetchone() == \
                    conn.execute(*count_sql(by_row, state)).fetchone(), (dataset.key, state)
                rows = conn.execute(*select_sql(by_row, state, 50, 3)).fetchall()
                assert conn.execute(*select_sql(dataset, state, 50, 3)).fetchall() == rows, (dataset.key, state)
                first = conn.execute(*page_sql(by_row, state, 20)).fetchall()
                assert conn.execute(*page_sql(dataset, state, 20)).fetchall() == first, (dataset.key, state)
                if first:   # the page after the first page's last row
                    width = len(builder.order_terms(dataset, state))
                    after = (*first[-1][len(first[-1]) - width:], first[-1][0])
                    assert conn.execute(*page_sql(dataset, state, 20, after)).fetchall() == \
                        conn.execute(*page_sql(by_row, state, 20, after)).fetchall(), (dataset.key, state)
                compared += bool(rows)
    pairs.check()
    assert compared > 15


def test_a_page_works_out_its_quick_text_once(conn, monkeypatch):
    """A page's statement holds the quick text in several WHEREs (both plans, a top N's ranking): its keys and
    regions are worked out once for it, not once per WHERE."""
    from ipexplorer.query import builder
    from ipexplorer.query.builder import ColumnFilter, QueryState, page_sql
    from ipexplorer.query.datasets import dataset_for

    calls = []
    keys = builder._quick_keys
    monkeypatch.setattr(builder, "_quick_keys", lambda *a: calls.append(a) or keys(*a))
    dataset = dataset_for(conn, 2, "long")
    for state in (QueryState(quick_text="usa"),
                  QueryState(quick_text="美国", filters=(ColumnFilter("value", top=3),))):
        calls.clear()
        sql, params = page_sql(dataset, state, 20)
        assert len(calls) == 1, state
        assert conn.execute(sql, params).fetchall()
