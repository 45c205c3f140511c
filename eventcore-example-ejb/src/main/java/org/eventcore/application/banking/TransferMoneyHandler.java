package org.eventcore.application.banking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.PerStreamFold;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.domain.banking.Account;
import org.eventcore.domain.banking.Accounts;
import org.eventcore.domain.banking.BankingEvent;
import org.eventcore.domain.banking.BankingEvent.TransferCredited;
import org.eventcore.domain.banking.BankingEvent.TransferDebited;
import org.eventcore.domain.banking.TransferLimit;
import org.eventcore.domain.banking.TransferMoney;

/**
 * Decides {@link TransferMoney}: both accounts must exist, the source must have the funds, and the
 * amount must be within the bank's {@link TransferLimit} (injected, configured with {@code
 * banking.transfer-limit}). The fold depends on the streams only, so its states are reused; the
 * limit is applied in the decision, on every attempt.
 */
@ApplicationScoped
public class TransferMoneyHandler implements CommandHandler<TransferMoney, Accounts, BankingEvent> {

  private TransferLimit limit;

  /** For the container's proxy. */
  protected TransferMoneyHandler() {}

  @Inject
  public TransferMoneyHandler(TransferLimit limit) {
    this.limit = limit;
  }

  @Override
  public Accounts initialState() {
    return Accounts.NONE;
  }

  @Override
  public Accounts apply(Accounts accounts, RecordedEvent<BankingEvent> event) {
    return accounts.apply(event.streamId(), event.event());
  }

  /**
   * Each account's state is folded and reused on its own, shared with the single-account commands
   * (ADR 0016): a transfer between a random pair reuses both accounts' cached states.
   */
  @Override
  public Optional<PerStreamFold<?, Accounts, BankingEvent>> perStreamFold(TransferMoney transfer) {
    return Optional.of(Accounts.PER_STREAM);
  }

  @Override
  public void handle(
      TransferMoney transfer, Accounts accounts, CommandContext<BankingEvent> context) {
    Account source = accounts.of(transfer.from());
    context.require(source.opened(), "Account %s does not exist", transfer.from());
    context.require(
        accounts.of(transfer.to()).opened(), "Account %s does not exist", transfer.to());
    context.require(
        limit.allows(transfer.amount()),
        "Transfer of %d is above the limit of %d",
        transfer.amount(),
        limit.maximum());
    context.require(
        source.balance() >= transfer.amount(),
        "Insufficient funds: account %s has %d, cannot transfer %d",
        transfer.from(),
        source.balance(),
        transfer.amount());
    String from = transfer.from().value();
    String to = transfer.to().value();
    context.emit(transfer.from(), new TransferDebited(from, to, transfer.amount()));
    context.emit(transfer.to(), new TransferCredited(from, to, transfer.amount()));
  }
}
