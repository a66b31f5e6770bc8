-- Local accounts and sessions (backend/src/auth/): operational state, kept outside the event log so that
-- a password hash can be replaced and an ended session forgotten. What happens to them is in the log.
CREATE TABLE credentials (
    person_id     TEXT    PRIMARY KEY,
    password_hash TEXT    NOT NULL,   -- argon2id PHC string; never sent, never logged
    updated_at    BIGINT  NOT NULL    -- microseconds since the Unix epoch, UTC
);

CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY,          -- public id (UUID), shown in "my sessions"
    token_hash   TEXT    NOT NULL UNIQUE,      -- SHA-256 of the cookie's token; the token is not kept
    person_id    TEXT    NOT NULL,
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    address      TEXT    NOT NULL,
    user_agent   TEXT    NOT NULL,
    ended_at     BIGINT                        -- set when signed out, revoked or deactivated
);
CREATE INDEX sessions_by_person ON sessions (person_id);
