-- Keys made through the admin API may carry a rate limit (POST /admin/keys with "rate_limit").
-- The keys made before this migration keep none.
-- The key's rate limit as the admin sent it, a JSON object, kept as text; NULL for none.
ALTER TABLE prism_keys ADD COLUMN rate_limit VARCHAR(8000);
