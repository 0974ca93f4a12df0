-- Prism's usage ledger: one row per call, keyed by the call id Prism made (never the client's
-- x-request-id, which clients reuse). Portable SQL: the same file serves H2 and PostgreSQL.
-- Times are UTC, without a zone, so that a day is the same day on every database.
CREATE TABLE ledger_calls (
    call_id          VARCHAR(64)    NOT NULL,
    started_at       TIMESTAMP      NOT NULL,
    request_id       VARCHAR(255)   NOT NULL,
    key_name         VARCHAR(255)   NOT NULL,
    endpoint         VARCHAR(32),
    model_alias      VARCHAR(255),
    provider         VARCHAR(255),
    upstream_model   VARCHAR(255),
    usage_estimated  BOOLEAN        NOT NULL,
    -- NULL when no price applies: an unpriced call is never a silent 0.
    cost_usd         DECIMAL(24, 10),
    saved_usd        DECIMAL(24, 10) NOT NULL,
    cost_estimated   BOOLEAN        NOT NULL,
    unpriced         BOOLEAN        NOT NULL,
    cache_status     VARCHAR(16)    NOT NULL,
    status           INTEGER        NOT NULL,
    error_kind       VARCHAR(32),
    failed           BOOLEAN        NOT NULL,
    latency_ms       BIGINT         NOT NULL,
    attempts         INTEGER        NOT NULL,
    CONSTRAINT ledger_calls_pk PRIMARY KEY (call_id)
);

CREATE INDEX ledger_calls_started ON ledger_calls (started_at);
CREATE INDEX ledger_calls_key_started ON ledger_calls (key_name, started_at);

-- What each call used, a row per unit (characters, audio_seconds, images, tokens of each kind), so
-- that a unit added later needs no new column.
CREATE TABLE ledger_units (
    call_id  VARCHAR(64)    NOT NULL,
    unit     VARCHAR(32)    NOT NULL,
    amount   DECIMAL(24, 6) NOT NULL,
    CONSTRAINT ledger_units_pk PRIMARY KEY (call_id, unit),
    CONSTRAINT ledger_units_call FOREIGN KEY (call_id) REFERENCES ledger_calls (call_id)
);
