package org.eventcore.domain.banking;

/**
 * The largest amount one transfer may move, in minor units: a bank's policy, configured per
 * deployment, not a fact of the accounts' streams.
 */
public record TransferLimit(long maximum) {

  public TransferLimit {
    Amounts.positive(maximum, "the transfer limit");
  }

  public static TransferLimit of(long maximum) {
    return new TransferLimit(maximum);
  }

  public boolean allows(long amount) {
    return amount <= maximum;
  }
}
