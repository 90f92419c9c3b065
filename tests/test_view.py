"""The Qt-free view state: JSON that survives a round trip and any damage, columns, a structured description."""

from __future__ import annotations

import json

import pytest

from ipexplorer.query.builder import ColumnFilter, QueryState, select_sql
from ipexplorer.query.view import VERSION, ViewState, describe_part_en, describe_state
from ipexplorer.store.database import connect


def _rich() -> ViewState:
    query = QueryState(
        quick_text="广东",
        filters=(ColumnFilter("kind_zh", values=("省 province", None)), ColumnFilter("c3", low=10.0, high=5e5),
                 ColumnFilter("c4", top=5)),
        sort=(("c3", False), ("region_zh", True)),
        pinyin_order=False,
    )
    return ViewState(table=3, layout="wide", query=query, columns=("region_zh", "c3", "c1"), names="both",
                     column_facets=(("year", (2020,)),))


def test_a_view_survives_a_json_round_trip():
    state = _rich()
    data = json.loads(json.dumps(state.to_dict()))
    assert data["version"] == VERSION
    assert ViewState.from_dict(data) == state
    console = ViewState(sql="select 1", names="en")
    assert ViewState.from_dict(json.loads(json.dumps(console.to_dict()))) == console
    assert console.kind == "query" and console.dataset_key == "sql"


@pytest.mark.parametrize("data", [
    None, [], "text", 3, {"version": "x"}, {"table": "one"}, {"table": True}, {"table": 0}, {"table": -2},
    {"layout": 5}, {"names": ["zh"]},
    {"columns": "c1"}, {"columns": [1, 2]}, {"column_facets": [1]}, {"column_facets": {"year": "2020"}},
    {"query": []}, {"query": {"filters": "x"}}, {"query": {"filters": [1, None, {"key": 3}, {"values": [1]}]}},
    {"query": {"filters": [{"key": "c1", "low": "ten", "top": -1, "values": [[1]]}]}},
    {"query": {"sort": [["c1"], [1, True], ["c1", "yes"], "c1"]}}, {"query": {"quick_text": 12}},
    {"query": {"pinyin_order": "no"}}, {"sql": 7}, {"future_key": {"anything": 1}},
    {"span": 2019}, {"span": "2018-2020"}, {"span": [2018]}, {"span": [2018, 2019, 2020]}, {"span": [2020, 2018]},
    {"span": [2019, 2019]}, {"span": [2018.0, 2020.0]}, {"span": [True, 2020]}, {"span": ["2018", "2020"]},
    {"span": [-5, 99999]}, {"span": {"from": 2018, "to": 2020}},
])
def test_wrong_typed_or_unknown_values_fall_back_to_defaults(data):
    state = ViewState.from_dict(data)
    assert state == ViewState()


def test_the_chosen_years_of_change_survive_a_round_trip(two_editions):
    state = ViewState(table=1, span=(2018, 2019))
    data = json.loads(json.dumps(state.to_dict()))
    assert data["span"] == [2018, 2019] and ViewState.from_dict(data) == state
    assert ViewState.from_dict(ViewState(table=1).to_dict()).span is None
    # the span reaches the dataset (exports and the API build theirs from the state)
    conn = connect(two_editions)
    try:
        assert state.dataset(conn).span == (2018, 2019)
        assert ViewState(table=1).dataset(conn).span == (2018, 2020)
    finally:
        conn.close()
    # another table starts with its own span, and a backwards one is no span
    assert state.with_table(2).span is None and state.with_span((2020, 2018)).span is None


def test_a_damaged_entry_keeps_the_rest():
    data = _rich().to_dict()
    data["layout"] = "sideways"
    data["query"]["filters"].append({"key": "c9", "low": "high"})
    data["query"]["sort"].append(["c1", "up"])
    data["extra"] = 1
    state = ViewState.from_dict(data)
    assert state.layout == "wide"                          # the default
    assert state.query == _rich().query                    # the bad filter and sort key dropped, the rest kept
    assert state.columns == _rich().columns and state.names == "both"


