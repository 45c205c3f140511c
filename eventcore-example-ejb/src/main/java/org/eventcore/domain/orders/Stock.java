package org.eventcore.domain.orders;

import org.eventcore.domain.orders.OrderEvent.StockRestocked;
import org.eventcore.domain.orders.OrderEvent.StockShipped;

/** The fold of an inventory stream: units on hand. */
public final class Stock {
  private Stock() {}

  /** Units on hand after {@code event} of an inventory stream. */
  public static int apply(int stock, OrderEvent event) {
    if (event instanceof StockRestocked restocked) {
      return stock + restocked.quantity();
    }
    if (event instanceof StockShipped shipped) {
      return stock - shipped.quantity();
    }
    return stock;
  }
}
