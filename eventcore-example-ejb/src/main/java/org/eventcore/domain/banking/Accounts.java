package org.eventcore.domain.banking;

import java.util.HashMap;
import java.util.Map;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.PerStreamFold;

/**
 * Several accounts, each folded from its own stream: the state of a command over more than one
 * account. Each event changes only the account of its stream, so events of different streams
 * commute (the contract of state reuse, ADR 0005).
 */
public record Accounts(Map<StreamId, Account> byStream) {

  /** Before any event. */
  public static final Accounts NONE = new Accounts(Map.of());

  /**
   * The accounts as one part per stream (ADR 0016): each account is folded, cached and snapshotted
   * on its own under {@code banking.account} — the fold of the single-account commands ({@link
   * Deposit}, {@link Withdraw}, {@link OpenAccount}) — so a transfer between any pair of accounts
   * reuses what earlier commands folded for each of them.
   */
  public static final PerStreamFold<Account, Accounts, BankingEvent> PER_STREAM =
      PerStreamFold.of(
          "banking.account",
          1,
          Account.NONE,
          (account, event) -> account.apply(event.event()),
          Accounts::new);

  public Accounts {
    byStream = Map.copyOf(byStream);
  }

  /** The account {@code id}, {@link Account#NONE} when its stream has no event. */
  public Account of(AccountId id) {
    return byStream.getOrDefault(id.streamId(), Account.NONE);
  }

  /** The accounts after {@code event} of {@code stream}. */
  public Accounts apply(StreamId stream, BankingEvent event) {
    Map<StreamId, Account> next = new HashMap<>(byStream);
    next.put(stream, byStream.getOrDefault(stream, Account.NONE).apply(event));
    return new Accounts(next);
  }
}
