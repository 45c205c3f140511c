package org.eventcore.domain.orders;

import java.util.List;
import org.eventcore.domain.orders.OrderEvent.OrderFulfilled;
import org.eventcore.domain.orders.OrderEvent.OrderPlaced;

/**
 * An order as decisions see it.
 *
 * @param status NONE, PLACED or FULFILLED
 * @param lines what was ordered
 */
public record Order(Status status, List<OrderLine> lines) {

  public enum Status {
    NONE,
    PLACED,
    FULFILLED
  }

  public static final Order NONE = new Order(Status.NONE, List.of());

  public Order {
    lines = List.copyOf(lines);
  }

  public Order apply(OrderEvent event) {
    if (event instanceof OrderPlaced placed) {
      return new Order(Status.PLACED, placed.lines());
    }
    if (event instanceof OrderFulfilled) {
      return new Order(Status.FULFILLED, lines);
    }
    return this;
  }
}
