-- Read models of the example domains, built by projections (schema "examples", own Flyway history).
create table examples.account_balances (
    account_id text        not null,
    owner      text        not null,
    balance    bigint      not null,
    version    bigint      not null,
    updated_at timestamptz not null default now(),
    constraint account_balances_pkey primary key (account_id)
);
create index account_balances_owner_idx on examples.account_balances (owner);

create table examples.order_summaries (
    order_id   text        not null,
    status     text        not null,
    item_count integer     not null,
    units      integer     not null,
    updated_at timestamptz not null default now(),
    constraint order_summaries_pkey primary key (order_id)
);
create index order_summaries_status_idx on examples.order_summaries (status);
