package org.eventcore.domain.orders;

import java.util.Objects;

/** A quantity of one SKU. */
public record OrderLine(String sku, int quantity) {
  public OrderLine {
    Objects.requireNonNull(sku, "sku");
    new Sku(sku);
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be positive, was " + quantity);
    }
  }
}
