package org.eventcore.domain.orders;

import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.StreamIdentity;

/** A stock-keeping unit; its inventory lives in the stream {@code inventory-<value>}. */
public record Sku(String value) implements StreamIdentity {
  public Sku {
    Objects.requireNonNull(value, "sku");
    if (value.isBlank() || value.length() > 100) {
      throw new IllegalArgumentException("A SKU has 1 to 100 characters");
    }
    StreamId.of("inventory-" + value);
  }

  @Override
  public StreamId streamId() {
    return StreamId.of("inventory-" + value);
  }

  @Override
  public String toString() {
    return value;
  }
}
