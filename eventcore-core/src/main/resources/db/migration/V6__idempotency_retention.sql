-- Idempotency keys are kept for a retention period and then removed by a background job (ADR 0003,
-- "Idempotency keys"); created_at is what the job looks at. request_fingerprint is the SHA-256 of
-- the request the key was first used for: the same key with another request is refused (CE009,
-- HTTP 422). Rows written before this migration have none and replay as before.
alter table eventcore.command_results add column request_fingerprint text;
create index command_results_created_at on eventcore.command_results (created_at);
