-- EventCore event store, schema "eventcore" (DESIGN §5, ADR 0002).
-- Stream heads: one row per stream; the row is the lock every append takes.
create table eventcore.streams (
    stream_id  text        not null,
    version    bigint      not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint streams_pkey primary key (stream_id),
    constraint streams_stream_id_length check (char_length(stream_id) between 1 and 255),
    constraint streams_version_not_negative check (version >= 0)
);

-- Events: immutable, one row per event.
-- global_position is unique and increases within a transaction; transaction_id orders commits
-- for the global feed (see JpaEventStore).
create table eventcore.events (
    global_position bigint      generated always as identity,
    event_id        uuid        not null,
    stream_id       text        not null,
    stream_version  bigint      not null,
    event_type      text        not null,
    schema_version  integer     not null default 1,
    payload         jsonb       not null,
    metadata        jsonb       not null default '{}'::jsonb,
    recorded_at     timestamptz not null default now(),
    transaction_id  xid8        not null default pg_current_xact_id(),
    constraint events_pkey primary key (global_position),
    constraint events_event_id_key unique (event_id),
    constraint events_stream_version_key unique (stream_id, stream_version),
    constraint events_stream_fkey foreign key (stream_id) references eventcore.streams (stream_id),
    constraint events_stream_version_positive check (stream_version >= 1),
    constraint events_schema_version_positive check (schema_version >= 1),
    constraint events_event_type_not_blank check (char_length(btrim(event_type)) > 0)
);

create index events_feed_idx on eventcore.events (transaction_id, global_position);

-- Events never change and are never removed.
create function eventcore.reject_event_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'events are immutable: % on eventcore.events is not allowed', tg_op
        using errcode = 'ES005';
end;
$$;

create trigger events_reject_update_delete
    before update or delete on eventcore.events
    for each row execute function eventcore.reject_event_change();

create trigger events_reject_truncate
    before truncate on eventcore.events
    for each statement execute function eventcore.reject_event_change();
