-- Client systems (backend/src/auth/api_tokens.rs): when each token was last used, and from where.
-- Operational state, as sessions are: the tokens themselves are in the event log, by their SHA-256.
CREATE TABLE api_token_uses (
    token_id     TEXT   PRIMARY KEY,
    last_used_at BIGINT NOT NULL,   -- microseconds since the Unix epoch, UTC
    last_address TEXT   NOT NULL
);
