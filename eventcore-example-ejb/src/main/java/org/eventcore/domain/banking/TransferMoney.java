package org.eventcore.domain.banking;

import java.util.Objects;
import org.eventcore.api.command.Stream;

/**
 * Moves money between two accounts in one atomic command over both streams: the debit and the
 * credit are written together, with both accounts' versions checked. A plain record: its {@link
 * Stream} components are the consistency boundary; the decision is made by its handler bean ({@code
 * org.eventcore.application.banking.TransferMoneyHandler}), which knows the transfer limit.
 */
public record TransferMoney(@Stream AccountId from, @Stream AccountId to, long amount) {

  public TransferMoney {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Amounts.positive(amount, "amount");
    if (from.equals(to)) {
      throw new IllegalArgumentException("A transfer needs two different accounts");
    }
  }
}
