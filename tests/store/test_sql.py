"""The store's SQLite-style queries, rewritten for a ``%s`` driver (PostgreSQL's psycopg)."""

from __future__ import annotations

from newscaster.store.sql import numbered_placeholders


def test_bare_and_numbered_placeholders_take_their_parameters() -> None:
    sql, values = numbered_placeholders(
        "SELECT * FROM t WHERE a = ? AND (?3 IS NULL OR b = ?3) AND c = ?", [1, 2, 3, 4]
    )
    assert sql == "SELECT * FROM t WHERE a = %s AND (%s IS NULL OR b = %s) AND c = %s"
    assert values == [1, 3, 3, 4]  # a bare ? after ?3 is ?4, as in SQLite


def test_quoted_text_and_comments_are_left_alone_and_percent_signs_doubled() -> None:
    sql, values = numbered_placeholders(
        "SELECT '?', \"odd?name\" /* why? */ FROM t -- what?\n"
        "WHERE title LIKE '50%' AND x = ?1 AND y % 2 = 0",
        ["x"],
    )
    assert sql == (
        "SELECT '?', \"odd?name\" /* why? */ FROM t -- what?\n"
        "WHERE title LIKE '50%%' AND x = %s AND y %% 2 = 0"
    )
    assert values == ["x"]
