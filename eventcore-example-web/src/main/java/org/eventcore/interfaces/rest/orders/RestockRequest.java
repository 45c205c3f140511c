package org.eventcore.interfaces.rest.orders;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.eventcore.interfaces.rest.binding.RequestMessages;

/** The body of {@code POST /api/v1/inventory/{sku}/restocks}: {@code {"quantity"}}. */
public record RestockRequest(
    @NotNull(message = RequestMessages.REQUIRED) @Positive Integer quantity) {}
