-- Client systems (backend/src/auth/api_tokens.rs): when each token was last used, and from where.
-- Operational state, as sessions are: the tokens themselves are in the event log, by their SHA-256.
CREATE TABLE api_token_uses (
    token_id     TEXT   PRIMARY KEY,
    last_used_at BIGINT NOT NULL,   -- microseconds since the Unix epoch, UTC
    last_address TEXT   NOT NULL
);

-- Webhooks (backend/src/webhooks): an outbox driven by the log. A delivery is derived from an event
-- once per subscription (its id is the same however often it is derived), then sent from here and
-- retried with backoff until delivered, gone (410) or given up: a restart loses and repeats none.
CREATE TABLE webhook_deliveries (
    id              TEXT    PRIMARY KEY,   -- the webhook-id header: the same on every retry
    subscription_id TEXT    NOT NULL,
    client_id       TEXT    NOT NULL,
    event_id        TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    position        BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    -- pending | delivered | failed | gone
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_client ON webhook_deliveries (client_id, position);

-- How far the log has been read for deliveries: one row.
CREATE TABLE webhook_cursor (
    id       INTEGER PRIMARY KEY,
    position BIGINT  NOT NULL
);

-- Each subscription's signing secret (whsec_...): the server must sign with it, so it is kept, but
-- outside the event log, which auditors export.
CREATE TABLE webhook_secrets (
    subscription_id TEXT PRIMARY KEY,
    secret          TEXT NOT NULL
);
