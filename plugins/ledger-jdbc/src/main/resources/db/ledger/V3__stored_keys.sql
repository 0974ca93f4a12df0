-- Virtual keys made through the admin API (POST /admin/keys), shared by every instance that uses
-- this database. Only the SHA-256 of each key is kept: the key itself is shown once, when made.
-- (V3, not V2: the budgets' migration is V2.)
CREATE TABLE prism_keys (
    name        VARCHAR(64)    NOT NULL,
    key_sha256  CHAR(64)       NOT NULL,
    -- A JSON array of the model aliases the key may use; NULL for every alias.
    models      VARCHAR(8000),
    -- The key's budget as the admin sent it, a JSON object, kept as text; NULL for none.
    budget      VARCHAR(8000),
    created_at  TIMESTAMP      NOT NULL,
    CONSTRAINT prism_keys_pk PRIMARY KEY (name),
    CONSTRAINT prism_keys_sha256 UNIQUE (key_sha256)
);
