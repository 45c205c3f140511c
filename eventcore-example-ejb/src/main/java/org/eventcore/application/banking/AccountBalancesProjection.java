package org.eventcore.application.banking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eventcore.api.projection.FeedEvent;
import org.eventcore.api.projection.Projection.ErrorStrategy;
import org.eventcore.api.projection.TypedProjection;
import org.eventcore.domain.banking.BankingEvent;

/**
 * The list of accounts with their balances ({@code examples.account_balances}), written in the
 * runner's transaction so that each event counts exactly once. It receives the banking events of
 * {@code account-} streams already decoded; events of other types in those streams never reach it.
 */
@ApplicationScoped
public class AccountBalancesProjection implements TypedProjection<BankingEvent> {

  static final String NAME = "account-balances";

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<BankingEvent> eventType() {
    return BankingEvent.class;
  }

  @Override
  public Set<String> streamPrefixes() {
    return Set.of("account-");
  }

  /**
   * The generic stream API lets anyone write anything to these streams; a banking event whose
   * payload this read model cannot read is recorded and skipped rather than blocking the
   * projection.
   */
  @Override
  public ErrorStrategy onError() {
    return ErrorStrategy.SKIP;
  }

  /**
   * Folds the batch per account first (events of one account arrive in stream order), then writes
   * one row change per account: a batch of 500 events costs as many statements as it has accounts.
   */
  @Override
  public void handle(List<FeedEvent<BankingEvent>> events) {
    Map<String, Change> changes = new LinkedHashMap<>();
    for (FeedEvent<BankingEvent> recorded : events) {
      String account = recorded.streamId().value().substring("account-".length());
      BankingEvent event = recorded.event();
      Change change = changes.computeIfAbsent(account, a -> new Change());
      if (event instanceof BankingEvent.AccountOpened opened) {
        change.opened = opened;
        change.delta = opened.initialBalance();
      } else {
        change.delta += delta(event);
      }
      change.version = recorded.version().value();
    }
    changes.forEach(this::write);
  }

  /** What a batch does to one account. */
  private static final class Change {
    BankingEvent.AccountOpened opened;
    long delta;
    long version;
  }

  private void write(String account, Change change) {
    if (change.opened != null) {
      entityManager
          .createNativeQuery(
              "insert into examples.account_balances (account_id, owner, balance, version)"
                  + " values (?1, ?2, ?3, ?4)")
          .setParameter(1, account)
          .setParameter(2, change.opened.owner())
          .setParameter(3, change.delta)
          .setParameter(4, change.version)
          .executeUpdate();
    } else {
      entityManager
          .createNativeQuery(
              "update examples.account_balances set balance = balance + ?1, version = ?2,"
                  + " updated_at = now() where account_id = ?3")
          .setParameter(1, change.delta)
          .setParameter(2, change.version)
          .setParameter(3, account)
          .executeUpdate();
    }
  }

  private static long delta(BankingEvent event) {
    if (event instanceof BankingEvent.MoneyDeposited deposited) {
      return deposited.amount();
    }
    if (event instanceof BankingEvent.MoneyWithdrawn withdrawn) {
      return -withdrawn.amount();
    }
    if (event instanceof BankingEvent.TransferDebited debited) {
      return -debited.amount();
    }
    if (event instanceof BankingEvent.TransferCredited credited) {
      return credited.amount();
    }
    return 0;
  }

  @Override
  public void reset() {
    entityManager.createNativeQuery("delete from examples.account_balances").executeUpdate();
  }
}
