package org.eventcore.it.readme;

import org.eventcore.api.StreamId;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;

/** The simplest form: a record that declares its stream and decides by itself. */
public record ReceiveStock(@Stream StreamId warehouse, int quantity)
    implements Command<Integer, StockEvent> {

  public Class<StockEvent> eventType() {
    return StockEvent.class;
  }

  public Integer initialState() {
    return 0;
  }

  public Integer apply(Integer onHand, RecordedEvent<StockEvent> event) {
    return onHand; // receiving does not depend on what is on hand
  }

  public void handle(Integer onHand, CommandContext<StockEvent> context) {
    context.require(quantity > 0, "Receive at least one item");
    context.emit(warehouse, new StockEvent.Received(quantity));
  }
}
