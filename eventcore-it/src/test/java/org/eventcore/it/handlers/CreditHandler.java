package org.eventcore.it.handlers;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.it.handlers.LedgerEvent.Credited;

/**
 * A handler bean with three kinds of collaborators: a configuration value, a produced {@link
 * Clock}, and other beans. It records every decision (with the transaction it ran in and the
 * balance it saw) and, when the test asks, provokes one conflict by appending to the stream itself.
 */
@ApplicationScoped
public class CreditHandler implements CommandHandler<Credit, Balance, LedgerEvent> {

  @Inject
  @ConfigProperty(name = "it.credit.max", defaultValue = "1000000")
  long maximum;

  @Inject Clock clock;
  @Inject Decisions decisions;
  @Inject Interference interference;
  @Resource TransactionSynchronizationRegistry transactions;

  @Override
  public Balance initialState() {
    return new Balance(0);
  }

  @Override
  public Balance apply(Balance balance, RecordedEvent<LedgerEvent> event) {
    return new Balance(balance.total() + ((Credited) event.event()).amount());
  }

  @Override
  public void handle(Credit credit, Balance balance, CommandContext<LedgerEvent> context) {
    Object transaction = transactions.getTransactionKey();
    decisions.record(
        credit.account().value(),
        transaction == null ? "none" : transaction.toString(),
        balance.total());
    if (decisions.interfereOnce(credit.account().value())) {
      interference.creditConcurrently(credit.account(), 1);
    }
    context.require(
        credit.amount() <= maximum, "Credit of %d is above %d", credit.amount(), maximum);
    context.emit(
        credit.account(),
        new Credited(credit.account().value(), credit.amount(), clock.instant().toString()));
  }
}
