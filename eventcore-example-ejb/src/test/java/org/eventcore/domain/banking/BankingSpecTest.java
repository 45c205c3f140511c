package org.eventcore.domain.banking;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eventcore.api.ErrorCode;
import org.eventcore.application.banking.TransferMoneyHandler;
import org.eventcore.domain.banking.BankingEvent.AccountOpened;
import org.eventcore.domain.banking.BankingEvent.MoneyDeposited;
import org.eventcore.domain.banking.BankingEvent.MoneyWithdrawn;
import org.eventcore.domain.banking.BankingEvent.TransferCredited;
import org.eventcore.domain.banking.BankingEvent.TransferDebited;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.testing.CommandSpec;
import org.junit.jupiter.api.Test;

class BankingSpecTest {

  private final AccountId alice = AccountId.of("alice");
  private final AccountId bob = AccountId.of("bob");

  private CommandSpec<BankingEvent> spec() {
    return spec(TransferLimit.of(1_000_000));
  }

  /** The handler beans built by hand, with the collaborators a test chooses. */
  private CommandSpec<BankingEvent> spec(TransferLimit limit) {
    return CommandSpec.of(BankingEvent.class, new JsonbEventCodecs())
        .handledBy(new TransferMoneyHandler(limit));
  }

  @Test
  void openingAnAccountRecordsItsOwnerAndInitialBalance() {
    spec()
        .when(new OpenAccount(alice, "Alice", 1000))
        .thenEvents(alice, new AccountOpened("alice", "Alice", 1000));
  }

  @Test
  void anAccountIdCanBeOpenedOnlyOnce() {
    spec()
        .given(alice, new AccountOpened("alice", "Alice", 0))
        .when(new OpenAccount(alice, "Mallory", 1_000_000))
        .thenRejected(ErrorCode.CE002, "Account alice already exists");
  }

  @Test
  void aDepositAddsToTheBalance() {
    spec()
        .given(alice, new AccountOpened("alice", "Alice", 10))
        .when(new Deposit(alice, 25))
        .thenEvents(alice, new MoneyDeposited("alice", 25));
  }

  @Test
  void depositsIntoUnknownAccountsAreRejected() {
    spec()
        .when(new Deposit(alice, 25))
        .thenRejected(ErrorCode.CE002, "Account alice does not exist");
  }

  @Test
  void aWithdrawalWithinTheBalanceSucceeds() {
    spec()
        .given(alice, new AccountOpened("alice", "Alice", 100), new MoneyDeposited("alice", 50))
        .when(new Withdraw(alice, 150))
        .thenEvents(alice, new MoneyWithdrawn("alice", 150));
  }

  @Test
  void withdrawalFailsWhenFundsAreInsufficient() {
    spec()
        .given(alice, new AccountOpened("alice", "Alice", 100), new MoneyWithdrawn("alice", 60))
        .when(new Withdraw(alice, 41))
        .thenRejected(
            ErrorCode.CE002, "Insufficient funds: account alice has 40, cannot withdraw 41");
  }

  @Test
  void aTransferDebitsTheSourceAndCreditsTheTargetAtomically() {
    spec()
        .given(alice, new AccountOpened("alice", "Alice", 100))
        .given(bob, new AccountOpened("bob", "Bob", 5))
        .when(new TransferMoney(alice, bob, 70))
        .thenEvents(alice, new TransferDebited("alice", "bob", 70))
        .thenEvents(bob, new TransferCredited("alice", "bob", 70));
  }

  @Test
  void transferFailsWhenSourceHasInsufficientFundsAndWritesToNeitherAccount() {
    spec()
        .given(
            alice,
            new AccountOpened("alice", "Alice", 100),
            new TransferDebited("alice", "bob", 50))
        .given(bob, new AccountOpened("bob", "Bob", 0), new TransferCredited("alice", "bob", 50))
        .when(new TransferMoney(alice, bob, 51))
        .thenRejected(
            ErrorCode.CE002, "Insufficient funds: account alice has 50, cannot transfer 51");
  }

  @Test
  void aTransferAboveTheConfiguredLimitIsRejectedEvenWhenTheFundsAreThere() {
    spec(TransferLimit.of(500))
        .given(alice, new AccountOpened("alice", "Alice", 10_000))
        .given(bob, new AccountOpened("bob", "Bob", 0))
        .when(new TransferMoney(alice, bob, 501))
        .thenRejected(ErrorCode.CE002, "Transfer of 501 is above the limit of 500");
  }

  @Test
  void aTransferUpToTheLimitSucceeds() {
    spec(TransferLimit.of(500))
        .given(alice, new AccountOpened("alice", "Alice", 10_000))
        .given(bob, new AccountOpened("bob", "Bob", 0))
        .when(new TransferMoney(alice, bob, 500))
        .thenEvents(alice, new TransferDebited("alice", "bob", 500))
        .thenEvents(bob, new TransferCredited("alice", "bob", 500));
  }

  @Test
  void transfersToUnknownAccountsAreRejected() {
    spec()
        .given(alice, new AccountOpened("alice", "Alice", 100))
        .when(new TransferMoney(alice, bob, 1))
        .thenRejected(ErrorCode.CE002, "Account bob does not exist");
  }

  @Test
  void malformedCommandsCannotBeBuilt() {
    assertThatThrownBy(() -> new Deposit(alice, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new TransferMoney(alice, alice, 10))
        .hasMessageContaining("two different accounts");
    assertThatThrownBy(() -> new OpenAccount(alice, " ", 0)).hasMessageContaining("owner");
    assertThatThrownBy(() -> AccountId.of("x".repeat(201))).hasMessageContaining("1 to 200");
  }
}
