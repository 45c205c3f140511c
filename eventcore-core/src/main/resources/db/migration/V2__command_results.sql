-- Results of commands executed with an idempotency key (ADR 0003). The row is inserted (claimed) and
-- completed in the command's own transaction, so a committed row always carries its result.
create table eventcore.command_results (
    idempotency_key text        not null,
    command_type    text        not null,
    result          jsonb,
    created_at      timestamptz not null default now(),
    constraint command_results_pkey primary key (idempotency_key),
    constraint command_results_key_length check (char_length(idempotency_key) between 1 and 255)
);
