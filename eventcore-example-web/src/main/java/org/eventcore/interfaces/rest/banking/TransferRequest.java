package org.eventcore.interfaces.rest.banking;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.TransferMoney;
import org.eventcore.interfaces.rest.binding.RequestMessages;

/** The body of {@code POST /api/v1/transfers}: {@code {"from","to","amount"}}. */
public record TransferRequest(
    @NotBlank(message = RequestMessages.REQUIRED) String from,
    @NotBlank(message = RequestMessages.REQUIRED) String to,
    @NotNull(message = RequestMessages.REQUIRED) @Positive Long amount) {

  TransferMoney command() {
    return new TransferMoney(AccountId.of(from), AccountId.of(to), amount);
  }
}
