package org.eventcore.domain.orders;

import java.util.List;

/** Everything that happens to stock, orders and shipments. */
public sealed interface OrderEvent
    permits OrderEvent.StockRestocked,
        OrderEvent.StockShipped,
        OrderEvent.OrderPlaced,
        OrderEvent.OrderFulfilled,
        OrderEvent.ShipmentCreated {

  /** In {@code inventory-<sku>}. */
  record StockRestocked(String sku, int quantity) implements OrderEvent {}

  /** In {@code inventory-<sku>}: stock left the warehouse for an order. */
  record StockShipped(String sku, String orderId, int quantity) implements OrderEvent {}

  /** In {@code order-<id>}. */
  record OrderPlaced(String orderId, List<OrderLine> lines) implements OrderEvent {
    public OrderPlaced {
      lines = List.copyOf(lines);
    }
  }

  /** In {@code order-<id>}. */
  record OrderFulfilled(String orderId) implements OrderEvent {}

  /** In {@code shipment-<order id>}. */
  record ShipmentCreated(String orderId, List<OrderLine> lines) implements OrderEvent {
    public ShipmentCreated {
      lines = List.copyOf(lines);
    }
  }
}
