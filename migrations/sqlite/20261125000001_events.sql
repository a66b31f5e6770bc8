-- The event log (see backend/src/store/). Append-only: the triggers refuse every UPDATE and DELETE,
-- and the hash chain makes any change made around them detectable (`mamori verify`).
CREATE TABLE events (
    position       INTEGER PRIMARY KEY,          -- global, gap-free, assigned by the writer
    stream_id      TEXT    NOT NULL,
    stream_version INTEGER NOT NULL,             -- 1 for a stream's first event
    event_id       TEXT    NOT NULL UNIQUE,      -- UUID, hyphenated lower case
    event_type     TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    payload        TEXT    NOT NULL,             -- canonical JSON, exactly as hashed
    metadata       TEXT    NOT NULL,             -- canonical JSON, exactly as hashed
    recorded_at    INTEGER NOT NULL,             -- microseconds since the Unix epoch, UTC
    prev_hash      TEXT    NOT NULL,             -- SHA-256, 64 hex digits
    hash           TEXT    NOT NULL,
    UNIQUE (stream_id, stream_version)
);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
