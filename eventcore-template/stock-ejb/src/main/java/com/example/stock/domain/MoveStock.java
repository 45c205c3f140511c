package com.example.stock.domain;

import org.eventcore.api.StreamId;
import org.eventcore.api.command.Stream;

/**
 * Moves items between two warehouses: one atomic command over both streams, decided by {@code
 * MoveStockHandler}.
 */
public record MoveStock(@Stream StreamId from, @Stream StreamId to, int quantity) {}
