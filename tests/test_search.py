"""Search of the report's text: several words, figures with units, region names ranked, the CLI's count."""

from __future__ import annotations

import pytest

from ipexplorer.cli import main as cli_main
from ipexplorer.query.search import search, search_all
from ipexplorer.store.database import connect


@pytest.fixture(scope="module")
def conn(built_db):
    connection = connect(built_db)
    yield connection
    connection.close()


def plain(snippet: str) -> str:
    return snippet.replace("«", "").replace("»", "")


def test_several_words_are_and_ed(conn):
    hits = search_all(conn, "地理标志 商标")
    assert hits
    assert all("地理标志" in plain(h.snippet) or h.kind for h in hits)
    texts = [conn.execute("SELECT text FROM paragraph WHERE para_id = ?", (h.para_id,)).fetchone()[0] for h in hits]
    assert all("地理标志" in t and "商标" in t for t in texts)
    assert "«地理标志»«商标»" in hits[0].snippet
    only_gi = search_all(conn, "地理标志")
    assert len(hits) < len(only_gi)
    assert search_all(conn, "地理标志 量子纠缠") == []


@pytest.mark.parametrize("query", ["2180亿元", "2180 亿元"])
def test_a_figure_and_its_unit_match_with_or_without_the_space(conn, query):
    hits = search(conn, query)
    assert {h.first_line for h in hits} >= {823, 145}
    assert all("«2180 亿元»" in h.snippet for h in hits)
    assert hits[0].matched == "2180 亿元"   # as it stands in the text, so the reader can mark it


@pytest.mark.parametrize("query", ["United States", "USA", "Meiguo"])
def test_a_whole_region_name_ranks_above_a_name_inside_a_longer_word(conn, query):
    hits = search_all(conn, query)
    latin_america = next(i for i, h in enumerate(hits) if "拉美国家" in plain(h.snippet))
    assert latin_america == len(hits) - 1
    assert all(h.matched == "美国" for h in hits)


def test_text_paragraphs_rank_above_headings(conn):
    hits = search_all(conn, "专利")
    kinds = [h.kind for h in hits]
    assert "heading" in kinds
    assert kinds.index("heading") > max(i for i, k in enumerate(kinds) if k == "text")


def test_cli_search_says_how_many_match_and_lists_paragraphs(built_db, capsys):
    total = len(search_all(connect(built_db), "专利"))
    assert total > 10
    assert cli_main(["search", "专利", "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"10 of {total} results for '专利':"
    assert "第三章" in out
    assert cli_main(["search", "专利审查高速路", "--db", str(built_db)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "4 results for '专利审查高速路':"
