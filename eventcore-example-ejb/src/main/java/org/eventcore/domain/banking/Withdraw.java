package org.eventcore.domain.banking;

import java.util.Objects;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.banking.BankingEvent.MoneyWithdrawn;

/** Withdraws money; never overdraws. */
public record Withdraw(@Stream AccountId accountId, long amount) implements AccountCommand {

  public Withdraw {
    Objects.requireNonNull(accountId, "accountId");
    Amounts.positive(amount, "amount");
  }

  @Override
  public void handle(Account account, CommandContext<BankingEvent> context) {
    context.require(account.opened(), "Account %s does not exist", accountId);
    context.require(
        account.balance() >= amount,
        "Insufficient funds: account %s has %d, cannot withdraw %d",
        accountId,
        account.balance(),
        amount);
    context.emit(accountId, new MoneyWithdrawn(accountId.value(), amount));
  }
}
