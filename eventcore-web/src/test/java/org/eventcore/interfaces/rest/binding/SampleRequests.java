package org.eventcore.interfaces.rest.binding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;

/** Request records of the shapes command endpoints use (the add-on has no endpoints of its own). */
public final class SampleRequests {

  private SampleRequests() {}

  public record TransferRequest(
      @NotBlank String from, @NotBlank String to, @NotNull @Positive Long amount) {}

  public record AmountRequest(@NotNull @Positive Long amount) {}

  public record PlaceOrderRequest(@NotBlank String orderId, @NotEmpty List<@Valid Item> items) {
    public record Item(@NotBlank String sku, @NotNull @Positive Integer quantity) {}
  }
}
