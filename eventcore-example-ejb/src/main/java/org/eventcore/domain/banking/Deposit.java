package org.eventcore.domain.banking;

import java.util.Objects;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.banking.BankingEvent.MoneyDeposited;

/** Deposits money into an open account. */
public record Deposit(@Stream AccountId accountId, long amount) implements AccountCommand {

  public Deposit {
    Objects.requireNonNull(accountId, "accountId");
    Amounts.positive(amount, "amount");
  }

  @Override
  public void handle(Account account, CommandContext<BankingEvent> context) {
    context.require(account.opened(), "Account %s does not exist", accountId);
    context.emit(accountId, new MoneyDeposited(accountId.value(), amount));
  }
}
