-- The feed of committed content changes (ContentChanges): one row per create, update or delete, written in
-- the same transaction as the change, so that caches can be invalidated from what was committed, also when
-- the writing instance died before evicting.
-- position is the writing transaction's id. An identity column would not do: a transaction may take a lower
-- number and commit after a reader has read past a higher one. Readers only read positions below the oldest
-- transaction still running (pg_snapshot_xmin), so no change can appear behind a position already read.
-- Changes of one transaction share a position; seq orders them.
CREATE TABLE content_change (
    position   bigint           NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    seq        bigint           GENERATED ALWAYS AS IDENTITY,
    type       text             NOT NULL,
    id         text COLLATE "C" NOT NULL,
    kind       text             NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
    changed_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (position, seq)
);
-- The purge deletes by age, in small batches, through this index.
CREATE INDEX content_change_changed_at ON content_change (changed_at);

-- Consumers' acknowledged positions (e.g. the cache every instance shares), and under the name '(purged)'
-- the last position the purge deleted: a reader behind it missed changes.
CREATE TABLE content_change_cursor (
    consumer text   PRIMARY KEY,
    position bigint NOT NULL
);
INSERT INTO content_change_cursor (consumer, position) VALUES ('(purged)', 0);
