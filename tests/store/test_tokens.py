"""API tokens on either database: made, verified, listed and revoked."""

from __future__ import annotations

from newscaster.store.sql import SqlDatabase
from newscaster.store.tokens import TokenStore


def test_a_token_verifies_until_revoked(store_database: SqlDatabase) -> None:
    store = TokenStore(store_database)
    assert not store.has_active()
    info, token = store.create("newsroom  CMS")
    assert info.name == "newsroom CMS" and info.active and store.has_active()
    assert store.verify(token) == info.id
    assert store.verify(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    used = store.get(info.id)
    assert used is not None and used.last_used_at is not None
    assert [t.id for t in store.list()] == [info.id]
    assert store.revoke(token) and not store.revoke(info.id)
    assert store.verify(token) is None and not store.has_active()
