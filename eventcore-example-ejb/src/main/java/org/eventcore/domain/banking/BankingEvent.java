package org.eventcore.domain.banking;

/** Everything that happens to accounts. Amounts are minor units (cents). */
public sealed interface BankingEvent
    permits BankingEvent.AccountOpened,
        BankingEvent.MoneyDeposited,
        BankingEvent.MoneyWithdrawn,
        BankingEvent.TransferDebited,
        BankingEvent.TransferCredited {

  /** The account was opened with an initial balance. */
  record AccountOpened(String accountId, String owner, long initialBalance)
      implements BankingEvent {}

  record MoneyDeposited(String accountId, long amount) implements BankingEvent {}

  record MoneyWithdrawn(String accountId, long amount) implements BankingEvent {}

  /** The source side of a transfer, in the source account's stream. */
  record TransferDebited(String from, String to, long amount) implements BankingEvent {}

  /** The target side of a transfer, in the target account's stream. */
  record TransferCredited(String from, String to, long amount) implements BankingEvent {}
}
