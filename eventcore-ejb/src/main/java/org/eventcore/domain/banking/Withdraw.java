package org.eventcore.domain.banking;

import java.util.Objects;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.banking.BankingEvent.MoneyWithdrawn;

/** Withdraws money; never overdraws. */
public record Withdraw(@Stream AccountId accountId, long amount)
    implements Command<Account, BankingEvent> {

  public Withdraw {
    Objects.requireNonNull(accountId, "accountId");
    Amounts.positive(amount, "amount");
  }

  @Override
  public Class<BankingEvent> eventType() {
    return BankingEvent.class;
  }

  @Override
  public Account initialState() {
    return Account.NONE;
  }

  @Override
  public Account apply(Account state, RecordedEvent<BankingEvent> event) {
    return state.apply(event.event());
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
