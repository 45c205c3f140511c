package org.eventcore.application.projection;

import java.util.function.Supplier;

/** Runs work in a new transaction, committed when it returns, rolled back when it throws. */
@FunctionalInterface
public interface Transactions {
  <T> T inNewTransaction(Supplier<T> work);
}
