-- API tokens for write endpoints when the server is reachable from other machines.
-- Only a salted HMAC-SHA256 of each token's secret is kept; the token itself is shown once, at creation.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,          -- public part of the token (nct_<id>_<secret>), shown by `token list`
    name         TEXT NOT NULL,             -- what the token is for, e.g. "newsroom CMS"
    salt         TEXT NOT NULL,             -- 16 random bytes, hex, one per token
    secret_hash  TEXT NOT NULL,             -- hex HMAC-SHA256(key=salt, msg=secret)
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
