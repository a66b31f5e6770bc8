-- Mail notices (backend/src/notify): an outbox driven by the log. A notice is derived from an event
-- (or from the calendar) once, keyed so that deriving it again after a restart adds nothing, and
-- sent from here, so that a restart neither loses nor repeats a mail.
CREATE TABLE mail_outbox (
    notice_key TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- The event that gave rise to it (0 for the calendar's).
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    settled_at BIGINT,
    -- sent, no_address, opted_out, inactive, gave_up, or the server's refusal.
    outcome TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE settled_at IS NULL;
CREATE INDEX mail_outbox_waiting ON mail_outbox (person_id, kind) WHERE settled_at IS NULL;

-- How far the log has been read for notices: one row.
CREATE TABLE mail_cursor (
    id INTEGER PRIMARY KEY,
    position BIGINT NOT NULL,
    -- The last day whose calendar notices were derived (ISO date).
    calendar_day TEXT NOT NULL
);

-- A person's choice not to be mailed (in the app they are always told).
CREATE TABLE mail_preferences (
    person_id TEXT PRIMARY KEY,
    email BOOLEAN NOT NULL,
    updated_at BIGINT NOT NULL
);
