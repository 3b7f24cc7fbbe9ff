"""100,000 articles: the 500th page of the library answers as fast as the first (keyset, not OFFSET)."""

from __future__ import annotations

import time

import pytest

from library_rows import insert_articles
from newscaster.store.library import DEFAULT_PAGE_SIZE, ArticleQuery, Library
from newscaster.store.sql import SqlDatabase

ARCHIVE_ARTICLES = 100_000
DEEP_PAGE = 500
TIMING_ROUNDS = 7
"""Each page is timed this often and the fastest round kept: other test runs share the 2 cores."""
SAME_ORDER_RATIO = 5
"""'The same order of time': generous, as timings on a loaded machine wander; OFFSET to page 500 of 50
(24,950 rows read and dropped) would be two orders of magnitude slower, not five times."""
TIMER_FLOOR_S = 0.002
"""Below 2 ms a ratio of two timings measures the scheduler, not the query."""


def query_plan(database: SqlDatabase, sql: str, parameters: list) -> str:
    explain = "EXPLAIN QUERY PLAN " if database.dialect.name == "sqlite" else "EXPLAIN "
    rows = database.connection().execute(explain + sql, parameters).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def fastest(call) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(TIMING_ROUNDS):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return min(timings)


@pytest.mark.slow
def test_the_500th_page_of_100000_articles_costs_what_the_first_does(store_database: SqlDatabase) -> None:
    insert_articles(store_database, ARCHIVE_ARTICLES)
    library = Library(store_database)
    cursor, cursors = None, [None]
    for _ in range(DEEP_PAGE - 1):  # walk to the 500th page as a client does, cursor by cursor
        page = library.page_articles(ArticleQuery(cursor=cursor))
        cursor = page.next_cursor
        cursors.append(cursor)
    deep = library.page_articles(ArticleQuery(cursor=cursors[-1]))
    first_number = ARCHIVE_ARTICLES - (DEEP_PAGE - 1) * DEFAULT_PAGE_SIZE
    assert [s.id for s, _ in deep.items] == [f"gen-{first_number - k}" for k in range(DEFAULT_PAGE_SIZE)]

    # The plan reads the seq index backwards from the cursor: no sort, no scan of the rows before.
    for at in (None, cursors[-1]):
        plan = query_plan(store_database, *library._page_statement(ArticleQuery(cursor=at)))
        assert "articles_by_seq" in plan, plan
        assert "TEMP B-TREE" not in plan and "Sort" not in plan and "Seq Scan" not in plan, plan
    # …and the deep page starts inside the index (a range condition on seq), where an OFFSET would walk
    # the 24,950 entries before it and drop them.
    deep_plan = query_plan(store_database, *library._page_statement(ArticleQuery(cursor=cursors[-1])))
    assert "SEARCH a USING INDEX articles_by_seq (seq<?)" in deep_plan or "Index Cond: (seq <" in deep_plan

    first_s = fastest(lambda: library.page_articles(ArticleQuery()))
    deep_s = fastest(lambda: library.page_articles(ArticleQuery(cursor=cursors[-1])))
    searched_first_s = fastest(lambda: library.page_articles(ArticleQuery(search="story 9")))
    print(
        f"\n{store_database.dialect.name}: {ARCHIVE_ARTICLES} articles, page 1 {first_s * 1000:.2f} ms, "
        f"page {DEEP_PAGE} {deep_s * 1000:.2f} ms, first page of a search {searched_first_s * 1000:.2f} ms"
    )
    assert deep_s <= SAME_ORDER_RATIO * max(first_s, TIMER_FLOOR_S)
