package org.eventcore.application.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eventcore.application.StreamFolds;
import org.eventcore.domain.orders.Order;
import org.eventcore.domain.orders.OrderEvent;
import org.eventcore.domain.orders.OrderId;
import org.eventcore.domain.orders.Sku;
import org.eventcore.domain.orders.Stock;

/** Reads orders and stock from their streams. */
@ApplicationScoped
public class OrderQueries {

  @Inject StreamFolds folds;

  /** The order and its stream version, or empty when it was never placed. */
  public Optional<StreamFolds.Folded<Order>> find(OrderId id) {
    StreamFolds.Folded<Order> order =
        folds.fold(id.streamId(), OrderEvent.class, Order.NONE, Order::apply);
    return order.value().status() == Order.Status.NONE ? Optional.empty() : Optional.of(order);
  }

  /** Units of {@code sku} on hand. */
  public StreamFolds.Folded<Integer> stock(Sku sku) {
    return folds.fold(sku.streamId(), OrderEvent.class, 0, Stock::apply);
  }
}
