package org.eventcore.domain.banking;

import org.eventcore.domain.banking.BankingEvent.AccountOpened;
import org.eventcore.domain.banking.BankingEvent.MoneyDeposited;
import org.eventcore.domain.banking.BankingEvent.MoneyWithdrawn;
import org.eventcore.domain.banking.BankingEvent.TransferCredited;
import org.eventcore.domain.banking.BankingEvent.TransferDebited;

/**
 * An account as a decision sees it, folded from its stream.
 *
 * @param opened whether the account exists
 * @param owner its owner (empty until opened)
 * @param balance in minor units
 */
public record Account(boolean opened, String owner, long balance) {

  /** Before the first event. */
  public static final Account NONE = new Account(false, "", 0);

  /** The account after {@code event} of its own stream. */
  public Account apply(BankingEvent event) {
    if (event instanceof AccountOpened opened) {
      return new Account(true, opened.owner(), opened.initialBalance());
    } else if (event instanceof MoneyDeposited deposited) {
      return withBalance(balance + deposited.amount());
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return withBalance(balance - withdrawn.amount());
    } else if (event instanceof TransferDebited debited) {
      return withBalance(balance - debited.amount());
    } else if (event instanceof TransferCredited credited) {
      return withBalance(balance + credited.amount());
    }
    throw new IllegalArgumentException("Unknown banking event " + event);
  }

  private Account withBalance(long newBalance) {
    return new Account(opened, owner, newBalance);
  }
}
