-- The transparency log (backend/src/transparency/): the hashes of complete subtrees of the Merkle
-- tree over the events' chain hashes, at heights 8, 16, 24... (the hashes of C2SP tlog tiles
-- above level 0), kept as the log grows so that no request recomputes them. Derived data: deleting
-- rows loses nothing, they are computed again from the log.
CREATE TABLE merkle_subtrees (
    height INTEGER NOT NULL,   -- a multiple of 8
    idx    INTEGER NOT NULL,   -- the subtree covers leaves idx * 2^height .. (idx + 1) * 2^height
    hash   BLOB    NOT NULL,   -- 32 bytes
    PRIMARY KEY (height, idx)
);

-- Every checkpoint the log signed (C2SP tlog-checkpoint, as a signed note), and the cosignatures
-- witnesses added to it. Never two inconsistent ones: each is checked against the one before.
CREATE TABLE checkpoints (
    size      INTEGER NOT NULL PRIMARY KEY,
    root      BLOB    NOT NULL,
    note      TEXT    NOT NULL,   -- the signed note, verbatim
    signed_at INTEGER NOT NULL    -- microseconds since the Unix epoch, UTC
);

-- Cosignatures (C2SP tlog-cosignature) that configured witnesses added to a checkpoint after
-- checking it extends the last one they saw; shown with the checkpoint.
CREATE TABLE checkpoint_cosignatures (
    size     INTEGER NOT NULL REFERENCES checkpoints (size),
    witness  TEXT    NOT NULL,   -- the witness's key name
    line     TEXT    NOT NULL,   -- the signature line, verbatim
    added_at INTEGER NOT NULL,
    PRIMARY KEY (size, witness)
);
