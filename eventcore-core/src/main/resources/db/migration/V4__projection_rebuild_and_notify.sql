-- Rebuild progress per projection (ADR 0004): a rebuild resets the read model and the checkpoint in
-- one transaction and records how many feed events there were to replay; events_read counts the feed
-- events read since (filtered-out ones included), so progress = events_read / rebuild_total.
alter table eventcore.projection_checkpoints
    add column events_read          bigint not null default 0,
    add column rebuild_started_at   timestamptz,
    add column rebuild_total        bigint,
    add column rebuild_finished_at  timestamptz;

-- Wake-up for feed readers: every statement that inserts events notifies channel
-- "eventcore_events" when its transaction commits (PostgreSQL folds repeats within a transaction
-- into one notification). Readers LISTEN and still poll now and then: a notification only means
-- "look again"; the feed horizon decides what is visible.
create function eventcore.notify_events_appended() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('eventcore_events', '');
    return null;
end;
$$;

create trigger events_notify_appended
    after insert on eventcore.events
    for each statement execute function eventcore.notify_events_appended();
