-- As-of views ask for the last event recorded at or before a moment (backend/src/projections/history.rs).
CREATE INDEX events_recorded_at ON events (recorded_at);
