package org.eventcore.interfaces.rest.orders;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.eventcore.domain.orders.OrderId;
import org.eventcore.domain.orders.OrderLine;
import org.eventcore.domain.orders.PlaceOrder;
import org.eventcore.interfaces.rest.binding.RequestMessages;

/** The body of {@code POST /api/v1/orders}: {@code {"orderId","items":[{"sku","quantity"}]}}. */
public record PlaceOrderRequest(
    @NotBlank(message = RequestMessages.REQUIRED) String orderId,
    @NotEmpty List<@Valid @NotNull Item> items) {

  /** One line of the order. */
  public record Item(
      @NotBlank(message = RequestMessages.REQUIRED) String sku,
      @NotNull(message = RequestMessages.REQUIRED) @Positive Integer quantity) {}

  PlaceOrder command() {
    return new PlaceOrder(
        new OrderId(orderId),
        items.stream().map(item -> new OrderLine(item.sku(), item.quantity())).toList());
  }
}
