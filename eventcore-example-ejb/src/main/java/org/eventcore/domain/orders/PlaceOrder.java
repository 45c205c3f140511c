package org.eventcore.domain.orders;

import java.util.List;
import java.util.Objects;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.orders.OrderEvent.OrderPlaced;

/** Places an order for some items; stock is checked when the order is fulfilled. */
public record PlaceOrder(@Stream OrderId orderId, List<OrderLine> items)
    implements Command<Order, OrderEvent> {

  public PlaceOrder {
    Objects.requireNonNull(orderId, "orderId");
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("An order needs at least one item");
    }
    items = List.copyOf(items);
    if (items.stream().map(OrderLine::sku).distinct().count() != items.size()) {
      throw new IllegalArgumentException("Each SKU may appear once per order");
    }
  }

  @Override
  public Class<OrderEvent> eventType() {
    return OrderEvent.class;
  }

  @Override
  public Order initialState() {
    return Order.NONE;
  }

  @Override
  public Order apply(Order order, RecordedEvent<OrderEvent> event) {
    return order.apply(event.event());
  }

  @Override
  public void handle(Order order, CommandContext<OrderEvent> context) {
    context.require(order.status() == Order.Status.NONE, "Order %s already exists", orderId);
    context.emit(orderId, new OrderPlaced(orderId.value(), items));
  }
}
