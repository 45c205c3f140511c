package org.eventcore.interfaces.rest.banking;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.OpenAccount;
import org.eventcore.interfaces.rest.binding.RequestMessages;

/** The body of {@code POST /api/v1/accounts}: {@code {"accountId","owner","initialBalance"}}. */
public record OpenAccountRequest(
    @NotBlank(message = RequestMessages.REQUIRED) @Size(max = 200) String accountId,
    @NotBlank(message = RequestMessages.REQUIRED) @Size(max = 200) String owner,
    @NotNull(message = RequestMessages.REQUIRED) @PositiveOrZero Long initialBalance) {

  OpenAccount command() {
    return new OpenAccount(AccountId.of(accountId), owner, initialBalance);
  }
}
