-- Answers to state-changing requests sent with an Idempotency-Key (backend/src/http/idempotency.rs):
-- a retry with the same key and body gets the first answer and writes nothing. Operational state,
-- not history; rows expire after a day.
CREATE TABLE idempotency_keys (
    principal    TEXT    NOT NULL,   -- who sent it: keys are per caller
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,   -- SHA-256 of method, path and body
    created_at   INTEGER NOT NULL,   -- microseconds since the Unix epoch, UTC
    status       INTEGER,            -- NULL while the first request is still being answered
    headers      TEXT,               -- JSON [[name, value], ...] of the headers replayed
    body         BLOB,
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
