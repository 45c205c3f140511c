package org.eventcore.domain.banking;

import java.util.Map;
import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;
import org.eventcore.domain.banking.BankingEvent.TransferCredited;
import org.eventcore.domain.banking.BankingEvent.TransferDebited;

/**
 * Moves money between two accounts in one atomic command over both streams: the debit and the
 * credit are written together, with both accounts' versions checked.
 */
public record TransferMoney(@Stream AccountId from, @Stream AccountId to, long amount)
    implements Command<TransferMoney.Accounts, BankingEvent> {

  public TransferMoney {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Amounts.positive(amount, "amount");
    if (from.equals(to)) {
      throw new IllegalArgumentException("A transfer needs two different accounts");
    }
  }

  /** Both accounts, each folded from its own stream. */
  public record Accounts(Map<StreamId, Account> byStream) {
    public Accounts {
      byStream = Map.copyOf(byStream);
    }

    Account of(AccountId id) {
      return byStream.getOrDefault(id.streamId(), Account.NONE);
    }

    Accounts with(StreamId stream, Account account) {
      java.util.HashMap<StreamId, Account> next = new java.util.HashMap<>(byStream);
      next.put(stream, account);
      return new Accounts(next);
    }
  }

  @Override
  public Class<BankingEvent> eventType() {
    return BankingEvent.class;
  }

  @Override
  public Accounts initialState() {
    return new Accounts(Map.of());
  }

  @Override
  public Accounts apply(Accounts state, RecordedEvent<BankingEvent> event) {
    Account before = state.byStream().getOrDefault(event.streamId(), Account.NONE);
    return state.with(event.streamId(), before.apply(event.event()));
  }

  @Override
  public void handle(Accounts accounts, CommandContext<BankingEvent> context) {
    Account source = accounts.of(from);
    context.require(source.opened(), "Account %s does not exist", from);
    context.require(accounts.of(to).opened(), "Account %s does not exist", to);
    context.require(
        source.balance() >= amount,
        "Insufficient funds: account %s has %d, cannot transfer %d",
        from,
        source.balance(),
        amount);
    context.emit(from, new TransferDebited(from.value(), to.value(), amount));
    context.emit(to, new TransferCredited(from.value(), to.value(), amount));
  }
}
