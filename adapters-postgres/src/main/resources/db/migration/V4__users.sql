-- The users who may log in (CredentialStore), managed with `java -jar portkit.jar users add|list|remove`.
-- password_hash is pbkdf2-sha256$ITERATIONS$SALT$HASH; never a password.
CREATE TABLE users (
    username      text COLLATE "C" PRIMARY KEY,
    password_hash text             NOT NULL,
    created_at    timestamptz      NOT NULL DEFAULT now(),
    updated_at    timestamptz      NOT NULL DEFAULT now()
);
