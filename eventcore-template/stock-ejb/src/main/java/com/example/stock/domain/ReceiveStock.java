package com.example.stock.domain;

import org.eventcore.api.StreamId;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;

/** The simplest form: a record that declares its stream and decides by itself. */
public record ReceiveStock(@Stream StreamId warehouse, int quantity)
    implements Command<Integer, StockEvent> {

  @Override
  public Class<StockEvent> eventType() {
    return StockEvent.class;
  }

  @Override
  public Integer initialState() {
    return 0;
  }

  @Override
  public Integer apply(Integer onHand, RecordedEvent<StockEvent> event) {
    return onHand; // receiving does not depend on what is on hand
  }

  @Override
  public void handle(Integer onHand, CommandContext<StockEvent> context) {
    context.require(quantity > 0, "Receive at least one item");
    context.emit(warehouse, new StockEvent.Received(quantity));
  }
}
