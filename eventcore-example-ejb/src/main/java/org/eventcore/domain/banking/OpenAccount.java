package org.eventcore.domain.banking;

import java.util.Objects;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.banking.BankingEvent.AccountOpened;

/** Opens an account with an initial balance; an id can be used once. */
public record OpenAccount(@Stream AccountId accountId, String owner, long initialBalance)
    implements AccountCommand {

  public OpenAccount {
    Objects.requireNonNull(accountId, "accountId");
    if (owner == null || owner.isBlank() || owner.length() > 200) {
      throw new IllegalArgumentException("owner must have 1 to 200 characters");
    }
    if (initialBalance < 0) {
      throw new IllegalArgumentException(
          "initialBalance must not be negative, was " + initialBalance);
    }
  }

  @Override
  public void handle(Account account, CommandContext<BankingEvent> context) {
    context.require(!account.opened(), "Account %s already exists", accountId);
    context.emit(accountId, new AccountOpened(accountId.value(), owner, initialBalance));
  }
}
