package org.eventcore.it.handlers;

/** What happens to ledger accounts. */
public sealed interface LedgerEvent permits LedgerEvent.Credited {

  /** An amount was credited at the handler's clock's time. */
  record Credited(String account, long amount, String at) implements LedgerEvent {}
}
