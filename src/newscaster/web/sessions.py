"""Signing in to the web pages: an API token or the admin password, exchanged for a session cookie.

A browser cannot send ``Authorization: Bearer``, so on a server whose writes need a token the pages
offer a sign-in form instead. What is typed there (an API token from ``newscaster token create``, or the
password in ``NEWSCASTER_ADMIN_PASSWORD``) is checked once and never stored; the browser gets a cookie
signed with a secret kept in the data folder (``session-secret``, created on first start, mode 0600):

* ``HttpOnly`` (no script reads it), ``SameSite=Lax`` (other sites' forms and scripts do not send it),
  ``Secure`` when the page was asked for over https, scoped to the site's path, valid for
  ``SESSION_MAX_AGE_S``. A session made with a token ends when the token is revoked; one made with the
  admin password ends when the password changes.
* Every write made with the cookie must carry the session's CSRF token in ``X-CSRF-Token`` (the pages put
  it in a ``<meta>`` tag for their scripts): a forged request from elsewhere cannot know it. Clients
  with a bearer token need none, since no browser adds that header on its own.

``NEWSCASTER_ADMIN_PASSWORD`` may hold the password itself or, better, its hash from
``newscaster admin-password`` (``scrypt$…``); either way only a hash is kept in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..errors import OptionError
from ..store.tokens import TokenStore

SESSION_COOKIE = "newscaster_session"
CSRF_HEADER = "x-csrf-token"
SECRET_FILE = "session-secret"
SECRET_BYTES = 32
SESSION_MAX_AGE_S = 14 * 24 * 3600
"""Two weeks: an editor signs in about once a sprint, and a stolen cookie stops working within that."""
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt's interactive-login cost (16 MB; 0.5 s measured here with both cores busy at load 15, far less
on an idle machine): slow for a guesser with a stolen hash, bearable at a sign-in. The sign-in form is
rate limited as well. Hashes carry their own cost, so a later change keeps old ones valid."""
SCRYPT_MAX_MEMORY = 64 * 1024 * 1024
SIGN_IN_BURST = 10
"""Sign-in attempts a client may make back to back: a few typos, never a dictionary."""
SIGN_INS_PER_MINUTE = 5.0
"""Attempts per client per minute after the burst (guessing a 256-bit token is hopeless anyway; this
bounds password guessing and the scrypt work a client can ask for)."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (hex), for ``NEWSCASTER_ADMIN_PASSWORD``."""
    salt = salt or secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAX_MEMORY)


@dataclass(frozen=True)
class AdminPassword:
    """The admin password's scrypt hash."""

    encoded: str

    @classmethod
    def from_setting(cls, value: str | None) -> AdminPassword | None:
        """``NEWSCASTER_ADMIN_PASSWORD``: a hash from ``newscaster admin-password``, or the password."""
        if not value:
            return None
        if not value.startswith("scrypt$"):
            return cls(hash_password(value))
        parts = value.split("$")
        try:
            _, n, r, p, salt, digest = parts
            int(n), int(r), int(p), bytes.fromhex(salt), bytes.fromhex(digest)
        except ValueError:
            raise OptionError(
                "NEWSCASTER_ADMIN_PASSWORD starts with 'scrypt$' but is not a hash from "
                "'newscaster admin-password'"
            ) from None
        return cls(value)

    def verify(self, password: str) -> bool:
        _, n, r, p, salt, digest = self.encoded.split("$")
        given = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(given, bytes.fromhex(digest))

    @property
    def fingerprint(self) -> str:
        """Names this password in its sessions (a new password ends them) without revealing the hash."""
        return hashlib.sha256(self.encoded.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SignedIn:
    """Who a valid session cookie belongs to."""

    who: str
    """``token:<id>`` or ``admin``."""
    csrf: str
    token_id: str | None

    @property
    def label(self) -> str:
        return "admin" if self.token_id is None else f"token {self.token_id}"


def load_secret(data_dir: Path) -> bytes:
    """The data folder's signing secret, created (readable by its owner only) on first use."""
    path = data_dir / SECRET_FILE
    try:
        # O_EXCL: of two servers starting at once, one creates it and the other reads that one.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_bytes()
        for _ in range(20):  # the other server may be writing it this very moment
            if len(secret) >= SECRET_BYTES:
                break
            time.sleep(0.05)
            secret = path.read_bytes()
        if len(secret) < SECRET_BYTES:
            damaged = f"{path} is damaged (too short): remove it, and everyone signs in again"
            raise OptionError(damaged) from None
        return secret
    secret = secrets.token_bytes(SECRET_BYTES)
    with os.fdopen(descriptor, "wb") as file:
        file.write(secret)
    return secret


class Sessions:
    """Makes and reads session cookies; ``sign_in`` checks what the form was given."""

    def __init__(self, secret: bytes, tokens: TokenStore, admin: AdminPassword | None) -> None:
        self.tokens = tokens
        self.admin = admin
        self._serializer = URLSafeTimedSerializer(secret, salt="newscaster-session")

    @classmethod
    def load(cls, data_dir: Path, tokens: TokenStore) -> Sessions:
        admin = AdminPassword.from_setting(os.environ.get("NEWSCASTER_ADMIN_PASSWORD"))
        return cls(load_secret(data_dir), tokens, admin)

    def sign_in(self, credential: str) -> str | None:
        """A new session cookie's value for a valid API token or the admin password; else None."""
        credential = credential.strip()
        if not credential:
            return None
        token_id = self.tokens.verify(credential)
        if token_id is not None:
            payload = {"who": f"token:{token_id}", "csrf": secrets.token_urlsafe(24)}
        elif self.admin is not None and self.admin.verify(credential):
            payload = {"who": "admin", "csrf": secrets.token_urlsafe(24), "pw": self.admin.fingerprint}
        else:
            return None
        return self._serializer.dumps(payload)

    def read(self, cookie: str | None) -> SignedIn | None:
        """Who the cookie signs in, if it is ours, young enough, and its token or password still holds."""
        if not cookie:
            return None
        try:
            payload = self._serializer.loads(cookie, max_age=SESSION_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        who, csrf = str(payload.get("who", "")), str(payload.get("csrf", ""))
        if not csrf:
            return None
        if who == "admin":
            if self.admin is None or payload.get("pw") != self.admin.fingerprint:
                return None
            return SignedIn(who, csrf, None)
        token_id = who.removeprefix("token:")
        info = self.tokens.get(token_id) if who.startswith("token:") else None
        if info is None or not info.active:
            return None
        return SignedIn(who, csrf, token_id)


def csrf_matches(signed_in: SignedIn, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(signed_in.csrf.encode(), (given or "").encode())
