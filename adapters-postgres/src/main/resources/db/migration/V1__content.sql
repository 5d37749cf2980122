-- Content items: one row per item, the current version only (ContentRepository).
-- Ids are UUIDv7 text and are listed in id order: COLLATE "C" makes that byte order, whatever the
-- database's locale, so that it matches ContentId's ordering and the primary key serves the listing.
-- data is json, not jsonb: the item's JSON text is kept exactly as it was written.
CREATE TABLE content_item (
    type       text                NOT NULL,
    id         text COLLATE "C"    NOT NULL,
    version    bigint              NOT NULL CHECK (version >= 1),
    updated_at timestamptz         NOT NULL,
    data       json                NOT NULL,
    PRIMARY KEY (type, id)
);
