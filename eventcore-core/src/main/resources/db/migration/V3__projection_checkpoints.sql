-- One row per projection: where it is in the global feed, who runs it (a lease, so that exactly one
-- server runs each projection), and why it stopped if it did (ADR 0004).
create table eventcore.projection_checkpoints (
    projection         text        not null,
    cursor_transaction bigint      not null default 0,
    cursor_position    bigint      not null default 0,
    events_processed   bigint      not null default 0,
    owner              text,
    lease_expires_at   timestamptz,
    status             text        not null default 'RUNNING',
    failed_event_id    uuid,
    failure            text,
    updated_at         timestamptz not null default now(),
    constraint projection_checkpoints_pkey primary key (projection),
    constraint projection_checkpoints_status check (status in ('RUNNING', 'STOPPED'))
);
