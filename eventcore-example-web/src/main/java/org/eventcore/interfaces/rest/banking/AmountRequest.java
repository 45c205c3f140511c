package org.eventcore.interfaces.rest.banking;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.eventcore.interfaces.rest.binding.RequestMessages;

/**
 * The body of a deposit or a withdrawal: {@code {"amount"}}, a positive whole number of minor
 * units.
 */
public record AmountRequest(@NotNull(message = RequestMessages.REQUIRED) @Positive Long amount) {}
