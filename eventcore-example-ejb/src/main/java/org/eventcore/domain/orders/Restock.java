package org.eventcore.domain.orders;

import java.util.Objects;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.orders.OrderEvent.StockRestocked;

/** Adds stock of one SKU. */
public record Restock(@Stream Sku sku, int quantity) implements Command<Integer, OrderEvent> {

  public Restock {
    Objects.requireNonNull(sku, "sku");
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be positive, was " + quantity);
    }
  }

  @Override
  public Class<OrderEvent> eventType() {
    return OrderEvent.class;
  }

  @Override
  public Integer initialState() {
    return 0;
  }

  @Override
  public Integer apply(Integer stock, RecordedEvent<OrderEvent> event) {
    return Stock.apply(stock, event.event());
  }

  @Override
  public void handle(Integer stock, CommandContext<OrderEvent> context) {
    context.emit(sku, new StockRestocked(sku.value(), quantity));
  }
}
