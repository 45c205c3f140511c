package org.eventcore.application.banking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.eventcore.application.StreamFolds;
import org.eventcore.domain.banking.Account;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.BankingEvent;

/** Reads accounts from their streams. */
@ApplicationScoped
public class AccountQueries {

  @Inject StreamFolds folds;

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  /**
   * Accounts from the read model (eventually consistent with the streams), by owner and minimum
   * balance, ordered by id, one page at a time.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AccountView> list(
      Optional<String> owner, Optional<Long> minBalance, int page, int size) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "select account_id, owner, balance, version from examples.account_balances"
                    + " where (cast(?1 as text) is null or owner = ?1)"
                    + " and (cast(?2 as bigint) is null or balance >= ?2)"
                    + " order by account_id limit ?3 offset ?4")
            .setParameter(1, owner.orElse(null))
            .setParameter(2, minBalance.orElse(null))
            .setParameter(3, size)
            .setParameter(4, (long) page * size)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new AccountView(
                    (String) r[0],
                    (String) r[1],
                    ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue()))
        .toList();
  }

  /** The account, or empty when it was never opened. */
  public Optional<AccountView> find(AccountId id) {
    StreamFolds.Folded<Account> account =
        folds.fold(id.streamId(), BankingEvent.class, Account.NONE, Account::apply);
    if (!account.value().opened()) {
      return Optional.empty();
    }
    return Optional.of(
        new AccountView(
            id.value(), account.value().owner(), account.value().balance(), account.version()));
  }
}
