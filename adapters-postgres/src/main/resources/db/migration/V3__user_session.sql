-- Login sessions (SessionStore). id is the SHA-256 of the token, in hex: the token itself is never
-- stored. Times are written by the application's clock. Expired rows are purged in small batches
-- through the index on expires_at, never by a scan on a request's path.
CREATE TABLE user_session (
    id                  text        PRIMARY KEY,
    principal           text        NOT NULL,
    attributes          jsonb       NOT NULL,
    created_at          timestamptz NOT NULL,
    last_accessed_at    timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    CHECK (expires_at <= absolute_expires_at)
);
CREATE INDEX user_session_principal ON user_session (principal);
CREATE INDEX user_session_expires_at ON user_session (expires_at);
