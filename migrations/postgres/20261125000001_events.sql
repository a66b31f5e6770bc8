-- The event log (see backend/src/store/). Append-only: the trigger refuses every UPDATE, DELETE and
-- TRUNCATE, and the hash chain makes any change made around it detectable (`mamori verify`).
CREATE TABLE events (
    position       BIGINT  PRIMARY KEY,          -- global, gap-free, assigned by the writer
    stream_id      TEXT    NOT NULL,
    stream_version BIGINT  NOT NULL,             -- 1 for a stream's first event
    event_id       TEXT    NOT NULL UNIQUE,      -- UUID, hyphenated lower case
    event_type     TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    payload        TEXT    NOT NULL,             -- canonical JSON, exactly as hashed
    metadata       TEXT    NOT NULL,             -- canonical JSON, exactly as hashed
    recorded_at    BIGINT  NOT NULL,             -- microseconds since the Unix epoch, UTC
    prev_hash      TEXT    NOT NULL,             -- SHA-256, 64 hex digits
    hash           TEXT    NOT NULL,
    UNIQUE (stream_id, stream_version)
);

CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only';
END;
$$;

CREATE TRIGGER events_are_append_only_rows BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
CREATE TRIGGER events_are_append_only_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
