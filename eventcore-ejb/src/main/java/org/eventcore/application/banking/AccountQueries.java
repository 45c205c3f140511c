package org.eventcore.application.banking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eventcore.application.StreamFolds;
import org.eventcore.domain.banking.Account;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.BankingEvent;

/** Reads accounts from their streams. */
@ApplicationScoped
public class AccountQueries {

  @Inject StreamFolds folds;

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
