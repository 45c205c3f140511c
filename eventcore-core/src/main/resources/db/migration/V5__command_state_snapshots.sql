-- Snapshots of folded command states (ADR 0005), for cold starts: one row per fold and ordered
-- stream list (snapshot_key is the SHA-256 of both), the newest kept. A snapshot is only ever a
-- prefix: the events after stream_versions are read and folded on top. A row whose state_type,
-- state_schema (a fingerprint of the state class's shape) or fold_version no longer matches the
-- code is ignored, never decoded into another shape. Snapshots may be deleted at any time.
create table eventcore.command_state_snapshots (
    snapshot_key    text        not null,
    fold_name       text        not null,
    fold_version    int         not null,
    stream_ids      text[]      not null,
    stream_versions bigint[]    not null,
    events          bigint      not null,
    state_type      text        not null,
    state_schema    text        not null,
    state           jsonb       not null,
    written_at      timestamptz not null default now(),
    constraint command_state_snapshots_pkey primary key (snapshot_key),
    constraint command_state_snapshots_versions
        check (cardinality(stream_ids) = cardinality(stream_versions) and cardinality(stream_ids) > 0),
    constraint command_state_snapshots_events check (events >= 0)
);
