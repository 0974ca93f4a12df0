-- Budgets shared by every Prism on this database: what each budget has spent and reserved in a
-- period, changed only by single UPDATE statements whose WHERE clause checks the limit, so that two
-- instances can never both take the last of a budget. A counter starts, when its period is first
-- used, from the sum of the ledger's costs for the period.
CREATE TABLE budget_counters (
    key_name      VARCHAR(255)    NOT NULL,
    -- '' for the key's overall budget, else the model alias the budget is for.
    model_alias   VARCHAR(255)    NOT NULL,
    -- UTC, without a zone, as ledger_calls.started_at.
    period_start  TIMESTAMP       NOT NULL,
    spent_usd     DECIMAL(24, 10) NOT NULL,
    reserved_usd  DECIMAL(24, 10) NOT NULL,
    CONSTRAINT budget_counters_pk PRIMARY KEY (key_name, model_alias, period_start)
);

-- Each reservation until its call is settled, so that the reservations of a Prism that crashed with
-- calls in flight can be given back once they expire (whichever Prism deletes the row gives it back).
CREATE TABLE budget_reservations (
    call_id       VARCHAR(64)     NOT NULL,
    key_name      VARCHAR(255)    NOT NULL,
    model_alias   VARCHAR(255)    NOT NULL,
    period_start  TIMESTAMP       NOT NULL,
    usd           DECIMAL(24, 10) NOT NULL,
    expires_at    TIMESTAMP       NOT NULL,
    CONSTRAINT budget_reservations_pk PRIMARY KEY (call_id, model_alias)
);

CREATE INDEX budget_reservations_expires ON budget_reservations (expires_at);
