package org.eventcore.domain.orders;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.domain.orders.OrderEvent.OrderFulfilled;
import org.eventcore.domain.orders.OrderEvent.ShipmentCreated;
import org.eventcore.domain.orders.OrderEvent.StockShipped;

/**
 * Fulfils a placed order: one atomic write to the order, the inventory of every item, and a new
 * shipment. The command declares the order and shipment streams; the inventory streams depend on
 * the order's lines, so it discovers them with {@code readAlso} once it has read the order.
 */
public record FulfilOrder(OrderId orderId) implements Command<FulfilOrder.State, OrderEvent> {

  public FulfilOrder {
    Objects.requireNonNull(orderId, "orderId");
  }

  /** The order, the stock of every inventory stream read, and whether the shipment exists. */
  public record State(Order order, Map<StreamId, Integer> stock, boolean shipped) {
    public State {
      stock = Map.copyOf(stock);
    }
  }

  @Override
  public List<StreamId> streams() {
    return List.of(orderId.streamId(), orderId.shipmentStream());
  }

  @Override
  public Class<OrderEvent> eventType() {
    return OrderEvent.class;
  }

  @Override
  public State initialState() {
    return new State(Order.NONE, Map.of(), false);
  }

  @Override
  public State apply(State state, RecordedEvent<OrderEvent> event) {
    StreamId stream = event.streamId();
    if (stream.equals(orderId.streamId())) {
      return new State(state.order().apply(event.event()), state.stock(), state.shipped());
    }
    if (stream.equals(orderId.shipmentStream())) {
      return new State(state.order(), state.stock(), true);
    }
    Map<StreamId, Integer> stock = new HashMap<>(state.stock());
    stock.put(stream, Stock.apply(stock.getOrDefault(stream, 0), event.event()));
    return new State(state.order(), stock, state.shipped());
  }

  @Override
  public void handle(State state, CommandContext<OrderEvent> context) {
    Order order = state.order();
    context.require(order.status() != Order.Status.NONE, "Order %s does not exist", orderId);
    context.require(
        order.status() == Order.Status.PLACED && !state.shipped(),
        "Order %s is already fulfilled",
        orderId);
    List<StreamId> inventories =
        order.lines().stream().map(line -> new Sku(line.sku()).streamId()).toList();
    context.readAlso(inventories);

    for (OrderLine line : order.lines()) {
      int onHand = state.stock().getOrDefault(new Sku(line.sku()).streamId(), 0);
      context.require(
          onHand >= line.quantity(),
          "Insufficient stock of %s: %d on hand, %d ordered",
          line.sku(),
          onHand,
          line.quantity());
    }
    for (OrderLine line : order.lines()) {
      context.emit(
          new Sku(line.sku()), new StockShipped(line.sku(), orderId.value(), line.quantity()));
    }
    context.emit(orderId, new OrderFulfilled(orderId.value()));
    context.emit(orderId.shipmentStream(), new ShipmentCreated(orderId.value(), order.lines()));
  }
}