def test_older_settings_with_the_query_at_the_top_level_are_read():
    old = {"quick_text": "x", "filters": [{"key": "year", "values": [2020]}], "sort": [["value", False]],
           "pinyin_order": False, "column_facets": {"year": [2019]}}
    state = ViewState.from_dict(old)
    assert state.query == QueryState("x", (ColumnFilter("year", values=(2020,)),), (("value", False),), False)
    assert state.facet("year") == (2019,)


def test_default_columns_follow_the_names_language_and_facets(built_db):
    conn = connect(built_db)
    view = ViewState(table=3)
    dataset = view.dataset(conn)
    keys = [c.key for c in view.visible_columns(dataset)]
    assert "region_zh" in keys and "region_en" not in keys and "pinyin" not in keys
    english = [c.key for c in view.with_names("en").visible_columns(dataset)]
    assert "region_en" in english and "region_zh" not in english
    both = [c.key for c in view.with_names("both").visible_columns(dataset)]
    assert {"region_zh", "region_en"} <= set(both)
    only_2020 = view.with_column_facet("year", [2020]).visible_columns(dataset)
    years = {c.year for c in only_2020 if c.year is not None}
    assert years == {2020}
    chosen = view.with_columns(["c1", "nope", "region_zh"]).visible_columns(dataset)
    assert [c.key for c in chosen] == ["c1", "region_zh"]     # the order given; unknown keys dropped
    conn.close()


def test_dataset_keys_match_the_datasets(built_db):
    conn = connect(built_db)
    for view in (ViewState(table=1), ViewState(table=1, layout="long"), ViewState(table=None),
                 ViewState(table=101, layout="wide")):
        assert view.dataset(conn).key == view.dataset_key
    with pytest.raises(ValueError):
        ViewState(sql="select 1").dataset(conn)
    conn.close()


def test_restricted_to_drops_what_the_dataset_lacks(built_db):
    conn = connect(built_db)
    view = ViewState(table=1, query=QueryState(filters=(ColumnFilter("c1", low=1.0), ColumnFilter("gone", top=3)),
                                               sort=(("gone", True), ("c1", False))), columns=("gone", "c1"))
    dataset = view.dataset(conn)
    kept = view.restricted_to(dataset)
    assert [f.key for f in kept.query.filters] == ["c1"] and kept.query.sort == (("c1", False),)
    assert kept.columns == ("c1",)
    sql, params = select_sql(dataset, kept.query)          # the kept state runs
    assert conn.execute(sql, params).fetchall()
    conn.close()


def test_the_description_is_structured_parts(built_db):
    conn = connect(built_db)
    view = _rich()
    parts = view.describe(view.dataset(conn))
    kinds = [k for k, _args in parts]
    assert kinds == ["table", "text", "values", "range", "top", "sort", "columns"]
    table, text, values, rng, top, sort, columns = (args for _k, args in parts)
    assert table["table"] == 3 and table["layout"] == "wide" and table["title"]
    assert text == {"text": "广东"}
    assert values["key"] == "kind_zh" and values["values"] == ["省 province", None]
    assert rng["low"] == 10.0 and rng["high"] == 5e5 and rng["column"] != "c3"   # the column's title, not its key
    assert top["n"] == 5
    assert [k["ascending"] for k in sort["keys"]] == [False, True]
    assert columns == {"key": "year", "values": [2020]}
    json.dumps(parts, ensure_ascii=False)                   # plain data
    english = [describe_part_en(p) for p in parts]
    assert english[1] == "text contains “广东”" and english[2].endswith(": 省 province, (empty)")
    assert "10 – 500,000" in english[3] and english[4].endswith("top 5")
    assert english[5].startswith("sorted by ") and "descending" in english[5]
    assert describe_state(view.dataset(conn), view.query)[0] == "text contains “广东”"
    conn.close()


def test_other_datasets_describe_themselves():
    assert ViewState(table=None).describe()[0] == ("all", {"layout": "long"})
    assert ViewState(sql="select 1").describe() == [("query", {"sql": "select 1"})]
    assert ViewState(table=None, layout="wide").effective_layout == "long"


def test_with_table_starts_the_query_afresh_but_keeps_the_name_order():
    view = _rich().with_table(5, "long")
    assert view.table == 5 and view.layout == "long" and view.columns is None and view.column_facets == ()
    assert view.query == QueryState(pinyin_order=False) and view.names == "both"
