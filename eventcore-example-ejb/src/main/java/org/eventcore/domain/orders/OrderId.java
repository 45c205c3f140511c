package org.eventcore.domain.orders;

import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.StreamIdentity;

/** An order's identity: stream {@code order-<value>}; its shipment is {@code shipment-<value>}. */
public record OrderId(String value) implements StreamIdentity {
  public OrderId {
    Objects.requireNonNull(value, "orderId");
    if (value.isBlank() || value.length() > 100) {
      throw new IllegalArgumentException("An order id has 1 to 100 characters");
    }
    StreamId.of("shipment-" + value);
  }

  @Override
  public StreamId streamId() {
    return StreamId.of("order-" + value);
  }

  /** The stream of this order's shipment. */
  public StreamId shipmentStream() {
    return StreamId.of("shipment-" + value);
  }

  @Override
  public String toString() {
    return value;
  }
}
