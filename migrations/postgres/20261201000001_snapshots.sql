-- Snapshots of the in-memory projections (backend/src/projections/snapshot.rs): a cache that makes
-- start-up replay only the tail of the log. Never trusted blindly: a snapshot is used only when its
-- version is the code's and the event at its position still has the hash it names. Deleting rows
-- here loses nothing; the log rebuilds them.
CREATE TABLE projection_snapshots (
    position       BIGINT  NOT NULL,   -- the last log position folded into the state
    schema_version INTEGER NOT NULL,   -- ReadModels::VERSION of the code that wrote it
    event_hash     TEXT    NOT NULL,   -- the hash of the event at `position`
    created_at     BIGINT  NOT NULL,   -- microseconds since the Unix epoch, UTC
    state          BYTEA   NOT NULL,   -- the read models as JSON
    PRIMARY KEY (schema_version, position)
);
