package org.eventcore.domain.banking;

/** Validation of amounts in minor units. */
final class Amounts {

  private Amounts() {}

  static long positive(long amount, String what) {
    if (amount <= 0) {
      throw new IllegalArgumentException(
          what + " must be a positive number of minor units, was " + amount);
    }
    return amount;
  }
}
