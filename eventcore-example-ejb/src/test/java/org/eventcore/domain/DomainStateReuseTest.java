package org.eventcore.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.HandledCommand;
import org.eventcore.api.command.PerStreamFold;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.application.banking.TransferMoneyHandler;
import org.eventcore.domain.banking.Account;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.Accounts;
import org.eventcore.domain.banking.BankingEvent;
import org.eventcore.domain.banking.BankingEvent.AccountOpened;
import org.eventcore.domain.banking.BankingEvent.TransferCredited;
import org.eventcore.domain.banking.BankingEvent.TransferDebited;
import org.eventcore.domain.banking.Deposit;
import org.eventcore.domain.banking.TransferLimit;
import org.eventcore.domain.banking.TransferMoney;
import org.eventcore.domain.banking.Withdraw;
import org.eventcore.domain.orders.FulfilOrder;
import org.eventcore.domain.orders.OrderEvent;
import org.eventcore.domain.orders.OrderEvent.OrderPlaced;
import org.eventcore.domain.orders.OrderEvent.StockRestocked;
import org.eventcore.domain.orders.OrderId;
import org.eventcore.domain.orders.OrderLine;
import org.eventcore.domain.orders.Sku;
import org.eventcore.infrastructure.json.JsonbStateCodec;
import org.junit.jupiter.api.Test;

/**
 * The example commands keep the state-reuse contract (ADR 0005): events of different streams
 * commute in their folds, and their states survive the JSON round trip of snapshots.
 */
class DomainStateReuseTest {

  private final JsonbStateCodec codec = new JsonbStateCodec();

  private static <E> RecordedEvent<E> at(StreamId stream, long version, E event) {
    return new RecordedEvent<>(
        stream, StreamVersion.of(version), event, EventMetadata.EMPTY, Instant.EPOCH);
  }

  private static <S, E> void assertCommutes(
      Command<S, E> command, S state, RecordedEvent<E> x, RecordedEvent<E> y) {
    assertThat(command.apply(command.apply(state, x), y))
        .isEqualTo(command.apply(command.apply(state, y), x));
  }

  @Test
  void aTransfersFoldCommutesAcrossItsTwoAccountsAndItsStateRoundTrips() {
    AccountId alice = AccountId.of("alice");
    AccountId bob = AccountId.of("bob");
    Command<Accounts, BankingEvent> transfer =
        HandledCommand.of(
            new TransferMoney(alice, bob, 5), new TransferMoneyHandler(TransferLimit.of(100)));
    Accounts state =
        transfer.apply(
            transfer.apply(
                transfer.initialState(),
                at(alice.streamId(), 1, new AccountOpened("alice", "Alice", 100))),
            at(bob.streamId(), 1, new AccountOpened("bob", "Bob", 0)));
    assertCommutes(
        transfer,
        state,
        at(alice.streamId(), 2, (BankingEvent) new TransferDebited("alice", "bob", 5)),
        at(bob.streamId(), 2, (BankingEvent) new TransferCredited("alice", "bob", 5)));

    assertThat(codec.decode(codec.encode(state), state.getClass())).isEqualTo(state);
  }

  /**
   * ADR 0016: the transfer's per-stream fold composes the same state as its whole fold, and its
   * parts are the single-account commands' states under the same fold name and version.
   */
  @Test
  void aTransfersPartsComposeItsWholeStateAndAreTheAccountCommandsStates() {
    AccountId alice = AccountId.of("alice");
    AccountId bob = AccountId.of("bob");
    Command<Accounts, BankingEvent> transfer =
        HandledCommand.of(
            new TransferMoney(alice, bob, 5), new TransferMoneyHandler(TransferLimit.of(100)));
    List<RecordedEvent<BankingEvent>> events =
        List.of(
            at(alice.streamId(), 1, new AccountOpened("alice", "Alice", 100)),
            at(alice.streamId(), 2, new TransferDebited("alice", "bob", 5)),
            at(bob.streamId(), 1, new AccountOpened("bob", "Bob", 0)),
            at(bob.streamId(), 2, new TransferCredited("alice", "bob", 5)));
    Accounts whole = transfer.initialState();
    for (RecordedEvent<BankingEvent> event : events) {
      whole = transfer.apply(whole, event);
    }
    @SuppressWarnings("unchecked")
    PerStreamFold<Account, Accounts, BankingEvent> parts =
        (PerStreamFold<Account, Accounts, BankingEvent>) transfer.perStreamFold().orElseThrow();
    Map<StreamId, Account> byStream = new LinkedHashMap<>();
    Deposit deposit = new Deposit(alice, 1);
    for (RecordedEvent<BankingEvent> event : events) {
      Account part = byStream.getOrDefault(event.streamId(), parts.initialPart());
      byStream.put(event.streamId(), parts.apply(part, event));
      assertThat(byStream.get(event.streamId()))
          .as("the part is what a single-account command folds")
          .isEqualTo(deposit.apply(part, event));
    }
    assertThat(parts.compose(byStream)).isEqualTo(whole);
    assertThat(parts.partReuse()).isEqualTo(deposit.stateReuse());
    assertThat(codec.decode(codec.encode(byStream.get(alice.streamId())), Account.class))
        .isEqualTo(byStream.get(alice.streamId()));
  }

  @Test
  void accountCommandsShareOneFoldAndTheirStateRoundTrips() {
    AccountId alice = AccountId.of("alice");
    assertThat(new Deposit(alice, 1).stateReuse()).isEqualTo(new Withdraw(alice, 1).stateReuse());
    var account =
        new Deposit(alice, 1)
            .apply(
                new Deposit(alice, 1).initialState(),
                at(alice.streamId(), 1, new AccountOpened("alice", "Alice", 100)));
    assertThat(codec.decode(codec.encode(account), account.getClass())).isEqualTo(account);
  }

  @Test
  void anOrderFulfilmentsFoldCommutesAcrossOrderAndInventoryAndItsStateRoundTrips() {
    OrderId order = new OrderId("o-1");
    Sku sku = new Sku("sku-1");
    FulfilOrder fulfil = new FulfilOrder(order);
    RecordedEvent<OrderEvent> placed =
        at(order.streamId(), 1, new OrderPlaced("o-1", List.of(new OrderLine("sku-1", 2))));
    RecordedEvent<OrderEvent> restocked = at(sku.streamId(), 1, new StockRestocked("sku-1", 7));
    assertCommutes(fulfil, fulfil.initialState(), placed, restocked);

    FulfilOrder.State state = fulfil.apply(fulfil.apply(fulfil.initialState(), placed), restocked);
    assertThat(codec.decode(codec.encode(state), state.getClass())).isEqualTo(state);
  }
}
