-- OpenID Connect sign-ins under way (backend/src/auth/oidc.rs): what the callback must check, kept
-- on the server and found by the SHA-256 of the random flow id in the browser's cookie. Each row is
-- used once (deleted when the callback reads it), expires after 10 minutes, and their number is
-- capped, so that anonymous callers cannot grow the table.
CREATE TABLE oidc_flows (
    id_hash       TEXT   PRIMARY KEY,
    state         TEXT   NOT NULL,
    nonce         TEXT   NOT NULL,
    pkce_verifier TEXT   NOT NULL,
    created_at    BIGINT NOT NULL   -- microseconds since the Unix epoch, UTC
);
CREATE INDEX oidc_flows_created ON oidc_flows (created_at);
