-- The read model of StockLevelsProjection (schema "stock", created by EventCore with its own Flyway history).
create table stock.stock_levels (
    warehouse  text        not null,
    on_hand    integer     not null,
    updated_at timestamptz not null default now(),
    constraint stock_levels_pkey primary key (warehouse)
);
