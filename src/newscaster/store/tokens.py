"""API tokens: created and revoked with ``newscaster token``, checked on write requests.

A token reads ``nct_<id>_<secret>``. The id is public (it names the token in listings and logs); only a
salted HMAC-SHA256 of the secret is stored, so a copy of the database does not give anyone a usable
token. Checking a token is one primary-key lookup and one constant-time comparison.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from .sql import Connection, SqlDatabase

TOKEN_PREFIX = "nct"
SECRET_BYTES = 32
"""256 bits of randomness: not guessable, so no lockout or slow hash is needed."""
MAX_NAME_CHARS = 200

_TOKEN = re.compile(rf"^{TOKEN_PREFIX}_([0-9a-f]{{8}})_([A-Za-z0-9_-]{{20,100}})$")
_TOKEN_ID = re.compile(r"^[0-9a-f]{8}$")


def token_id_of(given: str) -> str | None:
    """The token id ``given`` names: itself when it is an id, the id part of a whole token; None when it
    is neither (then it may be a mistyped token: never repeat it back)."""
    given = given.strip()
    if _TOKEN_ID.match(given):
        return given
    match = _TOKEN.match(given)
    return match.group(1) if match else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _digest(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class TokenStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.db = database

    @property
    def _sql(self) -> Connection:
        return self.db.connection()

    def create(self, name: str) -> tuple[TokenInfo, str]:
        """A new token; returns its record and the token itself (shown once, never stored)."""
        name = " ".join(name.split())[:MAX_NAME_CHARS] or "unnamed"
        for _ in range(5):  # 8 hex digits: a collision is rare, but possible
            token_id = secrets.token_hex(4)
            secret = secrets.token_urlsafe(SECRET_BYTES)
            salt = secrets.token_hex(16)
            try:
                self._sql.execute(
                    "INSERT INTO api_tokens (id, name, salt, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    (token_id, name, salt, _digest(salt, secret), _now()),
                )
            except self.db.dialect.integrity_errors:
                continue
            info = self.get(token_id)
            assert info is not None
            return info, f"{TOKEN_PREFIX}_{token_id}_{secret}"
        raise RuntimeError("could not pick a unique token id")

    def get(self, token_id: str) -> TokenInfo | None:
        row = self._sql.execute(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = ?", (token_id,)
        ).fetchone()
        return TokenInfo(*row) if row else None

    def list(self) -> list[TokenInfo]:
        rows = self._sql.execute(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY created_at, id"
        ).fetchall()
        return [TokenInfo(*row) for row in rows]

    def revoke(self, token_id: str) -> bool:
        """Revoke a token by id (or by the whole token); False if there is no such active token."""
        token_id = token_id_of(token_id) or token_id.strip()
        cursor = self._sql.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (_now(), token_id)
        )
        return cursor.rowcount > 0

    def has_active(self) -> bool:
        row = self._sql.execute("SELECT 1 FROM api_tokens WHERE revoked_at IS NULL LIMIT 1").fetchone()
        return row is not None

    def verify(self, token: str) -> str | None:
        """The token's id if ``token`` is a valid, unrevoked token; else None."""
        match = _TOKEN.match(token.strip())
        if not match:
            return None
        token_id, secret = match.groups()
        row = self._sql.execute(
            "SELECT salt, secret_hash FROM api_tokens WHERE id = ? AND revoked_at IS NULL", (token_id,)
        ).fetchone()
        if row is None or not hmac.compare_digest(_digest(row["salt"], secret), row["secret_hash"]):
            return None
        # A full or read-only disk (or an unreachable database) must not lock out a valid token.
        with contextlib.suppress(*self.db.dialect.errors):
            self._sql.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (_now(), token_id))
        return token_id
