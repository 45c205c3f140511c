package org.eventcore.bench.server;

import java.util.List;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.StateReuse;
import org.eventcore.domain.banking.Account;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.Accounts;
import org.eventcore.domain.banking.BankingEvent;
import org.eventcore.domain.banking.BankingEvent.TransferCredited;
import org.eventcore.domain.banking.BankingEvent.TransferDebited;

/**
 * The "cache off" W2 of issue 17: the banking transfer's fold and decision (without the configured
 * limit, which the bench never reaches) with {@link StateReuse#never()}, so that every attempt
 * reads and folds both streams from their first event — no state cache, no snapshot look-up — the
 * cost of a cold command. It writes the same events as {@code TransferMoney}.
 */
public record ColdTransfer(AccountId from, AccountId to, long amount)
    implements Command<Accounts, BankingEvent> {

  @Override
  public List<StreamId> streams() {
    return List.of(from.streamId(), to.streamId());
  }

  @Override
  public Class<BankingEvent> eventType() {
    return BankingEvent.class;
  }

  @Override
  public Accounts initialState() {
    return Accounts.NONE;
  }

  @Override
  public Accounts apply(Accounts state, RecordedEvent<BankingEvent> event) {
    return state.apply(event.streamId(), event.event());
  }

  @Override
  public void handle(Accounts accounts, CommandContext<BankingEvent> context) {
    Account source = accounts.of(from);
    context.require(source.opened(), "Account %s does not exist", from);
    context.require(accounts.of(to).opened(), "Account %s does not exist", to);
    context.require(source.balance() >= amount, "Insufficient funds");
    context.emit(from, new TransferDebited(from.value(), to.value(), amount));
    context.emit(to, new TransferCredited(from.value(), to.value(), amount));
  }

  @Override
  public StateReuse stateReuse() {
    return StateReuse.never();
  }

  @Override
  public String commandType() {
    return "ColdTransfer";
  }
}
